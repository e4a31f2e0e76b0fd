import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Fix } from '../core/types';
import { minimalEdit } from './fix-plan';
import type { WorkspaceAnalysis } from './workspace-analysis';

/** What a quick fix's command carries: the fix, and the document version it was computed for. */
export interface ApplyFixArgs {
  uri: string;
  version: number;
  fix: Fix;
}

export type FixOutcome = { applied: true } | { applied: false; reason: string };

/**
 * Applies a core fix (offsets into the analysed text) as one `WorkspaceEdit`: new files through
 * `createFile` (so one undo removes them again), text edits converted with the documents'
 * `positionAt`. Refused when a document changed since the analysis that computed the fix.
 */
export async function applyFix(args: ApplyFixArgs, analysis: WorkspaceAnalysis): Promise<FixOutcome> {
  const uri = vscode.Uri.parse(args.uri);
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.version !== args.version) {
    return {
      applied: false,
      reason: `${path.basename(uri.fsPath)} changed since it was analysed; the fix was not applied. Try it again on the updated diagnostics.`,
    };
  }
  const folder = analysis.existingFolderFor(uri);
  const root = folder?.root ?? path.dirname(uri.fsPath);
  // Only inside the folder, also once symlinks are resolved: the arguments can come from anywhere,
  // and a linked folder pointing elsewhere would carry the write out of the workspace.
  for (const target of [
    ...(args.fix.newFiles ?? []).map((newFile) => path.resolve(root, newFile.path)),
    ...args.fix.edits.map((textEdit) => textEdit.file),
  ]) {
    const outside = analysis.core.writeScopeProblem(root, target);
    if (outside)
      return {
        applied: false,
        reason: `${path.relative(root, target) || target} ${outside}; the fix was not applied.`,
      };
  }
  const edit = new vscode.WorkspaceEdit();
  for (const newFile of args.fix.newFiles ?? []) {
    const target = path.resolve(root, newFile.path);
    if (fs.existsSync(target))
      return { applied: false, reason: `${newFile.path} already exists; the fix would overwrite it.` };
    const text = await analysis.core.keepFormatted(target, root, undefined, newFile.text);
    edit.createFile(
      vscode.Uri.file(target),
      { contents: Buffer.from(text, 'utf8') },
      { label: args.fix.title, needsConfirmation: false },
    );
  }
  const byFile = new Map<string, Fix['edits']>();
  for (const textEdit of args.fix.edits) byFile.set(textEdit.file, [...(byFile.get(textEdit.file) ?? []), textEdit]);
  for (const [file, edits] of byFile) {
    const target = file === uri.fsPath ? document : await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    if (target !== document) {
      const state = folder?.stateOf(file);
      if (target.isDirty && state?.version !== target.version) {
        return {
          applied: false,
          reason: `${path.basename(file)} changed since it was analysed; the fix was not applied.`,
        };
      }
    }
    const before = target.getText();
    const version = target.version;
    if (edits.some((textEdit) => textEdit.end > before.length))
      return { applied: false, reason: `The fix does not match ${path.basename(file)} any more.` };
    // The project's formatter lays out what the fix wrote, where the file was clean under it:
    // then the whole change is one minimal replacement of the formatted text.
    const after = spliceEdits(before, edits);
    const formatted = await analysis.core.keepFormatted(file, root, before, after);
    if (target.version !== version)
      return {
        applied: false,
        reason: `${path.basename(file)} changed while the fix was prepared; it was not applied.`,
      };
    const replacements =
      formatted === after ? edits : [minimalEdit(before, formatted)].filter((one) => one !== undefined);
    for (const textEdit of replacements)
      edit.replace(
        target.uri,
        new vscode.Range(target.positionAt(textEdit.start), target.positionAt(textEdit.end)),
        textEdit.newText,
      );
  }
  const applied = await vscode.workspace.applyEdit(edit);
  return applied
    ? { applied: true }
    : { applied: false, reason: 'VS Code refused the edit (the file may have changed).' };
}

/** The text with the edits applied (they do not overlap: the core's fixes never do). */
function spliceEdits(text: string, edits: readonly { start: number; end: number; newText: string }[]): string {
  // From the end backwards; of two insertions at one place the later goes in first, so the
  // earlier ends up in front, as in the edit.
  const order = edits.map((textEdit, index) => ({ textEdit, index }));
  order.sort((a, b) => b.textEdit.start - a.textEdit.start || b.index - a.index);
  let result = text;
  for (const { textEdit } of order)
    result = result.slice(0, textEdit.start) + textEdit.newText + result.slice(textEdit.end);
  return result;
}

/** Narrows the command's argument (it can come from anywhere: a keybinding, another extension). */
export function parseApplyFixArgs(value: unknown): ApplyFixArgs | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const args = value as Partial<Record<keyof ApplyFixArgs, unknown>>;
  if (typeof args.uri !== 'string' || typeof args.version !== 'number' || !isFix(args.fix)) return undefined;
  return { uri: args.uri, version: args.version, fix: args.fix };
}

function isFix(value: unknown): value is Fix {
  if (typeof value !== 'object' || value === null) return false;
  const fix = value as Partial<Record<keyof Fix, unknown>>;
  return (
    typeof fix.id === 'string' &&
    typeof fix.kind === 'string' &&
    typeof fix.title === 'string' &&
    Array.isArray(fix.edits) &&
    fix.edits.every(
      (edit: unknown) =>
        typeof edit === 'object' &&
        edit !== null &&
        typeof (edit as Record<string, unknown>).file === 'string' &&
        typeof (edit as Record<string, unknown>).start === 'number' &&
        typeof (edit as Record<string, unknown>).end === 'number' &&
        typeof (edit as Record<string, unknown>).newText === 'string',
    ) &&
    (fix.newFiles === undefined ||
      (Array.isArray(fix.newFiles) &&
        fix.newFiles.every(
          (file: unknown) =>
            typeof file === 'object' &&
            file !== null &&
            typeof (file as Record<string, unknown>).path === 'string' &&
            typeof (file as Record<string, unknown>).text === 'string',
        )))
  );
}
