import { createRule } from './define-rule';
import { callName, isTextGeneration } from './rule-utils';

export default createRule({
  id: 'unbounded-output-tokens',
  meta: {
    description: 'Reports text-generating model calls that set no maximum number of output tokens.',
    facet: 'cost',
    defaultSeverity: 'info',
    messages: {
      noTokenLimit: 'No output token limit: up to the model maximum',
    },
    implicitLabels: {
      noTokenLimit: 'no token limit',
    },
  },
  checkCall(profile, context) {
    // Embeddings, images, audio and reranking produce no generated tokens to bound; a limit that
    // options the audit cannot read may set (`unknown`) is no finding either.
    if (profile.cost.maxTokens !== false || !isTextGeneration(profile)) return;
    const model = profile.cost.model ?? profile.call.model;
    context.report({
      messageId: 'noTokenLimit',
      data: { callName: callName(profile), model: model === null ? 'the model' : model },
    });
  },
});
