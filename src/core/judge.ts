import type { AuditConfig } from './config';
import { formatMessage, type ParsedAnnotation, type Report, type RuleDefinition } from './rules/define-rule';
import { RULES } from './rules/index';
import type { UnusedSuppression } from './suppressions';
import type { DecisionProfile, Finding, Severity, Span } from './types';

interface EnabledRule {
  rule: RuleDefinition;
  severity: Severity;
  options: Record<string, unknown>;
}

/** Runs every enabled rule over the profiles and the files' annotations. */
export function judge(
  profiles: readonly DecisionProfile[],
  annotationsByFile: readonly ParsedAnnotation[][],
  config: AuditConfig,
  rules: readonly RuleDefinition[] = RULES,
  onRuleError: (file: string, reason: string) => void = () => undefined,
): Finding[] {
  const enabled = enabledRules(rules, config);
  const byId = new Map(profiles.map((profile) => [profile.call.id, profile]));
  const findings: Finding[] = [];

  for (const profile of profiles) {
    for (const { rule, severity, options } of enabled) {
      if (!rule.checkCall) continue;
      try {
        rule.checkCall(profile, {
          options,
          profileById: (id) => byId.get(id),
          report: (report) => findings.push(toFinding(rule, severity, report, profile.call.calleeRange, profile)),
        });
      } catch (error) {
        // One broken rule must not cost the user every other finding.
        onRuleError(
          profile.call.range.file,
          `rule ${rule.meta.id} failed on the call at line ${profile.call.range.line}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
  for (const annotations of annotationsByFile) {
    if (annotations.length === 0) continue;
    for (const { rule, severity, options } of enabled) {
      if (!rule.checkAnnotations) continue;
      try {
        rule.checkAnnotations(annotations, {
          options,
          report: (report) => findings.push(toFinding(rule, severity, report, report.span, undefined)),
        });
      } catch (error) {
        onRuleError(
          annotations[0].span.file,
          `rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
  return mergeSameDecision(findings).sort(compareFindings);
}

/**
 * One decision, one finding: a layer in a caller (a task loop's recursion that retries forty
 * providers' calls) is reported by each call it wraps with the same rule, message and range. Those
 * become one finding, on the first call by position, whose related locations list every call in
 * file order; findings that differ in anything a reader sees (message, range, documented or not)
 * stay apart. By position, not by the order the calls were analysed in: an editor session
 * re-analyses an edited file's dependents in another order than a whole audit, and must show the
 * same finding.
 */
function mergeSameDecision(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const { span } = finding;
    const key = JSON.stringify([
      finding.ruleId,
      finding.message,
      span.file,
      span.start,
      span.end,
      finding.documentedBy !== undefined,
    ]);
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups.values()].map((group) => (group.length === 1 ? group[0] : mergeGroup(group)));
}

function mergeGroup(group: readonly Finding[]): Finding {
  const [first, ...rest] = [...group].sort((a, b) => compareCallIds(a.callId, b.callId));
  const related = [...first.related];
  const known = new Set(related.map((item) => JSON.stringify([item.span.file, item.span.start])));
  for (const finding of rest)
    for (const item of finding.related) {
      const key = JSON.stringify([item.span.file, item.span.start]);
      if (!known.has(key)) related.push(item);
      known.add(key);
    }
  related.sort((a, b) =>
    a.span.file === b.span.file ? a.span.start - b.span.start : a.span.file < b.span.file ? -1 : 1,
  );
  return { ...first, related };
}

/** `src/a.ts:12:5` before `src/a.ts:100:1` before `src/b.ts:1:1`; a finding of no call last. */
function compareCallIds(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const [fileA, lineA, columnA] = splitCallId(a);
  const [fileB, lineB, columnB] = splitCallId(b);
  if (fileA !== fileB) return fileA < fileB ? -1 : 1;
  return lineA - lineB || columnA - columnB;
}

function splitCallId(id: string): [string, number, number] {
  const match = /^(.*):(\d+):(\d+)$/.exec(id);
  return match ? [match[1], Number(match[2]), Number(match[3])] : [id, 0, 0];
}

/**
 * Runs the enabled rules that judge disable comments over the comments that silenced nothing. After
 * {@link judge}: which comments are used is known only once every finding is.
 */
export function judgeUnusedSuppressions(
  unused: readonly UnusedSuppression[],
  config: AuditConfig,
  rules: readonly RuleDefinition[] = RULES,
): Finding[] {
  if (unused.length === 0) return [];
  const findings: Finding[] = [];
  for (const { rule, severity, options } of enabledRules(rules, config)) {
    rule.checkSuppressions?.([...unused], {
      options,
      report: (report) => findings.push(toFinding(rule, severity, report, report.span, undefined)),
    });
  }
  return findings;
}

function enabledRules(rules: readonly RuleDefinition[], config: AuditConfig): EnabledRule[] {
  const enabled: EnabledRule[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    const severity = setting?.severity ?? rule.meta.defaultSeverity;
    if (severity === 'off') continue;
    enabled.push({ rule, severity, options: { ...(rule.meta.defaultOptions ?? {}), ...(setting?.options ?? {}) } });
  }
  return enabled;
}

function toFinding(
  rule: RuleDefinition,
  severity: Severity,
  report: Report,
  defaultSpan: Span,
  profile: DecisionProfile | undefined,
): Finding {
  const data = report.data ?? {};
  const template = rule.meta.messages[report.messageId] ?? report.messageId;
  const documentedBy = profile?.decisions.find((decision) => decision.facet === rule.meta.facet);
  return {
    ruleId: rule.meta.id,
    severity,
    messageId: report.messageId,
    message: formatMessage(template, data),
    data,
    facet: rule.meta.facet,
    span: report.span ?? defaultSpan,
    ...(profile ? { callId: profile.call.id } : {}),
    related: report.related ?? [],
    fixes: report.fixes ?? [],
    ...(documentedBy ? { documentedBy } : {}),
  };
}

/**
 * By file, position, then rule id, in code-unit order: rule ids are lower-case ASCII, where it is
 * `localeCompare`'s order too, and the first `localeCompare` of a process starts ICU's collator
 * (7 ms of a window's first diagnostics).
 */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.span.file !== b.span.file) return a.span.file < b.span.file ? -1 : 1;
  return a.span.start - b.span.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
