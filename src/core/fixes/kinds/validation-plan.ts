import * as path from 'node:path';
import { ts } from 'ts-morph';
import type { Span, TextEdit } from '../../types';
import { edit, type FixSite, insert } from '../context';
import { ensureImport } from '../edits/imports';
import { statementLine } from '../style';
import { freshName, leadingCommentStart, lineStart, skipParentheses } from '../text';
import { zodSchemaFor } from './zod-schema';

/** What both validation fixes need: the unchecked use, the type it claims, its zod schema. */
export interface ValidationPlan {
  /** The unchecked expression to replace (`JSON.parse(x) as Plan`, or `JSON.parse(x)`). */
  use: ts.Expression;
  /** The value to validate, as written (`JSON.parse(x)`). */
  valueText: string;
  /** The JSON.parse call inside the use, if any (the structured variant reads around it). */
  jsonParse?: ts.CallExpression;
  typeName: string;
  schemaName: string;
  schema: string;
  hasOptional: boolean;
  z: string;
  zImport: TextEdit[];
}

export function validationPlan(site: FixSite): ValidationPlan | undefined {
  const { profile, sourceFile, facets, style } = site;
  const { validation } = profile;
  if (validation.kind !== 'cast' && validation.kind !== 'json-parse-only') return undefined;
  if (!validation.span || validation.span.file !== sourceFile.fileName || !zodResolves(sourceFile.fileName))
    return undefined;
  const node = nodeAt(sourceFile, validation.span);
  if (!node) return undefined;
  let use: ts.Expression;
  let type: ts.TypeNode | undefined;
  let valueNode: ts.Expression;
  if (validation.kind === 'cast') {
    if (!ts.isAsExpression(node)) return undefined;
    use = node;
    valueNode = skipParentheses(node.expression);
    type = node.type;
  } else {
    if (!ts.isCallExpression(node)) return undefined;
    use = node;
    valueNode = node;
    // `const plan: Plan = JSON.parse(...)`, `return JSON.parse(...)` in a function returning Plan.
    type = declaredType(node);
  }
  if (!type) return undefined;
  const typeName = ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) ? type.typeName.text : 'Output';
  const imported = ensureImport(sourceFile, { module: 'zod', name: 'z', namespaceProvides: true }, style);
  if (!imported) return undefined;
  const schema = zodSchemaFor(type, facets.checker, imported.local, style, '');
  if (
    !schema ||
    (!schema.code.startsWith(`${imported.local}.object(`) && !schema.code.startsWith(`${imported.local}.array(`))
  )
    return undefined;
  const jsonParse = findJsonParse(valueNode);
  return {
    use,
    valueText: valueNode.getText(sourceFile),
    jsonParse,
    typeName,
    schemaName: freshName(`${typeName}Schema`, sourceFile),
    schema: schema.code,
    hasOptional: schema.hasOptional,
    z: imported.local,
    zImport: imported.edits,
  };
}

/** The edits shared by both variants: the zod import, the schema constant, the replaced use. */
export function schemaFix(
  site: FixSite,
  plan: ValidationPlan,
  replacement: string,
  extra: TextEdit[] = [],
): TextEdit[] | undefined {
  const { sourceFile, style } = site;
  const file = sourceFile.fileName;
  const topLevel = topLevelStatement(plan.use);
  if (!topLevel) return undefined;
  const at = lineStart(sourceFile.text, leadingCommentStart(topLevel, sourceFile));
  // `z.ZodType<Plan>` keeps the declared type in use and has the checker confirm the schema matches it.
  const annotation = style.typescript && plan.typeName !== 'Output' ? `: ${plan.z}.ZodType<${plan.typeName}>` : '';
  const declaration = `${statementLine(`const ${plan.schemaName}${annotation} = ${plan.schema}`, style)}${style.newline}${style.newline}`;
  const edits: TextEdit[] = [
    ...plan.zImport,
    insert(file, at, declaration),
    edit(file, plan.use.getStart(sourceFile), plan.use.getEnd(), replacement),
    ...extra,
  ];
  return edits;
}

function findJsonParse(node: ts.Expression): ts.CallExpression | undefined {
  const inner = skipParentheses(node);
  if (ts.isCallExpression(inner) && inner.expression.getText() === 'JSON.parse') return inner;
  return undefined;
}

/** The type the parsed value is declared as: its variable's annotation, or its function's return type. */
function declaredType(node: ts.Expression): ts.TypeNode | undefined {
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) return parent.type;
  if (ts.isReturnStatement(parent)) {
    let fn: ts.Node | undefined = parent.parent;
    while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
    if (!fn || !ts.isFunctionLike(fn) || !fn.type) return undefined;
    const isAsync = ts
      .getModifiers(fn as ts.HasModifiers)
      ?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
    if (!isAsync) return fn.type;
    const returned = fn.type;
    if (
      ts.isTypeReferenceNode(returned) &&
      ts.isIdentifier(returned.typeName) &&
      returned.typeName.text === 'Promise' &&
      returned.typeArguments?.length === 1
    )
      return returned.typeArguments[0];
  }
  return undefined;
}

function nodeAt(sourceFile: ts.SourceFile, span: Span): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.getEnd() < span.start || node.pos > span.end) return;
    if (
      node.getStart(sourceFile) === span.start &&
      node.getEnd() === span.end &&
      (ts.isAsExpression(node) || ts.isCallExpression(node))
    )
      found = node;
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

const zodResolution = new Map<string, boolean>();

/** Does `import 'zod'` resolve from this file's folder (the fix must not add an unresolvable import)? */
function zodResolves(file: string): boolean {
  const folder = path.dirname(file);
  const cached = zodResolution.get(folder);
  if (cached !== undefined) return cached;
  const resolved =
    ts.resolveModuleName('zod', file, { moduleResolution: ts.ModuleResolutionKind.Node10 }, ts.sys).resolvedModule !==
    undefined;
  zodResolution.set(folder, resolved);
  return resolved;
}
