import type { ts } from 'ts-morph';
import { type ErrorValueHelper, readErrorValue } from '../graph/error-values';
import { readSettled } from '../graph/settled';
import { describeHandler, type HandlerBehaviour } from './handlers';

/**
 * What the code does with a model call's failure that `Promise.allSettled(...)` turned into a
 * rejected result: what the branch reading it does (logs and skips it, puts a default in its
 * place); a failure result when the results are handed on whole (returned, given to a helper);
 * nothing when no code looks at a rejected result (dropped: `results.filter((r) => r.status ===
 * 'fulfilled')`).
 */
export function settledBehaviour(
  call: ts.CallExpression,
  index: number | undefined,
  checker: ts.TypeChecker,
): HandlerBehaviour {
  const read = readSettled(call, index);
  if (read.branch) return describeHandler(read.branch, read.reason, checker);
  // The callee, not the call: the call's arguments hold the model calls themselves, which a
  // handler's body that made them would count as its fallback.
  return unreadBehaviour(read.handedOn, call.expression);
}

/**
 * The same for a failure a helper gave back as a value (`const { data, error } = await
 * tryCatch(promise)`): what the branch testing the error does; what the helper's own catch does
 * when the value does not carry the error (`catch { return null }`).
 */
export function errorValueBehaviour(helper: ErrorValueHelper, checker: ts.TypeChecker): HandlerBehaviour {
  if (helper.key === undefined && helper.handler)
    return describeHandler(helper.handler.body, helper.handler.errorName, checker);
  const read = readErrorValue(helper);
  if (read.branch) return describeHandler(read.branch, read.error, checker);
  return unreadBehaviour(read.handedOn, helper.call.expression);
}

/** Nobody reads the failure here: a failure result handed on whole, or dropped. */
function unreadBehaviour(handedOn: boolean, body: ts.Node): HandlerBehaviour {
  return {
    rethrows: false,
    rethrowsOnly: false,
    passesOn: false,
    logs: false,
    returnsValue: false,
    returnsFailureResult: handedOn,
    empty: false,
    body,
  };
}
