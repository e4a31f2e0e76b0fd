import * as vscode from 'vscode';
import { formatCount } from '../core/format';
import { referenceTo } from './call-reference';
import { Commands } from './contract';
import { openFindings } from './folder-analysis';
import { WorkspaceAnalysis } from './workspace-analysis';

/** The count of undocumented decisions in the active file; hidden where there are no model calls. */
export class StatusBarSurface implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'orchestrationAudit.status',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly analysis: WorkspaceAnalysis) {
    this.item.name = 'Orchestration Audit';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      analysis.onDidChange(() => this.update()),
    );
    this.update();
  }

  /** The text shown now (undefined when hidden), for the extension's API. */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const entry =
      document && WorkspaceAnalysis.isAnalysable(document) ? this.analysis.stateOf(document.uri) : undefined;
    if (!entry || (entry.state.analysis.profiles.length === 0 && entry.state.analysis.findings.length === 0)) {
      this.hide();
      return;
    }
    const open = openFindings(entry.state);
    const calls = entry.state.analysis.profiles.length;
    const documented = entry.state.analysis.findings.length - open.length;
    this.item.text =
      open.length > 0
        ? `$(checklist) ${formatCount(open.length, 'undocumented AI decision')}`
        : '$(pass) AI decisions documented';
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(
      `Orchestration Audit: ${formatCount(open.length, 'undocumented decision')} in this file (${formatCount(calls, 'model call')}` +
        `${documented > 0 ? `, ${documented} documented` : ''}).`,
    );
    tooltip.appendMarkdown('\n\nClick to open the decision register.');
    this.item.tooltip = tooltip;
    const first = entry.state.analysis.profiles[0];
    this.item.command = {
      command: Commands.showReport,
      title: 'Open the decision register',
      arguments: first ? [referenceTo(first)] : [],
    };
    this.item.accessibilityInformation = {
      label: `Orchestration Audit: ${formatCount(open.length, 'undocumented decision')} in this file`,
    };
    this.item.show();
    this.visible = true;
  }

  private hide(): void {
    this.item.hide();
    this.visible = false;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
