import * as vscode from 'vscode';
import type { Fix } from '../core/types';
import { planActions, type ActionTarget, type PlannedAction } from './action-plan';
import { Commands, DIAGNOSTIC_SOURCE, FIX_ALL_KIND_SUFFIX } from './contract';
import { IMPLICIT_GROUP_CODE, planDiagnostics, type PlannedDiagnostic } from './diagnostic-plan';
import { diagnosticCode, rangeOf } from './diagnostics';
import { disableFileEdit, disableLineEdit } from './disable-comments';
import type { ApplyFixArgs } from './fix-edits';
import { minimalEdit } from './fix-plan';
import { openFindings } from './folder-analysis';
import { readSettings } from './settings';
import { WorkspaceAnalysis } from './workspace-analysis';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append(FIX_ALL_KIND_SUFFIX);

/** What *Document this decision…* carries to its command. */
export interface DocumentDecisionArgs {
  uri: string;
  version: number;
  /** Offset of the call's start: the comment goes on a line of its own above that line. */
  callStart: number;
  facets: string[];
}

/**
 * Quick fixes for our diagnostics in vscode-eslint's fixed order (action-plan.ts): the fixes,
 * *Document this decision…*, *Disable <rule> for this line*, *… for the entire file*, *Show
 * documentation*. `source.fixAll.orchestrationAudit` applies the safe fixes of the file. Fixes are
 * offered only for the document version that was analysed.
 */
export class CodeActionsSurface implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly analysis: WorkspaceAnalysis) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    if (!WorkspaceAnalysis.isAnalysable(document)) return [];
    const folder = this.analysis.folderFor(document.uri);
    if (!folder) return [];
    const actions: vscode.CodeAction[] = [];
    if (wants(context.only, vscode.CodeActionKind.QuickFix)) {
      // Asked for (Ctrl+.): analyse the current text now (the first file's fixes come with the
      // folder's load). Automatic requests (the light bulb, on every cursor move) must not defeat the
      // typing debounce: stale results, and the first file's before its fixes, offer nothing. An
      // edit's analysis of the current text builds its fixes now (it left them for this request).
      const state =
        context.triggerKind === vscode.CodeActionTriggerKind.Invoke
          ? await folder.currentState(document, { fixes: true })
          : await folder.stateForLightBulb(document);
      if (
        token.isCancellationRequested ||
        !state ||
        state.fixesPending ||
        state.version === undefined ||
        state.version !== document.version
      )
        return [];
      // The same plan the diagnostics were published from, so each action names its diagnostic.
      const planned = planDiagnostics(
        openFindings(state),
        readSettings(document.uri).groupImplicit,
        this.analysis.core.implicitLabelOf,
      ).filter((diagnostic) => rangeOf(diagnostic.span).intersection(range) !== undefined);
      actions.push(...quickFixes(document, state.version, planned, context.diagnostics, state.analysis.profiles));
    }
    if (context.only && wants(context.only, FIX_ALL_KIND)) {
      const fixed = await folder.fixAllText(document);
      // The project's formatter lays out what the fixes wrote, where the file was clean under it.
      const text =
        fixed === undefined
          ? undefined
          : await this.analysis.core.keepFormatted(document.fileName, folder.root, document.getText(), fixed);
      const replacement = text === undefined ? undefined : minimalEdit(document.getText(), text);
      if (replacement && !token.isCancellationRequested) {
        const action = new vscode.CodeAction('Apply all safe Orchestration Audit fixes', FIX_ALL_KIND);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(
          document.uri,
          new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end)),
          replacement.newText,
        );
        actions.push(action);
      }
    }
    return actions;
  }
}

/** Whether a request restricted to `only` (if at all) asks for actions of `kind`. */
function wants(only: vscode.CodeActionKind | undefined, kind: vscode.CodeActionKind): boolean {
  return only === undefined || only.contains(kind) || kind.contains(only);
}

function quickFixes(
  document: vscode.TextDocument,
  version: number,
  planned: readonly PlannedDiagnostic[],
  diagnostics: readonly vscode.Diagnostic[],
  profiles: readonly { call: { id: string; range: { start: number } } }[],
): vscode.CodeAction[] {
  const targets: ActionTarget[] = planned.map((diagnostic) => ({
    code: diagnostic.code,
    findings: diagnostic.findings,
    line: diagnostic.span.line - 1,
  }));
  const shown = planned.map((diagnostic) =>
    diagnostics.find(
      (candidate) =>
        candidate.source === DIAGNOSTIC_SOURCE &&
        diagnosticCode(candidate) === diagnostic.code &&
        candidate.range.isEqual(rangeOf(diagnostic.span)),
    ),
  );
  const callStarts = new Map(profiles.map((profile) => [profile.call.id, profile.call.range.start]));
  return planActions(targets).map((action) => {
    const codeAction = toCodeAction(document, version, action, planned[action.target], callStarts);
    const diagnostic = shown[action.target];
    if (diagnostic) codeAction.diagnostics = [diagnostic];
    return codeAction;
  });
}

function toCodeAction(
  document: vscode.TextDocument,
  version: number,
  action: PlannedAction,
  diagnostic: PlannedDiagnostic,
  callStarts: ReadonlyMap<string, number>,
): vscode.CodeAction {
  switch (action.kind) {
    case 'fix':
      return fixAction(document, version, action.fix);
    case 'document': {
      const codeAction = new vscode.CodeAction('Document this decision…', vscode.CodeActionKind.QuickFix);
      const args: DocumentDecisionArgs = {
        uri: document.uri.toString(),
        version,
        callStart: callStarts.get(action.callId) ?? diagnostic.span.start,
        facets: action.facets,
      };
      codeAction.command = { command: Commands.documentDecision, title: codeAction.title, arguments: [args] };
      return codeAction;
    }
    case 'disable-line': {
      const insertion = disableLineEdit(document.getText(), action.line, action.rules);
      return editAction(document, `Disable ${subject(diagnostic, action.rules)} for this line`, insertion);
    }
    case 'disable-file': {
      const insertion = disableFileEdit(document.getText(), action.rules);
      return editAction(document, `Disable ${subject(diagnostic, action.rules)} for the entire file`, insertion);
    }
    case 'docs': {
      const rules = [...new Set(diagnostic.findings.map((finding) => finding.ruleId))];
      const title = `Show documentation for ${action.code === IMPLICIT_GROUP_CODE ? 'these implicit decisions' : action.code}`;
      const codeAction = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      codeAction.command = {
        command: Commands.showRuleDocs,
        title,
        arguments: [rules.length === 1 ? rules[0] : rules],
      };
      return codeAction;
    }
  }
}

/** What a disable action names: the rule, or "implicit decisions" for the grouped diagnostic. */
function subject(diagnostic: PlannedDiagnostic, rules: readonly string[]): string {
  return diagnostic.code === IMPLICIT_GROUP_CODE ? 'these implicit decisions' : rules.join(', ');
}

function editAction(
  document: vscode.TextDocument,
  title: string,
  insertion: { start: number; end: number; newText: string },
): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.replace(
    document.uri,
    new vscode.Range(document.positionAt(insertion.start), document.positionAt(insertion.end)),
    insertion.newText,
  );
  return action;
}

function fixAction(document: vscode.TextDocument, version: number, fix: Fix): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.isPreferred = fix.preferred === true;
  const args: ApplyFixArgs = { uri: document.uri.toString(), version, fix };
  action.command = { command: Commands.applyFix, title: fix.title, arguments: [args] };
  return action;
}
