import { ts } from 'ts-morph';
import { declarationOf, enclosingFunction, numericValue, unwrapExpression, walk } from '../ast';
import type { DetectedCall } from '../detect';
import type { RetryFacet, TimeoutFacet } from '../types';
import { cockatielPolicies, executedBy } from './cockatiel';
import type { FacetContext } from './context';
import { readOption } from './options';

export function timeoutFacet(call: DetectedCall, retry: RetryFacet, context: FacetContext): TimeoutFacet {
  const facet = readTimeout(call, context);
  return { ...facet, worstCaseMs: worstCaseMs(facet.source, facet.ms, retry.worstCaseAttempts) };
}

function readTimeout(call: DetectedCall, context: FacetContext): Omit<TimeoutFacet, 'worstCaseMs'> {
  const { entry } = call;
  const stream = call.streaming ? {} : undefined;
  const signal = readOption(call, entry.timeout.signalPaths);
  if (signal?.value) {
    const ms = signalTimeout(signal.value, call, context);
    return {
      source: 'explicit',
      ...(ms !== undefined ? { ms } : {}),
      ...(stream ? { coversStream: true } : {}),
      label: ms !== undefined ? 'AbortSignal' : 'abort signal (duration not known statically)',
    };
  }
  // An option the operation ignores at run time (generateObject's `timeout`) bounds nothing.
  const numeric = call.shape.ignores?.includes('timeout') ? undefined : readOption(call, entry.timeout.paths);
  if (numeric?.value) {
    const value = numericValue(numeric.value, context.checker);
    const ms = value === undefined ? undefined : numeric.path.unit === 's' ? value * 1000 : value;
    return {
      source: 'explicit',
      ...(ms !== undefined ? { ms } : {}),
      ...(stream ? { coversStream: entry.timeout.coversStream } : {}),
      label: `${numeric.site === 'client' ? 'client' : 'request'} option ${numeric.path.path.join('.')}`,
    };
  }
  // A client class's own default (LangChain's ChatOpenAI builds an OpenAI client) over the SDK's.
  const byClient = call.origin ? entry.timeout.defaultMsByClient?.[call.origin.constructedBy] : undefined;
  const defaultMs = byClient !== undefined ? byClient : entry.timeout.defaultMs;
  if (defaultMs !== null) {
    return {
      source: 'sdk-default',
      ms: defaultMs,
      ...(stream ? { coversStream: entry.timeout.coversStream } : {}),
      label: `${entry.displayName} SDK default`,
    };
  }
  return { source: 'none', ...(stream ? { coversStream: false } : {}) };
}

function worstCaseMs(
  source: TimeoutFacet['source'],
  ms: number | undefined,
  attempts: number | 'unbounded',
): number | 'unbounded' {
  if (source === 'none' || ms === undefined || attempts === 'unbounded') return 'unbounded';
  return ms * attempts;
}

/**
 * The duration behind a signal: `AbortSignal.timeout(n)`, `AbortSignal.any([...])`, or a
 * controller aborted by `setTimeout(() => controller.abort(), n)` in the same function.
 */
function signalTimeout(
  expression: ts.Expression,
  call: DetectedCall,
  context: FacetContext,
  depth = 0,
): number | undefined {
  if (depth > 4) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isCallExpression(node)) {
    const callee = node.expression.getText();
    if (callee === 'AbortSignal.timeout') return numericValue(node.arguments[0], context.checker);
    if (callee === 'AbortSignal.any') {
      const list = node.arguments[0] && unwrapExpression(node.arguments[0]);
      if (list && ts.isArrayLiteralExpression(list)) {
        const values = list.elements
          .map((element) => signalTimeout(element, call, context, depth + 1))
          .filter((value): value is number => value !== undefined);
        return values.length ? Math.min(...values) : undefined;
      }
    }
  }
  if (ts.isIdentifier(node)) {
    const declaration = declarationOf(node, context.checker);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      return signalTimeout(declaration.initializer, call, context, depth + 1);
    }
    // `policy.execute(({ signal }) => ...)`: cockatiel's timeout policy aborts that signal.
    const fn = declaration ? enclosingFunction(declaration) : undefined;
    const policy = fn ? executedBy(fn) : undefined;
    const timeout = policy
      ? cockatielPolicies(policy, context.checker).find((item) => item.kind === 'timeout')
      : undefined;
    if (timeout) return numericValue(timeout.call.arguments[0], context.checker);
  }
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'signal' && ts.isIdentifier(node.expression)) {
    return controllerTimeout(node.expression.text, call.node);
  }
  return undefined;
}

function controllerTimeout(controller: string, near: ts.Node): number | undefined {
  const scope = enclosingFunction(near)?.body ?? near.getSourceFile();
  let ms: number | undefined;
  walk(scope, (node) => {
    if (ms !== undefined) return false;
    if (ts.isCallExpression(node) && node.expression.getText() === 'setTimeout' && node.arguments.length >= 2) {
      if (node.arguments[0].getText().includes(`${controller}.abort`)) ms = numericValue(node.arguments[1]);
    }
    return undefined;
  });
  return ms;
}
