import { ts } from 'ts-morph';
import {
  declarationOf,
  locationOf,
  numericValue,
  readPath,
  resolveObjectLiteral,
  spanOf,
  unwrapExpression,
  walk,
} from '../ast';
import type { RetryLayer } from '../types';

/** A decorator that retries the method it wraps: `@withRetry()`, `@retry({ attempts: 3 })`, `@Retryable()`. */
const RETRY_DECORATOR = /retr(?:y|ies|yable)/i;
/** Option names that bound a retry decorator, as the decorator's author might name them. */
const COUNT_OPTIONS = ['maxRetries', 'retries', 'maxAttempts', 'attempts', 'times', 'limit'];

/**
 * `@withRetry({ maxRetries: 4 })` on a method: a retry layer owned by the workspace. Its bound is
 * the option passed, or the default the decorator's own module declares (`DEFAULT_OPTIONS`).
 */
export function decoratorLayer(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): RetryLayer | undefined {
  const decorator = retryDecoratorOf(fn);
  if (decorator) {
    const expression = unwrapExpression(decorator.expression);
    const callee = ts.isCallExpression(expression) ? expression.expression : expression;
    const name = decoratorName(callee);
    const options = ts.isCallExpression(expression)
      ? resolveObjectLiteral(expression.arguments[0], checker)
      : undefined;
    const given = COUNT_OPTIONS.map((option) => readPath(options, [option])?.value).find((value) => !!value);
    const count = given ? numericValue(given, checker) : defaultCount(callee, checker);
    return {
      kind: 'decorator',
      // A bound we cannot read (a variable, a default we did not find) is still a bound: unknown.
      attempts: count === undefined ? 'unknown' : Number.isFinite(count) ? Math.max(1, count) : 'unbounded',
      source: 'explicit',
      backoff: 'unknown',
      predicate: 'unknown',
      label: `@${name} decorator`,
      where: locationOf(decorator),
      span: spanOf(decorator, decorator.getSourceFile()),
    };
  }
  return undefined;
}

/** The retry decorator on a method: `@withRetry()`, `@retry({ attempts: 3 })`. */
export function retryDecoratorOf(fn: ts.FunctionLikeDeclaration): ts.Decorator | undefined {
  if (!ts.isMethodDeclaration(fn)) return undefined;
  return (ts.getDecorators(fn) ?? []).find((decorator) => {
    const expression = unwrapExpression(decorator.expression);
    return RETRY_DECORATOR.test(decoratorName(ts.isCallExpression(expression) ? expression.expression : expression));
  });
}

function decoratorName(callee: ts.Expression): string {
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText();
}

/** The count a decorator uses when given no option: a constant object of defaults in its module. */
function defaultCount(callee: ts.Expression, checker: ts.TypeChecker): number | undefined {
  const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, checker);
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  let count: number | undefined;
  walk(declaration.getSourceFile(), (node) => {
    if (count !== undefined) return false;
    if (ts.isPropertyAssignment(node) && COUNT_OPTIONS.includes(node.name.getText())) {
      count = numericValue(node.initializer, checker);
    }
    return undefined;
  });
  return count;
}
