import { relative } from '../core/register';
import type {
  AuditResult,
  CallSite,
  Backoff,
  CodeLocation,
  DecisionProfile,
  Finding,
  HandledBy,
  RetryLayerKind,
  RetryPredicate,
  Severity,
  Span,
  ValidationKind,
} from '../core/types';
import { compareText, helpUriOf, sortFindings, TOOL_NAME, type ReportContext } from './context';

/**
 * The versioned JSON contract (schemas/audit-result.schema.json, README "JSON output"). Within
 * version 1 fields are only ever added; a rename or removal bumps `version`. Every file is
 * relative to `root` with `/` separators; lines and columns are 1-based.
 */
const JSON_REPORT_VERSION = 1;

interface JsonLocation {
  file: string;
  line: number;
  function?: string;
}

interface JsonRange {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface JsonCall extends JsonRange {
  id: string;
  sdk: string;
  site: CallSite;
  via?: string[];
  operation: string;
  streaming: boolean;
  recognisedBy: 'type' | 'syntax';
  model: string | null;
  /** The SDK version whose option names were assumed (absent: the workspace does not say). */
  sdkVersion?: { package: string; version: string; source: 'lockfile' | 'node_modules' | 'package.json' };
  enclosing: { name: string; file: string; line: number; exported: boolean };
  profile: JsonProfile;
}

interface JsonProfile {
  failure: {
    handledBy: HandledBy;
    where?: JsonLocation;
    swallowed: boolean;
    reaction?: string;
    reaches?: JsonLocation;
    logged: boolean;
    loggedAt?: JsonLocation;
  };
  retry: {
    layers: {
      kind: RetryLayerKind;
      attempts: number | 'unbounded' | 'unknown';
      source: 'explicit' | 'sdk-default';
      backoff: Backoff;
      predicate: RetryPredicate;
      label: string;
      changesRequest?: true;
      where?: JsonLocation;
    }[];
    worstCaseAttempts: number | 'unbounded' | 'unknown';
  };
  timeout: {
    source: 'explicit' | 'sdk-default' | 'none' | 'unknown';
    ms?: number;
    coversStream?: boolean;
    idleMs?: number;
    worstCaseMs: number | 'unbounded' | 'unknown';
    label?: string;
  };
  validation: {
    kind: ValidationKind;
    truncationChecked: boolean;
    castTo?: string;
    usedAsData?: boolean;
    presenceOnly?: boolean;
  };
  flow: { upstream: { callId: string; validated: boolean }[] };
  fallback: {
    kind: 'model' | 'static' | 'library' | 'none';
    where?: JsonLocation;
    fallbackFor?: string;
    degradedBy?: JsonLocation;
    unused?: true;
  };
  observability: { kind: 'structured' | 'unstructured' | 'none'; via?: string };
  cost: { maxTokens: boolean | 'unknown'; model: string | null };
  decisions: { facet: string; text: string; owner?: string; file: string; line: number }[];
}

interface JsonFinding extends JsonRange {
  ruleId: string;
  severity: Severity;
  message: string;
  messageId: string;
  data: Record<string, string | number>;
  facet: string;
  callId: string | null;
  documented: boolean;
  documentedBy?: { facet: string; text: string; owner?: string; file: string; line: number };
  suppressedBy?: { kind: 'line' | 'file'; rules: string[]; reason?: string; file: string; line: number };
  helpUri: string;
  related: (JsonRange & { message: string })[];
  fixes: { title: string; safe: boolean }[];
}

export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  tool: { name: string; version: string };
  root: string;
  stats: {
    filesScanned: number;
    filesParsed: number;
    ms: number;
    callsBySdk: Record<string, number>;
    skipped: { file: string; reason: string }[];
  };
  calls: JsonCall[];
  findings: JsonFinding[];
}

export function jsonReport(result: AuditResult, context: ReportContext): string {
  return `${JSON.stringify(toJsonReport(result, context), null, 2)}\n`;
}

function toJsonReport(result: AuditResult, context: ReportContext): JsonReport {
  const rel = (file: string) => relative(context.root, file);
  const callsBySdk: Record<string, number> = {};
  for (const [sdk, count] of Object.entries(result.stats.callsBySdk)) if (count !== undefined) callsBySdk[sdk] = count;
  const profiles = [...result.profiles, ...(result.wrappers ?? [])].sort(
    (a, b) => compareText(rel(a.call.range.file), rel(b.call.range.file)) || a.call.range.start - b.call.range.start,
  );
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: TOOL_NAME, version: context.toolVersion },
    root: context.root,
    stats: {
      filesScanned: result.stats.filesScanned,
      filesParsed: result.stats.filesParsed,
      ms: Math.round(result.stats.ms),
      callsBySdk,
      skipped: result.stats.skipped.map((entry) => ({ file: rel(entry.file), reason: entry.reason })),
    },
    calls: profiles.map((profile) => toJsonCall(profile, rel)),
    findings: sortFindings(result.findings).map((finding) => toJsonFinding(finding, rel, context)),
  };
}

function toJsonCall(profile: DecisionProfile, rel: (file: string) => string): JsonCall {
  const { call } = profile;
  const location = (where: CodeLocation | undefined): JsonLocation | undefined =>
    where && { file: rel(where.file), line: where.line, function: where.function };
  return {
    id: call.id,
    ...range(call.range, rel),
    sdk: call.sdk,
    site: call.site,
    ...(call.via ? { via: call.via } : {}),
    operation: call.operation,
    streaming: call.streaming,
    recognisedBy: call.recognisedBy,
    model: call.model,
    ...(call.sdkVersion ? { sdkVersion: { ...call.sdkVersion } } : {}),
    enclosing: {
      name: call.enclosing.name,
      file: rel(call.enclosing.file),
      line: call.enclosing.line,
      exported: call.enclosing.exported,
    },
    profile: {
      failure: {
        handledBy: profile.failure.handledBy,
        where: location(profile.failure.where),
        swallowed: profile.failure.swallowed,
        reaction: profile.failure.reaction,
        reaches: location(profile.failure.reaches),
        logged: profile.failure.logged,
        loggedAt: location(profile.failure.loggedAt),
      },
      retry: {
        layers: profile.retry.layers.map((layer) => ({
          kind: layer.kind,
          attempts: layer.attempts,
          source: layer.source,
          backoff: layer.backoff,
          predicate: layer.predicate,
          label: layer.label,
          changesRequest: layer.changesRequest,
          where: location(layer.where),
        })),
        worstCaseAttempts: profile.retry.worstCaseAttempts,
      },
      timeout: {
        source: profile.timeout.source,
        ms: profile.timeout.ms,
        coversStream: profile.timeout.coversStream,
        idleMs: profile.timeout.idleMs,
        worstCaseMs: profile.timeout.worstCaseMs,
        label: profile.timeout.label,
      },
      validation: {
        kind: profile.validation.kind,
        truncationChecked: profile.validation.truncationChecked,
        castTo: profile.validation.castTo,
        usedAsData: profile.validation.usedAsData,
        presenceOnly: profile.validation.presenceOnly,
      },
      flow: { upstream: profile.flow.upstream.map((link) => ({ callId: link.callId, validated: link.validated })) },
      fallback: {
        kind: profile.fallback.kind,
        where: location(profile.fallback.where),
        fallbackFor: profile.fallback.fallbackFor,
        degradedBy: location(profile.fallback.degradedBy),
        unused: profile.fallback.unused,
      },
      observability: { kind: profile.observability.kind, via: profile.observability.via },
      cost: { maxTokens: profile.cost.maxTokens, model: profile.cost.model },
      decisions: profile.decisions.map((decision) => ({
        facet: decision.facet,
        text: decision.text,
        owner: decision.owner,
        file: rel(decision.file),
        line: decision.line,
      })),
    },
  };
}

/** Optional fields that are absent are `undefined` here and so simply missing from the JSON text. */
function toJsonFinding(finding: Finding, rel: (file: string) => string, context: ReportContext): JsonFinding {
  const decision = finding.documentedBy;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    messageId: finding.messageId,
    data: finding.data,
    facet: finding.facet,
    ...range(finding.span, rel),
    callId: finding.callId ?? null,
    documented: decision !== undefined,
    documentedBy: decision && {
      facet: decision.facet,
      text: decision.text,
      owner: decision.owner,
      file: rel(decision.file),
      line: decision.line,
    },
    suppressedBy: finding.suppressedBy && {
      kind: finding.suppressedBy.kind,
      rules: finding.suppressedBy.rules,
      reason: finding.suppressedBy.reason,
      file: rel(finding.suppressedBy.span.file),
      line: finding.suppressedBy.span.line,
    },
    helpUri: helpUriOf(finding.ruleId, context),
    related: finding.related.map((related) => ({ message: related.message, ...range(related.span, rel) })),
    fixes: finding.fixes.map((fix) => ({ title: fix.title, safe: fix.safe })),
  };
}

function range(span: Span, rel: (file: string) => string): JsonRange {
  return {
    file: rel(span.file),
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
  };
}
