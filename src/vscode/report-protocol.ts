/**
 * The typed messages between the report view (media/report.js) and the extension, and the model
 * the view renders. Everything in the model is plain data from the workspace: the view renders it
 * with `textContent` only. media/report.js mirrors these shapes; keep them in step.
 */

type ReportSeverity = 'error' | 'warning' | 'info';
export type LineStatus = 'open' | 'documented' | 'ok';
export type ExportFormat = 'markdown' | 'json' | 'sarif';

export interface ReportFinding {
  ruleId: string;
  severity: ReportSeverity;
  facet: string;
  message: string;
  /** Absolute path (for links back to the code) and the relative path shown. */
  file: string;
  shownFile: string;
  line: number;
  column: number;
  /** The annotation text when an `@ai-decision` comment documents it. */
  documentedBy?: string;
  documentedOwner?: string;
}

interface ReportLine {
  facet: string;
  label: string;
  /** A register sentence; `backtick` runs are code. */
  sentence: string;
  status: LineStatus;
}

export interface ReportCall {
  /** Unique over the whole model (folder + call id): what `focus` names. */
  key: string;
  folder: string;
  file: string;
  shownFile: string;
  line: number;
  column: number;
  workflow: string;
  exported: boolean;
  sdk: string;
  sdkLabel: string;
  operation: string;
  model: string | null;
  streaming: boolean;
  /** describeCall(): "OpenAI `chat.completions.create`, model `gpt-4o`". */
  title: string;
  /** summarizeProfile(): the CodeLens line. */
  summary: string;
  worstAttempts: number | 'unbounded' | 'unknown';
  /** Milliseconds, 'unbounded', 'unknown' (attempts read at run time), or null when no timeout bounds the call at all. */
  worstLatencyMs: number | 'unbounded' | 'unknown' | null;
  worstLatency: string;
  lines: ReportLine[];
  findings: ReportFinding[];
}

export interface ReportCount {
  id: string;
  label: string;
  count: number;
}

export interface ReportModel {
  title: string;
  folders: string[];
  totals: {
    calls: number;
    files: number;
    workflows: number;
    error: number;
    warning: number;
    info: number;
    documented: number;
    filesScanned: number;
  };
  bySdk: ReportCount[];
  /** Open findings by rule (documented ones not counted). */
  byRule: ReportCount[];
  byFacet: ReportCount[];
  calls: ReportCall[];
  /** Findings tied to no call (annotation problems). */
  otherFindings: ReportFinding[];
  skipped: { shownFile: string; reason: string }[];
  /** Set when no audit has run yet. */
  empty?: string;
}

export type ToWebview = { type: 'model'; model: ReportModel } | { type: 'focus'; key: string };

/** What the panel posts once the page is ready: the model, then the call to scroll to, if any. */
export function messagesFor(model: ReportModel, focusKey?: string): ToWebview[] {
  const messages: ToWebview[] = [{ type: 'model', model }];
  if (focusKey) messages.push({ type: 'focus', key: focusKey });
  return messages;
}

export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; file: string; line: number; column: number }
  | { type: 'export'; format: ExportFormat }
  | { type: 'openDocs'; ruleId: string }
  | { type: 'refresh' };

/** Narrows an untrusted message from the webview; anything else is dropped. */
export function parseWebviewMessage(value: unknown): FromWebview | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
    case 'refresh':
      return { type: message.type };
    case 'reveal':
      return typeof message.file === 'string' && isPositiveInteger(message.line) && isPositiveInteger(message.column)
        ? { type: 'reveal', file: message.file, line: message.line, column: message.column }
        : undefined;
    case 'export':
      return message.format === 'markdown' || message.format === 'json' || message.format === 'sarif'
        ? { type: 'export', format: message.format }
        : undefined;
    case 'openDocs':
      return typeof message.ruleId === 'string' && /^[a-z][a-z0-9-]*$/.test(message.ruleId)
        ? { type: 'openDocs', ruleId: message.ruleId }
        : undefined;
    default:
      return undefined;
  }
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
