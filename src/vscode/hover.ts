import * as vscode from 'vscode';
import { isOpenFinding } from '../core/open-finding';
import { referenceTo } from './call-reference';
import { Commands } from './contract';
import { rangeOf } from './diagnostics';
import { readSettings } from './settings';
import { WorkspaceAnalysis } from './workspace-analysis';

/**
 * Hovering a model call's callee shows its decision profile once: the register entry, in the same
 * sentences as the Markdown register and the report view, then the rule ids of its open findings,
 * each linked to its page (the diagnostics' short messages are above it, in VS Code's own part of
 * the hover: they are not repeated).
 */
export class HoverSurface implements vscode.HoverProvider {
  constructor(private readonly analysis: WorkspaceAnalysis) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    if (!WorkspaceAnalysis.isAnalysable(document)) return undefined;
    const folder = this.analysis.folderFor(document.uri);
    const state =
      readSettings(document.uri).run === 'onType'
        ? await folder?.currentState(document)
        : folder?.stateOf(document.fileName);
    if (!folder || !state || state.version !== document.version || token.isCancellationRequested) return undefined;
    const profile = state.analysis.profiles.find((candidate) => rangeOf(candidate.call.calleeRange).contains(position));
    if (!profile) return undefined;
    const core = this.analysis.core;
    const result = folder.result();
    const markdown = new vscode.MarkdownString(undefined, false);
    markdown.isTrusted = { enabledCommands: [Commands.showReport] };
    markdown.supportHtml = false;
    markdown.appendMarkdown(
      `**${core.describeCall(profile)}** in ${core.code(core.relative(folder.root, profile.call.range.file))}\n\n`,
    );
    for (const line of core.describeProfile(profile, { root: folder.root, profiles: result.profiles })) {
      markdown.appendMarkdown(`- **${line.label}:** ${line.sentence}\n`);
    }
    const open = [
      ...new Set(
        state.analysis.findings
          .filter((finding) => finding.callId === profile.call.id && isOpenFinding(finding))
          .map((finding) => finding.ruleId),
      ),
    ];
    if (open.length > 0)
      markdown.appendMarkdown(`\nOpen: ${open.map((id) => `[\`${id}\`](${core.docsUrl(id)})`).join(' · ')}\n`);
    const args = encodeURIComponent(JSON.stringify([referenceTo(profile)]));
    markdown.appendMarkdown(`\n[Open in the decision register](command:${Commands.showReport}?${args})`);
    return new vscode.Hover(markdown, rangeOf(profile.call.calleeRange));
  }
}
