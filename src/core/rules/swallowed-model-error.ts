import { createRule } from './define-rule';
import { callName, formatLocation } from './rule-utils';

export default createRule({
  id: 'swallowed-model-error',
  meta: {
    description: 'Reports model calls whose failure is caught and dropped without a log, metric or rethrow.',
    facet: 'failure',
    defaultSeverity: 'warning',
    messages: {
      swallowed: 'Error swallowed: {{handler}} drops it unlogged',
    },
  },
  checkCall(profile, context) {
    const { failure } = profile;
    if (!failure.swallowed) return;
    const handler = failure.where
      ? `the handler in ${formatLocation(failure.where, profile.call.calleeRange.file)}`
      : 'its handler';
    context.report({ messageId: 'swallowed', data: { callName: callName(profile), handler } });
  },
});
