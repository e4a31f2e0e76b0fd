import { ts } from 'ts-morph';
import { unwrapExpression, walkSameFunction } from '../ast';
import { calledFunction } from '../facets/handlers';

/**
 * Where a workspace helper runs the callback it is given: `withRefresh(() => call())` calls its
 * parameter inside its own try/catch or retry loop, which then wrap the model call too.
 */
export function callbackInvocations(
  call: ts.CallExpression,
  /** The callback as written in the call: a function, or the name of one (`withRefresh(load)`). */
  callback: ts.Node,
  checker: ts.TypeChecker,
): { helper: ts.FunctionLikeDeclaration; invocations: ts.CallExpression[] } | undefined {
  let argument: ts.Node = callback;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const index = call.arguments.indexOf(argument as ts.Expression);
  if (index < 0) return undefined;
  const helper = calledFunction(call, checker);
  const parameter = helper?.parameters[index];
  if (!helper?.body || !parameter || !ts.isIdentifier(parameter.name)) return undefined;
  const name = parameter.name.text;
  const invocations: ts.CallExpression[] = [];
  walkSameFunction(helper.body, (node) => {
    if (ts.isCallExpression(node) && unwrapExpression(node.expression).getText() === name) invocations.push(node);
  });
  return invocations.length > 0 ? { helper, invocations } : undefined;
}
