import { createRule } from './define-rule';
import { callName } from './rule-utils';

export default createRule({
  id: 'unlogged-model-call',
  meta: {
    description: 'Reports model calls whose request, response, model and latency nothing records in a structured form.',
    facet: 'observability',
    defaultSeverity: 'info',
    messages: {
      notRecorded: 'Not logged: no record of request, response, model, latency',
      textOnly: 'Logged as text only ({{via}}): nothing to query',
    },
    implicitLabels: {
      notRecorded: 'not logged',
      textOnly: 'logged as text only',
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
