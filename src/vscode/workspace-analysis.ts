import * as vscode from 'vscode';
import { ANALYSED_LANGUAGES } from './contract';
import { loadCore, saveCodeCache, type Core } from './core-loader';
import { FolderAnalysis, type FileState } from './folder-analysis';
import { readSettings } from './settings';

export interface AnalysisChange {
  folder: FolderAnalysis;
  /** Files whose results changed (absolute paths). */
  files: readonly string[];
}

/**
 * The analyses of the open workspace: one `FolderAnalysis` per workspace folder, created when
 * first needed (the analyser itself loads then, not at activation). Surfaces read results here
 * and listen to `onDidChange`.
 */
export class WorkspaceAnalysis implements vscode.Disposable {
  private readonly folders = new Map<string, FolderAnalysis>();
  private readonly changeEmitter = new vscode.EventEmitter<AnalysisChange>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) this.dropFolder(removed);
      }),
    );
  }

  get core(): Core {
    return loadCore((message) => this.log.info(message));
  }

  /** Whether a document is one the analyser reads: a TS/JS file on disk inside a workspace folder. */
  static isAnalysable(document: vscode.TextDocument): boolean {
    return document.uri.scheme === 'file' && (ANALYSED_LANGUAGES as readonly string[]).includes(document.languageId);
  }

  /** The folder analysis for a file URI, created on demand; none outside the workspace or when disabled there. */
  folderFor(uri: vscode.Uri): FolderAnalysis | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || folder.uri.scheme !== 'file') return undefined;
    return this.folderOf(folder);
  }

  folderOf(folder: vscode.WorkspaceFolder): FolderAnalysis | undefined {
    const key = folder.uri.toString();
    const existing = this.folders.get(key);
    if (existing) return existing;
    if (!readSettings(folder.uri).enable) return undefined;
    const analysis = new FolderAnalysis(folder, {
      core: () => this.core,
      settings: () => readSettings(folder.uri),
      openDocuments: () =>
        vscode.workspace.textDocuments.filter(
          (document) =>
            WorkspaceAnalysis.isAnalysable(document) &&
            vscode.workspace.getWorkspaceFolder(document.uri)?.uri.toString() === key,
        ),
      log: this.log,
      withProgress: (title, task) =>
        Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, task)).finally(
          // After a load the analyser has compiled what the next window's first analysis needs.
          saveCodeCache,
        ),
      changed: (files) => this.changeEmitter.fire({ folder: analysis, files }),
      activeFile: () => vscode.window.activeTextEditor?.document.fileName,
    });
    this.folders.set(key, analysis);
    return analysis;
  }

  /** Folder analyses that exist now (created by an open file, the audit or the tree). */
  loadedFolders(): FolderAnalysis[] {
    return [...this.folders.values()];
  }

  /** Resolves once every operation queued so far in every folder has run and published. */
  async idle(): Promise<void> {
    await Promise.all(this.loadedFolders().map((folder) => folder.idle()));
  }

  /** Every workspace folder's analysis where the extension is enabled (creating them). */
  allFolders(): FolderAnalysis[] {
    return (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => this.folderOf(folder))
      .filter((analysis): analysis is FolderAnalysis => analysis !== undefined);
  }

  /** The latest state of a file, without analysing anything (`withFixes`: see `FolderAnalysis.stateWithFixes`). */
  stateOf(
    uri: vscode.Uri,
    options: { withFixes?: boolean } = {},
  ): { folder: FolderAnalysis; state: FileState } | undefined {
    const folder = this.existingFolderFor(uri);
    const state = options.withFixes ? folder?.stateWithFixes(uri.fsPath) : folder?.stateOf(uri.fsPath);
    return folder && state ? { folder, state } : undefined;
  }

  existingFolderFor(uri: vscode.Uri): FolderAnalysis | undefined {
    const folder = uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    return folder ? this.folders.get(folder.uri.toString()) : undefined;
  }

  /** Drops a folder's analysis (disabled, or removed from the workspace); listeners clear its results. */
  dropFolder(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    const analysis = this.folders.get(key);
    if (!analysis) return;
    this.folders.delete(key);
    const files = analysis.files();
    const configProblem = analysis.configProblem;
    analysis.configProblem = undefined;
    analysis.dispose();
    this.changeEmitter.fire({ folder: analysis, files: configProblem ? [...files, configProblem.file] : files });
  }

  dispose(): void {
    for (const analysis of this.folders.values()) analysis.dispose();
    this.folders.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
