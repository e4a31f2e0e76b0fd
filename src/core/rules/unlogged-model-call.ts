import { createRule } from './define-rule';
import { callName } from './rule-utils';

export default createRule({
  id: 'unlogged-model-call',
  meta: {
    description: 'Reports model calls whose request, response, model and latency nothing records in a structured form.',
    facet: 'observability',
    defaultSeverity: 'info',
    messages: {
      notRecorded:
        'Nothing records the request, response, model or latency of this {{callName}} call: a bad answer or a slow call cannot be traced afterwards.',
      textOnly:
        'This {{callName}} call is only logged as text ({{via}}): its request, response, model and latency cannot be queried.',
    },
  },
  checkCall(profile, context) {
    const { observability } = profile;
    if (observability.kind === 'structured') return;
    if (observability.kind === 'unstructured') {
      context.report({
        messageId: 'textOnly',
        data: { callName: callName(profile), via: observability.via ?? 'unstructured log' },
      });
    } else {
      context.report({ messageId: 'notRecorded', data: { callName: callName(profile) } });
    }
  },
});
