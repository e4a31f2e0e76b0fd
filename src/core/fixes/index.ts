import type { DetectedCall } from '../detect';
import type { FacetContext } from '../facets/context';
import type { DecisionProfile, Finding } from '../types';

export interface FixLookup {
  /** The detected call (syntax nodes, catalogue entry, client origin) a finding is about. */
  call(finding: Finding): DetectedCall | undefined;
  profile(finding: Finding): DecisionProfile | undefined;
}

/**
 * Attaches the quick fixes each finding offers (text edits computed here, applied by the CLI's
 * `--fix` and the editor). A fix is attached only when it can be applied exactly.
 */
export function attachFixes(findings: Finding[], lookup: FixLookup, context: FacetContext): void {
  void findings;
  void lookup;
  void context;
}
