import { ts } from 'ts-morph';
import { declarationOf, readPath, resolveObjectLiteral, thisMemberValues, unwrapExpression } from '../ast';
import { RETRY_LIBRARIES, type RetryLibrary } from '../catalog/wrappers';
import type { DetectedCall } from '../detect';
import { fileIndexOf } from '../file-index';
import { importsOf } from '../imports';
import type { Backoff } from '../types';

/** A retry library installed on the HTTP client a request goes through, and the call that installs it. */
export interface InstalledRetry {
  library: RetryLibrary;
  /** `axiosRetry(client, options)`. */
  call: ts.CallExpression;
  /** How long it waits between attempts, from its delay option. */
  backoff: Backoff;
}

/**
 * `const client = axios.create(...); axiosRetry(client, { retries: 3 })`: the request sent through
 * `client` is retried by the interceptor, with no code around it. The installing call is looked
 * for in the file that makes the instance (or, for the default `axios`, in the request's file),
 * given the instance itself: a variable holding it, or the class field set to it.
 */
export function installedRetryOf(call: DetectedCall, checker: ts.TypeChecker): InstalledRetry | undefined {
  if (call.shape.kind !== 'http') return undefined;
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

/** `axiosRetry(...)`: a call of an interceptor library's export by the name the file imports it under. */
function interceptorLibraryOf(call: ts.CallExpression): RetryLibrary | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const imported = importsOf(call.getSourceFile()).get(callee.text);
  if (!imported) return undefined;
  const exported = imported.imported === 'require' ? 'default' : imported.imported;
  return RETRY_LIBRARIES.find(
    (library) =>
      library.kind === 'interceptor' && library.module === imported.module && library.exportName === exported,
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
 * The wait between attempts: none by default (only a Retry-After header's), growing with jitter
 * for the library's `exponentialDelay`, fixed for a function that returns a number, else unknown.
 */
function backoffOf(delay: ts.Expression | undefined, library: RetryLibrary): Backoff {
  if (!delay) return library.defaultBackoff;
  const node = unwrapExpression(delay);
  if (/\bexponentialDelay\b/.test(node.getText())) return 'exponential-jitter';
  if (ts.isArrowFunction(node) && !ts.isBlock(node.body) && ts.isNumericLiteral(unwrapExpression(node.body)))
    return 'fixed';
  return 'unknown';
}
