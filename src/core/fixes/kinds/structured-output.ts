import { ts } from 'ts-morph';
import type { TextEdit } from '../../types';
import { edit, type FixSite, insert } from '../context';
import { ensureImport } from '../edits/imports';
import { quote } from '../style';
import { skipParentheses } from '../text';
import { schemaFix, type ValidationPlan } from './validation-plan';

/**
 * OpenAI's own structured outputs: `chat.completions.create` → `chat.completions.parse` with
 * `response_format: zodResponseFormat(Schema, name)`, and the use reads `message.parsed` (still
 * through `Schema.parse`, which also rejects a refusal's `null`).
 */
export function structuredOutputFix(site: FixSite, plan: ValidationPlan): TextEdit[] | undefined {
  const { call, sourceFile, style } = site;
  if (call.entry.id !== 'openai' || call.shape.name !== 'chat.completions.create' || call.streaming || plan.hasOptional)
    return undefined;
  if (!plan.schema.startsWith(`${plan.z}.object(`)) return undefined;
  const callee = call.node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'create') return undefined;
  const params = call.node.arguments[0] ? skipParentheses(call.node.arguments[0]) : undefined;
  if (
    !params ||
    !ts.isObjectLiteralExpression(params) ||
    params.properties.some((property) => ts.isSpreadAssignment(property))
  )
    return undefined;
  if (
    params.properties.some(
      (property) => property.name && ts.isIdentifier(property.name) && property.name.text === 'stream',
    )
  )
    return undefined;
  const content = plan.jsonParse ? messageContent(plan.jsonParse) : undefined;
  if (!content) return undefined;
  const helper = ensureImport(
    sourceFile,
    { module: 'openai/helpers/zod', name: 'zodResponseFormat' },
    style,
    new Set([plan.z, plan.schemaName]),
  );
  if (!helper) return undefined;
  const file = sourceFile.fileName;
  const format = `${helper.local}(${plan.schemaName}, ${quote(snakeCase(plan.typeName), style)})`;
  const existing = params.properties.find(
    (property) =>
      property.name &&
      (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) &&
      property.name.text === 'response_format',
  );
  let formatEdit: TextEdit;
  if (existing) {
    if (!ts.isPropertyAssignment(existing)) return undefined;
    formatEdit = edit(file, existing.initializer.getStart(sourceFile), existing.initializer.getEnd(), format);
  } else {
    const last = params.properties[params.properties.length - 1];
    if (!last) return undefined;
    formatEdit = insert(file, last.getEnd(), `, response_format: ${format}`);
  }
  const parsed = `${plan.schemaName}.parse(${content.getText(sourceFile)}.parsed)`;
  const edits = schemaFix(site, plan, parsed, [
    edit(file, callee.name.getStart(sourceFile), callee.name.getEnd(), 'parse'),
    formatEdit,
  ]);
  if (!edits) return undefined;
  // Both imports may add a line after the same import: one edit, in order.
  return mergeSamePointInserts([...helper.edits, ...edits]);
}

/** `x.choices[0]?.message.content` inside `JSON.parse(...)`: the access whose `.parsed` replaces it. */
function messageContent(jsonParse: ts.CallExpression): ts.PropertyAccessExpression | undefined {
  let found: ts.PropertyAccessExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'content' &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'message'
    ) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (jsonParse.arguments[0]) visit(jsonParse.arguments[0]);
  return found ? (found.expression as ts.PropertyAccessExpression) : undefined;
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Insertions at the same offset become one, in the given order. */
function mergeSamePointInserts(edits: TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const item of edits) {
    const same = merged.find(
      (other) =>
        other.file === item.file && other.start === item.start && other.end === item.end && item.start === item.end,
    );
    if (same) same.newText += item.newText;
    else merged.push({ ...item });
  }
  return merged;
}
