import { ts } from 'ts-morph';
import { unwrapExpression } from '../ast';
import { importsOf } from '../imports';

/*
 * RxJS: `from(promiseOrStream)` turns a model call's promise or stream into an Observable (NestJS
 * server-sent events, Angular services). Its error then travels down the Observable: to a
 * `catchError(handler)` operator in a `.pipe(...)` chained on it, or to the `error` observer given
 * to `.subscribe(...)`. Read from the syntax alone.
 */

/** The `from(node)` of RxJS that takes the call's promise or stream, when `parent` is one. */
export function observableFrom(node: ts.Node, parent: ts.Node): ts.CallExpression | undefined {
  if (!ts.isCallExpression(parent) || parent.arguments[0] !== node) return undefined;
  const callee = unwrapExpression(parent.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const imported = importsOf(callee.getSourceFile()).get(callee.text);
  return imported?.module === 'rxjs' && imported.imported === 'from' ? parent : undefined;
}

/**
 * The error handler an Observable's chain gives its error, with the call that holds it:
 * `catchError(handler)` among the operators of a `.pipe(...)` on it (or on a pipe of it), or the
 * `error` of `.subscribe({ error })` / the second argument of `.subscribe(next, error)`. `end` is
 * the outermost call of the chain read, where the Observable goes on when nothing handles it.
 */
export function observableErrorHandler(observable: ts.CallExpression): {
  /** `subscriber`: the `error` observer, whose return value goes nowhere. */
  handler?: { call: ts.CallExpression; fn: ts.Expression; subscriber?: true };
  end: ts.Expression;
} {
  let current: ts.Expression = observable;
  for (;;) {
    const access = current.parent;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== current) return { end: current };
    const call = access.parent;
    if (!ts.isCallExpression(call) || call.expression !== access) return { end: current };
    const method = access.name.text;
    if (method === 'pipe') {
      const caught = call.arguments.map(catchErrorOperator).find((operator) => operator !== undefined);
      if (caught) return { handler: caught, end: call };
      current = call;
      continue;
    }
    if (method === 'subscribe') {
      const error = subscribedErrorHandler(call);
      return { ...(error ? { handler: { call, fn: error, subscriber: true as const } } : {}), end: call };
    }
    return { end: current };
  }
}

/** `catchError(handler)` of RxJS, as an operator of a pipe. */
function catchErrorOperator(operator: ts.Expression): { call: ts.CallExpression; fn: ts.Expression } | undefined {
  const call = unwrapExpression(operator);
  if (!ts.isCallExpression(call) || !call.arguments[0]) return undefined;
  const callee = unwrapExpression(call.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const imported = importsOf(callee.getSourceFile()).get(callee.text);
  const isCatchError = imported?.module.startsWith('rxjs') && imported.imported === 'catchError';
  return isCatchError ? { call, fn: call.arguments[0] } : undefined;
}

/** `subscribe({ next, error })` or `subscribe(next, error)`. */
function subscribedErrorHandler(call: ts.CallExpression): ts.Expression | undefined {
  const [first, second] = call.arguments;
  if (second) return second;
  const observer = first && unwrapExpression(first);
  if (!observer || !ts.isObjectLiteralExpression(observer)) return undefined;
  for (const property of observer.properties) {
    if (property.name?.getText() !== 'error') continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}
