import { ts } from 'ts-morph';
import type { OperationShape, StructuredFix } from '../../catalog/types';
import { forVersion } from '../../catalog/versions';
import type { DetectedCall } from '../../detect';
import { readOption } from '../../facets/options';
import type { TextEdit } from '../../types';
import { edit, type FixSite, insert } from '../context';
import { ensureImport } from '../edits/imports';
import { quote } from '../style';
import { skipParentheses } from '../text';
import { schemaFix, type ValidationPlan } from './validation-plan';

/** The SDK's own structured outputs for this call (the catalogue's `structuredFix`), if the installed version has them. */
export function structuredRecipe(call: DetectedCall): { recipe: StructuredFix; target: OperationShape } | undefined {
  const recipe = forVersion(call.shape.structuredFix ?? [], call.sdkVersion?.version);
  const target = recipe && call.entry.operations.find((shape) => shape.name === recipe.operation);
  return recipe && target ? { recipe, target } : undefined;
}

/**
 * The SDK's own structured outputs (the catalogue's `structuredFix`): OpenAI
 * `chat.completions.create` → `chat.completions.parse` with `response_format:
 * zodResponseFormat(Schema, name)`, and the use reads `message.parsed` (still through
 * `Schema.parse`, which also rejects a refusal's `null`).
 */
export function structuredOutputFix(site: FixSite, plan: ValidationPlan): TextEdit[] | undefined {
  const { call, sourceFile, style } = site;
  const found = structuredRecipe(call);
  if (!found || call.streaming || plan.hasOptional) return undefined;
  const { recipe, target } = found;
  if (!plan.schema.startsWith(`${plan.z}.object(`)) return undefined;
  const receiver = receiverOf(call.node.expression, call.shape.path);
  if (!receiver) return undefined;
  const params = call.node.arguments[call.shape.paramsArg ?? 0];
  const literal = params ? skipParentheses(params) : undefined;
  if (
    !literal ||
    !ts.isObjectLiteralExpression(literal) ||
    literal.properties.some((property) => ts.isSpreadAssignment(property))
  )
    return undefined;
  // A stream flag, even `stream: false`: the parse operation takes none.
  if (
    call.shape.streaming === 'option' &&
    readOption(call, [{ site: 'params', path: call.shape.streamOption ?? ['stream'] }])
  )
    return undefined;
  const content = plan.jsonParse ? resultText(plan.jsonParse, recipe.text) : undefined;
  if (!content) return undefined;
  const helper = ensureImport(sourceFile, recipe.helper, style, new Set([plan.z, plan.schemaName]));
  if (!helper) return undefined;
  const file = sourceFile.fileName;
  const format = `${helper.local}(${plan.schemaName}, ${quote(snakeCase(plan.typeName), style)})`;
  const existing = literal.properties.find(
    (property) =>
      property.name &&
      (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) &&
      property.name.text === recipe.option,
  );
  let formatEdit: TextEdit;
  if (existing) {
    if (!ts.isPropertyAssignment(existing)) return undefined;
    formatEdit = edit(file, existing.initializer.getStart(sourceFile), existing.initializer.getEnd(), format);
  } else {
    const last = literal.properties[literal.properties.length - 1];
    if (!last) return undefined;
    formatEdit = insert(file, last.getEnd(), `, ${recipe.option}: ${format}`);
  }
  const parsed = `${plan.schemaName}.parse(${content.getText(sourceFile)}.${recipe.parsed})`;
  const edits = schemaFix(site, plan, parsed, [
    edit(file, receiver.getEnd(), call.node.expression.getEnd(), `.${target.path.join('.')}`),
    formatEdit,
  ]);
  if (!edits) return undefined;
  // Both imports may add a line after the same import: one edit, in order.
  return mergeSamePointInserts([...helper.edits, ...edits]);
}

/** `client.chat.completions.create` without the operation's path: `client` (undefined for any other callee). */
function receiverOf(callee: ts.Expression, path: readonly string[]): ts.Expression | undefined {
  let current = callee;
  for (let index = path.length - 1; index >= 0; index--) {
    if (!ts.isPropertyAccessExpression(current) || current.name.text !== path[index]) return undefined;
    current = current.expression;
  }
  return current;
}

/**
 * The result's text inside `JSON.parse(...)` (`x.choices[0]?.message.content` for the path
 * `message.content`): the holder whose parsed sibling replaces it (`x.choices[0]?.message`).
 */
function resultText(jsonParse: ts.CallExpression, text: readonly string[]): ts.Expression | undefined {
  const field = text[text.length - 1];
  const holderPath = text.slice(0, -1);
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node) && node.name.text === field && receiverOf(node.expression, holderPath)) {
      found = node.expression;
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (jsonParse.arguments[0]) visit(jsonParse.arguments[0]);
  return found;
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
