import { ts } from 'ts-morph';
import { declarationOf, isFunctionLike, numericValue, unwrapExpression, walk } from '../ast';
import type { Domain, Step } from '../graph/solver';
import { calledFunction } from './handlers';
import type { DetectedCall } from '../detect';
import type { WrapperSite } from '../graph/sites';
import type { Attempts, RetryFacet, TimeoutFacet } from '../types';
import {
  enclosingStreamIdleHelperCall,
  isStreamIdleHelperCall,
  STREAM_IDLE_HELPER,
} from '../catalog/stream-idle-helper';
import { isOrchestrationHelperCall, ORCHESTRATION_HELPER_MODULE } from '../catalog/orchestration-helper';
import type { FacetContext } from './context';
import {
  eachClient,
  ownLayerLabel,
  readerThroughSite,
  readOption,
  readOptionOrUnknown,
  type SpreadReader,
  spreadReader,
} from './options';
import { multiplyAttempts } from './retry';
import { forVersion } from '../catalog/versions';
import { signalCoversStream, signalTimeout } from './signal-timeout';
import { handlerTimeout, transportTimeout } from './transport-timeout';

export function timeoutFacet(call: DetectedCall, retry: RetryFacet, context: FacetContext): TimeoutFacet {
  const { spansSdkRetries, ...facet } = readTimeout(call, context);
  // A signal passed to the call is one deadline for all the SDK's own attempts (they reuse the
  // request's signal): only layers outside the call, which make the call again, multiply it.
  const attempts = spansSdkRetries ? attemptsOutsideSdk(retry) : retry.worstCaseAttempts;
  return { ...facet, worstCaseMs: worstCaseMs(facet, attempts) };
}

function attemptsOutsideSdk(retry: RetryFacet): Attempts {
  return multiplyAttempts(retry.layers.filter((layer) => layer.kind !== 'sdk').map((layer) => layer.attempts));
}

/**
 * The timeout of a model call made in `callee` when `site` is its only caller: a shim that passes
 * its caller's options on (`fetch(url, { ...init, headers })`) is bounded by what this site gives
 * (`{ signal: AbortSignal.timeout(20_000) }`), whatever its other callers give.
 */
export function timeoutThroughSite(
  call: DetectedCall,
  callee: ts.FunctionLikeDeclaration,
  site: ts.CallExpression,
  context: FacetContext,
): Omit<TimeoutFacet, 'worstCaseMs'> {
  const { spansSdkRetries: _spans, ...facet } = readTimeout(call, context, readerThroughSite(callee, site, context));
  return facet;
}

/**
 * A call of a workspace function that reaches model calls: a timer around the call site, or else
 * the timeout of the transport it reaches (the one most of them have, when several could run).
 */
export function wrapperTimeoutFacet(
  reached: TimeoutFacet,
  site: ts.Node,
  retry: RetryFacet,
  context: FacetContext,
  wrapper?: WrapperSite,
): TimeoutFacet {
  const around =
    context.solver.solve(timerDomain(context), site) ??
    (wrapper && reached.source !== 'explicit' ? timerInside(wrapper, context, new Set()) : null);
  const facet: Omit<TimeoutFacet, 'worstCaseMs'> = around
    ? { source: 'explicit', ...(around.ms !== undefined ? { ms: around.ms } : {}), label: around.label }
    : { source: reached.source, ...(reached.ms !== undefined ? { ms: reached.ms } : {}), label: reached.label };
  return { ...facet, worstCaseMs: worstCaseMs(facet, retry.worstCaseAttempts) };
}

/**
 * A timer inside the called function, around every deeper call of the workspace's functions
 * through which the site reaches its model calls: `extract()` whose calls of `client.complete(...)`
 * are each handed to `withDeadline(...)`. The model calls themselves say nothing of it (their
 * timeout is the transport's); the site runs under it as the inner calls do. Undefined when some
 * model call is reached with no timer between.
 */
function timerInside(site: WrapperSite, context: FacetContext, visiting: Set<WrapperSite>): TimerAround | null {
  if (visiting.has(site)) return null;
  visiting.add(site);
  let first: TimerAround | null = null;
  for (const fn of site.callees) {
    const origins = site.origins.get(fn) ?? [];
    if (origins.length === 0) return null;
    for (const origin of origins) {
      // A model call made directly in the function: its own profile has any timer around it.
      if ('call' in origin) return null;
      const found =
        context.solver.solve(timerDomain(context), origin.site.node) ?? timerInside(origin.site, context, visiting);
      if (!found) return null;
      first ??= found;
    }
  }
  return first;
}

type ReadTimeout = Omit<TimeoutFacet, 'worstCaseMs'> & { spansSdkRetries?: boolean };

function readTimeout(call: DetectedCall, context: FacetContext, reader = spreadReader(context, call)): ReadTimeout {
  // On a call that may go to several clients, the one that waits longest.
  const reads = eachClient(call).map((each) => readCallTimeout(each, context, reader));
  const own = reads.reduce((worst, read) => (waitRank(read) > waitRank(worst) ? read : worst));
  const helper = call.streaming ? enclosingStreamIdleHelperCall(call.node, context.checker) : undefined;
  if (!helper) return own;
  // `abortWhenIdle(idleMs, (signal) => stream)`: an idle timeout, which also bounds the wait for
  // the response; a total the call states explicitly stays beside it.
  const idleMs = numericValue(helper.arguments[0], context.checker);
  const total = own.source === 'explicit' && own.ms !== undefined ? own : undefined;
  return {
    source: 'explicit',
    ...(total ? { ms: total.ms, label: total.label, spansSdkRetries: total.spansSdkRetries } : {}),
    coversStream: true,
    ...(idleMs !== undefined ? { idleMs, idleBoundsStart: true } : {}),
    ...(total ? {} : { label: STREAM_IDLE_HELPER.label }),
  };
}

/** No timeout above one not known above one of unknown duration above any duration, by length. */
function waitRank(read: ReadTimeout): number {
  if (read.source === 'none') return Infinity;
  if (read.source === 'unknown') return Number.MAX_VALUE;
  return read.ms ?? Number.MAX_SAFE_INTEGER;
}

function readCallTimeout(call: DetectedCall, context: FacetContext, reader: SpreadReader): ReadTimeout {
  const { entry } = call;
  const stream = call.streaming ? {} : undefined;
  // Read as the unknown check below reads them: through variables and what callers pass.
  const signal = readOption(call, entry.timeout.signalPaths, reader);
  // A signal that only carries cancellation (the user's stop button) is no timeout: the SDK default still applies.
  const timer = signal?.value ? signalTimeout(signal.value, call.node, context.checker) : undefined;
  if (signal?.value && timer !== undefined) {
    const ms = timer === 'timer' ? undefined : timer;
    return {
      source: 'explicit',
      ...(ms !== undefined ? { ms } : {}),
      ...(stream ? { coversStream: signalCoversStream(signal.value, call.node, context.checker) } : {}),
      label: ms !== undefined ? 'AbortSignal' : 'abort signal on a timer (duration not known statically)',
      spansSdkRetries: true,
    };
  }
  // An option the operation ignores at run time (generateObject's `timeout`) bounds nothing.
  const ignored = call.shape.ignores?.includes('timeout') === true;
  const numeric = ignored ? undefined : readOption(call, entry.timeout.paths, reader);
  const idle = stream && !ignored ? idleTimeout(call, context, reader) : undefined;
  if (numeric?.value) {
    const value = numericValue(numeric.value, context.checker);
    const ms = value === undefined ? undefined : numeric.path.unit === 's' ? value * 1000 : value;
    // `timeout: { chunkMs }` alone: only the idle timeout, no total or per-step one.
    if (
      ms === undefined &&
      idle &&
      !readOption(
        call,
        entry.timeout.paths.filter((path) => path.path.length > 1),
        reader,
      )
    )
      return { source: 'explicit', coversStream: true, ...idle };
    return {
      source: 'explicit',
      ...(ms !== undefined ? { ms } : {}),
      ...(stream ? { coversStream: entry.timeout.coversStream } : {}),
      ...(idle ? { idleMs: idle.idleMs } : {}),
      label: `${numeric.site === 'client' ? 'client' : 'request'} option ${numeric.path.path.join('.')}`,
      // The catalogue's `deadline`: the SDK turns it into one signal for all its attempts.
      ...(numeric.path.deadline ? { spansSdkRetries: true } : {}),
    };
  }
  // A transport instance the client was built with (`requestHandler: new NodeHttpHandler(...)`).
  const handler = ignored ? undefined : handlerTimeout(call, context.checker);
  if (handler) {
    return {
      source: 'explicit',
      ...(handler.ms !== undefined ? { ms: handler.ms } : {}),
      ...(stream ? { coversStream: entry.timeout.coversStream } : {}),
      label: handler.label,
    };
  }
  // A timer around the call; else the socket timeout of the agent the workspace's fetch wrapper
  // sends the request through, which (an idle-socket timeout) also ends a stream that stalls.
  const around = context.solver.solve(timerDomain(context), call.node);
  const transport = around ? undefined : transportTimeout(call, context.checker);
  const bound = around ? { ...around, coversStream: false } : transport && { ...transport, coversStream: true };
  if (bound) {
    return {
      source: 'explicit',
      ...(bound.ms !== undefined ? { ms: bound.ms } : {}),
      ...(stream ? { coversStream: bound.coversStream } : {}),
      label: bound.label,
      // A timer around the call bounds it whole, the SDK's own attempts included.
      ...(around ? { spansSdkRetries: true } : {}),
    };
  }
  // A spread or options argument the audit cannot read may set a timeout or a signal.
  const unread = ignored
    ? undefined
    : [entry.timeout.paths, entry.timeout.signalPaths]
        .map((paths) => readOptionOrUnknown(call, paths, reader))
        .find((option) => option?.unresolved);
  if (unread) {
    return {
      source: 'unknown',
      label: `a timeout or abort signal may be set by \`${unreadText(unread.node)}\``,
    };
  }
  // A client class's own default (LangChain's ChatOpenAI builds an OpenAI client) over the SDK's.
  const byClient = call.origin ? entry.timeout.defaultMsByClient?.[call.origin.constructedBy] : undefined;
  // An HTTP client's own default (ky, undici) or a declared gateway's, over the entry's.
  const byOperation = call.shape.defaults?.timeoutMs;
  // The installed release's default, where it changed between releases.
  const byVersion = forVersion(entry.timeout.defaultMsByVersion ?? [], call.sdkVersion?.version)?.ms;
  const entryDefault = byVersion !== undefined ? byVersion : entry.timeout.defaultMs;
  const defaultMs = byClient !== undefined ? byClient : byOperation !== undefined ? byOperation : entryDefault;
  // A library the catalogue has not read: its default applies, for a time (and over a part of a
  // stream) the audit does not know.
  if (defaultMs === 'unknown') return { source: 'sdk-default', label: ownLayerLabel(call, 'default timeout') };
  if (defaultMs !== null) {
    return {
      source: 'sdk-default',
      ms: defaultMs,
      ...(stream ? { coversStream: entry.timeout.coversStream } : {}),
      label: ownLayerLabel(call, 'default timeout'),
      // The entry's own default may be one deadline for all the SDK's attempts (`defaultDeadline`).
      ...(byClient === undefined && byOperation === undefined && entry.timeout.defaultDeadline
        ? { spansSdkRetries: true }
        : {}),
    };
  }
  return { source: 'none', ...(stream ? { coversStream: false } : {}) };
}

/** `...request` or `request`, shortened, for the label of a timeout that may be set there. */
function unreadText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The stream's idle timeout between chunks (`timeout.chunkMs`), when one is set to a known number. */
function idleTimeout(
  call: DetectedCall,
  context: FacetContext,
  reader: SpreadReader,
): { idleMs: number; label: string } | undefined {
  const idle = readOption(call, call.entry.timeout.idlePaths ?? [], reader);
  const value = idle?.value ? numericValue(idle.value, context.checker) : undefined;
  if (!idle || value === undefined) return undefined;
  return {
    idleMs: value,
    label: `${idle.site === 'client' ? 'client' : 'request'} option ${idle.path.path.join('.')}`,
  };
}

function worstCaseMs(
  { source, ms, idleMs }: Pick<TimeoutFacet, 'source' | 'ms' | 'idleMs'>,
  attempts: Attempts,
): TimeoutFacet['worstCaseMs'] {
  if (source === 'unknown') return 'unknown';
  // An idle limit alone ends a stalled stream, not a long healthy one.
  if (source === 'none' || attempts === 'unbounded' || (ms === undefined && idleMs !== undefined)) return 'unbounded';
  // A timer whose duration is read at run time bounds the call all the same, by a number only the
  // running program knows.
  if (ms === undefined || attempts === 'unknown') return 'unknown';
  return ms * attempts;
}

interface TimerAround {
  label: string;
  ms?: number;
}

const timerDomains = new WeakMap<FacetContext, Domain<TimerAround | null>>();

/**
 * A timer the call runs under, here or in a caller: `Promise.race([call, timer])`, or a helper the
 * call is handed to that races it against a timer or aborts it (`withTimeout(() => call, ms)`).
 */
function timerDomain(context: FacetContext): Domain<TimerAround | null> {
  let domain = timerDomains.get(context);
  if (domain) return domain;
  domain = {
    step(step: Step): TimerAround | null | undefined {
      if (
        step.kind === 'ancestor' &&
        ts.isCallExpression(step.node) &&
        /^Promise\.race$/.test(step.node.expression.getText())
      ) {
        const list = step.node.arguments[0];
        const timer =
          list && ts.isArrayLiteralExpression(list)
            ? list.elements.find((element) => isTimerPromise(element, context))
            : undefined;
        if (timer) return { label: 'Promise.race with a timer', ms: timerDuration(timer, context) };
      }
      // `withTimeout(client.chat.completions.create(...), 10_000)`: the pending call itself handed
      // to a workspace helper that races it against a timer, or hands it to one that does.
      if (
        step.kind === 'ancestor' &&
        ts.isCallExpression(step.node) &&
        step.node.arguments.some((argument) => argument === step.child)
      ) {
        const helper = calledFunction(step.node, context.checker);
        if (helper?.body && (racesOrAborts(helper.body) || forwardsToTimer(helper, context.checker, 0)))
          return { label: timerIn(helper), ms: timeoutArgument(step.node, context) };
      }
      // The stream idle helper bounds the wait between chunks, not the call (readTimeout).
      if (step.kind === 'passed-to' && !isStreamIdleHelperCall(step.call, context.checker)) {
        const helper = calledFunction(step.call, context.checker);
        if (helper?.body && (racesOrAborts(helper.body) || forwardsToTimer(helper, context.checker, 0))) {
          return {
            label: timerIn(helper),
            ms:
              timeoutArgument(step.call, context) ??
              (isOrchestrationHelperCall(step.call, context.checker)
                ? ORCHESTRATION_HELPER_MODULE.defaultTimeoutMs
                : undefined),
          };
        }
      }
      return undefined;
    },
    end: () => null,
    join: (results) => (results.every((result) => result) ? (results[0] ?? null) : null),
  };
  timerDomains.set(context, domain);
  return domain;
}

function timerIn(helper: ts.FunctionLikeDeclaration): string {
  return `timer in ${helper.name?.getText() ?? 'the helper it runs in'}`;
}

/**
 * `new Promise((_, reject) => setTimeout(reject, n))`, `sleep(n).then(() => { throw ... })`, a
 * variable holding one, or a call of a workspace function that makes one (`rejectAfter(30_000)`,
 * `timeout<never>(ms)`).
 */
function isTimerPromise(element: ts.Expression, context: FacetContext): boolean {
  const node = timerExpression(element, context);
  if (/setTimeout|\btimeout\w*\s*(?:<[^<>()]*>\s*)?\(|delay\(|sleep\(/i.test(node.getText())) return true;
  if (!ts.isCallExpression(node)) return false;
  const helper = calledFunction(node, context.checker);
  return !!helper?.body && racesOrAborts(helper.body);
}

function timerExpression(element: ts.Expression, context: FacetContext): ts.Expression {
  const node = unwrapExpression(element);
  if (!ts.isIdentifier(node)) return node;
  const declaration = declarationOf(node, context.checker);
  return declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
    ? unwrapExpression(declaration.initializer)
    : node;
}

/**
 * The duration of a race's timer, where the code says it: a number handed to the call that makes
 * it (`timeout(30_000)`), or the delay of the `setTimeout` written in the race (`new Promise((_,
 * reject) => setTimeout(() => reject(...), 30_000))`).
 */
function timerDuration(element: ts.Expression, context: FacetContext): number | undefined {
  const node = timerExpression(element, context);
  if (ts.isCallExpression(node)) {
    const handed = timeoutArgument(node, context);
    if (handed !== undefined) return handed;
  }
  let delay: number | undefined;
  walk(node, (child) => {
    if (delay !== undefined) return false;
    if (
      ts.isCallExpression(child) &&
      unwrapExpression(child.expression).getText() === 'setTimeout' &&
      child.arguments[1]
    )
      delay = numericValue(child.arguments[1], context.checker);
    return undefined;
  });
  return delay;
}

/** A helper that hands the callback it got to another workspace helper that races or aborts it. */
function forwardsToTimer(helper: ts.FunctionLikeDeclaration, checker: ts.TypeChecker, depth: number): boolean {
  if (!helper.body || depth > 2) return false;
  const parameters = new Set(
    helper.parameters.flatMap((parameter) => (ts.isIdentifier(parameter.name) ? [parameter.name.text] : [])),
  );
  let found = false;
  walk(helper.body, (node) => {
    if (found) return false;
    if (!ts.isCallExpression(node)) return undefined;
    if (!node.arguments.some((argument) => ts.isIdentifier(argument) && parameters.has(argument.text)))
      return undefined;
    const inner = calledFunction(node, checker);
    if (inner?.body && (racesOrAborts(inner.body) || forwardsToTimer(inner, checker, depth + 1))) found = true;
    return undefined;
  });
  return found;
}

/**
 * Races the callback against a timer, or aborts or rejects it when a timer fires. A helper that
 * only sleeps between attempts (`setTimeout(resolve, delay)`) and forwards the caller's abort to
 * the attempt's controller bounds nothing: its timer and its abort are not the same.
 */
function racesOrAborts(body: ts.Node): boolean {
  if (/Promise\.race\s*\(/.test(body.getText())) return true;
  let found = false;
  walk(body, (node) => {
    if (found) return false;
    if (ts.isCallExpression(node) && unwrapExpression(node.expression).getText() === 'setTimeout') {
      const callback = node.arguments[0];
      if (callback && /^reject$|\breject\s*\(|\.abort\s*\(/.test(unwrapExpression(callback).getText())) found = true;
    }
    return undefined;
  });
  return found;
}

/** The duration handed to a timeout helper: a numeric argument, or an option named like a timeout. */
function timeoutArgument(call: ts.CallExpression, context: FacetContext): number | undefined {
  for (const argument of call.arguments) {
    const value = unwrapExpression(argument);
    if (ts.isObjectLiteralExpression(value)) {
      for (const property of value.properties) {
        const name = property.name?.getText() ?? '';
        if (!/timeout|ms$/i.test(name)) continue;
        const initializer = ts.isPropertyAssignment(property)
          ? property.initializer
          : ts.isShorthandPropertyAssignment(property)
            ? property.name
            : undefined;
        const ms = initializer ? numericValue(initializer, context.checker) : undefined;
        if (ms !== undefined) return ms;
      }
    } else if (!isFunctionLike(value)) {
      const ms = numericValue(value, context.checker);
      if (ms !== undefined) return ms;
    }
  }
  return undefined;
}
