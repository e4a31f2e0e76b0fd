import { createRule } from './define-rule';
import { formatAttempts } from '../format';
import { callName, layerRange, retryLayersOnAnyPath } from './rule-utils';

export default createRule({
  id: 'retry-without-backoff',
  meta: {
    description: 'Reports custom retry loops that call a model again immediately after a failure, with no delay.',
    facet: 'retry',
    defaultSeverity: 'warning',
    messages: {
      noDelay: 'Retried at once, no delay between {{attempts}} attempts',
    },
  },
  checkCall(profile, context) {
    for (const layer of retryLayersOnAnyPath(profile)) {
      // Libraries and SDKs bring their own backoff; only hand-written loops and recursion are judged.
      if ((layer.kind !== 'loop' && layer.kind !== 'recursion') || layer.backoff !== 'none') continue;
      // A re-ask follows an answer, not a failure: there is no overloaded service to wait for.
      if (layer.predicate === 'invalid-output') continue;
      // Nor does a second request without the option the service refused.
      if (layer.changesRequest) continue;
      context.report({
        messageId: 'noDelay',
        data: {
          layer: layer.label,
          callName: callName(profile),
          // "no delay between its attempts" where the limit is read at run time.
          attempts: layer.attempts === 'unknown' ? 'its' : formatAttempts(layer.attempts),
        },
        ...layerRange(layer, profile),
      });
    }
  },
});
