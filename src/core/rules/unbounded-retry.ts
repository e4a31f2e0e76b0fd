import { createRule } from './define-rule';
import { callName, retryLayersOnAnyPath } from './rule-utils';

export default createRule({
  id: 'unbounded-retry',
  meta: {
    description: 'Reports retry layers around a model call that have no reachable bound on attempts.',
    facet: 'retry',
    defaultSeverity: 'error',
    messages: {
      unboundedLayer: 'Retried forever: {{layer}} has no attempt limit',
    },
  },
  checkCall(profile, context) {
    for (const layer of retryLayersOnAnyPath(profile)) {
      if (layer.attempts !== 'unbounded') continue;
      context.report({
        messageId: 'unboundedLayer',
        data: { layer: layer.label, callName: callName(profile) },
        // Point at the layer (`while (true)`, the `pRetry(...)` call) when the facet knows it.
        span: layer.span,
        related: layer.span ? [{ message: 'Retried model call', span: profile.call.calleeRange }] : [],
      });
    }
  },
});
