import type { ts } from 'ts-morph';
import { CALL_MODEL_DEFAULTS } from '../fixes/helper-template/call-model';
import type { RetryLibrary } from './wrappers';
import { enclosingWrittenHelperCall, isWrittenHelperCall } from './written-helpers';

/** The helper's module: `callModel` and the names it declares beside it identify the module. */
export const ORCHESTRATION_HELPER_MODULE = {
  exportName: 'callModel',
  moduleNames: ['CALL_MODEL_DEFAULTS', 'isRetryableModelError', 'ModelCallTimeoutError'],
  /** Each attempt's timer when the call passes no `timeoutMs`. */
  defaultTimeoutMs: CALL_MODEL_DEFAULTS.timeoutMs,
} as const;

/**
 * The module the "Create orchestration helper" fix writes (src/core/fixes/helper-template/
 * call-model.ts), as a retry layer the analyser knows: at most `maxAttempts` attempts (the first
 * included, default 3), exponential backoff with full jitter, only retryable errors unless
 * `isRetryable` says otherwise; a per-attempt timer (read by the timeout facet as a timer around
 * the callback); one structured record per attempt. Recognised by what its module declares, not
 * by its path: the fix puts it where the project's code lives, and people move files.
 */
export const ORCHESTRATION_HELPER: RetryLibrary = {
  label: 'orchestration helper',
  // Not imported from a package: recognised by its declaration (isOrchestrationHelperCall).
  module: '',
  kind: 'function',
  exportName: ORCHESTRATION_HELPER_MODULE.exportName,
  optionsArg: 0,
  countOption: 'maxAttempts',
  counts: 'attempts',
  defaultCount: CALL_MODEL_DEFAULTS.maxAttempts,
  unboundedOptions: [],
  defaultBackoff: 'exponential-jitter',
  backoffOptions: ['baseDelayMs', 'maxDelayMs'],
  jitterOptions: [],
  defaultPredicate: 'retryable',
  predicateOptions: ['isRetryable'],
  source: 'src/core/fixes/helper-template/call-model.ts (written by this project)',
};

/** `callModel(options, task)` of the helper module, imported from wherever it is. */
export function isOrchestrationHelperCall(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  return isWrittenHelperCall(
    call,
    checker,
    ORCHESTRATION_HELPER_MODULE.exportName,
    ORCHESTRATION_HELPER_MODULE.moduleNames,
  );
}

/** The helper call whose task (its second argument) holds `node`, when there is one. */
export function enclosingOrchestrationHelperCall(
  node: ts.Node,
  checker: ts.TypeChecker,
): ts.CallExpression | undefined {
  return enclosingWrittenHelperCall(node, (call) => isOrchestrationHelperCall(call, checker));
}
