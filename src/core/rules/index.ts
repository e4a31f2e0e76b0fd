import type { RuleDefinition } from './define-rule';

/** Every rule, in the order of rules.md. Adding a rule = one file + its doc page + its test + one line here. */
export const RULES: RuleDefinition[] = [];

export function ruleById(id: string): RuleDefinition | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
