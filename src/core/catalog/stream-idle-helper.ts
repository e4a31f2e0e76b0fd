import type { ts } from 'ts-morph';
import { enclosingWrittenHelperCall, isWrittenHelperCall } from './written-helpers';

/**
 * The module the "Abort the stream when no chunk arrives" fix writes (src/core/fixes/
 * helper-template/abort-when-idle.ts): `abortWhenIdle(idleMs, (signal) => stream)` aborts the
 * stream it starts when no chunk arrives for `idleMs` (its first argument), a timer restarted on
 * every chunk, so it bounds a stalled stream and not a long healthy one: the timeout facet reads it
 * as the stream's idle timeout (`timeout.idleMs`), not as a total.
 */
export const STREAM_IDLE_HELPER = {
  label: 'abortWhenIdle',
  exportName: 'abortWhenIdle',
  /** Names its module declares beside `abortWhenIdle`: together they identify the module. */
  moduleNames: ['StreamIdleTimeoutError'],
} as const;

/** The `abortWhenIdle(idleMs, start)` call whose `start` (its second argument) holds `node`. */
export function enclosingStreamIdleHelperCall(node: ts.Node, checker: ts.TypeChecker): ts.CallExpression | undefined {
  return enclosingWrittenHelperCall(node, (call) => isStreamIdleHelperCall(call, checker));
}

export function isStreamIdleHelperCall(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  return isWrittenHelperCall(call, checker, STREAM_IDLE_HELPER.exportName, STREAM_IDLE_HELPER.moduleNames);
}
