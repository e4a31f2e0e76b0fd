import { createRule } from './define-rule';
import type { RelatedLocation } from '../types';
import { callName, formatSpanPlace } from './rule-utils';

export default createRule({
  id: 'unchecked-chain',
  meta: {
    description: "Reports model calls whose input contains another model call's output with no validation in between.",
    facet: 'flow',
    defaultSeverity: 'warning',
    messages: {
      uncheckedUpstream:
        "The output of the {{upstream}} call at {{place}} reaches this {{callName}} call's input unchecked: a wrong or malformed answer upstream silently corrupts this one.",
    },
  },
  checkCall(profile, context) {
    const file = profile.call.calleeRange.file;
    for (const upstream of profile.flow.upstream) {
      if (upstream.validated) continue;
      const source = context.profileById(upstream.callId);
      const related: RelatedLocation[] = source
        ? [{ message: `Upstream ${callName(source)} call`, span: source.call.calleeRange }]
        : [];
      context.report({
        messageId: 'uncheckedUpstream',
        data: {
          callName: callName(profile),
          upstream: source ? callName(source) : 'model',
          place: source ? formatSpanPlace(source.call.calleeRange, file) : upstream.callId,
        },
        related,
      });
    }
  },
});
