import { ts } from 'ts-morph';

/** Offset of the first character of the line holding `pos`. */
export function lineStart(text: string, pos: number): number {
  let index = pos;
  while (index > 0 && text[index - 1] !== '\n') index--;
  return index;
}

/** The whitespace a line starts with. */
export function indentationAt(text: string, pos: number): string {
  const start = lineStart(text, pos);
  return /^[ \t]*/.exec(text.slice(start, start + 200))![0];
}

/** True when only spaces or tabs come between the start of the line and `pos`. */
export function startsLine(text: string, pos: number): boolean {
  return text.slice(lineStart(text, pos), pos).trim() === '';
}

/**
 * The offset just before the line break that ends the line after `pos`, when the rest of that line
 * is only whitespace and comments; undefined when code follows on the same line.
 */
export function endOfLineAfter(text: string, pos: number): number | undefined {
  let index = pos;
  for (;;) {
    while (index < text.length && (text[index] === ' ' || text[index] === '\t')) index++;
    if (index >= text.length) return index;
    if (text[index] === '\r' || text[index] === '\n') return index;
    if (text.startsWith('//', index)) {
      while (index < text.length && text[index] !== '\n' && text[index] !== '\r') index++;
      return index;
    }
    if (text.startsWith('/*', index)) {
      const close = text.indexOf('*/', index + 2);
      if (close < 0 || text.slice(index, close).includes('\n')) return undefined;
      index = close + 2;
      continue;
    }
    return undefined;
  }
}

/** Where a statement's leading comments start (they travel with it), or its own start. */
export function leadingCommentStart(node: ts.Node, sourceFile: ts.SourceFile): number {
  const ranges = ts.getLeadingCommentRanges(sourceFile.text, node.getFullStart()) ?? [];
  return ranges.length > 0 ? ranges[0].pos : node.getStart(sourceFile);
}

/**
 * Ranges inside which a line break is part of a value (template literals): re-indenting a line
 * that starts there would change the string.
 */
export function literalRanges(node: ts.Node, sourceFile: ts.SourceFile): [number, number][] {
  const ranges: [number, number][] = [];
  const visit = (child: ts.Node): void => {
    if (
      ts.isNoSubstitutionTemplateLiteral(child) ||
      ts.isTemplateHead(child) ||
      ts.isTemplateMiddle(child) ||
      ts.isTemplateTail(child) ||
      ts.isStringLiteral(child) ||
      ts.isJsxText(child)
    ) {
      ranges.push([child.getStart(sourceFile), child.getEnd()]);
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return ranges;
}

export interface Replacement {
  start: number;
  end: number;
  text: string;
}

/**
 * The file's text from `start` to `end` with `replacements` applied and `extra` added to the
 * indentation of every line but the first, skipping blank lines and lines that start inside a
 * literal (re-indenting those would change a string).
 */
export function renderRange(
  text: string,
  start: number,
  end: number,
  extra: string,
  literals: readonly [number, number][],
  replacements: readonly Replacement[] = [],
): string {
  const points: Replacement[] = replacements.filter(
    (replacement) => replacement.start >= start && replacement.end <= end,
  );
  if (extra !== '') {
    for (let index = text.indexOf('\n', start); index >= 0 && index < end - 1; index = text.indexOf('\n', index + 1)) {
      const lineStartAt = index + 1;
      const insideLiteral = literals.some(([from, to]) => lineStartAt > from && lineStartAt < to);
      const lineEnd = text.indexOf('\n', lineStartAt);
      const line = text.slice(lineStartAt, lineEnd < 0 || lineEnd > end ? end : lineEnd);
      const insideReplacement = points.some(
        (replacement) => lineStartAt > replacement.start && lineStartAt < replacement.end,
      );
      if (!insideLiteral && !insideReplacement && line.trim() !== '')
        points.push({ start: lineStartAt, end: lineStartAt, text: extra });
    }
  }
  points.sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let cursor = start;
  for (const point of points) {
    result += text.slice(cursor, point.start) + point.text;
    cursor = point.end;
  }
  return result + text.slice(cursor, end);
}

/** Shifts every line of generated code (no literals spanning lines) by `indent`, leaving blank lines empty. */
export function indentLines(lines: readonly string[], indent: string): string[] {
  return lines.map((line) => (line === '' ? '' : indent + line));
}

const identifiersCache = new WeakMap<ts.Node, Set<string>>();

/**
 * Every identifier written in a file or a function (declared or used, any scope), once per node:
 * a fix per call of a long function asks often.
 */
function identifiersIn(scope: ts.Node): Set<string> {
  const cached = identifiersCache.get(scope);
  if (cached) return cached;
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(scope);
  identifiersCache.set(scope, names);
  return names;
}

/**
 * A name no identifier of the file uses, in any scope: conservative, so the fix never shadows or
 * collides with anything.
 */
export function freshName(base: string, sourceFile: ts.SourceFile, taken: ReadonlySet<string> = new Set()): string {
  const used = identifiersIn(sourceFile);
  for (let index = 1; ; index++) {
    const name = index === 1 ? base : `${base}${index}`;
    if (!taken.has(name) && !used.has(name)) return name;
  }
}

/**
 * A name for a local variable: unused by any identifier inside `scope` (the enclosing function, or
 * the file at top level), so it neither collides with nor shadows anything the scope reads.
 */
export function freshLocalName(base: string, scope: ts.Node, taken: ReadonlySet<string> = new Set()): string {
  if (ts.isSourceFile(scope)) return freshName(base, scope, taken);
  const used = identifiersIn(scope);
  for (let index = 1; ; index++) {
    const name = index === 1 ? base : `${base}${index}`;
    if (!taken.has(name) && !used.has(name)) return name;
  }
}

/** The function whose body holds the node, or the file at top level: the scope a local name lives in. */
export function localScope(node: ts.Node): ts.Node {
  let current = node.parent;
  while (current && !ts.isSourceFile(current)) {
    if (ts.isFunctionLike(current)) return current;
    current = current.parent;
  }
  return node.getSourceFile();
}

/** Strips parentheses (only): what is written at an argument position. */
export function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** Is `name` a valid bare property key? */
export function isIdentifierName(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name);
}

/** The outermost node that starts exactly at `start` and passes `test`. */
export function nodeStartingAt<T extends ts.Node>(
  sourceFile: ts.SourceFile,
  start: number,
  test: (node: ts.Node) => node is T,
): T | undefined {
  let found: T | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.getEnd() <= start || node.pos > start) return;
    if (node.getStart(sourceFile) === start && test(node)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
