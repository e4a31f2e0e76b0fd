import * as vscode from 'vscode';
import type { DocumentDecisionArgs } from './code-actions';
import { SETTINGS_SECTION, SettingKeys } from './contract';
import { DECISION_OWNER_PLACEHOLDER, DECISION_TEXT_PLACEHOLDER, decisionCommentInsertion } from './fix-plan';
import type { WorkspaceAnalysis } from './workspace-analysis';

/**
 * *Document this decision…*: picks the facet when the diagnostic stands for several, then inserts
 * `// @ai-decision <facet>: <text> (owner: <owner>)` above the call as a snippet, so the cursor
 * lands in the text with the placeholder selected. A placeholder left as it is documents nothing
 * (invalid-decision-annotation says so), so tabbing through without writing does not silence
 * anything.
 */
export async function documentDecision(value: unknown): Promise<boolean> {
  const args = parseDocumentDecisionArgs(value);
  if (!args) return false;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
  if (document.version !== args.version) {
    void vscode.window.showWarningMessage(
      'Orchestration Audit: the file changed since it was analysed; try again on the updated diagnostics.',
    );
    return false;
  }
  const facet =
    args.facets.length === 1
      ? args.facets[0]
      : (
          await vscode.window.showQuickPick(
            args.facets.map((label) => ({ label, description: `@ai-decision ${label}:` })),
            { placeHolder: 'Which decision do you want to record?' },
          )
        )?.label;
  if (facet === undefined) return false;
  const editor = await vscode.window.showTextDocument(document);
  const insertion = decisionCommentInsertion(document.getText(), args.callStart, facet);
  const snippet = new vscode.SnippetString()
    .appendText(`${insertion.indent}${insertion.comment}`)
    .appendPlaceholder(DECISION_TEXT_PLACEHOLDER)
    .appendText(' (owner: ')
    .appendPlaceholder(DECISION_OWNER_PLACEHOLDER)
    .appendText(')\n');
  return editor.insertSnippet(snippet, document.positionAt(insertion.offset), {
    undoStopBefore: true,
    undoStopAfter: true,
    keepWhitespace: true,
  });
}

function parseDocumentDecisionArgs(value: unknown): DocumentDecisionArgs | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const args = value as Partial<Record<keyof DocumentDecisionArgs, unknown>>;
  if (typeof args.uri !== 'string' || typeof args.version !== 'number' || typeof args.callStart !== 'number')
    return undefined;
  const facets = Array.isArray(args.facets) ? args.facets.filter((facet) => typeof facet === 'string') : [];
  if (facets.length === 0) return undefined;
  return { uri: args.uri, version: args.version, callStart: args.callStart, facets };
}

/**
 * *Deactivate rule*: sets it to `off` in the workspace's `orchestrationAudit.rules`, as SonarLint's
 * "Deactivate rule" does; the settings merge over `.orchestration-audit.json`, so the CLI (which
 * reads only that file) still reports it, and the message says so.
 */
export async function deactivateRule(analysis: WorkspaceAnalysis, ruleId: string | undefined): Promise<boolean> {
  const id = ruleId ?? (await pickRule(analysis, undefined, 'Deactivate which rule in this workspace?'));
  if (id === undefined || !analysis.core.RULES.some((rule) => rule.meta.id === id)) return false;
  const scope = vscode.window.activeTextEditor?.document.uri;
  const section = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const current = section.inspect<Record<string, string>>(SettingKeys.rules)?.workspaceValue ?? {};
  await section.update(SettingKeys.rules, { ...current, [id]: 'off' }, vscode.ConfigurationTarget.Workspace);
  void vscode.window.showInformationMessage(
    `Orchestration Audit: ${id} is off in this workspace's settings. The CLI reads .orchestration-audit.json: set it to "off" there for CI too.`,
  );
  return true;
}

/** A rule picked from `among` (or every rule). */
export async function pickRule(
  analysis: WorkspaceAnalysis,
  among: readonly string[] | undefined,
  placeHolder: string,
): Promise<string | undefined> {
  const rules = analysis.core.ruleDefaults().filter((rule) => among === undefined || among.includes(rule.id));
  const picked = await vscode.window.showQuickPick(
    rules.map((rule) => ({ label: rule.id, detail: rule.description })),
    { placeHolder, matchOnDetail: true },
  );
  return picked?.label;
}

/** A command's rule argument: one id or a list of them. */
export function ruleIdsOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    const ids = value.filter((entry): entry is string => typeof entry === 'string');
    return ids.length > 0 ? ids : undefined;
  }
  return undefined;
}
