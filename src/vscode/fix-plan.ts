import { changeBetween } from '../core/text-change';
import { isOpenFinding } from '../core/open-finding';
import type { Finding, Fix, TextEdit } from '../core/types';

/**
 * Pure planning of the code actions: their order, which safe fixes one fix-all pass can apply
 * together, and the text they produce. No `vscode` here (test/vscode-unit/fix-plan.test.ts).
 */

/** The preferred fix first, then the alternatives in the order the core gave them. */
export function orderFixes(fixes: readonly Fix[]): Fix[] {
  return [...fixes.filter((fix) => fix.preferred === true), ...fixes.filter((fix) => fix.preferred !== true)];
}

/** Two fixes with the same edits are one fix, whichever findings offered them. */
export function fixKey(fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start || a.end - b.end);
  return JSON.stringify([
    edits.map((edit) => [edit.file, edit.start, edit.end, edit.newText]),
    (fix.newFiles ?? []).map((file) => [file.path, file.text]),
  ]);
}

/** Applies edits to one text. Edits must not overlap; inserts at one offset apply in the given order. */
export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'start' | 'end' | 'newText'>[]): string {
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index);
  let result = '';
  let cursor = 0;
  for (const { edit } of ordered) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new RangeError(`overlapping or out-of-range edit ${edit.start}-${edit.end}`);
    }
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/**
 * Whether two edits touch the same text. An insert at either end of another edit counts too:
 * the result would depend on the order, so the second one waits for the next pass.
 */
export function editsConflict(a: Pick<TextEdit, 'start' | 'end'>, b: Pick<TextEdit, 'start' | 'end'>): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  const touches = (insert: Pick<TextEdit, 'start' | 'end'>, other: Pick<TextEdit, 'start' | 'end'>): boolean =>
    insert.start === insert.end && (insert.start === other.start || insert.start === other.end);
  return touches(a, b) || touches(b, a);
}

/**
 * One pass of fix-all: for each open finding of `file`, its first safe fix (preferred first) when
 * every edit of it is in `file`, it creates no file, and it does not touch what an earlier chosen
 * fix touches. What is left over is picked up by the next pass, after re-analysis.
 */
export function selectSafeFixes(findings: readonly Finding[], file: string): Fix[] {
  const chosen: Fix[] = [];
  const taken: TextEdit[] = [];
  const seen = new Set<string>();
  const ordered = [...findings].sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  for (const finding of ordered) {
    if (!isOpenFinding(finding)) continue;
    for (const fix of orderFixes(finding.fixes)) {
      if (!fix.safe || (fix.newFiles?.length ?? 0) > 0 || fix.edits.length === 0) continue;
      if (fix.edits.some((edit) => edit.file !== file)) continue;
      const key = fixKey(fix);
      if (seen.has(key)) break;
      if (fix.edits.some((edit) => taken.some((other) => editsConflict(edit, other)))) continue;
      seen.add(key);
      chosen.push(fix);
      taken.push(...fix.edits);
      break;
    }
  }
  return chosen;
}

/** The smallest single replacement that turns `before` into `after` (one undo step, cursor-friendly). */
export function minimalEdit(
  before: string,
  after: string,
): { start: number; end: number; newText: string } | undefined {
  if (before === after) return undefined;
  const change = changeBetween(before, after);
  return { start: change.start, end: change.oldEnd, newText: after.slice(change.start, change.newEnd) };
}

/**
 * Where "Document this decision" writes its comment: a line of its own above the line where the
 * call starts, indented like it. The core attaches annotations from the leading comments of the
 * statement holding the call, and the common shapes (`const x = await client...`,
 * `return client...`, `await client...`) start on the call's line.
 */
export function decisionCommentInsertion(
  text: string,
  callStart: number,
  facet: string,
): { offset: number; indent: string; comment: string } {
  const lineStart = text.lastIndexOf('\n', Math.max(0, callStart - 1)) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  return { offset: lineStart, indent, comment: `// @ai-decision ${facet}: ` };
}

/** The placeholder a person replaces after "Document this decision". */
export const DECISION_TEXT_PLACEHOLDER = 'describe the decision and why';
export const DECISION_OWNER_PLACEHOLDER = 'team';
