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
import unusedDisableComment from './unused-disable-comment';

/**
 * Every rule, in the order of the README's rule table. Adding a rule = one file + its doc page + its
 * test + one line here; its id then joins {@link RuleId}.
 */
export const RULES = [
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
  unusedDisableComment,
] as const satisfies readonly RuleDefinition[];

/** The id of a rule of the registry: a switch over it must name every rule (or have a default). */
export type RuleId = (typeof RULES)[number]['meta']['id'];

export function isRuleId(id: string): id is RuleId {
  return RULES.some((rule) => rule.meta.id === id);
}

export function ruleById(id: string): RuleDefinition | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
