import type { RuleDefinition } from './define-rule';
import unhandledModelError from './unhandled-model-error';
import swallowedModelError from './swallowed-model-error';
import implicitRetryPolicy from './implicit-retry-policy';
import unboundedRetry from './unbounded-retry';
import retryWithoutBackoff from './retry-without-backoff';
import retryAllErrors from './retry-all-errors';
import retryAmplification from './retry-amplification';
import missingTimeout from './missing-timeout';
import implicitTimeout from './implicit-timeout';
import unvalidatedOutput from './unvalidated-output';
import uncheckedTruncation from './unchecked-truncation';
import uncheckedChain from './unchecked-chain';
import noFallback from './no-fallback';
import unloggedModelCall from './unlogged-model-call';
import unboundedOutputTokens from './unbounded-output-tokens';
import unhandledStreamError from './unhandled-stream-error';
import invalidDecisionAnnotation from './invalid-decision-annotation';

/** Every rule, in the order of rules.md. Adding a rule = one file + its doc page + its test + one line here. */
export const RULES: RuleDefinition[] = [
  unhandledModelError,
  swallowedModelError,
  implicitRetryPolicy,
  unboundedRetry,
  retryWithoutBackoff,
  retryAllErrors,
  retryAmplification,
  missingTimeout,
  implicitTimeout,
  unvalidatedOutput,
  uncheckedTruncation,
  uncheckedChain,
  noFallback,
  unloggedModelCall,
  unboundedOutputTokens,
  unhandledStreamError,
  invalidDecisionAnnotation,
];

export function ruleById(id: string): RuleDefinition | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
