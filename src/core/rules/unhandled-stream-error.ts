import { createRule } from './define-rule';
import { callName, formatLocation } from './rule-utils';

export default createRule({
  id: 'unhandled-stream-error',
  meta: {
    description:
      "Reports streaming model calls whose errors nothing observes: no onError, no error handling around the stream's consumption.",
    facet: 'failure',
    defaultSeverity: 'warning',
    messages: {
      errorsInStream: 'Stream errors unobserved: no onError, no error part read',
      streamUnguarded: 'Stream errors unhandled: a failure mid-stream reaches {{reaches}}',
    },
  },
  checkCall(profile, context) {
    // The facet encodes "streamText without onError" and "for await outside try" as handledBy 'none'
    // (or 'exported' when the reading function is exported): a stream that fails half-way has already
    // delivered part of its answer, so leaving it to an unknown caller is not a decision either.
    // Non-streaming calls with the same verdict are unhandled-model-error's.
    // An error callback nobody wrote (the AI SDK's default onError only prints) observes nothing.
    const { handledBy, where } = profile.failure;
    const unobserved =
      handledBy === 'none' || handledBy === 'exported' || (handledBy === 'callback' && where === undefined);
    if (!profile.call.streaming || !unobserved) return;
    // 'callback': a stream that never throws (the catalogue's `streamErrors`); nothing reads its errors.
    if (handledBy === 'callback') {
      context.report({ messageId: 'errorsInStream', data: { callName: callName(profile) } });
      return;
    }
    const { reaches } = profile.failure;
    context.report({
      messageId: 'streamUnguarded',
      data: {
        callName: callName(profile),
        reaches: reaches ? formatLocation(reaches, profile.call.calleeRange.file) : 'a top-level entry',
      },
    });
  },
});
