import { ts } from 'ts-morph';
import {
  catchAround,
  declarationOf,
  enclosingFunction,
  functionName,
  isFunctionLike,
  lineOf,
  readPath,
  resolveObjectLiteral,
  throwsOnEveryPath,
  unwrapExpression,
  walkSameFunction,
} from '../ast';
import type { DetectedCall } from '../detect';
import type { Domain, PathEnd, Solver, Step } from '../graph/solver';
import { type CalleeResolver, consumptionSites, outermost } from '../graph/streams';
import { callbackInvocations } from '../graph/callbacks';
import { readSettled } from '../graph/settled';
import { uiStreamExecution } from '../graph/ui-streams';
import { failureKeyOf, readErrorValue } from '../graph/error-values';
import type { CodeLocation, FailureFacet } from '../types';
import type { FacetContext } from './context';
import { errorListenerOf } from './error-listeners';
import { errorPartReading } from './error-parts';
import { readOption } from './options';
import { loggedByRetryHook } from './retry-hooks';
import { sentinelTestedAfter } from './sentinels';
import { errorValueBehaviour, settledBehaviour } from './settled';
import {
  calledFunction,
  describeHandler,
  describeReaction,
  executorOfReject,
  type HandlerBehaviour,
  isSwallowing,
} from './handlers';

/** A place that reacts to the call's failure. */
export interface FailureHandler {
  /** The catch clause, the `.catch(...)` call, or the `onError` option. */
  node: ts.Node;
  behaviour: HandlerBehaviour;
  location: CodeLocation;
  local: boolean;
  /** How many callers up from the call it stands (0 in the call's own function). */
  depth: number;
  /** The failure became a value (`const { error } = await tryCatch(call)`) that this code tests. */
  asValue?: true;
  /** Chosen among what several callers do with the failure (theirs, this one's included). */
  among?: readonly HandlerSearch[];
  /**
   * The helper call whose callback the handler's try runs (`withRetry(() => call())`, the handler
   * in `withRetry`): what the handler rethrows comes out of that call, not out of the helper's
   * other calls elsewhere.
   */
  via?: ts.CallExpression;
}

export type HandlerSearch =
  | { kind: 'handled'; handler: FailureHandler }
  | { kind: 'exported'; fn: ts.FunctionLikeDeclaration }
  | { kind: 'none'; reaches: ts.Node };

/**
 * The failure facet as a domain of the solver: the first enclosing construct, here or in a
 * caller, that catches the error and does something with it.
 */
class HandlerDomain implements Domain<HandlerSearch> {
  constructor(
    private readonly checker: ts.TypeChecker,
    /** The search from another node (a rejected executor's promise). */
    private readonly from: (node: ts.Node) => HandlerSearch,
  ) {}

  step(step: Step): HandlerSearch | undefined {
    if (step.kind === 'promise-handler') {
      const fn = unwrapExpression(step.handler);
      const handled = (read: HandlerBehaviour): HandlerSearch => ({
        kind: 'handled',
        handler: {
          node: step.call,
          behaviour: step.valueIgnored
            ? { ...read, returnsValue: false, returnsFailureResult: false }
            : step.forClient
              ? { ...read, returnsValue: false, returnsFailureResult: true, sendsToClient: true }
              : read,
          location: location(step.shownAt ?? step.call),
          local: step.depth === 0,
          depth: step.depth,
        },
      });
      // No `onError` written: the SDK sends the client its generic message, and logs nothing.
      if (step.forClient === 'default') return handled(describeHandler(step.call.expression, undefined));
      if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
        const behaviour = describeHandler(fn.body, bindingText(fn.parameters[0]?.name), this.checker);
        if (behaviour.rethrowsOnly) return this.passedOn(behaviour);
        // `.catch(() => null)` and `if (!answer) return error(503)` right after: one handler.
        const tested = sentinelTestedAfter(step.call, fn, this.checker);
        return handled(tested ? withFailureBranch(behaviour, tested) : behaviour);
      }
      // `.catch(reject)` in a promise executor: the failure goes on from the executor's promise.
      const rejected = ts.isIdentifier(fn) ? executorOfReject(fn) : undefined;
      if (rejected) return this.from(rejected);
      // `.catch(handleError)`: a named handler; read its body when the checker finds it.
      const declared = handlerDeclaration(fn, this.checker);
      const behaviour = declared
        ? describeHandler(declared.body ?? declared, bindingText(declared.parameters[0]?.name), this.checker)
        : { ...describeHandler(fn, undefined, this.checker), logs: true };
      return handled(behaviour);
    }
    if (step.kind === 'passed-to') {
      // `withRefresh(() => call())` where the helper runs the callback inside its own try/catch.
      const clause = catchAroundInvocation(step.call, step.fn, this.checker);
      if (!clause) return undefined;
      const behaviour = describeHandler(clause.block, bindingText(clause.variableDeclaration?.name), this.checker);
      if (behaviour.rethrowsOnly) return undefined;
      return {
        kind: 'handled',
        handler: {
          node: clause,
          behaviour,
          location: location(clause),
          local: step.depth === 0,
          depth: step.depth,
          via: step.call,
        },
      };
    }
    if (step.kind === 'settled') {
      // A branch that throws the reason lets the failure out after all: the walk goes on.
      const behaviour = settledBehaviour(step.call, step.index, this.checker);
      if (behaviour.rethrows) return undefined;
      const shown = readSettled(step.call, step.index).branch ?? step.call;
      return {
        kind: 'handled',
        handler: { node: step.call, behaviour, location: location(shown), local: step.depth === 0, depth: step.depth },
      };
    }
    if (step.kind === 'as-value') {
      // A branch that throws lets the failure out after all: the walk goes on.
      const { helper } = step;
      const behaviour = errorValueBehaviour(helper, this.checker);
      if (behaviour.rethrows) return undefined;
      const asValue = helper.key !== undefined;
      const shown = asValue ? (readErrorValue(helper).branch ?? helper.call) : (helper.handler?.node ?? helper.call);
      return {
        kind: 'handled',
        handler: {
          node: helper.call,
          behaviour,
          location: location(shown),
          local: step.depth === 0,
          depth: step.depth,
          ...(asValue ? { asValue: true as const } : {}),
        },
      };
    }
    if (step.kind === 'catch') {
      const clause = step.clause;
      const behaviour = describeHandler(clause.block, bindingText(clause.variableDeclaration?.name), this.checker);
      if (behaviour.rethrowsOnly) return this.passedOn(behaviour);
      return {
        kind: 'handled',
        handler: { node: clause, behaviour, location: location(clause), local: step.depth === 0, depth: step.depth },
      };
    }
    return undefined;
  }

  rebase(result: HandlerSearch, by: number): HandlerSearch {
    if (result.kind !== 'handled') return result;
    return { kind: 'handled', handler: { ...result.handler, depth: result.handler.depth + by } };
  }

  /** A handler that only passes the error on: the walk goes on here, or from the promise it rejects. */
  private passedOn(behaviour: HandlerBehaviour): HandlerSearch | undefined {
    return behaviour.rejectsInto ? this.from(behaviour.rejectsInto) : undefined;
  }

  end(end: PathEnd): HandlerSearch {
    if (end.kind === 'exported' || end.kind === 'limit') return { kind: 'exported', fn: end.fn };
    return { kind: 'none', reaches: end.kind === 'registered' ? end.fn : end.node };
  }

  /**
   * Callers that differ: the answer most of them give, handled on a tie. Of the handlers, one that
   * does something with the error. A failure is said to be swallowed only where no path lets it
   * out: a provider's method whose main callers leave its failure to theirs is not "swallowed"
   * because an evaluation helper calling it in eight places drops it.
   */
  join(results: HandlerSearch[]): HandlerSearch {
    const handled = results.filter((result) => result.kind === 'handled');
    const other = results.filter((result) => result.kind !== 'handled');
    const acting = handled.find((result) => !isSwallowing(result.handler.behaviour));
    if (handled.length > 0 && handled.length >= other.length && (acting || other.length === 0)) {
      const chosen = acting ?? handled[0];
      // What the other callers do stays known: one caller's default is not the call's fallback.
      return { kind: 'handled', handler: { ...chosen.handler, among: results } };
    }
    return other.find((result) => result.kind === 'none') ?? other[0] ?? handled[0];
  }
}

/**
 * Where a rethrown error is recorded: the first handler on its way that logs it; a handler that
 * neither logs nor rethrows ends the search.
 */
class LoggingDomain implements Domain<CodeLocation | null> {
  constructor(
    private readonly checker: ts.TypeChecker,
    /** The search from another node (a rejected executor's promise). */
    private readonly from: (node: ts.Node) => CodeLocation | null,
  ) {}

  step(step: Step): CodeLocation | null | undefined {
    const handler = step.kind === 'promise-handler' ? unwrapExpression(step.handler) : undefined;
    const rejected = handler && ts.isIdentifier(handler) ? executorOfReject(handler) : undefined;
    if (rejected) return this.from(rejected);
    const behaviour =
      step.kind === 'catch'
        ? describeHandler(step.clause.block, bindingText(step.clause.variableDeclaration?.name), this.checker)
        : step.kind === 'promise-handler'
          ? promiseHandlerBehaviour(step.handler, this.checker)
          : step.kind === 'settled'
            ? settledBehaviour(step.call, step.index, this.checker)
            : step.kind === 'as-value'
              ? errorValueBehaviour(step.helper, this.checker)
              : undefined;
    if (!behaviour) return undefined;
    if (behaviour.logs && !behaviour.rethrowsOnly) return location(behaviour.loggedAt ?? behaviour.body);
    if (!behaviour.rethrows) return null;
    return behaviour.rejectsInto ? this.from(behaviour.rejectsInto) : undefined;
  }

  end(): CodeLocation | null {
    return null;
  }

  /** Logged when at least half of the callers' paths log it. */
  join(results: (CodeLocation | null)[]): CodeLocation | null {
    const logged = results.filter((result): result is CodeLocation => result !== null);
    return logged.length > 0 && logged.length * 2 >= results.length ? logged[0] : null;
  }
}

/** A `.catch` callback's behaviour with the branch that turns its `null` into a failure. */
function withFailureBranch(behaviour: HandlerBehaviour, branch: HandlerBehaviour): HandlerBehaviour {
  return {
    ...behaviour,
    returnsValue: branch.returnsValue,
    returnsFailureResult: branch.returnsFailureResult,
    rethrows: behaviour.rethrows || branch.rethrows,
    logs: behaviour.logs || branch.logs,
    loggedAt: behaviour.loggedAt ?? branch.loggedAt,
    ...(branch.httpStatus !== undefined ? { httpStatus: branch.httpStatus } : {}),
  };
}

function promiseHandlerBehaviour(handler: ts.Expression, checker: ts.TypeChecker): HandlerBehaviour | undefined {
  const fn = unwrapExpression(handler);
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))
    return describeHandler(fn.body, bindingText(fn.parameters[0]?.name), checker);
  return undefined;
}

/** The error leaves the function it surfaced in: something further out decides. */
const LEAVES = 'leaves';

/**
 * Does a handler inside the function catch the error for good (no rethrow), before it leaves that
 * function? The failure domain's steps, stopped at the function's edge.
 */
class ContainedDomain implements Domain<HandlerSearch | typeof LEAVES> {
  constructor(private readonly handlers: HandlerDomain) {}

  step(step: Step): HandlerSearch | typeof LEAVES | undefined {
    if (step.kind === 'leave') return LEAVES;
    const found = this.handlers.step(step);
    if (!found) return undefined;
    if (found.kind !== 'handled') return LEAVES;
    const { behaviour, node } = found.handler;
    // A handler that rethrows (transformed or not) lets a failure out; one found from a
    // rejected promise may stand outside the function.
    if (behaviour.rethrows || behaviour.rejectsInto || !within(node, step)) return LEAVES;
    return found;
  }

  end(): typeof LEAVES {
    return LEAVES;
  }

  join(): typeof LEAVES {
    return LEAVES;
  }
}

/**
 * Is the handler the step's own (not one reached through a rejected promise elsewhere)? A helper
 * given the callback catches in its own body.
 */
function within(handler: ts.Node, step: Step): boolean {
  if (step.kind === 'passed-to' || step.kind === 'as-value') return true;
  if (step.kind === 'ancestor' || step.kind === 'leave') return false;
  const at = step.kind === 'catch' ? step.clause : step.call;
  return enclosingFunction(handler) === enclosingFunction(at);
}

/** The failure as a callback receives it; `throwsOut` when it throws on every path and the promise rejects. */
interface CallbackReading {
  facet: FailureFacet;
  handler?: FailureHandler;
  throwsOut?: boolean;
}

export class FailureAnalysis {
  private readonly domain: HandlerDomain;
  /**
   * The same search from a handler on (`rethrownTo`), apart: the solver keeps each domain's answers
   * with the depth counted from where that domain's searches start.
   */
  private readonly onward: HandlerDomain;
  private readonly logging: LoggingDomain;
  private readonly contained: ContainedDomain;

  constructor(
    private readonly context: FacetContext,
    private readonly solver: Solver,
  ) {
    this.domain = new HandlerDomain(context.checker, (node) => solver.solve(this.domain, node));
    this.onward = new HandlerDomain(context.checker, (node) => solver.solve(this.onward, node));
    this.logging = new LoggingDomain(context.checker, (node) => solver.solve(this.logging, node));
    this.contained = new ContainedDomain(this.domain);
  }

  /**
   * The handler, in the function that makes the model call, that ends the call's failure there:
   * the function's callers never see it (`try { ... } catch (e) { log(e); return '' }`). Errors
   * that arrive in a callback (an AI SDK stream's `onError`) never reach the callers either.
   * Undefined when some failure leaves the function.
   */
  handledInside(call: DetectedCall): { facet: FailureFacet; handler?: FailureHandler } | undefined {
    const callback = this.streamCallback(call);
    // A callback that throws the failure on lets it out wherever the call is awaited.
    if (callback?.facet.handledBy === 'callback' && (!callback.throwsOut || floats(call.node))) return callback;
    const site = errorSite(call, this.context.checker);
    // Handed out by `return`: a try around it does not see the stream's errors.
    if (ts.isReturnStatement(site)) return undefined;
    if (call.streaming && site === call.node && !hasPromiseHandler(call.node)) {
      const fn = enclosingFunction(call.node);
      if (fn && streamIsReturned(call.node, fn)) return undefined;
    }
    return this.handledInsideFrom(site);
  }

  /** The same for any node where an error surfaces (a call of a wrapper that lets it out). */
  handledInsideFrom(node: ts.Node, awaited = false): { facet: FailureFacet; handler?: FailureHandler } | undefined {
    const found = this.solver.solve(this.contained, node, awaited);
    return found === LEAVES ? undefined : this.facetOf(found);
  }

  facet(call: DetectedCall): { facet: FailureFacet; handler?: FailureHandler } {
    const callback: CallbackReading | undefined = this.streamCallback(call) ?? this.errorListener(call);
    if (callback) {
      // An Observable's failure reaches its observer only: no catch around the call or the
      // subscription sees it.
      if (callback.handler && call.shape.streamErrors?.observer) return callback;
      // onError and a try/catch around reading the stream: the catch next to the call decides.
      const read = callback.facet.handledBy === 'callback' ? this.search(call) : undefined;
      if (!callback.throwsOut) return read?.kind === 'handled' && read.handler.local ? this.facetOf(read) : callback;
      // A callback that throws it on (fetchEventSource's `onerror`): the call's promise rejects,
      // and whoever awaits it handles it (or its callers, out of an exported function); the
      // callback has recorded it first if it logs. Where nothing awaits it, the callback is all
      // that acts on the failure.
      if (!read || floats(call.node) || (read.kind === 'none' && !callback.handler?.behaviour.rethrowsOnly))
        return callback;
      const found = this.facetOf(read);
      return callback.facet.logged && !found.facet.logged
        ? { ...found, facet: { ...found.facet, logged: true, loggedAt: callback.facet.loggedAt } }
        : found;
    }
    const found = this.facetOf(this.search(call));
    if (found.facet.logged) return found;
    // Recorded by a retry library's hook for every failed attempt, the last one included.
    const hook = loggedByRetryHook(call, this.context.checker);
    return hook ? { ...found, facet: { ...found.facet, logged: true, loggedAt: location(hook) } } : found;
  }

  /** The facet of a search from any site: a model call's, or a call of a function that makes one. */
  facetOf(search: HandlerSearch): { facet: FailureFacet; handler?: FailureHandler } {
    if (search.kind === 'handled') {
      const { handler } = search;
      const fallsBack = this.context.modelCallsWithin(handler.behaviour.body).length > 0;
      const logged = this.loggedBy(search);
      return {
        facet: {
          handledBy: handler.asValue
            ? 'result'
            : handsToCallback(handler.behaviour) || handler.behaviour.sendsToClient
              ? 'callback'
              : handler.local
                ? 'local'
                : 'caller',
          where: handler.location,
          swallowed: isSwallowing(handler.behaviour) && !fallsBack,
          reaction: describeReaction(handler.behaviour, fallsBack),
          logged: !!logged,
          ...(logged ? { loggedAt: logged } : {}),
          ...(handler.behaviour.passesOn ? { passesOn: true as const } : {}),
        },
        handler,
      };
    }
    if (search.kind === 'exported') {
      return { facet: { handledBy: 'exported', swallowed: false, logged: false, reaches: location(search.fn) } };
    }
    return { facet: { handledBy: 'none', swallowed: false, logged: false, reaches: location(search.reaches) } };
  }

  search(call: DetectedCall): HandlerSearch {
    const site = errorSite(call, this.context.checker);
    // Handed out by `return` (after a function it was handed to gave it back): read by the callers.
    const returnedFrom = ts.isReturnStatement(site) ? enclosingFunction(site) : undefined;
    if (returnedFrom) return this.solver.leaving(this.domain, returnedFrom);
    if (call.streaming && site === call.node && !hasPromiseHandler(call.node)) {
      // Nothing here reads the stream: its errors surface wherever it is read, not in this try.
      const fn = enclosingFunction(call.node);
      if (fn && streamIsReturned(call.node, fn)) return this.solver.leaving(this.domain, fn);
      // Read somewhere this analysis does not follow: the request's own failure is what it can see.
    }
    return this.solver.solve(this.domain, site);
  }

  /**
   * A wrapper whose handler returns a failure result (`catch (error) { return { success: false,
   * error: String(error) } }`) never throws at its call: the code there that tests the result
   * decides (`if (!outcome.success) { log(outcome.error); return 'general' }`). Undefined when
   * nothing there tests it; a test that throws lets the failure out from there.
   */
  resultTestedAt(
    call: ts.CallExpression,
    inside: FailureHandler,
  ): { facet: FailureFacet; handler?: FailureHandler } | undefined {
    const { behaviour } = inside;
    if (!behaviour.returnsFailureResult || behaviour.rethrows) return undefined;
    const key = failureKeyOf(behaviour.body, behaviour.errorName);
    if (key === undefined) return undefined;
    const read = readErrorValue({ call, key });
    if (!read.branch) return undefined;
    const tested = describeHandler(read.branch, read.error, this.context.checker);
    if (tested.rethrows) return this.facetOf(this.searchFrom(read.branch, true));
    const handler: FailureHandler = {
      node: call,
      behaviour: tested,
      location: location(read.branch),
      local: true,
      depth: 0,
      asValue: true,
    };
    return this.facetOf({ kind: 'handled', handler });
  }

  /** From any node where an error surfaces (a wrapper call, a stream's consumption). */
  searchFrom(node: ts.Node, awaited = false): HandlerSearch {
    return this.solver.solve(this.domain, node, awaited);
  }

  /**
   * Where the error a handler rethrows is handled next: the same search, from the handler on
   * (`catch (error) { span.error(error); throw error; }` inside a helper's loop over models).
   */
  rethrownTo(handler: FailureHandler): FailureHandler | undefined {
    const { behaviour, node } = handler;
    if (!behaviour.rethrows || behaviour.returnsValue) return undefined;
    // Out of the helper through the call that handed it the callback, unless a try of the
    // helper's own is around the handler's.
    const helper = ts.isCatchClause(node) ? enclosingFunction(node) : undefined;
    const fromCall = handler.via && helper && !catchAround(node.parent, helper) ? handler.via : undefined;
    const found = behaviour.rejectsInto
      ? this.solver.solve(this.onward, behaviour.rejectsInto)
      : fromCall
        ? this.solver.solve(this.onward, fromCall)
        : this.solver.solve(this.onward, ts.isCatchClause(node) ? node.parent : node, ts.isCatchClause(node));
    return found.kind === 'handled' ? found.handler : undefined;
  }

  /**
   * Where the error is recorded: by the handler, or, when the handler rethrows, by the handlers
   * the rethrown error reaches (most of the callers', when there are several).
   */
  private loggedBy(search: HandlerSearch): CodeLocation | undefined {
    if (search.kind !== 'handled') return undefined;
    const { behaviour, node } = search.handler;
    if (behaviour.logs) return behaviour.loggedAt ? location(behaviour.loggedAt) : search.handler.location;
    if (!behaviour.rethrows) return undefined;
    if (behaviour.rejectsInto) return this.solver.solve(this.logging, behaviour.rejectsInto) ?? undefined;
    const from = ts.isCatchClause(node) ? node.parent : node;
    return this.solver.solve(this.logging, from, ts.isCatchClause(node)) ?? undefined;
  }

  /**
   * A listener subscribed to the error event of an SDK's stream helper (the catalogue's
   * `errorEvent`): the errors reach it, and also whoever reads the stream.
   */
  private errorListener(call: DetectedCall): { facet: FailureFacet; handler?: FailureHandler } | undefined {
    const found = errorListenerOf(call, this.context.checker);
    // Placed at the subscribing method's name: a chain's call starts where the model call does.
    const at = found && ts.isPropertyAccessExpression(found.node.expression) ? found.node.expression.name : found?.node;
    const facet = found && at && this.callbackFacet(at, found.listener, 'ignored');
    // A listener that does nothing with the error (`on('error', () => {})`) handles nothing.
    return facet && !facet.facet.swallowed ? facet : undefined;
  }

  /**
   * The facet of a callback that receives the errors (`onError`, an `'error'` listener). What it
   * returns is the message the client is sent (`forClient`), or is ignored (a listener's).
   */
  private callbackFacet(
    node: ts.Node,
    callback: ts.Expression | undefined,
    returned?: 'forClient' | 'ignored',
  ): { facet: FailureFacet; handler: FailureHandler } {
    const forClient = returned === 'forClient';
    const value = callback ? unwrapExpression(callback) : undefined;
    // `{ error(error) { ... } }`: a method of the options or observer object is the callback too.
    const fn =
      value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))
        ? value
        : ts.isMethodDeclaration(node)
          ? node
          : undefined;
    const body = fn?.body ?? node;
    const errorName = fn ? bindingText(fn.parameters[0]?.name) : undefined;
    const read = describeHandler(body, errorName, this.context.checker);
    const behaviour = forClient
      ? { ...read, returnsFailureResult: true }
      : returned === 'ignored'
        ? { ...read, returnsValue: false, returnsFailureResult: false, httpStatus: undefined }
        : read;
    const handler: FailureHandler = { node, behaviour, location: location(node), local: true, depth: 0 };
    return {
      facet: {
        handledBy: 'callback',
        where: handler.location,
        swallowed: isSwallowing(behaviour),
        reaction: forClient
          ? `${behaviour.logs ? 'logs it and ' : ''}sends the client an error message`
          : describeReaction(behaviour, false),
        logged: behaviour.logs,
        ...(behaviour.logs ? { loggedAt: handler.location } : {}),
        // A listener sees the failure, and the stream's reader gets it too: it decides nothing.
        ...(returned === 'ignored' ? { passesOn: true as const } : {}),
      },
      handler,
    };
  }

  /** Errors that never reach the caller's code but a callback (the catalogue's `streamErrors`). */
  private streamCallback(call: DetectedCall): CallbackReading | undefined {
    const errors = call.shape.streamErrors;
    if (!errors || !call.streaming) return undefined;
    const own =
      (errors.callback ? readOption(call, [errors.callback]) : undefined) ??
      (errors.observer
        ? resultMethodOption(call, [{ name: errors.observer.method, argument: 0, option: errors.observer.option }])
        : undefined);
    // The UI stream's option returns the message the client shows: a failure it reports, no default.
    const forClient = own ? undefined : errors.uiStream && uiStreamErrorOption(call, errors.uiStream);
    const onError = own ?? forClient;
    if (onError) {
      const found = this.callbackFacet(onError.node, onError.value, forClient ? 'forClient' : undefined);
      const throwsOut = errors.throwingCallbackRejects && throwsOnEveryPath(onError.value ?? onError.node);
      return throwsOut ? { ...found, throwsOut } : found;
    }
    const fn = enclosingFunction(call.node);
    const body = fn?.body ?? call.node.getSourceFile();
    const reading = errors.errorPart && errorPartReading(call, errors.errorPart, this.context.checker);
    // The code reading the stream throws its error parts on (`case 'error': throw part.error`): the
    // failure reaches whoever consumes that reading, as a thrown error would.
    if (reading === 'rethrows') return undefined;
    if (reading === 'observes') {
      const behaviour = { ...describeHandler(body, undefined, this.context.checker), logs: true };
      const handler: FailureHandler = { node: body, behaviour, location: location(call.node), local: true, depth: 0 };
      return {
        facet: {
          handledBy: 'local',
          where: handler.location,
          swallowed: false,
          reaction: describeReaction(behaviour, false),
          logged: true,
          loggedAt: handler.location,
        },
        handler,
      };
    }
    // Without the callback the SDK's default takes the error (the AI SDK prints it) and the stream just ends.
    return {
      facet: { handledBy: 'callback', swallowed: false, logged: false, reaction: errors.withoutCallback },
    };
  }
}

/**
 * A handler that only hands the error to an error callback its caller gave (`catch (e) {
 * options.onError?.(e) }`): the failure is the callback's to handle. One that also logs, rethrows
 * or answers a value acts on it itself.
 */
function handsToCallback(behaviour: HandlerBehaviour): boolean {
  return (
    behaviour.forwardsTo === 'callback' &&
    !behaviour.logs &&
    !behaviour.rethrows &&
    !behaviour.returnsValue &&
    !behaviour.returnsFailureResult
  );
}

/**
 * A call whose promise nobody takes: a statement of its own (`void call(...)` too). Its rejection
 * reaches neither a catch around it nor the callers.
 */
function floats(node: ts.Node): boolean {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isVoidExpression(current.parent)) current = current.parent;
  return ts.isExpressionStatement(current.parent);
}

/**
 * The option the code gives a method of the call's result (`result.toUIMessageStreamResponse({
 * onError })`, `run(input).subscribe({ error })`): chained on the call, or called on the variable
 * holding it in the same function.
 */
function resultMethodOption(
  call: DetectedCall,
  methods: readonly { name: string; argument: number; option: string }[],
): { node: ts.Node; value?: ts.Expression } | undefined {
  const methodOption = (access: ts.Node): { node: ts.Node; value?: ts.Expression } | undefined => {
    const parent = access.parent;
    if (!ts.isPropertyAccessExpression(parent) || parent.expression !== access) return undefined;
    const method = methods.find((candidate) => candidate.name === parent.name.text);
    const invocation = parent.parent;
    if (!method || !ts.isCallExpression(invocation) || invocation.expression !== parent) return undefined;
    const found = readPath(resolveObjectLiteral(invocation.arguments[method.argument]), [method.option]);
    return found && { node: found.property, value: found.value };
  };
  const outer = outermost(call.node);
  const direct = methodOption(outer);
  if (direct) return direct;
  // `const result = streamText(...)`: the method called on the variable in the same function.
  const declaration = outer.parent;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  const name = declaration.name.text;
  const body = enclosingFunction(call.node)?.body ?? call.node.getSourceFile();
  let found: { node: ts.Node; value?: ts.Expression } | undefined;
  walkSameFunction(body, (node) => {
    if (!found && ts.isIdentifier(node) && node.text === name && node !== declaration.name) found = methodOption(node);
  });
  return found;
}

/**
 * The error option the code gives where the stream becomes a UI stream for the client (the
 * catalogue's `uiStream`): on a method of the result (`result.toUIMessageStreamResponse({ onError
 * })`, through the variable holding it too), or on the SDK function whose `execute` callback the
 * call runs in (`createUIMessageStream({ execute: ({ writer }) => { ...; writer.merge(...) }, onError })`).
 */
function uiStreamErrorOption(
  call: DetectedCall,
  ui: NonNullable<NonNullable<DetectedCall['shape']['streamErrors']>['uiStream']>,
): { node: ts.Node; value?: ts.Expression } | undefined {
  const onResult = resultMethodOption(call, ui.methods);
  if (onResult) return onResult;
  // Inside `execute` of the SDK function that makes the UI stream.
  for (let node: ts.Node | undefined = call.node.parent; node && !ts.isSourceFile(node); node = node.parent) {
    if (!isFunctionLike(node)) continue;
    const execution = uiStreamExecution(node);
    if (execution) return execution.option && { node: execution.option, value: execution.onError };
  }
  return undefined;
}

/** The catch clause in a workspace helper around its call of the callback it was given. */
function catchAroundInvocation(
  call: ts.CallExpression,
  callback: ts.FunctionLikeDeclaration,
  checker: ts.TypeChecker,
): ts.CatchClause | undefined {
  const found = callbackInvocations(call, callback, checker);
  for (const invocation of found?.invocations ?? []) {
    const clause = catchAround(invocation, found?.helper.body ?? invocation.getSourceFile());
    if (clause) return clause;
  }
  return undefined;
}

function handlerDeclaration(
  expression: ts.Expression,
  checker: ts.TypeChecker,
): ts.FunctionLikeDeclaration | undefined {
  const name = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
  const declaration = declarationOf(name, checker);
  if (!declaration) return undefined;
  if (isFunctionLike(declaration)) return declaration;
  if (
    ts.isVariableDeclaration(declaration) ||
    ts.isPropertyDeclaration(declaration) ||
    ts.isPropertyAssignment(declaration)
  ) {
    const value = declaration.initializer && unwrapExpression(declaration.initializer);
    if (value && isFunctionLike(value)) return value;
  }
  return undefined;
}

/**
 * Where a call's error surfaces: the call itself, or for a stream the place that reads it (a
 * `for await`, an iterator's `next()`, the function it is handed to). A `.catch` chained on the
 * call itself is where its request fails.
 */
export function errorSite(call: DetectedCall, checker?: ts.TypeChecker): ts.Node {
  if (!call.streaming || hasPromiseHandler(call.node)) return call.node;
  return streamErrorSite(call.node, checker);
}

/** Where the stream an expression evaluates to fails: where it is read, else where it is handed on. */
export function streamErrorSite(node: ts.Expression, checker?: ts.TypeChecker): ts.Node {
  const sites = consumptionSites(node, checker && calleeResolver(checker));
  // Where it is read (iterated, delegated to, awaited step by step) before where it is handed on.
  const site = sites.find((candidate) => isReading(candidate)) ?? sites[0];
  return site && site !== outermost(node) ? site : node;
}

/** The workspace function a call runs: streams are followed into the functions they are handed to. */
export function calleeResolver(checker: ts.TypeChecker): CalleeResolver {
  // One per checker: the streams followed with it are kept per resolver.
  let resolve = resolvers.get(checker);
  if (!resolve) {
    resolve = (call) => calledFunction(call, checker);
    resolvers.set(checker, resolve);
  }
  return resolve;
}

const resolvers = new WeakMap<ts.TypeChecker, CalleeResolver>();

/** A place where a stream is read (iterated, delegated to, awaited step by step), not handed on. */
export function isReading(node: ts.Node): boolean {
  if (ts.isForOfStatement(node)) return true;
  if (ts.isYieldExpression(node)) return true;
  return ts.isAwaitExpression(node) || (ts.isCallExpression(node) && ts.isYieldExpression(node.parent));
}

function hasPromiseHandler(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    ts.isPropertyAccessExpression(parent) &&
    parent.expression === node &&
    /^(?:catch|then)$/.test(parent.name.text) &&
    ts.isCallExpression(parent.parent)
  );
}

/** The stream leaves the function un-read: `return client.stream(...)`, or a variable holding it returned. */
function streamIsReturned(node: ts.CallExpression, fn: ts.FunctionLikeDeclaration): boolean {
  const outer = outermost(node);
  if (ts.isReturnStatement(outer.parent) || fn.body === outer) return true;
  return consumptionSites(node).some((site) => ts.isReturnStatement(site));
}

function bindingText(name: ts.BindingName | undefined): string | undefined {
  return name && ts.isIdentifier(name) ? name.text : undefined;
}

function location(node: ts.Node): CodeLocation {
  const fn = isFunctionLike(node) ? node : enclosingFunction(node);
  return { file: node.getSourceFile().fileName, line: lineOf(node, node.getSourceFile()), function: functionName(fn) };
}
