import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { relative } from '../core/register';
import type { RuleDefinition } from '../core/rules/define-rule';
import { DISABLE_DIRECTIVE, DISABLE_NEXT_LINE_DIRECTIVE } from '../core/suppressions';
import type { AuditResult, Finding, Severity, Span } from '../core/types';
import { oneLine, rulesOf, sortFindings, TOOL_NAME, TOOL_URI, type ReportContext } from './context';

/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub, Azure DevOps, the SARIF viewer). Only the parts of
 * the format we fill are typed here; test/report/sarif.test.ts validates the output against the
 * official schema. Files are relative to `%SRCROOT%` so a log stays valid on another machine.
 */

type SarifLevel = 'error' | 'warning' | 'note';

interface SarifArtifactLocation {
  uri: string;
  /** Absent only for a file outside the root, which gets an absolute `file:` URI instead. */
  uriBaseId?: typeof SRCROOT;
}

interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[] };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: { physicalLocation: SarifPhysicalLocation }[];
  relatedLocations?: { id: number; message: { text: string }; physicalLocation: SarifPhysicalLocation }[];
  suppressions?: { kind: 'inSource'; justification: string; location?: { physicalLocation: SarifPhysicalLocation } }[];
  properties?: { callId: string; facet: string };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: {
      driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[] };
    };
    originalUriBaseIds: Record<string, { uri: string; description: { text: string } }>;
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: {
        level: SarifLevel;
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: SarifArtifactLocation } }[];
      }[];
    }[];
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

const SRCROOT = '%SRCROOT%';
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVELS: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

export function sarifReport(result: AuditResult, context: ReportContext): string {
  return `${JSON.stringify(toSarifLog(result, context), null, 2)}\n`;
}

export function toSarifLog(result: AuditResult, context: ReportContext): SarifLog {
  const rules = driverRules(result, rulesOf(context));
  const indexOf = new Map(rules.map((rule, index) => [rule.id, index]));
  const location = (span: Span) => physicalLocation(span, context.root);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: context.toolVersion,
            semanticVersion: context.toolVersion,
            informationUri: TOOL_URI,
            rules,
          },
        },
        originalUriBaseIds: {
          // A trailing slash makes relative URIs resolve inside the root rather than beside it.
          [SRCROOT]: {
            uri: `${pathToFileURL(context.root).href.replace(/\/?$/, '/')}`,
            description: { text: 'The audited project root.' },
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.stats.skipped.map((entry) => ({
              level: 'warning' as const,
              message: { text: `Skipped: ${entry.reason}` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(entry.file, context.root) } }],
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: sortFindings(result.findings).map((finding) =>
          toResult(finding, indexOf.get(finding.ruleId) ?? 0, location),
        ),
      },
    ],
  };
}

function toResult(finding: Finding, ruleIndex: number, location: (span: Span) => SarifPhysicalLocation): SarifResult {
  const result: SarifResult = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: oneLine(finding.message) },
    locations: [{ physicalLocation: location(finding.span) }],
  };
  if (finding.related.length > 0) {
    result.relatedLocations = finding.related.map((related, index) => ({
      id: index + 1,
      message: { text: oneLine(related.message) },
      physicalLocation: location(related.span),
    }));
  }
  const decision = finding.documentedBy;
  if (decision) {
    // Documented decisions are suppressed in source: code scanning shows them as dismissed, with the reason.
    const owner = decision.owner ? ` (owner: ${decision.owner})` : '';
    result.suppressions = [
      {
        kind: 'inSource',
        justification: `@ai-decision ${decision.facet}: ${decision.text}${owner}`,
        location: { physicalLocation: location(decision.span) },
      },
    ];
  }
  const suppression = finding.suppressedBy;
  if (suppression && !decision) {
    const rules = suppression.rules.length > 0 ? ` ${suppression.rules.join(', ')}` : '';
    result.suppressions = [
      {
        kind: 'inSource',
        justification: `${suppression.kind === 'line' ? DISABLE_NEXT_LINE_DIRECTIVE : DISABLE_DIRECTIVE}${rules}${suppression.reason ? ` -- ${suppression.reason}` : ''}`,
        location: { physicalLocation: location(suppression.span) },
      },
    ];
  }
  if (finding.callId !== undefined) result.properties = { callId: finding.callId, facet: finding.facet };
  return result;
}

/** Every rule of the catalogue, then any rule id a finding names that the catalogue lacks. */
function driverRules(result: AuditResult, catalogue: readonly RuleDefinition[]): SarifRule[] {
  const rules = catalogue.map(describeRule);
  const known = new Set(rules.map((rule) => rule.id));
  for (const finding of sortFindings(result.findings)) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    rules.push(
      describeRule({
        meta: {
          id: finding.ruleId,
          description: finding.ruleId,
          facet: finding.facet,
          defaultSeverity: finding.severity,
          messages: {},
          docsUrl: '',
        },
      }),
    );
  }
  return rules;
}

function describeRule(rule: RuleDefinition): SarifRule {
  const { meta } = rule;
  const docs = meta.docsUrl === '' ? '' : ` See ${meta.docsUrl}`;
  return {
    id: meta.id,
    name: meta.id.replace(/(^|-)([a-z])/g, (_, __: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} Facet: ${meta.facet}. Default severity: ${meta.defaultSeverity}.` },
    helpUri: meta.docsUrl === '' ? TOOL_URI : meta.docsUrl,
    help: {
      text: `${meta.description}${docs}`,
      markdown: meta.docsUrl === '' ? meta.description : `${meta.description} [Documentation](${meta.docsUrl})`,
    },
    defaultConfiguration: { level: LEVELS[meta.defaultSeverity] },
    properties: { tags: ['orchestration', meta.facet] },
  };
}

function physicalLocation(span: Span, root: string): SarifPhysicalLocation {
  return {
    artifactLocation: artifactLocation(span.file, root),
    region: { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn },
  };
}

/** A URI reference relative to the root, each segment percent-encoded (spaces, `#`, `%` in file names). */
function artifactLocation(file: string, root: string): SarifArtifactLocation {
  const relativePath = relative(root, file);
  if (path.isAbsolute(relativePath)) return { uri: pathToFileURL(file).href };
  return {
    uri: relativePath
      .split('/')
      .map((segment) => encodeURIComponent(segment))
      .join('/'),
    uriBaseId: SRCROOT,
  };
}
