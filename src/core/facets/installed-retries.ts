import { ts } from 'ts-morph';
import {
  declarationOf,
  functionOf,
  readPath,
  resolveObjectLiteral,
  returnedExpressions,
  thisMemberValues,
  unwrapExpression,
  variableValues,
} from '../ast';
import { RETRY_LIBRARIES, type RetryLibrary } from '../catalog/wrappers';
import type { DetectedCall } from '../detect';
import { fileIndexOf } from '../file-index';
import { importsOf } from '../imports';
import type { Backoff } from '../types';

/**
 * A retry library installed on the HTTP client a request goes through (an interceptor on an axios
 * instance) or wrapped around the fetch it is sent with, and the call that installs or wraps it.
 */
export interface InstalledRetry {
  library: RetryLibrary;
  /** `axiosRetry(client, options)`, `fetchRetry(fetch, options)`. */
  call: ts.CallExpression;
  /** How long it waits between attempts, from its delay option. */
  backoff: Backoff;
}

/**
 * `const send = fetchRetry(fetch, options)` (see `wrappingCall`), or `const client =
 * axios.create(...); axiosRetry(client, { retries: 3 })`: the request sent with `send` or through
 * `client` is retried by the library, with no code around it. The installing call is looked
 * for in the file that makes the instance (or, for the default `axios`, in the request's file),
 * given the instance itself: a variable holding it, or the class field set to it.
 */
export function installedRetryOf(call: DetectedCall, checker: ts.TypeChecker): InstalledRetry | undefined {
  if (call.shape.kind !== 'http') return undefined;
  const wrapped = wrappingCall(call.node.expression, checker, 0);
  if (wrapped) return wrapped;
  const construction = call.origin?.construction;
  const instance = construction && ts.isCallExpression(construction) ? construction : undefined;
  const file = instance?.getSourceFile() ?? call.node.getSourceFile();
  const globalAxios = instance ? undefined : defaultAxiosOf(call.node);
  if (!instance && !globalAxios) return undefined;
  for (const candidate of fileIndexOf(file).allCalls) {
    const library = interceptorLibraryOf(candidate);
    const target = candidate.arguments[0];
    if (!library || !target) continue;
    const installsHere = instance ? holds(target, instance, checker) : isDefaultAxios(target, globalAxios!);
    if (!installsHere) continue;
    const options = resolveObjectLiteral(candidate.arguments[library.optionsArg], checker);
    return { library, call: candidate, backoff: backoffOf(readPath(options, ['retryDelay'])?.value, library) };
  }
  return undefined;
}

/** How far a wrapped fetch is followed back: variables, fields and the workspace factories returning it. */
const MAX_WRAP_DEPTH = 4;

/**
 * `const send = fetchRetry(fetch, options)`, then `send(url, init)`: the request's callee made by
 * a wrapping library, held in a variable or a field, or returned by a workspace factory (`const
 * send = await makeFetch()`) on every path it returns by.
 */
function wrappingCall(expression: ts.Expression, checker: ts.TypeChecker, depth: number): InstalledRetry | undefined {
  if (depth > MAX_WRAP_DEPTH) return undefined;
  let node = unwrapExpression(expression);
  while (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
  const values = ts.isPropertyAccessExpression(node)
    ? thisMemberValues(node, checker)
    : ts.isIdentifier(node)
      ? variableValuesOf(node, checker)
      : undefined;
  if (values) {
    const found = values.map((value) => wrappingCall(value, checker, depth + 1));
    return found.length > 0 && found.every(Boolean) ? found[0] : undefined;
  }
  if (!ts.isCallExpression(node)) return undefined;
  const library = libraryOf(node, 'wrapper');
  if (library) {
    const options = resolveObjectLiteral(node.arguments[library.optionsArg], checker);
    return { library, call: node, backoff: backoffOf(readPath(options, ['retryDelay'])?.value, library) };
  }
  const callee = unwrapExpression(node.expression);
  const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, checker);
  const factory = declaration && functionOf(declaration);
  if (!factory?.body || factory.getSourceFile().isDeclarationFile) return undefined;
  const returned = returnedExpressions(factory.body).map((value) => wrappingCall(value, checker, depth + 1));
  return returned.length > 0 && returned.every(Boolean) ? returned[0] : undefined;
}

/** What a variable is set to (its initialiser and each later assignment), when it has an initialiser. */
function variableValuesOf(name: ts.Identifier, checker: ts.TypeChecker): ts.Expression[] | undefined {
  const declaration = declarationOf(name, checker);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  return variableValues(declaration);
}

/** `axiosRetry(...)`: a call of an interceptor library's export by the name the file imports it under. */
function interceptorLibraryOf(call: ts.CallExpression): RetryLibrary | undefined {
  return libraryOf(call, 'interceptor');
}

/** A call of a retry library of that kind, by the name the file imports its export under. */
function libraryOf(call: ts.CallExpression, kind: RetryLibrary['kind']): RetryLibrary | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const imported = importsOf(call.getSourceFile()).get(callee.text);
  if (!imported) return undefined;
  const exported = imported.imported === 'require' ? 'default' : imported.imported;
  return RETRY_LIBRARIES.find(
    (library) => library.kind === kind && library.module === imported.module && library.exportName === exported,
  );
}

/** The expression holds the instance: written in place, a variable set to it, or `this.client` set to it. */
function holds(expression: ts.Expression, instance: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const node = unwrapExpression(expression);
  if (node === instance) return true;
  if (ts.isPropertyAccessExpression(node))
    return (thisMemberValues(node, checker) ?? []).some((value) => unwrapExpression(value) === instance);
  if (!ts.isIdentifier(node)) return false;
  const declaration = declarationOf(node, checker);
  return (
    !!declaration &&
    ts.isVariableDeclaration(declaration) &&
    !!declaration.initializer &&
    unwrapExpression(declaration.initializer) === instance
  );
}

/** `axios.post(...)` or `axios(...)` on the default export of axios: the name it is imported under. */
function defaultAxiosOf(request: ts.CallExpression): string | undefined {
  const callee = unwrapExpression(request.expression);
  const root = ts.isPropertyAccessExpression(callee) ? unwrapExpression(callee.expression) : callee;
  if (!ts.isIdentifier(root)) return undefined;
  const imported = importsOf(request.getSourceFile()).get(root.text);
  const isDefault = imported?.imported === 'default' || imported?.imported === 'require';
  return imported?.module === 'axios' && isDefault ? root.text : undefined;
}

function isDefaultAxios(expression: ts.Expression, name: string): boolean {
  const node = unwrapExpression(expression);
  return ts.isIdentifier(node) && node.text === name;
}

/**
 * The wait between attempts: the library's default when not set, fixed for a number or a function
 * that returns one, growing for axios-retry's `exponentialDelay` or a power of the attempt (with
 * jitter where it adds a random part), else unknown.
 */
function backoffOf(delay: ts.Expression | undefined, library: RetryLibrary): Backoff {
  if (!delay) return library.defaultBackoff;
  const node = unwrapExpression(delay);
  if (ts.isNumericLiteral(node)) return 'fixed';
  if (/\bexponentialDelay\b/.test(node.getText())) return 'exponential-jitter';
  // `(attempt) => 2 ** attempt * 500`, `Math.pow(2, attempt) * 1000 + Math.random() * 100`.
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && /\*\*|Math\.pow/.test(node.getText()))
    return /Math\.random/.test(node.getText()) ? 'exponential-jitter' : 'exponential';
  if (ts.isArrowFunction(node) && !ts.isBlock(node.body) && ts.isNumericLiteral(unwrapExpression(node.body)))
    return 'fixed';
  return 'unknown';
}
