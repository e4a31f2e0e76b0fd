import { ts } from 'ts-morph';
import { readPath, resolveObjectLiteral } from '../ast';
import { sdkName } from '../catalog/index';
import type { OptionPath } from '../catalog/types';
import type { ClientOrigin } from '../client-origin';
import type { DetectedCall } from '../detect';

export interface OptionValue {
  path: OptionPath;
  /** The property that sets it (what a finding or fix points at). */
  node: ts.Node;
  value?: ts.Expression;
  site: OptionPath['site'];
}

/**
 * Reads the first option that is set, most specific site first: the request overrides the call's
 * params, which override the client's construction options.
 */
export function readOption(call: DetectedCall, paths: readonly OptionPath[]): OptionValue | undefined {
  for (const site of ['request', 'params', 'client'] as const) {
    for (const path of paths) {
      if (path.site !== site) continue;
      for (const { object, origin } of objectsAt(call, path)) {
        // An option of other client classes (`numPredict` on a ChatOpenAI) configures nothing here.
        if (path.clients && origin && !path.clients.includes(origin.constructedBy)) continue;
        const found = readSpreadPath(object, path.path);
        if (found) return { path, node: found.node, value: found.value, site };
      }
    }
  }
  return undefined;
}

/**
 * The objects an option may be set in; for the client, each branch's construction (any that sets
 * it counts), in its first object argument or the argument the path names.
 */
function objectsAt(
  call: DetectedCall,
  path: OptionPath,
): { object: ts.ObjectLiteralExpression | undefined; origin: ClientOrigin | undefined }[] {
  if (path.site === 'params') return [{ object: call.params, origin: call.origin }];
  if (path.site === 'request') return [{ object: call.request, origin: call.origin }];
  const { argument } = path;
  return [call.origin, ...(call.origin?.alternatives ?? [])].map((origin) => ({
    object: argument === undefined ? origin?.options : origin?.argumentObjects?.[argument],
    origin,
  }));
}

/**
 * The name of the layer the SDK makes of a call (the catalogue's `ownLayer`): its retries
 * (`OpenAI SDK`, `fetch`, `@acme/llm complete (declared)`), or its default timeout (`OpenAI SDK
 * default`, `fetch default`; a declared function's is the declared one).
 */
export function ownLayerLabel(call: DetectedCall, what: 'retries' | 'default timeout'): string {
  const { entry, shape } = call;
  if (entry.ownLayer === 'declared') return `${entry.displayName} ${shape.name} (declared)`;
  const layer = entry.ownLayer === 'operation' ? shape.name : sdkName(entry);
  return what === 'retries' ? layer : `${layer} default`;
}

/** How deep spreads of spreads are followed (`{ ...base }` where `base = { ...defaults }`). */
const MAX_SPREADS = 3;

/**
 * Reads an option where the code sets it: a property of the object literal, a property of an
 * object it spreads (`{ ...params, abortSignal }` with `const params = { maxRetries: 2 }`, or
 * `...(limit && { max_tokens: limit })`), the later spreads first since they override the
 * earlier ones, or an assignment to the variable that holds the literal (`params.maxRetries = n`).
 */
function readSpreadPath(
  object: ts.ObjectLiteralExpression | undefined,
  path: readonly string[],
  depth = 0,
): { node: ts.Node; value?: ts.Expression } | undefined {
  if (!object) return undefined;
  const assigned = assignedLater(object, path);
  if (assigned) return assigned;
  const direct = readPath(object, path);
  if (direct) return { node: direct.property, value: direct.value };
  if (depth >= MAX_SPREADS) return undefined;
  for (const property of [...object.properties].reverse()) {
    if (!ts.isSpreadAssignment(property)) continue;
    for (const spread of spreadObjects(property.expression)) {
      const found = readSpreadPath(spread, path, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The object literals a spread may bring in: `...base`, `...(on && { k })`, `...(on ? a : b)`. */
function spreadObjects(expression: ts.Expression): ts.ObjectLiteralExpression[] {
  let node = expression;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return spreadObjects(node.right);
    if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken)
      return [...spreadObjects(node.left), ...spreadObjects(node.right)];
  }
  if (ts.isConditionalExpression(node)) return [...spreadObjects(node.whenTrue), ...spreadObjects(node.whenFalse)];
  const literal = ts.isIdentifier(node) ? localObjectLiteral(node) : resolveObjectLiteral(node);
  return literal ? [literal] : [];
}

/**
 * The object literal a local variable is declared with, found by scope (options are read without
 * a checker): the nearest enclosing block or file that declares the name in one of its statements.
 */
function localObjectLiteral(identifier: ts.Identifier): ts.ObjectLiteralExpression | undefined {
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const declaration = statement.declarationList.declarations.find(
        (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === identifier.text,
      );
      if (declaration) return resolveObjectLiteral(declaration.initializer);
    }
  }
  return undefined;
}

/**
 * `const params = { ... }; params.maxRetries = props.maxRetries;`: the last assignment of the
 * option's first key to the variable the literal initialises, in the statements of its block.
 */
function assignedLater(
  object: ts.ObjectLiteralExpression,
  path: readonly string[],
): { node: ts.Node; value: ts.Expression } | undefined {
  const declaration = object.parent;
  if (path.length !== 1 || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name))
    return undefined;
  const statement = declaration.parent.parent;
  const block = statement.parent;
  if (!ts.isVariableStatement(statement) || !(ts.isBlock(block) || ts.isSourceFile(block))) return undefined;
  const name = declaration.name.text;
  let found: { node: ts.Node; value: ts.Expression } | undefined;
  for (const later of block.statements.slice(block.statements.indexOf(statement) + 1)) {
    if (!ts.isExpressionStatement(later)) continue;
    const assignment = later.expression;
    if (
      ts.isBinaryExpression(assignment) &&
      assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(assignment.left) &&
      ts.isIdentifier(assignment.left.expression) &&
      assignment.left.expression.text === name &&
      assignment.left.name.text === path[0]
    )
      found = { node: assignment, value: assignment.right };
  }
  return found;
}
