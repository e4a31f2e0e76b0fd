import type { ts } from 'ts-morph';
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
  return {
    rethrows: false,
    rethrowsOnly: false,
    passesOn: false,
    logs: false,
    returnsValue: false,
    returnsFailureResult: read.handedOn,
    empty: false,
    // The callee, not the call: the call's arguments hold the model calls themselves, which a
    // handler's body that made them would count as its fallback.
    body: call.expression,
  };
}
