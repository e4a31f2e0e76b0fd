import type { Facet, Finding, Fix } from '../core/types';
import { UNUSED_DISABLE_RULE } from './contract';
import { fixKey, orderFixes } from './fix-plan';

/**
 * The Ctrl+. menu of our diagnostics, planned without `vscode` (test/vscode-unit/action-plan.test.ts),
 * in vscode-eslint's fixed order: the fixes (the preferred one first, at most
 * {@link MAX_FIXES_PER_DIAGNOSTIC} per diagnostic), one *Document this decision…*, *Disable <rule>
 * for this line*, *Disable <rule> for the file*, *Show documentation*: at most six entries for one
 * diagnostic. Fixes two diagnostics share are offered once.
 */

/** A preferred fix and one alternative: the rest are one *Fix all* or the rule's page away. */
export const MAX_FIXES_PER_DIAGNOSTIC = 2;

/** One of our diagnostics under the cursor, with the findings it stands for. */
export interface ActionTarget {
  /** The diagnostic's code: a rule id or the implicit group's. */
  code: string;
  findings: readonly Finding[];
  /** 0-based line of the diagnostic's start: where *Disable for this line* aims. */
  line: number;
}

export type PlannedAction =
  | { kind: 'fix'; target: number; fix: Fix }
  | { kind: 'document'; target: number; facets: Facet[]; callId: string }
  | { kind: 'disable-line'; target: number; rules: string[]; line: number }
  | { kind: 'disable-file'; target: number; rules: string[] }
  | { kind: 'docs'; target: number; code: string };

export function planActions(targets: readonly ActionTarget[]): PlannedAction[] {
  const fixes: PlannedAction[] = [];
  const disableLine: PlannedAction[] = [];
  const disableFile: PlannedAction[] = [];
  const docs: PlannedAction[] = [];
  let document: Extract<PlannedAction, { kind: 'document' }> | undefined;
  const seenFixes = new Set<string>();
  targets.forEach((target, index) => {
    let offered = 0;
    for (const fix of fixesOf(target.findings)) {
      if (offered === MAX_FIXES_PER_DIAGNOSTIC) break;
      const key = fixKey(fix);
      offered++;
      if (seenFixes.has(key)) continue;
      seenFixes.add(key);
      fixes.push({ kind: 'fix', target: index, fix });
    }
    for (const finding of target.findings) {
      const facet = documentableFacet(finding);
      if (!facet || finding.callId === undefined) continue;
      // One entry for the menu: its picker offers every facet of the first call under the cursor.
      if (!document) document = { kind: 'document', target: index, facets: [], callId: finding.callId };
      if (document.callId === finding.callId && !document.facets.includes(facet)) document.facets.push(facet);
    }
    // A comment cannot silence the finding that says a comment silences nothing.
    const rules = [...new Set(target.findings.map((finding) => finding.ruleId))].filter(
      (rule) => rule !== UNUSED_DISABLE_RULE,
    );
    if (rules.length > 0) {
      disableLine.push({ kind: 'disable-line', target: index, rules, line: target.line });
      disableFile.push({ kind: 'disable-file', target: index, rules });
    }
    docs.push({ kind: 'docs', target: index, code: target.code });
  });
  return [...fixes, ...(document ? [document] : []), ...disableLine, ...disableFile, ...dedupeDocs(docs)];
}

/**
 * A diagnostic's fixes in menu order: each finding's preferred fix first (a grouped diagnostic
 * offers one fix per implicit decision), then the alternatives.
 */
function fixesOf(findings: readonly Finding[]): Fix[] {
  const ordered = findings.map((finding) => orderFixes(finding.fixes));
  return [...ordered.flatMap((fixes) => fixes.slice(0, 1)), ...ordered.flatMap((fixes) => fixes.slice(1))];
}

function dedupeDocs(docs: PlannedAction[]): PlannedAction[] {
  const seen = new Set<string>();
  return docs.filter((action) => {
    if (action.kind !== 'docs' || seen.has(action.code)) return false;
    seen.add(action.code);
    return true;
  });
}

/** Facets a person can record with `@ai-decision` for a finding (the documentation facet itself cannot). */
function documentableFacet(finding: Finding): Facet | undefined {
  return finding.callId === undefined || finding.facet === 'documentation' ? undefined : finding.facet;
}
