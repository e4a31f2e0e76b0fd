import { isOpenFinding } from '../core/open-finding';
import {
  describeCall,
  describeProfile,
  groupByWorkflow,
  relative,
  SDK_DISPLAY_NAMES,
  summarizeProfile,
} from '../core/register';
import { formatDuration } from '../core/format';
import { RULES } from '../core/rules/index';
import type { AuditResult, Facet, Finding } from '../core/types';
import type { LineStatus, ReportCall, ReportCount, ReportFinding, ReportModel } from './report-protocol';

/**
 * Builds the report view's model from the audit results of each workspace folder. Runs in the
 * core bundle (dist/core.js): it uses the register's sentences, so every surface says the same.
 */

export interface FolderResult {
  /** The folder's name, shown when there are several. */
  name: string;
  result: AuditResult;
}

/** Which register line a finding's facet belongs to (the failure line also says the fallback). */
const LINE_OF_FACET: Partial<Record<Facet, Facet>> = { fallback: 'failure', routing: 'documentation' };

export function buildReportModel(
  folders: readonly FolderResult[],
  title = 'Orchestration decision register',
): ReportModel {
  const calls: ReportCall[] = [];
  const otherFindings: ReportFinding[] = [];
  const sdkCounts = new Map<string, ReportCount>();
  const ruleCounts = new Map<string, ReportCount>();
  const facetCounts = new Map<string, ReportCount>();
  const totals = { calls: 0, files: 0, workflows: 0, error: 0, warning: 0, info: 0, documented: 0, filesScanned: 0 };
  const skipped: ReportModel['skipped'] = [];
  const files = new Set<string>();

  for (const { name, result } of folders) {
    totals.filesScanned += result.stats.filesScanned;
    const workflows = groupByWorkflow(result);
    totals.workflows += workflows.length;
    const findingsByCall = new Map<string, Finding[]>();
    for (const finding of result.findings) {
      if (finding.documentedBy) totals.documented++;
      else {
        totals[finding.severity]++;
        bump(ruleCounts, finding.ruleId, finding.ruleId);
        bump(facetCounts, finding.facet, finding.facet);
      }
      if (finding.callId === undefined) otherFindings.push(toReportFinding(finding, result.root));
      else findingsByCall.set(finding.callId, [...(findingsByCall.get(finding.callId) ?? []), finding]);
    }
    for (const workflow of workflows) {
      for (const profile of workflow.profiles) {
        const { call } = profile;
        files.add(call.range.file);
        bump(sdkCounts, call.sdk, SDK_DISPLAY_NAMES[call.sdk]);
        const findings = (findingsByCall.get(call.id) ?? []).sort(
          (a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId),
        );
        const lines = describeProfile(profile, { root: result.root, profiles: result.profiles }).map((line) => ({
          facet: line.facet,
          label: line.label,
          sentence: line.sentence,
          status: lineStatus(line.facet, findings),
        }));
        const worstLatencyMs = profile.timeout.source === 'none' ? null : profile.timeout.worstCaseMs;
        calls.push({
          key: `${name}\u0000${call.id}`,
          folder: name,
          file: call.range.file,
          shownFile: relative(result.root, call.range.file),
          line: call.range.line,
          column: call.range.column,
          workflow: workflow.name,
          exported: workflow.exported,
          sdk: call.sdk,
          sdkLabel: SDK_DISPLAY_NAMES[call.sdk],
          operation: call.operation,
          model: call.model ?? profile.cost.model,
          streaming: call.streaming,
          title: describeCall(profile),
          summary: summarizeProfile(profile),
          worstAttempts: profile.retry.worstCaseAttempts,
          worstLatencyMs,
          worstLatency: worstLatencyText(worstLatencyMs, profile.timeout.ms),
          lines,
          findings: findings.map((finding) => toReportFinding(finding, result.root)),
        });
      }
    }
    for (const entry of result.stats.skipped)
      skipped.push({ shownFile: relative(result.root, entry.file), reason: entry.reason });
  }
  totals.calls = calls.length;
  totals.files = files.size;
  const ruleOrder: readonly string[] = RULES.map((rule) => rule.meta.id);
  return {
    title,
    folders: folders.map((folder) => folder.name),
    totals,
    bySdk: [...sdkCounts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    byRule: [...ruleCounts.values()].sort(
      (a, b) => b.count - a.count || ruleOrder.indexOf(a.id) - ruleOrder.indexOf(b.id),
    ),
    byFacet: [...facetCounts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    calls,
    otherFindings,
    skipped,
  };
}

function lineStatus(facet: Facet, findings: readonly Finding[]): LineStatus {
  const mine = findings.filter((finding) => (LINE_OF_FACET[finding.facet] ?? finding.facet) === facet);
  if (mine.some(isOpenFinding)) return 'open';
  return mine.length > 0 ? 'documented' : 'ok';
}

function worstLatencyText(worst: number | 'unbounded' | 'unknown' | null, perAttempt: number | undefined): string {
  if (worst === null) return 'no time limit';
  if (perAttempt === undefined) return 'bounded by a signal (duration not known statically)';
  if (worst === 'unbounded') return 'unbounded';
  if (worst === 'unknown') return 'unknown (attempts read at run time)';
  return `about ${formatDuration(worst)}`;
}

function toReportFinding(finding: Finding, root: string): ReportFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    facet: finding.facet,
    message: finding.message,
    file: finding.span.file,
    shownFile: relative(root, finding.span.file),
    line: finding.span.line,
    column: finding.span.column,
    ...(finding.documentedBy ? { documentedBy: finding.documentedBy.text } : {}),
    ...(finding.documentedBy?.owner ? { documentedOwner: finding.documentedBy.owner } : {}),
  };
}

function bump(counts: Map<string, ReportCount>, id: string, label: string): void {
  const entry = counts.get(id);
  if (entry) entry.count++;
  else counts.set(id, { id, label, count: 1 });
}
