import { ts } from 'ts-morph';
import { enclosingFunction, immediateInvocation, isFunctionLike, returningFunction, valueHolderOf } from '../ast';
import type { DetectedCall } from '../detect';
import type { CallerIndex } from './call-graph';
import { callbackOf } from './callbacks';
import { dropsResults, registersCallback } from './solver';

/**
 * A call of one of the workspace's own model-calling functions (`summarize(text)`,
 * `this.api.createMessage(...)` through an interface): a model-call site too, one level or more
 * above the SDK call, where the code around it makes its own decisions.
 */
export interface WrapperSite {
  node: ts.CallExpression;
  /** The model calls it reaches. */
  via: DetectedCall[];
  /** The functions it calls that lead to those model calls (implementations, for an interface method). */
  callees: ts.FunctionLikeDeclaration[];
  /**
   * Where, inside each callee, the model calls' errors first surface: a model call it makes, or a
   * wrapper site within it. Shared by all sites of one walk.
   */
  origins: ReadonlyMap<ts.FunctionLikeDeclaration, readonly Origin[]>;
}

/** A place inside a wrapper where a model call's error surfaces: the call itself, or a deeper wrapper site. */
type Origin = { call: DetectedCall } | { site: WrapperSite };

/** How many levels of wrappers above an SDK call are listed. */
const MAX_WRAPPER_DEPTH = 4;

/**
 * Walks the call graph upwards from the model calls: the callers of the functions that make
 * them, then the callers of those callers' functions, and so on to the limit.
 */
export function wrapperSites(calls: readonly DetectedCall[], graph: CallerIndex): WrapperSite[] {
  const direct = new Set<ts.Node>(calls.map((call) => call.node));
  const sites = new Map<ts.CallExpression, WrapperSite>();
  const origins = new Map<ts.FunctionLikeDeclaration, Origin[]>();
  const addOrigin = (fn: ts.FunctionLikeDeclaration, origin: Origin): void => {
    const list = origins.get(fn) ?? [];
    list.push(origin);
    origins.set(fn, list);
  };
  let frontier = new Map<ts.FunctionLikeDeclaration, Set<DetectedCall>>();
  for (const call of calls) {
    const fn = callingFunction(call.node, graph);
    if (!fn) continue;
    add(frontier, fn, [call]);
    addOrigin(fn, { call });
  }
  // A fetch shim's request is a model call for the calls that pass it a model request: the shim's
  // other callers (telemetry or a download through the same generic helper) are not wrapper sites.
  const carriers = new Set<ts.CallExpression>();
  const shims = new Set<ts.FunctionLikeDeclaration>();
  for (const call of calls) {
    for (const [carrier, shim] of call.carriers ?? []) {
      carriers.add(carrier);
      shims.add(shim);
    }
  }
  // The model calls already passed on from each function: one reached again later, through a
  // longer chain (a provider whose SDK call sits a level deeper than another's), passes on the new
  // ones only, so that every wrapper site above lists all the calls it reaches.
  const done = new Map<ts.FunctionLikeDeclaration, Set<DetectedCall>>();
  // A helper reached only through its call of a callback passed by name (`fn()` in `retry(fn)`):
  // the calls of it that passed that callback, not every call of the helper.
  const handedOnly = new Map<ts.FunctionLikeDeclaration, Set<ts.CallExpression> | 'all'>();
  for (let depth = 0; depth < MAX_WRAPPER_DEPTH && frontier.size > 0; depth++) {
    const next = new Map<ts.FunctionLikeDeclaration, Set<DetectedCall>>();
    for (const [fn, reaching] of frontier) {
      const passed = done.get(fn) ?? new Set<DetectedCall>();
      const via = new Set([...reaching].filter((call) => !passed.has(call)));
      if (via.size === 0) continue;
      for (const call of via) passed.add(call);
      done.set(fn, passed);
      const throughShim = shims.has(fn) && [...via].every((call) => call.carriers);
      const only = handedOnly.get(fn);
      // The calls of a function made from this one are chosen by the helper calls in `only` already.
      const made = new Set(madeFunctionCalls(fn, graph, only));
      for (const caller of [...graph.callersOf(fn), ...made]) {
        if (direct.has(caller) || isInside(caller, fn)) continue;
        if (throughShim && !carriers.has(caller)) continue;
        if (only && only !== 'all' && !only.has(caller) && !made.has(caller)) continue;
        let site = sites.get(caller);
        const outer = callingFunction(caller, graph);
        if (!site) {
          site = { node: caller, via: [], callees: [], origins };
          sites.set(caller, site);
          if (outer) addOrigin(outer, { site });
        }
        for (const call of via) if (!site.via.includes(call)) site.via.push(call);
        if (!site.callees.includes(fn)) site.callees.push(fn);
        if (!outer) continue;
        add(next, outer, via);
        const handing = graph.handedOnBy(fn, caller);
        const known = handedOnly.get(outer);
        if (handing && known !== 'all') handedOnly.set(outer, new Set([...(known ?? []), ...handing]));
        else handedOnly.set(outer, 'all');
      }
    }
    frontier = next;
  }
  return [...sites.values()];
}

/**
 * The function whose callers run the node: the enclosing one, or for a callback the one that hands
 * it on; a callback the helper makes into a function the code calls (`export const summarise =
 * withLogging('summarise', async (text) => ...)`) is run where that function is (madeFunctionCalls).
 */
function callingFunction(node: ts.Node, graph: CallerIndex): ts.FunctionLikeDeclaration | undefined {
  let fn = enclosingFunction(node);
  for (let hops = 0; fn && hops < 4; hops++) {
    // `return (async function* () { ... })()`: the code runs as part of the function around it.
    const invoked = immediateInvocation(fn);
    if (invoked) {
      fn = enclosingFunction(invoked);
      continue;
    }
    const handedTo = callbackOf(fn);
    if (!handedTo) return fn;
    // `on('llm/complete', async (msg) => model.complete(...))`, `app.post(path, asyncHandler(async
    // (req, res) => ...))`: the handler runs when the event or request comes. The function that
    // registers it calls no model, and neither do its callers.
    if (registersCallback(handedTo) || registersWrapped(handedTo)) return undefined;
    const holder = dropsResults(handedTo) ? undefined : valueHolderOf(handedTo);
    if (holder && graph.callersOfValue(holder).length > 0) return fn;
    fn = enclosingFunction(handedTo);
  }
  return fn;
}

/** `app.post(path, asyncHandler(handler))`: the helper's call is registered in turn. */
function registersWrapped(helperCall: ts.CallExpression): boolean {
  const outer = helperCall.parent;
  return ts.isCallExpression(outer) && outer.arguments.includes(helperCall) && registersCallback(outer);
}

/**
 * The calls of a function a helper made from `fn`: `summarise(text)` for the callback of `const
 * summarise = withLogging(..., callback)`, and for the function a helper gives back (`return async
 * (...args) => ...`), the calls of what holds each helper call's value, of the helper calls that
 * passed the callback when those are known (`only`).
 */
function madeFunctionCalls(
  fn: ts.FunctionLikeDeclaration,
  graph: CallerIndex,
  only: Set<ts.CallExpression> | 'all' | undefined,
): ts.CallExpression[] {
  const handedTo = callbackOf(fn);
  const helper = handedTo ? undefined : returningFunction(fn);
  const helperCalls = handedTo
    ? [handedTo]
    : helper
      ? graph.callersOf(helper).filter((call) => !only || only === 'all' || only.has(call))
      : [];
  return helperCalls.flatMap((call) => {
    const holder = dropsResults(call) ? undefined : valueHolderOf(call);
    return holder ? graph.callersOfValue(holder) : [];
  });
}

/** Recursion: a function calling itself is not a wrapper site of itself. */
function isInside(node: ts.Node, fn: ts.FunctionLikeDeclaration): boolean {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (current === fn) return true;
    if (isFunctionLike(current) && !ts.isArrowFunction(current)) return false;
  }
  return false;
}

function add(
  map: Map<ts.FunctionLikeDeclaration, Set<DetectedCall>>,
  fn: ts.FunctionLikeDeclaration,
  calls: Iterable<DetectedCall>,
): void {
  const set = map.get(fn) ?? new Set<DetectedCall>();
  for (const call of calls) set.add(call);
  map.set(fn, set);
}
