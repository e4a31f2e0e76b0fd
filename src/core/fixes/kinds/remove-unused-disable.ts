import type { UnusedSuppression } from '../../suppressions';
import type { Fix } from '../../types';
import { offer } from '../offer';
import { lineStart } from '../text';

/** The directive word of a disable comment, with its opening (`//`, `/*`). */
const HEAD = /^(?:\/\/|\/\*+)\s*orchestration-audit-disable(?:-next-line)?/;

/**
 * Removes a disable comment that silences nothing (unused-disable-comment), with its line when the
 * comment stands alone on it; when only some of its rules are unused, removes just those names and
 * keeps the rest and the reason. Safe: a comment changes no behaviour.
 */
export function removeUnusedDisable(unused: UnusedSuppression): Fix | undefined {
  const { suppression, unusedRules, text } = unused;
  const { start, end, file } = suppression.span;
  const comment = text.slice(start, end);
  const head = HEAD.exec(comment)?.[0];
  if (head === undefined) return undefined;
  const whole = unusedRules.length === suppression.rules.length;
  if (whole) {
    const edit = wholeCommentRemoval(text, start, end);
    return fix('Remove the unused disable comment', { file, ...edit });
  }
  const remaining = suppression.rules.filter((rule) => !unusedRules.includes(rule));
  const rest = comment.slice(head.length);
  const listEnd = Math.min(...[rest.indexOf('--'), rest.search(/\*\/\s*$/), rest.length].filter((at) => at >= 0));
  const tail = rest.slice(listEnd);
  const newText = `${head} ${remaining.join(', ')}${tail === '' ? '' : ` ${tail}`}`;
  return fix(`Remove ${unusedRules.join(', ')} from the disable comment`, { file, start, end, newText });
}

/** The comment and its line when nothing else is on it; else the comment and the spaces before it. */
function wholeCommentRemoval(text: string, start: number, end: number): { start: number; end: number; newText: '' } {
  const from = lineStart(text, start);
  const before = text.slice(from, start);
  const lineBreak = /^[ \t]*(?:\r?\n|$)/.exec(text.slice(end))?.[0];
  if (before.trim() === '' && lineBreak !== undefined) return { start: from, end: end + lineBreak.length, newText: '' };
  const spaces = /[ \t]*$/.exec(before)?.[0].length ?? 0;
  return { start: start - spaces, end, newText: '' };
}

function fix(title: string, edit: Fix['edits'][number]): Fix {
  return offer('remove-unused-disable', { title, safe: true, preferred: true, edits: [edit] });
}
