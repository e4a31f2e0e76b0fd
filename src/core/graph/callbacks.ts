import { ts } from 'ts-morph';
import { isFunctionLike, returningFunction, unwrapExpression, walk } from '../ast';
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
  // Also inside the callbacks the helper hands on inline (`tracer.startActiveSpan(name, async
  // (span) => { try { return await run(span) } catch ... })`): what they throw leaves the helper too.
  // And inside the function it gives back (`withLogging(fn)` returns `async (...args) => { try {
  // return await fn(...args) } catch ... }`): the callback runs, and fails, where that is called.
  walk(helper.body, (node) => {
    if (isFunctionLike(node) && !isInlineCallback(node) && returningFunction(node) !== helper) return false;
    if (ts.isCallExpression(node) && unwrapExpression(node.expression).getText() === name) invocations.push(node);
    return undefined;
  });
  return invocations.length > 0 ? { helper, invocations } : undefined;
}

/** An arrow or function expression written as an argument of a call. */
function isInlineCallback(node: ts.Node): boolean {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return (
    (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
    ts.isCallExpression(current.parent) &&
    current.parent.arguments.includes(current as ts.Expression)
  );
}

/**
 * The call a function is handed to, which calls it: `pRetry(fn)`, `items.map(fn)`, or as an
 * option, `withTimeout({ operation: () => ... })`.
 */
export function callbackOf(fn: ts.FunctionLikeDeclaration): ts.CallExpression | undefined {
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  if (ts.isPropertyAssignment(node.parent) && node.parent.initializer === node) {
    const literal = node.parent.parent;
    node = literal;
  }
  const parent = node.parent;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as ts.Expression))
    // A constructor, `new X(...)` or a subclass's `super(...)`, keeps a callback it is given for
    // its methods to call later: constructing runs none of it.
    return ts.isCallExpression(parent) && parent.expression.kind !== ts.SyntaxKind.SuperKeyword ? parent : undefined;
  return undefined;
}

/** The last name of a call's callee: `post` in `app.post(...)`, `retry` in `retry(...)`. */
export function calleeName(call: ts.CallExpression): string {
  const callee = unwrapExpression(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
}
