import { createRule } from './define-rule';
import { FACETS } from '../types';

const KNOWN_FACETS = FACETS.join(', ');

export default createRule({
  id: 'invalid-decision-annotation',
  meta: {
    description:
      'Reports @ai-decision comments that name an unknown facet, lack the colon after the facet, or record no decision text.',
    facet: 'documentation',
    defaultSeverity: 'warning',
    messages: {
      missingFacet:
        'This @ai-decision comment names no facet, so it documents nothing; write `@ai-decision <facet>: <decision>` with one of: {{facets}}.',
      unknownFacet:
        '`{{facet}}` is not a decision facet, so this @ai-decision comment documents nothing; use one of: {{facets}}.',
      missingColon:
        'This @ai-decision {{facet}} comment is not read as a decision because the colon after the facet is missing; write `@ai-decision {{facet}}: <decision>`.',
      emptyText: 'This @ai-decision {{facet}} comment records no decision: the text after the colon is empty.',
    },
  },
  checkAnnotations(annotations, context) {
    for (const annotation of annotations) {
      const facet = annotation.facet.trim();
      if (facet === '') {
        context.report({ messageId: 'missingFacet', data: { facets: KNOWN_FACETS }, span: annotation.span });
      } else if (!annotation.known) {
        context.report({ messageId: 'unknownFacet', data: { facet, facets: KNOWN_FACETS }, span: annotation.span });
      } else if (annotation.text.trim() === '') {
        context.report({ messageId: 'emptyText', data: { facet }, span: annotation.span });
      } else if (annotation.decision === undefined) {
        // The parser makes a decision of every well-formed annotation; a known facet with text and
        // no decision lacks the colon.
        context.report({ messageId: 'missingColon', data: { facet }, span: annotation.span });
      }
    }
  },
});
