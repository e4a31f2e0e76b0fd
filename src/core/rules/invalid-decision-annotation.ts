import { createRule } from './define-rule';
import { isPlaceholderText } from '../annotations';
import { FACETS } from '../types';

const KNOWN_FACETS = FACETS.join(', ');

export default createRule({
  id: 'invalid-decision-annotation',
  meta: {
    description:
      'Reports @ai-decision comments that name an unknown facet, lack the colon after the facet, or record no decision text (empty or a placeholder such as TODO).',
    facet: 'documentation',
    defaultSeverity: 'warning',
    messages: {
      missingFacet: '@ai-decision names no facet: it documents nothing',
      unknownFacet: '`{{facet}}` is not a decision facet: it documents nothing',
      missingColon: '@ai-decision {{facet}} lacks its colon: not read as a decision',
      emptyText: '@ai-decision {{facet}} records no decision: the text is empty',
      placeholderText: '@ai-decision {{facet}} text is a placeholder: it documents nothing',
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
      } else if (isPlaceholderText(annotation.text)) {
        context.report({ messageId: 'placeholderText', data: { facet }, span: annotation.span });
      } else if (annotation.decision === undefined) {
        // The parser makes a decision of every well-formed annotation; a known facet with text and
        // no decision lacks the colon.
        context.report({ messageId: 'missingColon', data: { facet }, span: annotation.span });
      }
    }
  },
});
