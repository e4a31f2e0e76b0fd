import { createRule } from './define-rule';
import type { DecisionProfile } from '../types';
import { callName, formatLocation } from './rule-utils';

export default createRule({
  id: 'no-fallback',
  meta: {
    description:
      'Reports handled model-call failures whose path offers no alternative: no other model, cached or canned answer.',
    facet: 'fallback',
    defaultSeverity: 'info',
    messages: {
      noAlternative: 'No fallback: on failure {{handling}}',
      onlyDegraded: 'No fallback for this call: {{handler}} turns any failure of its work into a default',
    },
    implicitLabels: {
      noAlternative: 'no fallback',
      onlyDegraded: 'no fallback',
    },
  },
  checkCall(profile, context) {
    const { failure, fallback } = profile;
    // Unhandled and swallowed failures have their own rules; this one judges real handlers
    // (a catch here or in a caller, the test of a failure value, or an error callback such as
    // onError, the SDK's default one included: observing a stream's errors, as its fix does, still
    // offers no alternative).
    const handled = failure.handledBy !== 'none' && failure.handledBy !== 'exported';
    if (!handled || failure.swallowed) return;
    // A catch that records the error and rethrows it unchanged decides nothing: what the user
    // gets is decided where the error goes next (a log-and-rethrow fix must not ask for more).
    if (failure.passesOn) return;
    if (fallback.kind !== 'none') return;
    // A warm-up or a notification whose answer nothing uses: there is nothing to stand in for.
    if (fallback.unused) return;
    // The fallback call itself is the last resort: a fallback of the fallback is not expected.
    if (fallback.fallbackFor !== undefined) return;
    // A caller far away degrades its whole feature to a default: said as such, not as "returns a
    // default value", which would read as the fallback this finding says is missing.
    if (fallback.degradedBy) {
      const handler = formatLocation(fallback.degradedBy, profile.call.calleeRange.file);
      context.report({ messageId: 'onlyDegraded', data: { callName: callName(profile), handler } });
      return;
    }
    context.report({
      messageId: 'noAlternative',
      data: { callName: callName(profile), handling: handlingPhrase(profile) },
    });
  },
});

/**
 * `the handler in answer (line 12) logs and rethrows`, `handleTicket (routes.ts:18) returns HTTP
 * 502`; the SDK's own error callback (an AI SDK stream without onError) has no handler to name:
 * `the SDK logs it to the console`.
 */
function handlingPhrase(profile: DecisionProfile): string {
  const { handledBy, where, reaction } = profile.failure;
  if (handledBy === 'callback' && !where) return reaction ?? 'the SDK handles the error';
  return `${handlerPhrase(profile)} ${reaction ?? 'handles the error'}`;
}

/**
 * `the handler in answer (line 12)` for a local catch, `handleTicket (routes.ts:18)` for a caller,
 * `the failure check in answer (line 14)` for the test of a failure value.
 */
function handlerPhrase(profile: DecisionProfile): string {
  const { handledBy, where } = profile.failure;
  if (!where) return handledBy === 'local' ? 'the local handler' : 'the caller';
  const location = formatLocation(where, profile.call.calleeRange.file);
  if (handledBy === 'callback') return `the error callback in ${location}`;
  if (handledBy === 'result') return `the failure check in ${location}`;
  return handledBy === 'local' ? `the handler in ${location}` : location;
}
