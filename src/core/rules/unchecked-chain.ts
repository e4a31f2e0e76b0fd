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
      uncheckedUpstream: 'Unchecked input: {{upstream}} output ({{place}}) used as is',
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
          // Which upstream call this finding is about: its fix validates that call's output.
          upstreamId: upstream.callId,
        },
        related,
      });
    }
  },
});
