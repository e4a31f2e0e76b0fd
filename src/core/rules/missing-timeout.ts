import { createRule } from './define-rule';
import { formatDuration } from '../format';
import { callName } from './rule-utils';

export default createRule({
  id: 'missing-timeout',
  meta: {
    description: 'Reports model calls, and model streams, that no timeout or abort signal bounds.',
    facet: 'timeout',
    defaultSeverity: 'warning',
    messages: {
      noTimeout: 'No timeout: {{callName}} can wait forever',
      streamNotCovered: 'No stream timeout: the {{timeout}} stops once streaming starts',
    },
  },
  checkCall(profile, context) {
    const { timeout } = profile;
    if (timeout.source === 'none') {
      context.report({ messageId: 'noTimeout', data: { callName: callName(profile) } });
    } else if (profile.call.streaming && timeout.coversStream === false) {
      context.report({
        messageId: 'streamNotCovered',
        data: {
          callName: callName(profile),
          timeout: timeout.ms === undefined ? 'timeout' : `${formatDuration(timeout.ms)} timeout`,
          label: timeout.label ?? timeout.source,
        },
      });
    }
  },
});
