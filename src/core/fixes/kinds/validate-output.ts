import * as path from 'node:path';
import { ts } from 'ts-morph';
import type { Fix, Span, TextEdit } from '../../types';
import { edit, type FixSite, insert, siteOfCall } from '../context';
import { ensureImport } from '../edits/imports';
import { quote, statementLine } from '../style';
import { freshName, leadingCommentStart, lineStart, skipParentheses } from '../text';
import { zodSchemaFor } from './zod-schema';

/**
 * Validate the output (`unvalidated-output`, `unchecked-chain`).
 * - zod: a schema mirroring the type the output is cast to (`as Plan`) or declared as
 *   (`const plan: Plan = JSON.parse(...)`), and `PlanSchema.parse(...)` in place of the unchecked
 *   use. Fields come from the type, so the parsed value has the same shape and later code
 *   type-checks as before.
 * - structured output (OpenAI `chat.completions`): the call becomes `chat.completions.parse` with
 *   `response_format: zodResponseFormat(PlanSchema, 'plan')`, and the use reads `message.parsed`.
 * Offered only when `zod` resolves from the file.
 */
export function validateOutput(site: FixSite): Fix[] {
  const target = site.finding.ruleId === 'unchecked-chain' ? upstreamSite(site) : site;
  if (!target) return [];
  const plan = validationPlan(target);
  if (!plan) return [];
  const fixes: Fix[] = [];
  const upstream = target !== site ? ` of the upstream ${target.call.shape.name} call` : '';
  const zodFix = schemaFix(target, plan, `${plan.schemaName}.parse(${plan.valueText})`);
  if (zodFix) fixes.push({ title: `Validate the output${upstream} with a zod schema (${plan.schemaName}.parse)`, safe: false, edits: zodFix });
  const structured = structuredOutputFix(target, plan);
  if (structured) fixes.push({ title: `Validate the output${upstream} with OpenAI structured outputs (chat.completions.parse + zodResponseFormat)`, safe: false, edits: structured });
  return fixes;
}

/** For `unchecked-chain`: the upstream call whose output reaches this call unchecked. */
function upstreamSite(site: FixSite): FixSite | undefined {
  const upstreamId = site.profile.flow.upstream.find((upstream) => !upstream.validated)?.callId;
  if (!upstreamId) return undefined;
  const call = site.facets.calls.find((candidate) => site.facets.idOf(candidate) === upstreamId);
  const profile = site.profileOf(upstreamId);
  if (!call || !profile) return undefined;
  return siteOfCall(site, call, profile);
}

interface ValidationPlan {
  /** The unchecked expression to replace (`JSON.parse(x) as Plan`, or `JSON.parse(x)`). */
  use: ts.Expression;
  /** The value to validate, as written (`JSON.parse(x)`). */
  valueText: string;
  /** The JSON.parse call inside the use, if any (the structured variant reads around it). */
  jsonParse?: ts.CallExpression;
  type: ts.Type;
  typeName: string;
  schemaName: string;
  schema: string;
  hasOptional: boolean;
  z: string;
  zImport: TextEdit[];
}

function validationPlan(site: FixSite): ValidationPlan | undefined {
  const { profile, sourceFile, facets, style } = site;
  const { validation } = profile;
  if (validation.kind !== 'cast' && validation.kind !== 'json-parse-only') return undefined;
  if (!validation.span || validation.span.file !== sourceFile.fileName || !zodResolves(sourceFile.fileName)) return undefined;
  const node = nodeAt(sourceFile, validation.span);
  if (!node) return undefined;
  let use: ts.Expression;
  let type: ts.Type | undefined;
  let typeName = 'Output';
  let valueNode: ts.Expression;
  if (validation.kind === 'cast') {
    if (!ts.isAsExpression(node)) return undefined;
    use = node;
    valueNode = skipParentheses(node.expression);
    type = facets.checker.getTypeFromTypeNode(node.type);
    if (ts.isTypeReferenceNode(node.type) && ts.isIdentifier(node.type.typeName)) typeName = node.type.typeName.text;
  } else {
    if (!ts.isCallExpression(node)) return undefined;
    use = node;
    valueNode = node;
    // `const plan: Plan = JSON.parse(...)`, `return JSON.parse(...)` in a function returning Plan.
    type = facets.checker.getContextualType(node);
    const declared = declaredTypeName(node);
    if (declared) typeName = declared;
  }
  if (!type || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  const imported = ensureImport(sourceFile, { module: 'zod', name: 'z', namespaceProvides: true }, style);
  if (!imported) return undefined;
  const schema = zodSchemaFor(type, facets.checker, use, imported.local, style, '');
  if (!schema || !schema.code.startsWith(`${imported.local}.object(`) && !schema.code.startsWith(`${imported.local}.array(`)) return undefined;
  const jsonParse = findJsonParse(valueNode);
  return {
    use,
    valueText: valueNode.getText(sourceFile),
    jsonParse,
    type,
    typeName,
    schemaName: freshName(`${typeName}Schema`, sourceFile),
    schema: schema.code,
    hasOptional: schema.hasOptional,
    z: imported.local,
    zImport: imported.edits,
  };
}

/** The edits shared by both variants: the zod import, the schema constant, the replaced use. */
function schemaFix(site: FixSite, plan: ValidationPlan, replacement: string, extra: TextEdit[] = []): TextEdit[] | undefined {
  const { sourceFile, style } = site;
  const file = sourceFile.fileName;
  const topLevel = topLevelStatement(plan.use);
  if (!topLevel) return undefined;
  const at = lineStart(sourceFile.text, leadingCommentStart(topLevel, sourceFile));
  const declaration = `${statementLine(`const ${plan.schemaName} = ${plan.schema}`, style)}${style.newline}${style.newline}`;
  const edits: TextEdit[] = [
    ...plan.zImport,
    insert(file, at, declaration),
    edit(file, plan.use.getStart(sourceFile), plan.use.getEnd(), replacement),
    ...extra,
  ];
  return edits;
}

/**
 * OpenAI's own structured outputs: `chat.completions.create` → `chat.completions.parse` with
 * `response_format: zodResponseFormat(Schema, name)`, and the use reads `message.parsed` (still
 * through `Schema.parse`, which also rejects a refusal's `null`).
 */
function structuredOutputFix(site: FixSite, plan: ValidationPlan): TextEdit[] | undefined {
  const { call, sourceFile, style } = site;
  if (call.entry.id !== 'openai' || call.shape.name !== 'chat.completions.create' || call.streaming || plan.hasOptional) return undefined;
  if (!plan.schema.startsWith(`${plan.z}.object(`)) return undefined;
  const callee = call.node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'create') return undefined;
  const params = call.node.arguments[0] ? skipParentheses(call.node.arguments[0]) : undefined;
  if (!params || !ts.isObjectLiteralExpression(params) || params.properties.some((property) => ts.isSpreadAssignment(property))) return undefined;
  if (params.properties.some((property) => property.name && ts.isIdentifier(property.name) && property.name.text === 'stream')) return undefined;
  const content = plan.jsonParse ? messageContent(plan.jsonParse) : undefined;
  if (!content) return undefined;
  const helper = ensureImport(sourceFile, { module: 'openai/helpers/zod', name: 'zodResponseFormat' }, style, new Set([plan.z, plan.schemaName]));
  if (!helper) return undefined;
  const file = sourceFile.fileName;
  const format = `${helper.local}(${plan.schemaName}, ${quote(snakeCase(plan.typeName), style)})`;
  const existing = params.properties.find((property) => property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === 'response_format');
  let formatEdit: TextEdit;
  if (existing) {
    if (!ts.isPropertyAssignment(existing)) return undefined;
    formatEdit = edit(file, existing.initializer.getStart(sourceFile), existing.initializer.getEnd(), format);
  } else {
    const last = params.properties[params.properties.length - 1];
    if (!last) return undefined;
    formatEdit = insert(file, last.getEnd(), `, response_format: ${format}`);
  }
  const parsed = `${plan.schemaName}.parse(${content.expression.getText(sourceFile)}.parsed)`;
  const edits = schemaFix(site, plan, parsed, [edit(file, callee.name.getStart(sourceFile), callee.name.getEnd(), 'parse'), formatEdit]);
  if (!edits) return undefined;
  // Both imports may add a line after the same import: one edit, in order.
  return mergeSamePointInserts([...helper.edits, ...edits]);
}

/** `x.choices[0]?.message.content` inside `JSON.parse(...)`: the access whose `.parsed` replaces it. */
function messageContent(jsonParse: ts.CallExpression): ts.PropertyAccessExpression | undefined {
  let found: ts.PropertyAccessExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'content' && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'message') {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (jsonParse.arguments[0]) visit(jsonParse.arguments[0]);
  return found ? (found.expression as ts.PropertyAccessExpression) : undefined;
}

function findJsonParse(node: ts.Expression): ts.CallExpression | undefined {
  const inner = skipParentheses(node);
  if (ts.isCallExpression(inner) && inner.expression.getText() === 'JSON.parse') return inner;
  return undefined;
}

function declaredTypeName(node: ts.Node): string | undefined {
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.type && ts.isTypeReferenceNode(parent.type) && ts.isIdentifier(parent.type.typeName)) return parent.type.typeName.text;
  return undefined;
}

function nodeAt(sourceFile: ts.SourceFile, span: Span): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.getEnd() < span.start || node.pos > span.end) return;
    if (node.getStart(sourceFile) === span.start && node.getEnd() === span.end && (ts.isAsExpression(node) || ts.isCallExpression(node))) found = node;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function topLevelStatement(node: ts.Node): ts.Statement | undefined {
  let current: ts.Node = node;
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent;
  return current.parent ? (current as ts.Statement) : undefined;
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Insertions at the same offset become one, in the given order. */
function mergeSamePointInserts(edits: TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const item of edits) {
    const same = merged.find((other) => other.file === item.file && other.start === item.start && other.end === item.end && item.start === item.end);
    if (same) same.newText += item.newText;
    else merged.push({ ...item });
  }
  return merged;
}

const zodResolution = new Map<string, boolean>();

/** Does `import 'zod'` resolve from this file's folder (the fix must not add an unresolvable import)? */
function zodResolves(file: string): boolean {
  const folder = path.dirname(file);
  const cached = zodResolution.get(folder);
  if (cached !== undefined) return cached;
  const resolved = ts.resolveModuleName('zod', file, { moduleResolution: ts.ModuleResolutionKind.Node10 }, ts.sys).resolvedModule !== undefined;
  zodResolution.set(folder, resolved);
  return resolved;
}
