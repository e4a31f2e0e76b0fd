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
  let argument: ts.Node = outermost(callback);
  // `helper({ run: async () => ... })`: an option the helper reads off its parameter.
  let option: string | undefined;
  const property = argument.parent;
  if (
    ts.isPropertyAssignment(property) &&
    property.initializer === argument &&
    !ts.isComputedPropertyName(property.name)
  ) {
    option = property.name.text;
    argument = outermost(property.parent);
  }
  const index = call.arguments.indexOf(argument as ts.Expression);
  if (index < 0) return undefined;
  const helper = calledFunction(call, checker);
  const parameter = helper?.parameters[index];
  if (!helper?.body || !parameter) return undefined;
  const names = invokedNames(parameter.name, option, helper.body);
  if (names.size === 0) return undefined;
  const invocations: ts.CallExpression[] = [];
  // Also inside the callbacks the helper hands on inline (`tracer.startActiveSpan(name, async
  // (span) => { try { return await run(span) } catch ... })`): what they throw leaves the helper too.
  // And inside the function it gives back (`withLogging(fn)` returns `async (...args) => { try {
  // return await fn(...args) } catch ... }`): the callback runs, and fails, where that is called.
  walk(helper.body, (node) => {
    if (isFunctionLike(node) && !isInlineCallback(node) && returningFunction(node) !== helper) return false;
    if (ts.isCallExpression(node) && names.has(unwrapExpression(node.expression).getText().replace('?.', '.')))
      invocations.push(node);
    return undefined;
  });
  return invocations.length > 0 ? { helper, invocations } : undefined;
}

/**
 * Where a workspace helper hands the callback it is given on to another function, which runs it:
 * `withRateLimitRetry(operation)` whose body is `return pRetry(operation, { retries: 3 })`. The
 * calls in the helper's own body that pass the parameter as an argument, as written.
 */
export function callbackHandOns(
  call: ts.CallExpression,
  callback: ts.Node,
  checker: ts.TypeChecker,
): { helper: ts.FunctionLikeDeclaration; handOns: { call: ts.CallExpression; argument: ts.Expression }[] } | undefined {
  const argument = outermost(callback);
  const index = call.arguments.indexOf(argument as ts.Expression);
  if (index < 0) return undefined;
  const helper = calledFunction(call, checker);
  const parameter = helper?.parameters[index];
  if (!helper?.body || !parameter || !ts.isIdentifier(parameter.name)) return undefined;
  const name = parameter.name.text;
  const handOns: { call: ts.CallExpression; argument: ts.Expression }[] = [];
  walk(helper.body, (node) => {
    if (isFunctionLike(node) && !isInlineCallback(node)) return false;
    if (!ts.isCallExpression(node)) return undefined;
    const passed = node.arguments.find((each) => ts.isIdentifier(each) && each.text === name);
    if (passed) handOns.push({ call: node, argument: passed });
    return undefined;
  });
  return handOns.length > 0 ? { helper, handOns } : undefined;
}

/** The node with the parentheses around it (`(async () => ...)`). */
function outermost(node: ts.Node): ts.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

/**
 * How the helper's body names the callback when it calls it: the parameter (`fn()`), or for an
 * option, the parameter's property (`options.run()`) or the name it is destructured to, in the
 * parameter list (`{ run }`, `{ run: attempt }`) or in the body (`const { run } = options`).
 */
function invokedNames(parameter: ts.BindingName, option: string | undefined, body: ts.Node): Set<string> {
  if (option === undefined) return new Set(ts.isIdentifier(parameter) ? [parameter.text] : []);
  if (ts.isObjectBindingPattern(parameter)) {
    const local = boundName(parameter, option);
    return new Set(local ? [local] : []);
  }
  if (!ts.isIdentifier(parameter)) return new Set();
  const names = new Set([`${parameter.text}.${option}`]);
  walk(body, (node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isObjectBindingPattern(node.name) &&
      node.initializer &&
      ts.isIdentifier(unwrapExpression(node.initializer)) &&
      unwrapExpression(node.initializer).getText() === parameter.text
    ) {
      const local = boundName(node.name, option);
      if (local) names.add(local);
    }
    return undefined;
  });
  return names;
}

/** The local name `{ run }` or `{ run: attempt }` binds the property `run` to. */
function boundName(pattern: ts.ObjectBindingPattern, property: string): string | undefined {
  for (const element of pattern.elements) {
    const key = element.propertyName ?? element.name;
    if (ts.isIdentifier(key) && key.text === property && ts.isIdentifier(element.name)) return element.name.text;
  }
  return undefined;
}

/** An arrow or function expression written as an argument of a call: it runs within that call. */
export function isInlineCallback(node: ts.Node): boolean {
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
