import * as vscode from 'vscode';
import { Commands, DIAGNOSTIC_SOURCE } from '../../../src/vscode/contract';
import type { ApplyFixArgs } from '../../../src/vscode/fix-edits';
import { api, metrics } from './helpers';

/** Our quick fixes as the Ctrl+. menu lists them, and what each entry is (shared by the suite's files). */

export type Category = 'preferred' | 'alternative' | 'document' | 'disable-line' | 'disable-file' | 'docs';
export const CATEGORY_ORDER: Category[] = [
  'preferred',
  'alternative',
  'document',
  'disable-line',
  'disable-file',
  'docs',
];
const DISABLE_LINE = /^Disable .+ for this line$/;
const DISABLE_FILE = /^Disable .+ for the entire file$/;

/**
 * Ours: our commands, or our Disable edits. (vscode.executeCodeActionProvider does not hand back
 * an action's `diagnostics`, so they cannot tell.)
 */
function isOurs(action: vscode.CodeAction): boolean {
  return (
    (action.command?.command.startsWith('orchestrationAudit.') ?? false) ||
    (action.diagnostics ?? []).some((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE) ||
    DISABLE_LINE.test(action.title) ||
    DISABLE_FILE.test(action.title)
  );
}

/** The group an action sorts in: a core fix by its arguments, the editor's own actions by title. */
export function categoryOf(action: vscode.CodeAction): Category {
  if (fixArgs(action)) return action.isPreferred ? 'preferred' : 'alternative';
  if (/^Show documentation/.test(action.title)) return 'docs';
  if (action.command?.command === Commands.documentDecision) return 'document';
  if (DISABLE_LINE.test(action.title)) return 'disable-line';
  if (DISABLE_FILE.test(action.title)) return 'disable-file';
  return action.isPreferred ? 'preferred' : 'alternative';
}

export function fixArgs(action: vscode.CodeAction): ApplyFixArgs | undefined {
  return action.command?.command === Commands.applyFix
    ? (action.command.arguments?.[0] as ApplyFixArgs | undefined)
    : undefined;
}

/**
 * Our quick fixes at a range. VS Code cancels a code-action request when the document changes
 * while providers answer ("Canceled"); such a request is asked again, and counted.
 */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const ours = (actions ?? []).filter(isOurs);
      // A request that VS Code cancels (a newer one, an edit) is answered with nothing, not an
      // error: ask again once the extension is idle, as the editor itself would.
      if (ours.length > 0 || attempt >= 5) return ours;
      metrics().codeActionRequestsEmpty = Number(metrics().codeActionRequestsEmpty ?? 0) + 1;
      await (await api()).whenIdle();
    } catch (error) {
      if (!(error instanceof Error && error.name === 'Canceled') || attempt >= 5) throw error;
      metrics().codeActionRequestsCanceled = Number(metrics().codeActionRequestsCanceled ?? 0) + 1;
    }
  }
}
