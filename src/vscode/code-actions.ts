import * as vscode from 'vscode';
import type { Finding, Fix } from '../core/types';
import { Commands, DIAGNOSTIC_SOURCE, FIX_ALL_KIND_SUFFIX } from './contract';
import { rangeOf } from './diagnostics';
import type { ApplyFixArgs } from './fix-edits';
import {
  DECISION_OWNER_PLACEHOLDER,
  DECISION_TEXT_PLACEHOLDER,
  decisionCommentInsertion,
  documentableFacet,
  fixKey,
  isDocumentFix,
  minimalEdit,
  orderFixes,
} from './fix-plan';
import { openFindings } from './folder-analysis';
import { WorkspaceAnalysis } from './workspace-analysis';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append(FIX_ALL_KIND_SUFFIX);

/**
 * Quick fixes for our diagnostics, in a stable order: the preferred fixes, the alternatives,
 * *Document this decision*, *Show documentation*. `source.fixAll.orchestrationAudit` applies the
 * safe fixes of the file. Fixes are offered only for the document version that was analysed.
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
      // Asked for (Ctrl+.): analyse the current text now. Automatic requests (the light bulb,
      // on every cursor move) must not defeat the typing debounce: stale results offer nothing.
      const state =
        context.triggerKind === vscode.CodeActionTriggerKind.Invoke
          ? await folder.currentState(document)
          : folder.stateOf(document.fileName);
      if (token.isCancellationRequested || !state || state.version === undefined || state.version !== document.version)
        return [];
      const findings = openFindings(state)
        .filter((finding) => rangeOf(finding.span).intersection(range) !== undefined)
        .sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
      const callStarts = new Map(state.analysis.profiles.map((profile) => [profile.call.id, profile.call.range.start]));
      actions.push(...quickFixes(document, state.version, findings, context.diagnostics, callStarts));
    }
    if (context.only && wants(context.only, FIX_ALL_KIND)) {
      const text = await folder.fixAllText(document);
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
  findings: readonly Finding[],
  diagnostics: readonly vscode.Diagnostic[],
  callStarts: ReadonlyMap<string, number>,
): vscode.CodeAction[] {
  const preferred: vscode.CodeAction[] = [];
  const alternatives: vscode.CodeAction[] = [];
  const documenting: vscode.CodeAction[] = [];
  const docs: vscode.CodeAction[] = [];
  const seenFixes = new Set<string>();
  const seenFacets = new Set<string>();
  const seenRules = new Set<string>();
  for (const finding of findings) {
    const diagnostic = diagnostics.find((candidate) => isDiagnosticOf(candidate, finding));
    const coreDocumentsIt = finding.fixes.some(isDocumentFix);
    for (const fix of orderFixes(finding.fixes)) {
      const key = fixKey(fix);
      if (seenFixes.has(key)) continue;
      seenFixes.add(key);
      const action = fixAction(document, version, fix, diagnostic);
      (fix.preferred === true ? preferred : isDocumentFix(fix) ? documenting : alternatives).push(action);
    }
    const facet = documentableFacet(finding);
    if (facet && !coreDocumentsIt && !seenFacets.has(facet)) {
      seenFacets.add(facet);
      const start = (finding.callId === undefined ? undefined : callStarts.get(finding.callId)) ?? finding.span.start;
      documenting.push(documentAction(document, start, facet, diagnostic));
    }
    if (!seenRules.has(finding.ruleId)) {
      seenRules.add(finding.ruleId);
      docs.push(docsAction(finding.ruleId, diagnostic));
    }
  }
  return [...preferred, ...alternatives, ...documenting, ...docs];
}

function isDiagnosticOf(diagnostic: vscode.Diagnostic, finding: Finding): boolean {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return false;
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === finding.ruleId && diagnostic.range.intersection(rangeOf(finding.span)) !== undefined;
}

function fixAction(
  document: vscode.TextDocument,
  version: number,
  fix: Fix,
  diagnostic: vscode.Diagnostic | undefined,
): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  if (diagnostic) action.diagnostics = [diagnostic];
  action.isPreferred = fix.preferred === true;
  const args: ApplyFixArgs = { uri: document.uri.toString(), version, fix };
  action.command = { command: Commands.applyFix, title: fix.title, arguments: [args] };
  return action;
}

function documentAction(
  document: vscode.TextDocument,
  callStart: number,
  facet: string,
  diagnostic: vscode.Diagnostic | undefined,
): vscode.CodeAction {
  const action = new vscode.CodeAction(
    `Document this decision (@ai-decision ${facet})`,
    vscode.CodeActionKind.QuickFix,
  );
  if (diagnostic) action.diagnostics = [diagnostic];
  const insertion = decisionCommentInsertion(document.getText(), callStart, facet);
  const snippet = new vscode.SnippetString()
    .appendText(`${insertion.indent}${insertion.comment}`)
    .appendPlaceholder(DECISION_TEXT_PLACEHOLDER)
    .appendText(' (owner: ')
    .appendPlaceholder(DECISION_OWNER_PLACEHOLDER)
    .appendText(')\n');
  const edit = vscode.SnippetTextEdit.insert(document.positionAt(insertion.offset), snippet);
  edit.keepWhitespace = true;
  action.edit = new vscode.WorkspaceEdit();
  action.edit.set(document.uri, [edit]);
  return action;
}

function docsAction(ruleId: string, diagnostic: vscode.Diagnostic | undefined): vscode.CodeAction {
  const action = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
  if (diagnostic) action.diagnostics = [diagnostic];
  action.command = { command: Commands.showRuleDocs, title: `Show documentation for ${ruleId}`, arguments: [ruleId] };
  return action;
}
