import { ts } from 'ts-morph';
import { isPropertyName, outermostAssertion, propertyName, unwrapExpression, walk } from '../ast';
import { AWAITED_CALLBACKS } from '../catalog/vercel-ai';
import { importsOf } from '../imports';

/** How many objects an options literal is spread into, or variables it is held by, on its way to the call. */
const MAX_HOPS = 3;

/**
 * The SDK call that runs `fn` as a callback it awaits (`experimental_repairText` of generateObject,
 * `prepareStep` of generateText), written in the call's options or in an object spread into them
 * (`const repair = { experimental_repairText: async (...) => ... }`, then `generateObject({ ...repair,
 * schema })`): what `fn` throws rejects that call, and surfaces where the call's failure does.
 */
export function awaitingSdkCall(fn: ts.FunctionLikeDeclaration): ts.CallExpression | undefined {
  const member = ts.isMethodDeclaration(fn) ? fn : fn.parent;
  if (!(ts.isMethodDeclaration(member) || ts.isPropertyAssignment(member))) return undefined;
  if (ts.isPropertyAssignment(member) && unwrapExpression(member.initializer) !== fn) return undefined;
  const option = propertyName(member.name);
  if (!option || !ts.isObjectLiteralExpression(member.parent)) return undefined;
  if (!Object.values(AWAITED_CALLBACKS.byFunction).some((options) => options.includes(option))) return undefined;
  const call = receivingCall(member.parent, 0);
  if (!call) return undefined;
  const callee = unwrapExpression(call.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const imported = importsOf(callee.getSourceFile()).get(callee.text);
  if (imported?.module !== AWAITED_CALLBACKS.module) return undefined;
  return AWAITED_CALLBACKS.byFunction[imported.imported]?.includes(option) ? call : undefined;
}

/** The call an options object reaches as its first argument: in place, spread, or through a `const`. */
function receivingCall(literal: ts.Expression, hops: number): ts.CallExpression | undefined {
  const node = outermostAssertion(literal);
  const parent = node.parent;
  if (ts.isCallExpression(parent)) return parent.arguments[0] === node ? parent : undefined;
  if (hops >= MAX_HOPS) return undefined;
  if (ts.isSpreadAssignment(parent) && ts.isObjectLiteralExpression(parent.parent))
    return receivingCall(parent.parent, hops + 1);
  if (!ts.isVariableDeclaration(parent) || parent.initializer !== node || !ts.isIdentifier(parent.name))
    return undefined;
  const list = parent.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
  // The `const`'s uses in its block (by name: a `const` is not reassigned, and a shadowing one
  // is rare): the one that hands it on, spread or passed, leads to the call.
  const scope = list.parent.parent;
  const name = parent.name.text;
  let found: ts.CallExpression | undefined;
  walk(scope, (child) => {
    if (found) return false;
    if (ts.isIdentifier(child) && child.text === name && child !== parent.name && !isPropertyName(child))
      found = receivingCall(child, hops + 1);
    return undefined;
  });
  return found;
}
