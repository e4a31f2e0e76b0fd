import { createRule } from './define-rule';
import type { ValidationKind } from '../types';
import { callName } from './rule-utils';
import { isTextOutput } from '../output-kinds';

/** Output kinds that are used as structured data, where a cut-off answer breaks parsing or loses fields. */
const STRUCTURED_KINDS = new Set<ValidationKind>(['schema', 'manual', 'json-parse-only', 'cast']);

export default createRule({
  id: 'unchecked-truncation',
  meta: {
    description: 'Reports structured model output used without checking the finish reason or incomplete status.',
    facet: 'validation',
    defaultSeverity: 'info',
    messages: {
      truncationUnchecked: 'Truncation unchecked: finish reason not read before use',
    },
  },
  checkCall(profile, context) {
    const { validation } = profile;
    if (!STRUCTURED_KINDS.has(validation.kind) || validation.truncationChecked) return;
    // An API outside the catalogue: no finish field the audit could ask the code to read.
    if (validation.truncationUnknown) return;
    // Vectors, images and audio have no finish reason to read: they come whole or not at all.
    if (!isTextOutput(profile.call.output)) return;
    // Text only checked for being there is not structured output: truncation parses nothing wrong.
    if (validation.presenceOnly) return;
    context.report({ messageId: 'truncationUnchecked', data: { callName: callName(profile) } });
  },
});
