import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FolderAnalysis } from './folder-analysis';
import type { ExportFormat } from './report-protocol';
import type { WorkspaceAnalysis } from './workspace-analysis';

const FORMATS: Record<
  ExportFormat,
  { reporter: 'markdown' | 'json' | 'sarif'; fileName: string; filters: Record<string, string[]>; label: string }
> = {
  markdown: {
    reporter: 'markdown',
    fileName: 'orchestration-decisions.md',
    filters: { Markdown: ['md'] },
    label: 'Markdown decision register',
  },
  json: { reporter: 'json', fileName: 'orchestration-audit.json', filters: { JSON: ['json'] }, label: 'JSON report' },
  sarif: {
    reporter: 'sarif',
    fileName: 'orchestration-audit.sarif',
    filters: { SARIF: ['sarif', 'json'] },
    label: 'SARIF log',
  },
};

/**
 * Writes the report of one workspace folder with the CLI's reporters, so an export from the editor
 * equals `orchestration-audit --format <format>`. With `target`, no dialog is shown (tests, tasks).
 */
export async function exportReport(
  analysis: WorkspaceAnalysis,
  format: ExportFormat,
  toolVersion: string,
  target?: vscode.Uri,
  folderUri?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder(analysis, folderUri);
  if (!folder) return undefined;
  const spec = FORMATS[format];
  await folder.ensureLoaded();
  const text = analysis.core.REPORTERS[spec.reporter](folder.result(), { root: folder.root, toolVersion });
  const destination =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(folder.root, spec.fileName)),
      filters: spec.filters,
      saveLabel: 'Export',
      title: `Export the ${spec.label}`,
    }));
  if (!destination) return undefined;
  await vscode.workspace.fs.writeFile(destination, Buffer.from(text, 'utf8'));
  if (!target) {
    void vscode.window
      .showInformationMessage(`Exported the ${spec.label} to ${vscode.workspace.asRelativePath(destination)}.`, 'Open')
      .then((choice) => {
        if (choice === 'Open') void vscode.window.showTextDocument(destination);
      });
  }
  return destination;
}

async function pickFolder(
  analysis: WorkspaceAnalysis,
  folderUri: vscode.Uri | undefined,
): Promise<FolderAnalysis | undefined> {
  if (folderUri) return analysis.folderFor(folderUri);
  const folders = analysis.allFolders();
  if (folders.length <= 1) {
    if (folders.length === 0)
      void vscode.window.showWarningMessage('Orchestration Audit: open a folder to export its report.');
    return folders[0];
  }
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Export the report of which folder?' });
  return picked ? analysis.folderOf(picked) : undefined;
}
