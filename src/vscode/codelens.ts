import * as vscode from 'vscode';
import { referenceTo } from './call-reference';
import { Commands, SettingKeys } from './contract';
import { affectsSettings, readSettings } from './settings';
import { WorkspaceAnalysis } from './workspace-analysis';

/**
 * A lens above each model call with its profile in one line ("3 attempts · 10 min/attempt (SDK
 * defaults) · output not validated · not logged"); clicking it opens the report at that call.
 */
export class CodeLensSurface implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];

  constructor(private readonly analysis: WorkspaceAnalysis) {
    this.disposables.push(
      analysis.onDidChange(() => this.changeEmitter.fire()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsSettings(event, undefined, SettingKeys.codeLensEnabled)) this.changeEmitter.fire();
      }),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!WorkspaceAnalysis.isAnalysable(document) || !readSettings(document.uri).codeLensEnabled) return [];
    const folder = this.analysis.folderFor(document.uri);
    // On type, the lenses follow the text; on save, the last analysis stands until the next save.
    const state =
      readSettings(document.uri).run === 'onType'
        ? await folder?.currentState(document)
        : folder?.stateOf(document.fileName);
    if (!state || token.isCancellationRequested) return [];
    const core = this.analysis.core;
    return state.analysis.profiles
      .filter((profile) => profile.call.range.file === document.uri.fsPath)
      .sort((a, b) => a.call.range.start - b.call.range.start)
      .map((profile) => {
        const line = profile.call.range.line - 1;
        return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: core.summarizeProfile(profile),
          tooltip: 'Open this call in the decision register',
          command: Commands.showReport,
          arguments: [referenceTo(profile)],
        });
      });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
