import type { Finding, Severity, Span } from '../core/types';

/**
 * Which diagnostics a file's open findings become. No `vscode` here
 * (test/vscode-unit/diagnostic-plan.test.ts). By default a call's *implicit* decisions (an SDK
 * default retry or timeout, nothing logged, no token limit, no fallback: the rules with
 * `implicitLabels`) share one diagnostic, "Implicit: 3 attempts, 10 min/attempt, not logged",
 * while each decision that is wrong keeps its own. The CLI, JSON and SARIF keep one finding per
 * rule: grouping is how the editor shows them, not what the analyser found.
 */

/** The `code` of a grouped diagnostic; its link goes to docs/editor.md#implicit-decisions. */
export const IMPLICIT_GROUP_CODE = 'implicit-decisions';

export interface PlannedDiagnostic {
  /** The findings it stands for: one, or the call's implicit ones. */
  findings: Finding[];
  message: string;
  severity: Severity;
  span: Span;
  /** A rule id, or {@link IMPLICIT_GROUP_CODE}. */
  code: string;
}

/** The short label of an implicit finding ("3 attempts"), undefined for a finding that is not one. */
export type ImplicitLabel = (finding: Finding) => string | undefined;

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function planDiagnostics(
  findings: readonly Finding[],
  groupImplicit: boolean,
  implicitLabel: ImplicitLabel,
): PlannedDiagnostic[] {
  const planned: PlannedDiagnostic[] = [];
  const groups = new Map<string, { finding: Finding; label: string }[]>();
  for (const finding of findings) {
    const label = groupImplicit && finding.callId !== undefined ? implicitLabel(finding) : undefined;
    if (label === undefined || finding.callId === undefined) {
      planned.push(single(finding));
      continue;
    }
    const members = groups.get(finding.callId) ?? [];
    members.push({ finding, label });
    groups.set(finding.callId, members);
  }
  for (const members of groups.values()) {
    if (members.length === 1) {
      planned.push(single(members[0].finding));
      continue;
    }
    const groupFindings = members.map((member) => member.finding);
    const first = [...groupFindings].sort((a, b) => a.span.start - b.span.start)[0];
    planned.push({
      findings: groupFindings,
      message: `Implicit: ${[...new Set(members.map((member) => member.label))].join(', ')}`,
      severity: groupFindings.reduce<Severity>(
        (highest, finding) => (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[highest] ? finding.severity : highest),
        'info',
      ),
      span: first.span,
      code: IMPLICIT_GROUP_CODE,
    });
  }
  return planned.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
}

function single(finding: Finding): PlannedDiagnostic {
  return {
    findings: [finding],
    message: finding.message,
    severity: finding.severity,
    span: finding.span,
    code: finding.ruleId,
  };
}

/**
 * The findings a diagnostic of ours stands for, from its code and range as VS Code hands them back
 * to the code-action provider (the objects are copies, so they are matched, not looked up).
 */
export function findingsOfDiagnostic(
  code: string,
  intersects: (span: Span) => boolean,
  open: readonly Finding[],
  implicitLabel: ImplicitLabel,
): Finding[] {
  if (code !== IMPLICIT_GROUP_CODE)
    return open.filter((finding) => finding.ruleId === code && intersects(finding.span));
  const anchors = open.filter((finding) => implicitLabel(finding) !== undefined && intersects(finding.span));
  const calls = new Set(anchors.map((finding) => finding.callId));
  return open.filter((finding) => calls.has(finding.callId) && implicitLabel(finding) !== undefined);
}
