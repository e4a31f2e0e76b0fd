import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileAnalysis, Finding } from '../../../src/core/index';
import type { OrchestrationAuditApi } from '../../../src/vscode/api';
import { DIAGNOSTIC_SOURCE, EXTENSION_ID } from '../../../src/vscode/contract';
import type { Core } from '../../../src/vscode/core-loader';

/**
 * Shared by the suite's files. Every wait polls with a deadline (never a fixed sleep), as
 * knip's and vscode-eslint's editor tests do.
 */

export const DEFAULT_TIMEOUT_MS = 45_000;

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the test workspace (test/vscode/workspace) open');
  return folder.uri.fsPath;
}

export function uriOf(relativePath: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), ...relativePath.split('/')));
}

/**
 * The workspace copy the runners open lives in a temporary folder, where the SDK packages do not
 * resolve by walking up: link the repository's node_modules into it so the analyser sees the SDK
 * types, as it does for the fixtures. Called by run() before any test opens a file.
 */
export function linkNodeModules(repoRoot: string): void {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const root = folder.uri.fsPath;
  try {
    require.resolve('openai/package.json', { paths: [root] });
    return;
  } catch {
    // Not resolvable from the workspace: link below.
  }
  const source = path.join(repoRoot, 'node_modules');
  const target = path.join(root, 'node_modules');
  if (fs.existsSync(source) && !fs.existsSync(target)) fs.symlinkSync(source, target, 'dir');
}

export async function api(): Promise<OrchestrationAuditApi> {
  const extension = vscode.extensions.getExtension<OrchestrationAuditApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in the test host`);
  return extension.isActive ? extension.exports : extension.activate();
}

/** The analyser bundle the extension loads (the same module instance: require caches it). */
export function core(): Core {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed bundle, by its path
  const loaded: Core = require(path.join(extension.extensionPath, 'dist', 'core.js'));
  return loaded;
}

/** Polls `probe` until it returns something other than undefined/false, or fails with `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  /** How often to look again: short where the wait is itself a measurement. */
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs / 1000} s waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
}

export function ruleOf(diagnostic: vscode.Diagnostic): string {
  const { code } = diagnostic;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** `rule@line:column-endLine:endColumn`, 1-based like the core's spans. */
export function keyOf(diagnostic: vscode.Diagnostic): string {
  const { start, end } = diagnostic.range;
  return `${ruleOf(diagnostic)}@${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

export function keyOfFinding(finding: Finding): string {
  const { span } = finding;
  return `${finding.ruleId}@${span.line}:${span.column}-${span.endLine}:${span.endColumn}`;
}

export function sortedKeys(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map(keyOf).sort();
}

/** Waits until the file's diagnostics satisfy `accept`, and returns them. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs?: number,
  intervalMs?: number,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    `${what} (${vscode.workspace.asRelativePath(uri)})`,
    () => {
      const diagnostics = ourDiagnostics(uri);
      return accept(diagnostics) ? diagnostics : undefined;
    },
    timeoutMs,
    intervalMs,
  );
}

export async function open(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uriOf(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Throws away unsaved changes of a document (the editor's own Revert File). */
export async function revert(document: vscode.TextDocument): Promise<void> {
  if (!document.isDirty) return;
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(`${vscode.workspace.asRelativePath(document.uri)} to be reverted`, () => !document.isDirty);
}

/** Waits until the extension analysed the document's current version. */
export async function analysed(document: vscode.TextDocument): Promise<FileAnalysis> {
  const extension = await api();
  return waitFor(`the analysis of ${vscode.workspace.asRelativePath(document.uri)} v${document.version}`, async () => {
    await extension.analyse(document.uri);
    const analysis = extension.fileAnalysis(document.uri);
    return analysis && analysis.version === document.version
      ? { file: document.uri.fsPath, profiles: [...analysis.profiles], findings: [...analysis.findings] }
      : undefined;
  });
}

const SESSION = Symbol.for('orchestration-audit.test-session');
type SessionHolder = typeof globalThis & { [SESSION]?: Promise<InstanceType<Core['AnalysisSession']>> };

/**
 * The core's own analysis of `text` as `relativePath`, from a session of the test's own (default
 * config), to compare the editor's surfaces against. Shared by the suite's files.
 */
export async function expectedAnalysis(relativePath: string, text?: string): Promise<FileAnalysis> {
  const holder: SessionHolder = globalThis;
  holder[SESSION] ??= (async () => {
    const session = new (core().AnalysisSession)({ root: workspaceRoot() });
    await session.load({});
    return session;
  })();
  const session = await holder[SESSION];
  const file = uriOf(relativePath).fsPath;
  const analyses = session.update(file, text ?? fs.readFileSync(file, 'utf8'));
  const analysis = analyses.find((entry) => entry.file === file);
  assert.ok(analysis, `the core returned no analysis for ${relativePath}`);
  return analysis;
}

/**
 * What the core finds in `analysedPath` while `editedPath` holds `editedText` (the suite's session
 * is given the edited file's saved text back afterwards).
 */
export async function expectedAnalysisAfterEdit(
  editedPath: string,
  editedText: string,
  analysedPath: string,
): Promise<FileAnalysis> {
  await expectedAnalysis(editedPath);
  const session = await (globalThis as SessionHolder)[SESSION];
  assert.ok(session);
  const edited = uriOf(editedPath).fsPath;
  const file = uriOf(analysedPath).fsPath;
  try {
    const analysis = session.update(edited, editedText).find((entry) => entry.file === file);
    assert.ok(analysis, `the edit of ${editedPath} did not re-analyse ${analysedPath}`);
    return analysis;
  } finally {
    session.update(edited, fs.readFileSync(edited, 'utf8'));
  }
}

const METRICS = Symbol.for('orchestration-audit.test-metrics');
type MetricsHolder = typeof globalThis & { [METRICS]?: Record<string, number | string> };

/** Figures the suite reports beside its results (index.ts writes them into the results JSON). */
export function metrics(): Record<string, number | string> {
  const holder: MetricsHolder = globalThis;
  holder[METRICS] ??= {};
  return holder[METRICS];
}

/** The 0-based range of the first occurrence of `needle` on 1-based `line`. */
export function rangeOn(document: vscode.TextDocument, line: number, needle: string): vscode.Range {
  const text = document.lineAt(line - 1).text;
  const column = text.indexOf(needle);
  assert.ok(column >= 0, `"${needle}" is not on line ${line}: ${text}`);
  return new vscode.Range(line - 1, column, line - 1, column + needle.length);
}
