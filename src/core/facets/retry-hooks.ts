import { ts } from 'ts-morph';
import {
  declarationOf,
  enclosingFunction,
  functionOf,
  isFunctionLike,
  mentionsIdentifier,
  readPath,
  resolveObjectLiteral,
  unwrapExpression,
  walkSameFunction,
} from '../ast';
import { RETRY_LIBRARIES, type RetryLibrary } from '../catalog/wrappers';
import type { DetectedCall } from '../detect';
import { callbackOf } from '../graph/callbacks';
import { importsOf } from '../imports';
import { describeHandler } from './handlers';

/** The retry library a call runs its task with, when it is one called as a function (`pRetry(task, options)`). */
export function functionRetryLibraryOf(call: ts.CallExpression): RetryLibrary | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const imported = importsOf(call.getSourceFile()).get(callee.text);
  if (!imported) return undefined;
  return RETRY_LIBRARIES.find(
    (item) =>
      item.module === imported.module &&
      item.kind === 'function' &&
      (item.exportName === imported.imported ||
        (item.exportName === 'default' && (imported.imported === 'default' || imported.imported === 'require'))),
  );
}

/**
 * The log call that records the model call's failures in the retry library's hook for each failed
 * attempt, the last included (`pRetry(() => client.create(...), { onFailedAttempt: ({ error }) =>
 * logger.warn('attempt failed', error) })`): every failure leaves that record before the library
 * gives up. Only a log that shows the error: "attempt 2 failed" says a failure happened, not which.
 */
export function loggedByRetryHook(call: DetectedCall, checker: ts.TypeChecker): ts.Node | undefined {
  const fn = enclosingFunction(call.node);
  const runner = fn && callbackOf(fn);
  // The task itself (`pRetry(task, options)`), not a function among the options.
  if (!runner?.arguments[0] || unwrapExpression(runner.arguments[0]) !== fn) return undefined;
  const library = functionRetryLibraryOf(runner);
  if (!library?.failureHook) return undefined;
  const options = resolveObjectLiteral(runner.arguments[library.optionsArg]);
  const hook = hookFunction(readPath(options, [library.failureHook])?.value, checker);
  if (!hook?.body) return undefined;
  const shown = errorShownBy(hook);
  if (!shown) return undefined;
  let logged: ts.Node | undefined;
  const visit = (node: ts.Node): undefined => {
    if (logged || !ts.isCallExpression(node) || !shown(node)) return undefined;
    // What a handler counts as a record: a logger, an error service, a span.
    if (describeHandler(node, undefined, checker).logs) logged = node;
    return undefined;
  };
  // `(error) => logger.warn(...)`: the body is the call itself.
  visit(hook.body);
  walkSameFunction(hook.body, visit);
  return logged;
}

function hookFunction(
  value: ts.Expression | undefined,
  checker: ts.TypeChecker,
): ts.FunctionLikeDeclaration | undefined {
  const expression = value && unwrapExpression(value);
  if (!expression) return undefined;
  if (isFunctionLike(expression)) return expression;
  // `onFailedAttempt: logAttempt`, declared apart.
  const declaration = ts.isIdentifier(expression) ? declarationOf(expression, checker) : undefined;
  return declaration && functionOf(declaration);
}

/**
 * Whether a call shows the failed attempt's error: p-retry 7 hands the hook a context (`({ error
 * })`, `context.error`), earlier versions the error itself (`(error) => ...`).
 */
function errorShownBy(hook: ts.FunctionLikeDeclaration): ((call: ts.CallExpression) => boolean) | undefined {
  const parameter = hook.parameters[0]?.name;
  if (!parameter) return undefined;
  if (ts.isObjectBindingPattern(parameter)) {
    const element = parameter.elements.find((item) => (item.propertyName ?? item.name).getText() === 'error');
    if (!element || !ts.isIdentifier(element.name)) return undefined;
    const name = element.name.text;
    return (call) => call.arguments.some((argument) => mentionsIdentifier(argument, name));
  }
  if (!ts.isIdentifier(parameter)) return undefined;
  const name = parameter.text;
  // A context: the error is `context.error`; otherwise the parameter is the error.
  const context = !!hook.body && readsErrorOf(hook.body, name);
  return (call) =>
    call.arguments.some((argument) =>
      context ? readsErrorOf(argument, name) || isName(argument, name) : mentionsIdentifier(argument, name),
    );
}

/** `context.error` (or `context.error.message`) inside `node`. */
function readsErrorOf(node: ts.Node, name: string): boolean {
  let reads = false;
  const visit = (child: ts.Node): void => {
    if (reads) return;
    if (ts.isPropertyAccessExpression(child) && child.name.text === 'error' && isName(child.expression, name))
      reads = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return reads;
}

function isName(expression: ts.Node, name: string): boolean {
  const value = ts.isExpression(expression) ? unwrapExpression(expression) : expression;
  return ts.isIdentifier(value) && value.text === name;
}
