import * as vscode from 'vscode';
import { auditWorkspace, type AuditRuns } from './audit-command';
import { parseCallReference } from './call-reference';
import type { CallsTree } from './calls-tree';
import { Commands, CONFIG_FILE_NAME } from './contract';
import { applyFix, parseApplyFixArgs } from './fix-edits';
import { deactivateRule, documentDecision, pickRule, ruleIdsOf } from './decision-commands';
import { exportReport } from './report-export';
import type { ReportPanel } from './report-panel';
import type { ExportFormat } from './report-protocol';
import type { WorkspaceAnalysis } from './workspace-analysis';

export interface CommandDeps {
  extensionUri: vscode.Uri;
  analysis: WorkspaceAnalysis;
  report: ReportPanel;
  tree: CallsTree;
  log: vscode.LogOutputChannel;
  toolVersion: string;
  audits: AuditRuns;
}

/** Registers every command of `Commands` (ids declared once in contract.ts, titles in package.json). */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { analysis, report, tree, log, audits } = deps;
  const exporter = (format: ExportFormat) => (target?: unknown, folder?: unknown) =>
    exportReport(
      analysis,
      format,
      deps.toolVersion,
      target instanceof vscode.Uri ? target : undefined,
      folder instanceof vscode.Uri ? folder : undefined,
    );
  const handlers: Record<(typeof Commands)[keyof typeof Commands], (...args: unknown[]) => unknown> = {
    [Commands.auditWorkspace]: async () => {
      const summary = await auditWorkspace(analysis, log, audits);
      if (summary && !summary.cancelled) await report.show();
      return summary;
    },
    [Commands.cancelAudit]: () => audits.cancel(),
    [Commands.showReport]: (reference?: unknown) => report.show(parseCallReference(reference)),
    [Commands.exportMarkdown]: exporter('markdown'),
    [Commands.exportJson]: exporter('json'),
    [Commands.exportSarif]: exporter('sarif'),
    [Commands.showRuleDocs]: (ruleIds?: unknown) => showRuleDocs(analysis, deps.extensionUri, ruleIdsOf(ruleIds)),
    [Commands.revealCall]: (reference?: unknown) => revealCall(reference),
    [Commands.applyFix]: async (value?: unknown) => {
      const args = parseApplyFixArgs(value);
      if (!args) {
        log.warn('applyFix called without a fix.');
        return false;
      }
      const outcome = await applyFix(args, analysis);
      if (!outcome.applied) {
        log.info(`Fix "${args.fix.title}" not applied: ${outcome.reason}`);
        void vscode.window.showWarningMessage(`Orchestration Audit: ${outcome.reason}`);
      }
      return outcome.applied;
    },
    [Commands.refreshCalls]: () => tree.refresh(),
    [Commands.openConfig]: () => openConfig(),
    [Commands.showLog]: () => log.show(),
    [Commands.documentDecision]: (value?: unknown) => documentDecision(value),
    [Commands.deactivateRule]: (ruleId?: unknown) =>
      deactivateRule(analysis, typeof ruleId === 'string' ? ruleId : undefined),
  };
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}

/**
 * Opens a rule's page: the copy shipped in the extension (src/core/rules/<id>.md, in the .vsix)
 * as a Markdown preview, so it works offline; the web page when there is none.
 */
async function showRuleDocs(
  analysis: WorkspaceAnalysis,
  extensionUri: vscode.Uri,
  ruleIds: string[] | undefined,
): Promise<'preview' | 'web' | undefined> {
  const core = analysis.core;
  const id =
    ruleIds?.length === 1 ? ruleIds[0] : await pickRule(analysis, ruleIds, 'Show the documentation of which rule?');
  if (id === undefined || !core.RULES.some((rule) => rule.meta.id === id)) return undefined;
  const local = vscode.Uri.joinPath(extensionUri, 'src', 'core', 'rules', `${id}.md`);
  try {
    await vscode.workspace.fs.stat(local);
    await vscode.commands.executeCommand('markdown.showPreview', local);
    return 'preview';
  } catch {
    await vscode.env.openExternal(vscode.Uri.parse(core.docsUrl(id)));
    return 'web';
  }
}

async function revealCall(value: unknown): Promise<vscode.TextEditor | undefined> {
  const reference = parseCallReference(value);
  if (!reference) return undefined;
  const range = new vscode.Range(
    reference.line - 1,
    reference.column - 1,
    reference.endLine - 1,
    reference.endColumn - 1,
  );
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(reference.file), {
    selection: new vscode.Selection(range.start, range.start),
    preview: true,
  });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** Opens the folder's config file, creating a minimal one (one undoable edit) when there is none. */
async function openConfig(): Promise<void> {
  const folder =
    (vscode.window.activeTextEditor &&
      vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)) ??
    (vscode.workspace.workspaceFolders?.length === 1
      ? vscode.workspace.workspaceFolders[0]
      : await vscode.window.showWorkspaceFolderPick());
  if (!folder) return;
  const uri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { contents: Buffer.from('{\n  "rules": {},\n  "exclude": []\n}\n', 'utf8') });
    await vscode.workspace.applyEdit(edit);
  }
  await vscode.window.showTextDocument(uri);
}
