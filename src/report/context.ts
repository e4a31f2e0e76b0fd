import type { RuleDefinition } from '../core/rules/define-rule';
import { docsUrl } from '../core/rules/define-rule';
import { RULES } from '../core/rules/index';
import type { AuditResult, Finding, Severity } from '../core/types';

/** What every reporter is told besides the result. */
export interface ReportContext {
  /** Absolute root of the audit; files are reported relative to it. */
  root: string;
  toolVersion: string;
  /** The user's working directory: the text report shows paths relative to it, so terminals can open them. */
  cwd?: string;
  /** ANSI colours in the text report (the CLI decides: a TTY, no NO_COLOR, no --output). */
  color?: boolean;
  /** The rule catalogue (defaults to RULES; tests pass their own). */
  rules?: readonly RuleDefinition[];
}

/** One output format: a pure function from the result to the text written out. */
export type Reporter = (result: AuditResult, context: ReportContext) => string;

export const TOOL_NAME = 'orchestration-audit';
export const TOOL_URI = 'https://github.com/orchestration-audit/orchestration-audit';

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** By file, then position, then rule: the order a person reads and a diff stays stable in. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.span.file, b.span.file) ||
      a.span.line - b.span.line ||
      a.span.column - b.span.column ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.message, b.message),
  );
}

export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
  /** Findings an `@ai-decision` comment documents: listed, never counted against the build. */
  documented: number;
  /** Findings a disable comment silences: never listed in text, never counted against the build. */
  suppressed: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, info: 0, documented: 0, suppressed: 0 };
  for (const finding of findings) {
    if (finding.suppressedBy) counts.suppressed++;
    else if (finding.documentedBy) counts.documented++;
    else counts[finding.severity]++;
  }
  return counts;
}

export function rulesOf(context: ReportContext): readonly RuleDefinition[] {
  return context.rules ?? RULES;
}

export function helpUriOf(ruleId: string, context: ReportContext): string {
  return rulesOf(context).find((rule) => rule.meta.id === ruleId)?.meta.docsUrl ?? docsUrl(ruleId);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Messages are one line in every format. */
export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}
