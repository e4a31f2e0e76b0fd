/**
 * Where a config problem is drawn in `.orchestration-audit.json`: the JSON token at the line and
 * column the core reported (a whole string with its quotes, a number, a literal), or the first
 * line when the problem is the whole file. Pure (test/vscode-unit/config-range.test.ts).
 */

export interface LineCharacter {
  line: number;
  character: number;
}

/** `line` and `column` are 1-based, as ConfigError has them; the result is 0-based. */
export function configProblemRange(
  text: string,
  line?: number,
  column?: number,
): { start: LineCharacter; end: LineCharacter } {
  const lines = text.split(/\r?\n/);
  if (line === undefined || line < 1 || line > lines.length) {
    return { start: { line: 0, character: 0 }, end: { line: 0, character: (lines[0] ?? '').length } };
  }
  const lineText = lines[line - 1] ?? '';
  const start = Math.min(Math.max((column ?? 1) - 1, 0), lineText.length);
  const end = tokenEnd(lineText, start);
  return { start: { line: line - 1, character: start }, end: { line: line - 1, character: end } };
}

function tokenEnd(lineText: string, start: number): number {
  const first = lineText[start];
  if (first === undefined) return start;
  if (first === '"') {
    for (let index = start + 1; index < lineText.length; index++) {
      if (lineText[index] === '\\') index++;
      else if (lineText[index] === '"') return index + 1;
    }
    return lineText.length;
  }
  if (first === '{' || first === '[' || first === '}' || first === ']' || first === ',' || first === ':')
    return start + 1;
  let end = start;
  while (end < lineText.length && !/[\s,:{}[\]"]/.test(lineText[end] ?? '')) end++;
  return end === start ? Math.min(start + 1, lineText.length) : end;
}
