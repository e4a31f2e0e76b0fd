import * as vscode from 'vscode';
import type { CallReference } from './call-reference';
import { Commands } from './contract';
import { reportPage } from './html';
import { refreshDelay } from './refresh-delay';
import { messagesFor, parseWebviewMessage, type ExportFormat, type ReportModel } from './report-protocol';
import type { WorkspaceAnalysis } from './workspace-analysis';

const VIEW_TYPE = 'orchestrationAudit.report';
const TITLE = 'Decision register';

const EXPORT_COMMANDS: Record<ExportFormat, string> = {
  markdown: Commands.exportMarkdown,
  json: Commands.exportJson,
  sarif: Commands.exportSarif,
};

/**
 * The report view: one webview panel with the decision register. The page is a static shell
 * (strict CSP, nonce, assets from media/); the data goes in by postMessage and media/report.js
 * renders it with textContent. Messages from the page are narrowed before anything acts on them.
 */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private pendingFocus: string | undefined;
  private lastModel: ReportModel | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** How long the last rebuild took: the next one waits longer when rebuilds are slow. */
  private lastRefreshMs: number | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analysis: WorkspaceAnalysis,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(analysis.onDidChange(() => this.scheduleRefresh()));
  }

  /** Opens (or reveals) the report; with a call, scrolls to it. Returns the model's totals. */
  async show(focus?: CallReference): Promise<ReportModel['totals']> {
    const panel = this.panel ?? this.create();
    panel.reveal(panel.viewColumn ?? vscode.ViewColumn.Active, false);
    const folders = this.analysis.allFolders();
    await Promise.all(folders.map((folder) => folder.ensureLoaded()));
    const model = this.buildModel();
    this.pendingFocus = focus ? this.keyOf(model, focus) : undefined;
    this.post(model);
    return model.totals;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  private create(): vscode.WebviewPanel {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, TITLE, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
      enableFindWidget: true,
    });
    panel.iconPath = vscode.Uri.joinPath(media, 'activity-bar.svg');
    const { webview } = panel;
    webview.html = reportPage(webview.cspSource, (file) =>
      webview.asWebviewUri(vscode.Uri.joinPath(media, file)).toString(),
    );
    this.ready = false;
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    });
    panel.onDidChangeViewState((event) => {
      // A hidden webview is torn down (no retainContextWhenHidden); it says 'ready' again when shown.
      if (!event.webviewPanel.visible) this.ready = false;
      else this.scheduleRefresh();
    });
    webview.onDidReceiveMessage((message: unknown) => this.received(message));
    this.panel = panel;
    return panel;
  }

  private async received(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn('Ignored a malformed message from the report view.');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.lastModel) this.post(this.buildModel());
        return;
      case 'reveal': {
        // Only places the report itself listed: the page cannot open arbitrary files.
        if (!this.knows(message.file)) return;
        await vscode.commands.executeCommand(Commands.revealCall, {
          file: message.file,
          line: message.line,
          column: message.column,
        });
        return;
      }
      case 'export':
        await vscode.commands.executeCommand(EXPORT_COMMANDS[message.format]);
        return;
      case 'openDocs':
        await vscode.commands.executeCommand(Commands.showRuleDocs, message.ruleId);
        return;
      case 'refresh':
        await vscode.commands.executeCommand(Commands.auditWorkspace);
        return;
    }
  }

  private knows(file: string): boolean {
    const model = this.lastModel;
    return (
      model !== undefined &&
      (model.calls.some((call) => call.file === file || call.findings.some((finding) => finding.file === file)) ||
        model.otherFindings.some((finding) => finding.file === file))
    );
  }

  private buildModel(): ReportModel {
    const folders = this.analysis.loadedFolders().filter((folder) => folder.isLoaded);
    const model = this.analysis.core.buildReportModel(
      folders.map((folder) => ({ name: folder.folder.name, result: folder.result() })),
    );
    if (folders.length === 0)
      model.empty =
        'No workspace folder is analysed yet: open a TypeScript or JavaScript file, or run "Orchestration Audit: Audit Workspace".';
    return model;
  }

  private keyOf(model: ReportModel, focus: CallReference): string | undefined {
    return (
      model.calls.find((call) => call.file === focus.file && call.line === focus.line && call.column === focus.column)
        ?.key ?? model.calls.find((call) => call.file === focus.file && call.line === focus.line)?.key
    );
  }

  private post(model: ReportModel): void {
    this.lastModel = model;
    if (!this.panel || !this.ready) return;
    const messages = messagesFor(model, this.pendingFocus);
    this.pendingFocus = undefined;
    for (const message of messages) void this.panel.webview.postMessage(message);
  }

  private scheduleRefresh(): void {
    if (!this.panel?.visible) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (!this.panel) return;
      const started = performance.now();
      this.post(this.buildModel());
      this.lastRefreshMs = performance.now() - started;
    }, refreshDelay(this.lastRefreshMs));
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
