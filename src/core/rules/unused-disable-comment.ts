import { createRule } from './define-rule';
import { removeUnusedDisable } from '../fixes/kinds/remove-unused-disable';

export default createRule({
  id: 'unused-disable-comment',
  meta: {
    description:
      'Reports orchestration-audit-disable comments, or rules named in them, that silence no finding, so a stale comment cannot hide a future one.',
    facet: 'documentation',
    defaultSeverity: 'warning',
    messages: {
      unused: 'Unused disable comment: it silences no finding',
      unusedRules: 'Unused disable of {{rules}}: no such finding here',
    },
  },
  checkSuppressions(unused, context) {
    for (const entry of unused) {
      const fix = removeUnusedDisable(entry);
      const whole = entry.unusedRules.length === entry.suppression.rules.length;
      const fixes = fix ? [fix] : [];
      if (whole) context.report({ messageId: 'unused', span: entry.suppression.span, fixes });
      else
        context.report({
          messageId: 'unusedRules',
          data: { rules: entry.unusedRules.join(', ') },
          span: entry.suppression.span,
          fixes,
        });
    }
  },
});
