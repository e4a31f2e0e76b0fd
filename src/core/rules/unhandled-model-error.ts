import { z } from 'zod';
import { createRule } from './define-rule';
import { callName, formatLocation } from './rule-utils';

const options = z.object({
  /** Also report calls whose error leaves an exported function that no workspace code calls. */
  reportExported: z.boolean(),
});

export default createRule({
  id: 'unhandled-model-error',
  meta: {
    description: 'Reports model calls whose failure reaches a top-level entry with no handler in between.',
    facet: 'failure',
    defaultSeverity: 'warning',
    messages: {
      unhandled: 'Unhandled: a failure reaches {{reaches}}',
      unhandledExported: 'Unhandled: a failure leaves {{functionName}}, no caller handles it',
    },
    options,
    defaultOptions: { reportExported: false },
  },
  checkCall(profile, context) {
    // Streaming calls whose errors go unobserved are reported by unhandled-stream-error instead.
    if (profile.call.streaming) return;
    const { failure } = profile;
    if (failure.handledBy === 'none') {
      const reaches = failure.reaches
        ? formatLocation(failure.reaches, profile.call.calleeRange.file)
        : 'a top-level entry';
      context.report({ messageId: 'unhandled', data: { callName: callName(profile), reaches } });
    } else if (failure.handledBy === 'exported' && context.options.reportExported) {
      context.report({
        messageId: 'unhandledExported',
        data: { callName: callName(profile), functionName: profile.call.enclosing.name },
      });
    }
  },
});
