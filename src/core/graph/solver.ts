import { ts } from 'ts-morph';
import {
  immediateInvocation,
  isExportedHolder,
  isReturned,
  isFunctionLike,
  returningFunction,
  unwrapExpression,
  valueHolderOf,
} from '../ast';
import {
  AppErrorHandlers,
  isInvokeHandler,
  isProcedureResolver,
  ROUTE_REGISTRATIONS,
  type WorkspacePackages,
} from './app-handlers';
import type { CallerIndex } from './call-graph';
import { thisCallInstance } from './this-calls';
import { callbackOf, calleeName } from './callbacks';
import { observableErrorHandler, observableFrom } from './observables';
import { settledBy } from './settled';
import { type ErrorValueHelper, errorValueHelperOf } from './error-values';
import { type CalleeResolver, consumptionSites, isGenerator, outermost } from './streams';
import { uiStreamExecution } from './ui-streams';
import { awaitingSdkCall } from './sdk-callbacks';

/**
 * One walk for every facet: from the place a model call's error (or a wrapper call's) surfaces,
 * outwards through the enclosing constructs of its function, then through the function's callers
 * (direct, dispatched through interfaces and base classes, or the call a callback is passed to),
 * up to an entry point or the limit. A facet is a {@link Domain}: it looks at each step and says
 * when it has its answer; the solver decides how errors travel (awaits, stored promises, `.then`
 * chains, generators consumed elsewhere). No facet walks callers on its own.
 */
export type Step =
  /** A catch clause whose try block the error surfaces in. */
  | { kind: 'catch'; clause: ts.CatchClause; depth: number }
  /**
   * `.catch(handler)` or `.then(_, handler)` on the promise the error travels in, or the error
   * handler of the app a route is registered on (`app.onError(handler)`, shown at the handler).
   */
  | {
      kind: 'promise-handler';
      call: ts.CallExpression;
      handler: ts.Expression;
      depth: number;
      shownAt?: ts.Node;
      /** A subscriber's `error` observer: what it returns goes nowhere (no value stands in). */
      valueIgnored?: true;
      /**
       * What the handler returns is the error message the client is sent (the AI SDK's UI stream
       * `onError`), a failure reported, not a value standing in; `default` when no handler is
       * written and the SDK sends its generic message (`handler` is then the SDK's call).
       */
      forClient?: 'option' | 'default';
    }
  /**
   * `Promise.allSettled(...)` takes the promise the error travels in: it never rejects, the failure
   * becomes a rejected result, and the code reading the results decides (see `readSettled`).
   */
  | { kind: 'settled'; call: ts.CallExpression; index?: number; depth: number }
  /**
   * A helper takes the promise the error travels in and gives its rejection back as a value
   * (`const { data, error } = await tryCatch(promise)`): the code testing that value decides.
   */
  | { kind: 'as-value'; call: ts.CallExpression; helper: ErrorValueHelper; depth: number }
  /** Any other enclosing node, between the surfacing point and the function boundary (loops, ifs). */
  | { kind: 'ancestor'; node: ts.Node; child: ts.Node; depth: number }
  /** The error leaves a function passed as an argument (`pRetry(fn)`, `items.map(fn)`). */
  | { kind: 'passed-to'; call: ts.CallExpression; fn: ts.FunctionLikeDeclaration; depth: number }
  /** The error leaves the function towards its callers. */
  | { kind: 'leave'; fn: ts.FunctionLikeDeclaration; depth: number };

export type PathEnd =
  /** An exported function nobody in the workspace calls: its users handle the error, or not. */
  | { kind: 'exported'; fn: ts.FunctionLikeDeclaration }
  /** Module top level, or a function with no caller: the error reaches the runtime. */
  | { kind: 'top'; node: ts.Node }
  /** A callback registered with a framework or timer: the error reaches it, not the registering code. */
  | { kind: 'registered'; fn: ts.FunctionLikeDeclaration }
  /** A promise nobody awaits: its rejection is unhandled. */
  | { kind: 'floating'; node: ts.Node }
  /** The walk's limit: the graph goes on but the answer is unknown. */
  | { kind: 'limit'; fn: ts.FunctionLikeDeclaration };

export interface Domain<R> {
  /** Looks at one step; a result ends the path here. */
  step(step: Step): R | undefined;
  /**
   * For facets that compose along the whole path (retry layers multiply outwards): what a step
   * adds to the answer of the rest of the path. A `segment` step starts each function's part.
   */
  around?(step: Step | { kind: 'segment'; start: ts.Node; depth: number }, rest: R): R;
  end(end: PathEnd): R;
  /**
   * For answers that say how many callers up they stand: the same answer for a walk that reached
   * the same place `by` more (or fewer) callers away from where it started. The solver keeps one
   * answer per place and depth class (the call's own function, or a caller's), whichever search
   * got there first.
   */
  rebase?(result: R, by: number): R;
  /** One result from the results of several callers. */
  join(results: R[], fn: ts.FunctionLikeDeclaration): R;
}

/** One set of limits for every facet. */
const MAX_CALLER_DEPTH = 6;
const MAX_CALLERS_PER_FUNCTION = 24;

/** Callbacks registered here run on their own: an error escaping them reaches the runtime or framework. */
const ENTRY_REGISTRATIONS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'use',
  'route',
  'handle',
  'on',
  'once',
  'addEventListener',
  'addListener',
  'listen',
  'subscribe',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'nextTick',
  'process',
  'command',
  'action',
  'schedule',
  'cron',
  'createServer',
  'register',
  'hook',
  'addHook',
  'registerCommand',
  // Chat bots: Slack Bolt's `app.message(...)`, `app.event(...)`; Telegraf's and grammY's `bot.hears(...)`.
  'message',
  'event',
  'shortcut',
  'view',
  'hears',
]);

export class Solver {
  /** Each domain's answers by where a walk started, with the depth it started at (see `rebase`). */
  private readonly caches = new WeakMap<Domain<unknown>, Map<string, { result: unknown; depth: number }>>();
  private readonly apps: AppErrorHandlers;
  private readonly ancestry = (owner: ts.ClassLikeDeclaration): readonly ts.ClassLikeDeclaration[] =>
    this.callers.ancestry(owner);

  constructor(
    private readonly callers: CallerIndex,
    /** The workspace function a call runs: a stream handed to one is followed to where it reads it. */
    private readonly resolve?: CalleeResolver,
    /** Framework versions and patches where they change who gets an error (Express 5 passes rejections on). */
    packages?: WorkspacePackages,
  ) {
    this.apps = new AppErrorHandlers(callers, packages);
  }

  /**
   * Walks outwards from `start`, where an error surfaces. `awaited` says the error is already
   * thrown at `start` (a statement, an awaited expression) rather than carried by a promise.
   */
  solve<R>(domain: Domain<R>, start: ts.Node, awaited = false): R {
    return this.from(domain, start, 0, awaited, new Set());
  }

  /** Walks from the point where an error leaves `fn` (a stream it returns, read by its callers). */
  leaving<R>(domain: Domain<R>, fn: ts.FunctionLikeDeclaration): R {
    if (!domain.around) return this.leave(domain, fn, 0, new Set(), undefined, true);
    const passed: Step[] = [];
    let result = this.leave(
      domain,
      fn,
      0,
      new Set(),
      (item) => {
        const found = domain.step(item);
        if (found === undefined) passed.push(item);
        return found;
      },
      true,
    );
    for (let index = passed.length - 1; index >= 0; index--) result = domain.around(passed[index], result);
    return result;
  }

  private from<R>(
    domain: Domain<R>,
    start: ts.Node,
    depth: number,
    awaited: boolean,
    visiting: Set<ts.Node>,
    instance?: ts.ClassLikeDeclaration,
  ): R {
    let cache = this.caches.get(domain) as Map<string, { result: R; depth: number }> | undefined;
    if (!cache) {
      cache = new Map();
      this.caches.set(domain, cache);
    }
    const key = `${start.getSourceFile().fileName}:${start.pos}:${start.end}:${start.kind}:${depth === 0}:${awaited}${instanceKey(instance)}`;
    const cached = cache.get(key);
    // Reached again from another search, at another depth: its answer counts callers from there.
    if (cached !== undefined)
      return cached.depth === depth || !domain.rebase
        ? cached.result
        : domain.rebase(cached.result, depth - cached.depth);
    if (visiting.has(start)) return domain.end({ kind: 'top', node: start });
    visiting.add(start);
    const result = this.walk(domain, start, depth, awaited, visiting, instance);
    visiting.delete(start);
    cache.set(key, { result, depth });
    return result;
  }

  private walk<R>(
    domain: Domain<R>,
    start: ts.Node,
    depth: number,
    awaited: boolean,
    visiting: Set<ts.Node>,
    instance: ts.ClassLikeDeclaration | undefined,
  ): R {
    if (!domain.around) return this.walkSegment(domain, start, depth, awaited, visiting, undefined, instance);
    const passed: Step[] = [];
    let result = this.walkSegment(domain, start, depth, awaited, visiting, passed, instance);
    for (let index = passed.length - 1; index >= 0; index--) result = domain.around(passed[index], result);
    return domain.around({ kind: 'segment', start, depth }, result);
  }

  private walkSegment<R>(
    domain: Domain<R>,
    start: ts.Node,
    depth: number,
    initiallyAwaited: boolean,
    visiting: Set<ts.Node>,
    passed: Step[] | undefined,
    instance: ts.ClassLikeDeclaration | undefined,
  ): R {
    const step = (item: Step): R | undefined => {
      const result = domain.step(item);
      if (result === undefined && passed && item.kind !== 'ancestor') passed.push(item);
      return result;
    };
    let node = start;
    let awaited = initiallyAwaited || ts.isStatement(start) || ts.isAwaitExpression(start);
    let returned = false;
    for (;;) {
      const parent = node.parent;
      if (!parent || ts.isSourceFile(parent)) return domain.end({ kind: 'top', node });
      if (ts.isAwaitExpression(parent) || ts.isYieldExpression(parent)) awaited = true;
      if (ts.isForOfStatement(parent) && parent.awaitModifier && parent.expression === node) awaited = true;
      if (ts.isReturnStatement(parent)) returned = true;

      if (
        ts.isPropertyAccessExpression(parent) &&
        parent.expression === node &&
        ts.isCallExpression(parent.parent) &&
        parent.parent.expression === parent
      ) {
        const method = parent.name.text;
        const promiseCall = parent.parent;
        if (method === 'catch' || (method === 'then' && promiseCall.arguments.length >= 2)) {
          const handler = method === 'catch' ? promiseCall.arguments[0] : promiseCall.arguments[1];
          if (handler) {
            const result = step({ kind: 'promise-handler', call: promiseCall, handler, depth });
            if (result !== undefined) return result;
          }
          node = promiseCall;
          continue;
        }
        if (method === 'then' || method === 'finally') {
          node = promiseCall;
          continue;
        }
      }

      // RxJS: `from(call)` carries the error down the Observable, to a `catchError` in a pipe on it
      // or the subscriber's `error`; with neither, the Observable goes on where the chain goes.
      const observable = observableFrom(node, parent);
      if (observable) {
        const chain = observableErrorHandler(observable);
        if (chain.handler) {
          const { call, fn, subscriber } = chain.handler;
          const result = step({
            kind: 'promise-handler',
            call,
            handler: fn,
            depth,
            ...(subscriber ? { valueIgnored: true as const } : {}),
          });
          if (result !== undefined) return result;
        }
        node = chain.end;
        continue;
      }

      const settled = settledBy(node, parent);
      if (settled) {
        const result = step({ kind: 'settled', ...settled, depth });
        if (result !== undefined) return result;
        node = settled.call;
        continue;
      }

      const helper = awaited ? undefined : errorValueHelperOf(node, parent, this.resolve);
      if (helper) {
        const result = step({ kind: 'as-value', call: helper.call, helper, depth });
        if (result !== undefined) return result;
        node = helper.call;
        continue;
      }

      if (ts.isTryStatement(parent) && parent.tryBlock === node && parent.catchClause && awaited) {
        // `catch (error) { next(error) }` in an Express route: the app's error middleware decides.
        const middleware = this.apps.forwardedBy(parent.catchClause);
        const result = middleware
          ? step({ kind: 'promise-handler', ...middleware, depth: depth + 1, shownAt: this.apps.shownAt(middleware) })
          : step({ kind: 'catch', clause: parent.catchClause, depth });
        if (result !== undefined) return result;
      } else if (!isFunctionLike(parent)) {
        const result = step({ kind: 'ancestor', node: parent, child: node, depth });
        if (result !== undefined) return result;
      }

      // `const pending = client.create(...)`: follow the promise to where it is awaited.
      if (ts.isVariableDeclaration(parent) && parent.initializer === node && !awaited && ts.isIdentifier(parent.name)) {
        const use = laterAwait(parent.name.text, parent);
        if (!use) return domain.end({ kind: 'floating', node });
        node = use;
        awaited = false;
        continue;
      }

      if (isFunctionLike(parent)) {
        const escapes = awaited || returned || parent.body === node || isGenerator(parent);
        if (!escapes) return domain.end({ kind: 'floating', node });
        // A stream handed out by `return` (a site where its reads lead) fails where the callers read it.
        return this.leave(domain, parent, depth, visiting, step, ts.isReturnStatement(start), instance);
      }
      node = parent;
    }
  }

  /**
   * The calls of the functions that helper calls made and their variables or properties hold
   * (`const chat = traceable(fn)`: the calls of `chat`); `exported` when nobody here calls one but
   * code elsewhere may; undefined when no call's value is held that way.
   */
  private callsOfMade(helperCalls: readonly ts.CallExpression[]): ts.CallExpression[] | 'exported' | undefined {
    const holders = helperCalls
      .filter((call) => !dropsResults(call))
      .map((call) => valueHolderOf(call))
      .filter((holder) => holder !== undefined);
    const calls = holders.flatMap((holder) => this.callers.callersOfValue(holder));
    if (calls.length > 0) return calls;
    return holders.some(isExportedHolder) ? 'exported' : undefined;
  }

  /** The answers of the calls a function's error comes out of, as for its callers. */
  private fromCallers<R>(
    domain: Domain<R>,
    calls: ts.CallExpression[] | 'exported',
    fn: ts.FunctionLikeDeclaration,
    depth: number,
    visiting: Set<ts.Node>,
  ): R {
    if (calls === 'exported') return domain.end({ kind: 'exported', fn });
    if (depth >= MAX_CALLER_DEPTH) return domain.end({ kind: 'limit', fn });
    const chosen = followed(calls, visiting);
    if (chosen.length === 0) return domain.end({ kind: 'top', node: fn });
    const results = chosen.map((call) => this.from(domain, call, depth + 1, false, visiting));
    return results.length === 1 ? results[0] : domain.join(results, fn);
  }

  private leave<R>(
    domain: Domain<R>,
    fn: ts.FunctionLikeDeclaration,
    depth: number,
    visiting: Set<ts.Node>,
    step: (item: Step) => R | undefined = (item) => domain.step(item),
    streamed = false,
    instance?: ts.ClassLikeDeclaration,
  ): R {
    // The AI SDK runs a UI stream's `execute` and sends the client what `onError` makes of its
    // failure (its generic message without one): the code around the SDK's call never sees it.
    const execution = uiStreamExecution(fn);
    if (execution) {
      const handled = step({
        kind: 'promise-handler',
        call: execution.call,
        handler: execution.onError ?? execution.call,
        depth: depth + 1,
        forClient: execution.onError ? 'option' : 'default',
        ...(execution.option ? { shownAt: execution.option } : {}),
      });
      return handled !== undefined ? handled : domain.end({ kind: 'registered', fn });
    }
    // A callback the SDK awaits inside its call (`experimental_repairText`): what it throws
    // rejects that call, and goes on from there as from a caller.
    const awaiting = awaitingSdkCall(fn);
    if (awaiting) return this.from(domain, awaiting, depth + 1, false, visiting, instance);
    const parent = callbackOf(fn);
    if (parent) {
      const name = calleeName(parent);
      // A tRPC procedure: the server runs it, turns what it throws into an error response and
      // hands it to the adapter's `onError`, out of sight here.
      if (isProcedureResolver(parent)) return domain.end({ kind: 'exported', fn });
      // An Electron `ipcMain.handle` listener: its failure rejects the renderer's `invoke`.
      if (isInvokeHandler(parent)) return domain.end({ kind: 'exported', fn });
      // `asyncHandler(async (req, res) => ...)` given to a route: its rejection goes to `next(error)`.
      const wrapped = this.apps.ofWrappedRoute(parent);
      if (wrapped) {
        const { handler } = wrapped;
        const handled =
          handler &&
          step({ kind: 'promise-handler', ...handler, depth: depth + 1, shownAt: this.apps.shownAt(handler) });
        return handled !== undefined ? handled : domain.end({ kind: 'registered', fn });
      }
      if (registersCallback(parent)) {
        // The framework hands an error escaping a route to the error handler of the same app.
        const handler = ROUTE_REGISTRATIONS.has(name) ? this.apps.ofRoute(parent) : undefined;
        const handled =
          handler &&
          step({ kind: 'promise-handler', ...handler, depth: depth + 1, shownAt: this.apps.shownAt(handler) });
        return handled !== undefined ? handled : domain.end({ kind: 'registered', fn });
      }
      const result = step({ kind: 'passed-to', call: parent, fn, depth });
      if (result !== undefined) return result;
      // A callback that returns the stream (`abortWhenIdle(ms, (signal) => client.stream(...))`,
      // `pRetry(() => ...)`): what the call gives back is the stream, failing where that is read.
      if (streamed) {
        const sites = consumptionSites(parent, this.resolve);
        if (sites.length > 0 && !(sites.length === 1 && sites[0] === outermost(parent))) {
          const results = sites.map((site) => this.from(domain, site, depth, true, visiting, instance));
          return results.length === 1 ? results[0] : domain.join(results, fn);
        }
      }
      // `export const chat = traceable(async (input) => ...)`: the helper gives back a function that
      // runs this one, and the error comes out where that function is called.
      const made = this.callsOfMade([parent]);
      if (made) return this.fromCallers(domain, made, fn, depth, visiting);
      // pRetry(fn), policy.execute(fn), items.map(fn): the error comes out of that call.
      return this.from(domain, parent, depth, false, visiting, instance);
    }
    const left = step({ kind: 'leave', fn, depth });
    if (left !== undefined) return left;
    // `return (async function* () { ... })()`: written and run in place, the function is part of
    // the one around it, and the walk goes on from its call (or, for a generator, from where what
    // it makes is read) at the same depth.
    const invocation = immediateInvocation(fn);
    if (invocation) {
      if (!isGenerator(fn) && !streamed) return this.from(domain, invocation, depth, false, visiting, instance);
      const sites = consumptionSites(invocation, this.resolve);
      if (sites.length === 0) return domain.end({ kind: 'floating', node: fn });
      const results = sites.map((site) => this.from(domain, site, depth, true, visiting, instance));
      return results.length === 1 ? results[0] : domain.join(results, fn);
    }
    // `return async (...args) => { ... }` in a helper: this function is what the helper's calls give
    // back, called where their values are (`const chat = withLogging(load)`, then `chat(input)`).
    const helper = returningFunction(fn);
    if (helper) {
      const helperCalls = this.callers.callersOf(helper);
      const made = this.callsOfMade(helperCalls);
      if (made) return this.fromCallers(domain, made, fn, depth, visiting);
      // A factory nobody here calls but code outside may: what it gives back is called there too,
      // and where the workspace calls through the function type it is given as (`Endpoint`).
      if (helperCalls.length === 0 && this.callers.calledFromOutside(helper)) {
        const typed = this.callers.callersOf(fn);
        return typed.length > 0
          ? this.fromCallers(domain, typed, fn, depth, visiting)
          : domain.end({ kind: 'exported', fn });
      }
      // `return endpointFor(config)`: the function made is handed on, and runs where what the
      // functions returning it give back is held and called (the call graph follows two returns),
      // or, further than that, in code whose callers handle its failure, or not.
      if (helperCalls.some((call) => isReturned(call))) {
        const further = this.callers.callersOf(fn);
        return further.length > 0
          ? this.fromCallers(domain, further, fn, depth, visiting)
          : domain.end({ kind: 'exported', fn });
      }
    }
    if (depth >= MAX_CALLER_DEPTH) return domain.end({ kind: 'limit', fn });
    // `this.send()` in a base class method reaches an override only on instances of its class:
    // a caller on an instance of an unrelated subclass is not on this path.
    const instances = new Map<ts.CallExpression, ts.ClassLikeDeclaration | undefined>();
    for (const call of this.callers.callersOf(fn)) {
      const onInstance = thisCallInstance(call, fn, instance, this.ancestry);
      if (onInstance !== false) instances.set(call, onInstance);
    }
    const all = [...instances.keys()];
    const callers = followed(all, visiting);
    if (all.length > 0 && callers.length === 0) return domain.end({ kind: 'top', node: fn });
    if (callers.length === 0) {
      return this.callers.calledFromOutside(fn)
        ? domain.end({ kind: 'exported', fn })
        : domain.end({ kind: 'top', node: fn });
    }
    const results: R[] = [];
    for (const caller of callers) {
      const onInstance = instances.get(caller);
      if (isGenerator(fn) || streamed) {
        // A generator's errors, or those of a stream the function returns, surface where it is
        // iterated, not where it is called.
        for (const site of consumptionSites(caller, this.resolve))
          results.push(this.from(domain, site, depth + 1, true, visiting, onInstance));
      } else {
        results.push(this.from(domain, caller, depth + 1, false, visiting, onInstance));
      }
    }
    if (results.length === 0) return domain.end({ kind: 'floating', node: fn });
    return domain.join(results, fn);
  }
}

/**
 * A call that registers its callback with a framework, an emitter or a timer (`app.post(path,
 * handler)`, `on('llm/complete', handler)`, `setTimeout(fn)`): the callback runs on its own,
 * later, and an error escaping it reaches the framework, not the code that registered it. Not
 * `Promise.all(...)`, whose `all` is also a route's.
 */
export function registersCallback(call: ts.CallExpression): boolean {
  if (!ENTRY_REGISTRATIONS.has(calleeName(call))) return false;
  const callee = unwrapExpression(call.expression);
  return !(ts.isPropertyAccessExpression(callee) && unwrapExpression(callee.expression).getText() === 'Promise');
}

/** Test frameworks' registrations: a callback given to them is a test, run by the test runner. */
const TEST_REGISTRATIONS = new Set([
  'describe',
  'it',
  'test',
  'suite',
  'bench',
  'beforeEach',
  'beforeAll',
  'afterEach',
  'afterAll',
  'before',
  'after',
]);

/**
 * The callers a walk follows: none already on this path (an override calling its base adds
 * nothing but a loop), production code before tests (tests call the code to check it; what
 * production callers do with the error is the answer), at most MAX_CALLERS_PER_FUNCTION.
 */
function followed(callers: readonly ts.CallExpression[], visiting: Set<ts.Node>): ts.CallExpression[] {
  const acyclic = callers.filter((caller) => !visiting.has(caller));
  const production = acyclic.filter((caller) => !insideTest(caller));
  return (production.length > 0 ? production : acyclic).slice(0, MAX_CALLERS_PER_FUNCTION);
}

/**
 * Helpers whose made function drops what the callback returns (`debounce(async () => ...)` runs
 * it later and gives back no promise of that run): its failure never comes out of their calls.
 */
const DROPS_RESULTS = /^(?:debounce|throttle)/i;

export function dropsResults(helperCall: ts.CallExpression): boolean {
  return DROPS_RESULTS.test(calleeName(helperCall));
}

/** Is the node inside a callback registered with a test framework (`test('...', async () => ...)`)? */
function insideTest(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    const registration = callbackOf(current);
    if (!registration) continue;
    let callee = unwrapExpression(registration.expression);
    // `it.only(...)`, `test.each(table)(...)`, `describe.skip(...)`.
    while (ts.isPropertyAccessExpression(callee) || ts.isCallExpression(callee))
      callee = unwrapExpression(ts.isCallExpression(callee) ? callee.expression : callee.expression);
    if (ts.isIdentifier(callee) && TEST_REGISTRATIONS.has(callee.text)) return true;
  }
  return false;
}

function laterAwait(name: string, declaration: ts.VariableDeclaration): ts.Node | undefined {
  let scope: ts.Node = declaration;
  while (scope.parent && !isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  let use: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (use) return;
    if (node !== scope && isFunctionLike(node)) return;
    if (ts.isIdentifier(node) && node.text === name && node !== declaration.name && node.pos > declaration.end) {
      const parent = node.parent;
      if (
        ts.isAwaitExpression(parent) ||
        ts.isReturnStatement(parent) ||
        ts.isArrayLiteralExpression(parent) ||
        ts.isPropertyAccessExpression(parent) ||
        (ts.isForOfStatement(parent) && parent.expression === node) ||
        ts.isYieldExpression(parent)
      ) {
        use = node;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return use;
}

/** The walk's instance class in a cache key: answers differ per instance (see this-calls.ts). */
function instanceKey(instance: ts.ClassLikeDeclaration | undefined): string {
  return instance ? `@${instance.getSourceFile().fileName}:${instance.pos}` : '';
}
