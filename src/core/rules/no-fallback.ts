import { defineRule, docsUrl } from './define-rule';
import { callName, formatLocation } from './rule-utils';

export default defineRule({
  meta: {
    id: 'no-fallback',
    description: 'Reports handled model-call failures whose path offers no alternative: no other model, cached or canned answer.',
    facet: 'fallback',
    defaultSeverity: 'info',
    messages: {
      noAlternative:
        'When this {{callName}} call fails, {{handler}} {{reaction}}; no other model, cached or canned answer is tried.',
    },
    docsUrl: docsUrl('no-fallback'),
  },
  checkCall(profile, context) {
    const { failure, fallback } = profile;
    // Unhandled and swallowed failures have their own rules; this one judges real handlers.
    if ((failure.handledBy !== 'local' && failure.handledBy !== 'caller') || failure.swallowed) return;
    if (fallback.kind !== 'none') return;
    const file = profile.call.calleeRange.file;
    const handler = failure.where
      ? `${failure.handledBy === 'local' ? 'the handler in ' : ''}${formatLocation(failure.where, file)}`
      : failure.handledBy === 'local'
        ? 'the local handler'
        : 'the caller';
    context.report({
      messageId: 'noAlternative',
      data: { callName: callName(profile), handler, reaction: failure.reaction ?? 'handles the error' },
    });
  },
});
