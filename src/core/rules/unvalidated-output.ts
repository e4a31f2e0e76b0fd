import { createRule } from './define-rule';
import type { ValidationKind } from '../types';
import { callName, sameSpan } from './rule-utils';
import { isTextOutput } from '../output-kinds';

type MessageId = 'jsonParseOnly' | 'castOnly' | 'usedUnchecked';

/** `schema`, `manual` and `not-applicable` output is fine; the rest says how it is used unchecked. */
const MESSAGE_BY_KIND: Partial<Record<ValidationKind, MessageId>> = {
  'json-parse-only': 'jsonParseOnly',
  cast: 'castOnly',
  none: 'usedUnchecked',
};

export default createRule({
  id: 'unvalidated-output',
  meta: {
    description: 'Reports model output that is parsed, cast or used as data without a schema check.',
    facet: 'validation',
    defaultSeverity: 'warning',
    messages: {
      jsonParseOnly: 'Unvalidated output: JSON.parse with no schema check',
      castOnly: 'Unvalidated output: cast to {{castTo}}, shape unchecked',
      usedUnchecked: 'Unvalidated output: used as data, shape unchecked',
    },
  },
  checkCall(profile, context) {
    const messageId = MESSAGE_BY_KIND[profile.validation.kind];
    // Vectors, images and audio have no answer in them to trust blindly: their shape is the SDK's.
    if (!messageId || !isTextOutput(profile.call.output)) return;
    // Unchecked text that is only shown or returned as text is not reported: nothing trusts its shape.
    if (profile.validation.kind === 'none' && profile.validation.usedAsData === false) return;
    const { span, castTo } = profile.validation;
    const pointsElsewhere = span !== undefined && !sameSpan(span, profile.call.calleeRange);
    context.report({
      messageId,
      data: { callName: callName(profile), castTo: castTo ?? 'a type' },
      span,
      related: pointsElsewhere ? [{ message: 'Model call', span: profile.call.calleeRange }] : [],
    });
  },
});
