import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, ON_TYPE_DEBOUNCE_MS, SettingKeys } from './contract';
import { affectsSettings, readSettings } from './settings';
import { WorkspaceAnalysis } from './workspace-analysis';

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/** Settings that change what the analysis finds (the others only change how it is shown). */
const ANALYSIS_SETTINGS = [
  SettingKeys.rules,
  SettingKeys.exclude,
  SettingKeys.fixesDefaultTimeoutMs,
  SettingKeys.fixesFallbackModel,
  SettingKeys.fixesHelperModulePath,
] as const;

/**
 * Keeps the analysis in step with the editor: open documents are analysed on open and, debounced,
 * on every change (or on save, by setting), with their unsaved text; files changed on disk by
 * others, the config file and the settings trigger what they affect.
 */
export class LiveAnalysis implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly configTimers = new Map<string, NodeJS.Timeout>();
  /** Analyses started here and not finished yet (see `whenIdle`). */
  private readonly inflight = new Set<Promise<unknown>>();
  /** `whenIdle` calls waiting for the debounce timers to run out. */
  private readonly timerWaiters: (() => void)[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly analysis: WorkspaceAnalysis,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const sources = vscode.workspace.createFileSystemWatcher(SOURCE_GLOB);
    const configs = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
    // A deleted folder is reported alone (the watcher folds its files' deletions into it), and its
    // name does not match SOURCE_GLOB: without this its files' results would stay behind.
    const deletions = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.disposables.push(
      sources,
      configs,
      deletions,
      vscode.workspace.onDidOpenTextDocument((document) => this.opened(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.changed(event)),
      vscode.workspace.onDidSaveTextDocument((document) => this.saved(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)),
      vscode.workspace.onDidChangeConfiguration((event) => this.settingsChanged(event)),
      sources.onDidChange((uri) => this.diskChanged(uri)),
      sources.onDidCreate((uri) => this.diskChanged(uri)),
      sources.onDidDelete((uri) => this.guard(this.analysis.existingFolderFor(uri)?.removeFile(uri.fsPath))),
      deletions.onDidDelete((uri) => this.guard(this.analysis.existingFolderFor(uri)?.removeFolder(uri.fsPath))),
      configs.onDidChange((uri) => this.configFileChanged(uri)),
      configs.onDidCreate((uri) => this.configFileChanged(uri)),
      configs.onDidDelete((uri) => this.configFileChanged(uri)),
    );
  }

  /**
   * Analyses the documents already open when the extension starts (the one whose opening
   * activated it), at once rather than after a zero-delay timer: in a window starting up, each turn
   * given to the event loop can hand the thread to other extensions for a few hundred ms.
   */
  start(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (this.isConfigDocument(document)) this.checkConfigDocument(document, 0);
      if (WorkspaceAnalysis.isAnalysable(document)) void this.analyseNow(document);
    }
  }

  /** Analyses a document now (no debounce); resolves when its diagnostics are up to date. */
  analyseNow(document: vscode.TextDocument): Promise<void> {
    this.cancel(document.uri.fsPath);
    const folder = WorkspaceAnalysis.isAnalysable(document) ? this.analysis.folderFor(document.uri) : undefined;
    return folder
      ? this.track(folder.analyseDocument(document).catch((error) => this.fail(document.uri.fsPath, error)))
      : Promise.resolve();
  }

  /**
   * Resolves once everything seen so far (edits waiting for their debounce, opens, closes, files
   * changed on disk, reloads) has been analysed and published: a barrier after which no result of
   * earlier events can still arrive.
   */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.timers.size > 0 || this.configTimers.size > 0) {
        await new Promise<void>((resolve) => this.timerWaiters.push(resolve));
        continue;
      }
      if (this.inflight.size > 0) {
        await Promise.allSettled([...this.inflight]);
        continue;
      }
      await this.analysis.idle();
      if (this.timers.size === 0 && this.configTimers.size === 0 && this.inflight.size === 0) return;
    }
  }

  private opened(document: vscode.TextDocument): void {
    if (this.isConfigDocument(document)) this.checkConfigDocument(document, 0);
    if (WorkspaceAnalysis.isAnalysable(document)) this.schedule(document, 0);
  }

  private changed(event: vscode.TextDocumentChangeEvent): void {
    const { document } = event;
    if (event.contentChanges.length === 0) return;
    if (this.isConfigDocument(document)) this.checkConfigDocument(document, ON_TYPE_DEBOUNCE_MS);
    if (!WorkspaceAnalysis.isAnalysable(document)) return;
    if (readSettings(document.uri).run === 'onType') this.schedule(document, ON_TYPE_DEBOUNCE_MS);
  }

  private saved(document: vscode.TextDocument): void {
    if (WorkspaceAnalysis.isAnalysable(document) && readSettings(document.uri).run === 'onSave')
      this.schedule(document, 0);
  }

  private closed(document: vscode.TextDocument): void {
    this.cancel(document.uri.fsPath);
    if (!WorkspaceAnalysis.isAnalysable(document)) return;
    this.guard(this.analysis.existingFolderFor(document.uri)?.closeDocument(document.uri.fsPath));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const file = document.uri.fsPath;
    this.cancel(file);
    const folder = this.analysis.folderFor(document.uri);
    if (!folder) return;
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        void this.track(folder.analyseDocument(document).catch((error) => this.fail(file, error)));
        this.timersChanged();
      }, delay),
    );
  }

  private cancel(file: string): void {
    const timer = this.timers.get(file);
    if (timer) clearTimeout(timer);
    if (this.timers.delete(file)) this.timersChanged();
  }

  private timersChanged(): void {
    if (this.timers.size > 0 || this.configTimers.size > 0) return;
    for (const resolve of this.timerWaiters.splice(0)) resolve();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    void work.finally(() => this.inflight.delete(work)).catch(() => undefined);
    return work;
  }

  private diskChanged(uri: vscode.Uri): void {
    // Open documents are analysed from the editor; this is for edits made elsewhere (git, a formatter, another tool).
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) return;
    this.guard(this.analysis.existingFolderFor(uri)?.analyseSavedFile(uri.fsPath));
  }

  private configFileChanged(uri: vscode.Uri): void {
    const folder = this.analysis.folderFor(uri);
    if (!folder || path.dirname(uri.fsPath) !== folder.root) return;
    this.log.info(`${uri.fsPath} changed: re-reading the configuration.`);
    if (folder.isLoaded) this.guard(folder.reload());
    else this.guard(Promise.resolve().then(() => folder.checkConfig()));
  }

  private settingsChanged(event: vscode.ConfigurationChangeEvent): void {
    if (!affectsSettings(event)) return;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (!affectsSettings(event, folder.uri)) continue;
      const enabled = readSettings(folder.uri).enable;
      const existing = this.analysis
        .loadedFolders()
        .find((candidate) => candidate.folder.uri.toString() === folder.uri.toString());
      if (!enabled) {
        if (existing) this.log.info(`Disabled in ${folder.name}.`);
        this.analysis.dropFolder(folder);
        continue;
      }
      if (!existing) {
        // Enabled again (or for the first time): analyse what is open there.
        for (const document of vscode.workspace.textDocuments) {
          if (vscode.workspace.getWorkspaceFolder(document.uri)?.uri.toString() === folder.uri.toString())
            this.opened(document);
        }
        continue;
      }
      const affectsAnalysis = ANALYSIS_SETTINGS.some((key) => affectsSettings(event, folder.uri, key));
      if (affectsAnalysis) {
        this.log.info(`Settings changed for ${folder.name}: re-analysing.`);
        this.guard(existing.reload());
      }
    }
  }

  /** `.orchestration-audit.json` at a folder root, open in an editor. */
  private isConfigDocument(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file' || path.basename(document.uri.fsPath) !== CONFIG_FILE_NAME) return false;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    return folder !== undefined && path.dirname(document.uri.fsPath) === folder.uri.fsPath;
  }

  /** Problems in the config file show while it is edited, before it is saved. */
  private checkConfigDocument(document: vscode.TextDocument, delay: number): void {
    const file = document.uri.fsPath;
    const timer = this.configTimers.get(file);
    if (timer) clearTimeout(timer);
    this.configTimers.set(
      file,
      setTimeout(() => {
        this.configTimers.delete(file);
        const folder = this.analysis.folderFor(document.uri);
        try {
          if (folder && !document.isClosed) folder.checkConfig(document.getText());
        } catch (error) {
          this.fail(file, error);
        } finally {
          this.timersChanged();
        }
      }, delay),
    );
  }

  private guard(work: Promise<void> | undefined): void {
    if (work) void this.track(work.catch((error) => this.log.error(`Analysis failed: ${describe(error)}`)));
  }

  private fail(file: string, error: unknown): void {
    this.log.error(`Analysing ${file} failed: ${describe(error)}`);
  }

  dispose(): void {
    for (const timer of [...this.timers.values(), ...this.configTimers.values()]) clearTimeout(timer);
    this.timers.clear();
    this.configTimers.clear();
    this.timersChanged();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
