import { createRule } from './define-rule';

export default createRule({
  id: 'implicit-retry-policy',
  meta: {
    description: 'Reports model calls retried only by an SDK default that the code never states.',
    facet: 'retry',
    defaultSeverity: 'info',
    messages: {
      sdkDefaultRetries: 'Implicit retries: up to {{attempts}} attempts ({{layer}} default)',
    },
    implicitLabels: {
      sdkDefaultRetries: '{{attempts}} attempts',
    },
  },
  checkCall(profile, context) {
    const { layers } = profile.retry;
    const onlySdkDefaults =
      layers.length > 0 && layers.every((layer) => layer.kind === 'sdk' && layer.source === 'sdk-default');
    if (!onlySdkDefaults) return;
    for (const layer of layers) {
      // A layer of one attempt does not retry (Google, Mistral and Ollama default to none).
      if (typeof layer.attempts !== 'number' || layer.attempts <= 1) continue;
      context.report({
        messageId: 'sdkDefaultRetries',
        data: { attempts: layer.attempts, retries: layer.attempts - 1, layer: layer.label },
      });
    }
  },
});
