import type { AnalysisMemo } from '../analysis-memo';
import type { DetectedCall } from '../detect';
import type { FacetContext } from '../facets/context';
import { isRuleId, type RuleId } from '../rules/index';
import type { DecisionProfile, Finding, Fix } from '../types';
import { type FixSite, fixSite } from './context';
import { addFallback } from './kinds/add-fallback';
import { addTimeout } from './kinds/add-timeout';
import { boundRetry } from './kinds/bound-retry';
import { handleFailure } from './kinds/handle-failure';
import { logCall } from './kinds/log-call';
import { observeStreamErrors } from './kinds/observe-stream-errors';
import { routeThroughHelper } from './kinds/orchestration-helper';
import { setMaxTokens } from './kinds/set-max-tokens';
import { stateRetryPolicy } from './kinds/state-retry-policy';
import { validateOutput } from './kinds/validate-output';

export interface FixLookup {
  /** The detected call (syntax nodes, catalogue entry, client origin) a finding is about. */
  call(finding: Finding): DetectedCall | undefined;
  profile(finding: Finding): DecisionProfile | undefined;
  /** The profiles of a file's calls, as text: a file's fixes are built from its code and these. */
  fileState?(file: string): string;
}

type FixBuilder = (site: FixSite) => Fix | Fix[] | undefined;

interface BuiltFixes {
  fixes: Fix[];
  read: ReadonlyMap<string, string>;
}

/**
 * The fixes each rule offers, preferred first (each rule's doc page lists them). *Document this
 * decision* follows for every call finding; *Show documentation* is the editor's (a link, not an
 * edit). Every rule is listed, so a new rule has to say which fixes it offers.
 */
const FIXES_BY_RULE: Readonly<Record<RuleId, readonly FixBuilder[]>> = {
  'missing-timeout': [addTimeout, routeThroughHelper],
  'implicit-timeout': [addTimeout, routeThroughHelper],
  'implicit-retry-policy': [stateRetryPolicy, routeThroughHelper],
  'retry-amplification': [stateRetryPolicy],
  'unbounded-retry': [boundRetry],
  'retry-without-backoff': [boundRetry],
  'retry-all-errors': [boundRetry],
  'unhandled-model-error': [handleFailure, addFallback],
  'swallowed-model-error': [handleFailure],
  'no-fallback': [addFallback],
  'unvalidated-output': [validateOutput],
  'unchecked-chain': [validateOutput],
  'unlogged-model-call': [logCall],
  'unbounded-output-tokens': [setMaxTokens],
  // What to do with truncated output (retry with more tokens, fail, accept) is the caller's call:
  // no edit would be right in general, so only *Document this decision*.
  'unchecked-truncation': [],
  'unhandled-stream-error': [observeStreamErrors],
  // A finding on a comment, not a call: the editor offers only *Show documentation*.
  'invalid-decision-annotation': [],
  // A finding on a comment: the rule itself offers the removal (no call to build a site from).
  'unused-disable-comment': [],
};

/**
 * Attaches the quick fixes each finding offers (text edits computed here, applied by the CLI's
 * `--fix` and the editor). A fix is attached only when it can be applied exactly; a builder that
 * meets anything it cannot edit exactly offers nothing. Order is stable: the rule's preferred fix,
 * then its alternatives.
 */
export function attachFixes(findings: Finding[], lookup: FixLookup, context: FacetContext, memo?: AnalysisMemo): void {
  for (const finding of findings) {
    const call = lookup.call(finding);
    const profile = lookup.profile(finding);
    if (!call || !profile) continue;
    const build = (): BuiltFixes => {
      // Other calls' profiles a builder reads (an upstream call of a chain), to check on reuse.
      const read = new Map<string, string>();
      const profileOf = (callId: string): DecisionProfile | undefined => {
        const other = lookup.profile({ ...finding, callId });
        read.set(callId, JSON.stringify(other));
        return other;
      };
      const site = fixSite(finding, call, profile, context, profileOf);
      const fixes = (isRuleId(finding.ruleId) ? FIXES_BY_RULE[finding.ruleId] : []).flatMap((builder) =>
        buildSafely(builder, site),
      );
      return { fixes, read };
    };
    // After an edit elsewhere, a finding whose file and profiles are unchanged gets the same fixes.
    const built =
      memo && lookup.fileState
        ? memo.fixes.remembered(
            call.node.getSourceFile(),
            lookup.fileState(profile.call.range.file),
            JSON.stringify({ ...finding, fixes: [] }),
            build,
            ({ read }) =>
              [...read].every(([callId, known]) => JSON.stringify(lookup.profile({ ...finding, callId })) === known),
          )
        : build();
    const fixes: Fix[] = [...finding.fixes, ...built.fixes];
    // *Document this decision* is the editor's (a snippet a person fills in): a fix cannot write
    // the decision, and a placeholder text documents nothing (invalid-decision-annotation).
    const first = fixes[0];
    finding.fixes = fixes.map((fix) => (fix === first ? { ...fix, preferred: true } : fix));
  }
}

/**
 * A builder that throws has met code it did not expect: it offers nothing rather than failing the
 * audit (the analysis itself is still correct).
 */
function buildSafely(build: FixBuilder, site: FixSite): Fix[] {
  try {
    const built = build(site);
    return built === undefined ? [] : Array.isArray(built) ? built : [built];
  } catch (error) {
    if (process.env.ORCHESTRATION_AUDIT_DEBUG)
      console.error(`fix ${build.name} failed for ${site.finding.ruleId} at ${site.facets.idOf(site.call)}:`, error);
    return [];
  }
}
