import { z } from 'zod';
import { createRule } from './define-rule';
import { formatLayerChain } from './rule-utils';

const options = z.object({
  /** Worst-case attempts (product of the layers) from which nesting is reported. */
  threshold: z.number().int().min(2),
});

const DEFAULT_THRESHOLD = 10;

export default createRule({
  id: 'retry-amplification',
  meta: {
    description: 'Reports model calls whose nested retry layers multiply into too many attempts.',
    facet: 'retry',
    defaultSeverity: 'warning',
    messages: {
      amplified: 'Retried up to {{attempts}} times ({{layers}})',
    },
    options,
    defaultOptions: { threshold: DEFAULT_THRESHOLD },
  },
  checkCall(profile, context) {
    const { worstCaseAttempts } = profile.retry;
    // Unbounded nesting is unbounded-retry's finding (an error); repeating it here adds nothing.
    // A limit read at run time may be anything: no count to judge.
    if (typeof worstCaseAttempts !== 'number') return;
    const multiplying = profile.retry.layers.filter((layer) => layer.attempts !== 1);
    const { threshold } = context.options;
    if (multiplying.length < 2 || worstCaseAttempts < threshold) return;
    context.report({
      messageId: 'amplified',
      data: { attempts: worstCaseAttempts, layers: formatLayerChain(multiplying), threshold },
    });
  },
});
