import { createRule } from './define-rule';
import { callName, isCustomRetryLayer, layerRange, retryLayersOnAnyPath } from './rule-utils';

export default createRule({
  id: 'retry-all-errors',
  meta: {
    description:
      'Reports custom retry layers that retry every error of a model call, including ones that cannot succeed.',
    facet: 'retry',
    defaultSeverity: 'warning',
    messages: {
      retriesEverything: 'Retries every error, even ones a retry cannot fix ({{layer}})',
    },
  },
  checkCall(profile, context) {
    for (const layer of retryLayersOnAnyPath(profile)) {
      if (!isCustomRetryLayer(layer) || layer.predicate !== 'all') continue;
      context.report({
        messageId: 'retriesEverything',
        data: { layer: layer.label, callName: callName(profile) },
        ...layerRange(layer, profile),
      });
    }
  },
});
