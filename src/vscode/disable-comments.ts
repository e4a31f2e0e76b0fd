/**
 * The text edits of *Disable <rule> for this line* and *for the file*: comments the core reads
 * (src/core/suppressions.ts). No `vscode` here (test/vscode-unit/disable-comments.test.ts). As
 * vscode-eslint does, a rule is added to a directive already there rather than stacking a second.
 */

const DISABLE_NEXT_LINE = 'orchestration-audit-disable-next-line';
const DISABLE_FILE = 'orchestration-audit-disable';

export interface TextInsertion {
  start: number;
  end: number;
  newText: string;
}

/** `// orchestration-audit-disable-next-line <rules>` above `line` (0-based), indented like it. */
export function disableLineEdit(text: string, line: number, rules: readonly string[]): TextInsertion {
  const lineStart = offsetOfLine(text, line);
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  if (line > 0) {
    const previousStart = offsetOfLine(text, line - 1);
    const previous = text.slice(previousStart, lineStart).replace(/\r?\n$/, '');
    const extended = extendDirective(previous, DISABLE_NEXT_LINE, rules);
    if (extended !== undefined)
      return { start: previousStart, end: previousStart + previous.length, newText: extended };
  }
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    start: lineStart,
    end: lineStart,
    newText: `${indent}// ${DISABLE_NEXT_LINE} ${rules.join(', ')}${newline}`,
  };
}

/** `// orchestration-audit-disable <rules>` as the file's first line (after a `#!` line). */
export function disableFileEdit(text: string, rules: readonly string[]): TextInsertion {
  const start = text.startsWith('#!') ? offsetOfLine(text, 1) : 0;
  const firstLine = text.slice(start).split(/\r?\n/, 1)[0];
  const extended = extendDirective(firstLine, DISABLE_FILE, rules);
  if (extended !== undefined) return { start, end: start + firstLine.length, newText: extended };
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return { start, end: start, newText: `// ${DISABLE_FILE} ${rules.join(', ')}${newline}` };
}

/** The line comment with `rules` added, when `line` is exactly such a directive (no reason after `--`). */
function extendDirective(line: string, directive: string, rules: readonly string[]): string | undefined {
  const match = new RegExp(`^(\\s*//\\s*${directive})((?:\\s+[\\w-]+,?)*)\\s*$`).exec(line);
  if (!match) return undefined;
  const existing = match[2].split(/[\s,]+/).filter((rule) => rule !== '');
  // No rule listed disables every rule already.
  if (existing.length === 0) return line;
  const all = [...existing, ...rules.filter((rule) => !existing.includes(rule))];
  return `${match[1]} ${all.join(', ')}`;
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let current = 0; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}
