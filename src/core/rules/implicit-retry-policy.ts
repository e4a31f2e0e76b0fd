import { defineRule, docsUrl } from './define-rule';

export default defineRule({
  meta: {
    id: 'implicit-retry-policy',
    description: 'Reports model calls retried only by an SDK default that the code never states.',
    facet: 'retry',
    defaultSeverity: 'info',
    messages: {
      sdkDefaultRetries:
        'Attempted up to {{attempts}} times ({{retries}} retries) by the {{layer}} default; the retry policy is not stated in code.',
    },
    docsUrl: docsUrl('implicit-retry-policy'),
  },
  checkCall(profile, context) {
    const { layers } = profile.retry;
    const onlySdkDefaults =
      layers.length > 0 && layers.every((layer) => layer.kind === 'sdk' && layer.source === 'sdk-default');
    if (!onlySdkDefaults) return;
    for (const layer of layers) {
      // A layer of one attempt does not retry (Google, Mistral and Ollama default to none).
      if (layer.attempts === 'unbounded' || layer.attempts <= 1) continue;
      context.report({
        messageId: 'sdkDefaultRetries',
        data: { attempts: layer.attempts, retries: layer.attempts - 1, layer: layer.label },
      });
    }
  },
});
