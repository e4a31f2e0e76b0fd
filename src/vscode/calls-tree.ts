import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatCount } from '../core/format';
import { isOpenFinding } from '../core/open-finding';
import type { DecisionProfile, Finding, Severity } from '../core/types';
import { referenceTo } from './call-reference';
import { Commands, Views } from './contract';
import { distinguishingLabels } from './file-labels';
import type { FolderAnalysis } from './folder-analysis';
import type { WorkspaceAnalysis } from './workspace-analysis';

type CallsNode =
  | { kind: 'folder'; folder: FolderAnalysis }
  | { kind: 'file'; folder: FolderAnalysis; file: string; label: string }
  | { kind: 'call'; folder: FolderAnalysis; profile: DecisionProfile; findings: Finding[] }
  | {
      kind: 'facet';
      folder: FolderAnalysis;
      profile: DecisionProfile;
      label: string;
      sentence: string;
      findings: Finding[];
    };

/** Which register line a finding's facet belongs to (the failure line also says the fallback). */
const LINE_FACET: Record<string, string> = { fallback: 'failure', routing: 'documentation' };

/**
 * The "Model Calls" view: workspace folder → file → call → facets, each with a status icon (the
 * worst open finding, documented, or fine). Clicking a call or a facet opens the call.
 */
export class CallsTree implements vscode.TreeDataProvider<CallsNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<CallsNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly view: vscode.TreeView<CallsNode>;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly analysis: WorkspaceAnalysis) {
    this.view = vscode.window.createTreeView(Views.calls, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      analysis.onDidChange(() => this.scheduleRefresh()),
    );
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refresh();
    }, 200);
  }

  async getChildren(node?: CallsNode): Promise<CallsNode[]> {
    if (!node) {
      // Opening the view is asking for the calls: load what is not loaded yet.
      const folders = this.analysis.allFolders();
      await Promise.all(folders.map((folder) => folder.ensureLoaded().catch(() => undefined)));
      this.updateBadge(folders);
      return folders.filter((folder) => folder.isLoaded).map((folder) => ({ kind: 'folder', folder }));
    }
    switch (node.kind) {
      case 'folder': {
        const files = node.folder
          .files()
          .filter((file) => (node.folder.stateOf(file)?.analysis.profiles.length ?? 0) > 0)
          .sort((a, b) => a.localeCompare(b));
        // `app/api/chat/openai/route.ts` and `.../anthropic/route.ts` read `openai/route.ts` and
        // `anthropic/route.ts`, not twice `route.ts`.
        const relative = new Map(files.map((file) => [file, relativePath(node.folder.root, file)]));
        const labels = distinguishingLabels([...relative.values()]);
        return files.map((file) => {
          const rel = relative.get(file) ?? file;
          return { kind: 'file', folder: node.folder, file, label: labels.get(rel) ?? path.basename(file) };
        });
      }
      case 'file': {
        const state = node.folder.stateOf(node.file);
        if (!state) return [];
        return [...state.analysis.profiles]
          .sort((a, b) => a.call.range.start - b.call.range.start)
          .map((profile) => ({
            kind: 'call',
            folder: node.folder,
            profile,
            findings: state.analysis.findings.filter((finding) => finding.callId === profile.call.id),
          }));
      }
      case 'call': {
        const core = this.analysis.core;
        const result = node.folder.result();
        return core
          .describeProfile(node.profile, { root: node.folder.root, profiles: result.profiles })
          .map((line) => ({
            kind: 'facet',
            folder: node.folder,
            profile: node.profile,
            label: line.label,
            sentence: line.sentence,
            findings: node.findings.filter((finding) => (LINE_FACET[finding.facet] ?? finding.facet) === line.facet),
          }));
      }
      case 'facet':
        return [];
    }
  }

  getTreeItem(node: CallsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        const result = node.folder.result();
        const open = result.findings.filter(isOpenFinding).length;
        item.description = `${formatCount(result.profiles.length, 'call')}, ${open} undocumented`;
        item.iconPath = new vscode.ThemeIcon('root-folder');
        item.contextValue = 'folder';
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.resourceUri = vscode.Uri.file(node.file);
        const state = node.folder.stateOf(node.file);
        const open = state?.analysis.findings.filter(isOpenFinding).length ?? 0;
        // The folders the label leaves out, as the explorer's "open editors" shows them.
        const rel = relativePath(node.folder.root, node.file);
        const rest = rel.slice(0, Math.max(0, rel.length - node.label.length)).replace(/\/$/, '');
        item.description = `${rest ? `${rest} · ` : ''}${formatCount(state?.analysis.profiles.length ?? 0, 'call')}${open > 0 ? `, ${open} undocumented` : ''}`;
        item.tooltip = rel;
        item.iconPath = vscode.ThemeIcon.File;
        item.contextValue = 'file';
        return item;
      }
      case 'call': {
        const core = this.analysis.core;
        const { call } = node.profile;
        const item = new vscode.TreeItem(call.enclosing.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${core.SDK_DISPLAY_NAMES[call.sdk]} ${call.operation} · line ${call.range.line}`;
        item.tooltip = new vscode.MarkdownString(
          `${core.describeCall(node.profile)}\n\n${core.summarizeProfile(node.profile)}`,
        );
        item.iconPath = statusIcon(node.findings);
        item.command = {
          command: Commands.revealCall,
          title: 'Go to the call',
          arguments: [referenceTo(node.profile)],
        };
        item.contextValue = 'call';
        return item;
      }
      case 'facet': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.sentence.replace(/`+/g, '');
        const tooltip = new vscode.MarkdownString(`**${node.label}:** ${node.sentence}`);
        for (const finding of node.findings)
          tooltip.appendMarkdown(
            `\n\n${finding.documentedBy ? 'Documented' : 'Open'}: ${escapeMarkdown(finding.message)} (${finding.ruleId})`,
          );
        item.tooltip = tooltip;
        item.iconPath = statusIcon(node.findings);
        item.command = {
          command: Commands.revealCall,
          title: 'Go to the call',
          arguments: [referenceTo(node.profile)],
        };
        item.contextValue = 'facet';
        return item;
      }
    }
  }

  private updateBadge(folders: readonly FolderAnalysis[]): void {
    const open = folders.reduce((sum, folder) => sum + folder.result().findings.filter(isOpenFinding).length, 0);
    this.view.badge = open > 0 ? { value: open, tooltip: `${formatCount(open, 'undocumented decision')}` } : undefined;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** The worst open finding's icon; a book when every finding is documented; a check when there are none. */
function statusIcon(findings: readonly Finding[]): vscode.ThemeIcon {
  const open = findings.filter(isOpenFinding);
  if (open.length === 0) {
    return findings.length > 0
      ? new vscode.ThemeIcon('book', new vscode.ThemeColor('charts.blue'))
      : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  }
  const worst = open.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] ? b : a)).severity;
  if (worst === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (worst === 'warning')
    return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
}

/** Tooltips are Markdown: a message's own characters must not become formatting. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function relativePath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
