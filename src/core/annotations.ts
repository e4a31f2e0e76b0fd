import { ts } from 'ts-morph';
import type { ParsedAnnotation } from './rules/define-rule';
import { FACETS, type Decision, type Span } from './types';

/** `@ai-decision <facet>: <text> (owner: <name>)`; the facet may be misspelt, so take any word. */
const ANNOTATION = /@ai-decision\b[ \t]*([A-Za-z][\w-]*)?[ \t]*(:?)[ \t]*(.*)$/;
const OWNER = /\(\s*owner\s*:\s*([^)]*?)\s*\)\s*$/i;
/**
 * Text that holds the place of a decision without recording one: `TODO`, `FIXME`, `TBD`, `...`,
 * `<describe ...>` and the editor's own snippet placeholder ("describe the decision ..."). A
 * comment like that documents nothing (invalid-decision-annotation says so).
 */
// `\u2026` is the ellipsis character: written as an escape, the bundles stay ASCII (code-cache.ts reads them faster).
const PLACEHOLDER = /^(?:(?:todo|fixme|tbd|xxx)\b|\.{3}|\u2026|<[^>]*>$|describe\b)/i;

/** Whether an annotation's text is a placeholder rather than a decision. */
export function isPlaceholderText(text: string): boolean {
  return PLACEHOLDER.test(text.trim());
}

const cache = new WeakMap<ts.SourceFile, ParsedAnnotation[]>();

/** Every `@ai-decision` comment in the file, valid or not. */
export function annotationsOf(sourceFile: ts.SourceFile): ParsedAnnotation[] {
  const cached = cache.get(sourceFile);
  if (cached) return cached;
  const text = sourceFile.text;
  const found: ParsedAnnotation[] = [];
  if (text.includes('@ai-decision')) {
    for (const range of commentRanges(sourceFile)) {
      const comment = text.slice(range.pos, range.end);
      let offset = 0;
      for (const line of comment.split('\n')) {
        const match = ANNOTATION.exec(line);
        if (match) {
          const start = range.pos + offset + match.index;
          const end = range.pos + offset + line.replace(/\s*\*\/\s*$/, '').replace(/\r$/, '').length;
          found.push(parse(match, sourceFile, start, end));
        }
        offset += line.length + 1;
      }
    }
  }
  cache.set(sourceFile, found);
  return found;
}

function parse(match: RegExpExecArray, sourceFile: ts.SourceFile, start: number, end: number): ParsedAnnotation {
  const facet = (match[1] ?? '').toLowerCase();
  let text = (match[3] ?? '').replace(/\*\/\s*$/, '').trim();
  let owner: string | undefined;
  const ownerMatch = OWNER.exec(text);
  if (ownerMatch) {
    owner = ownerMatch[1] || undefined;
    text = text.slice(0, ownerMatch.index).trim();
  }
  const known = (FACETS as readonly string[]).includes(facet);
  const span = spanAt(sourceFile, start, end);
  const raw = sourceFile.text.slice(start, end);
  const annotation: ParsedAnnotation = { raw, facet, text, owner, known, span };
  if (known && text && match[2] === ':' && !isPlaceholderText(text)) {
    const decision: Decision = {
      facet,
      text,
      line: span.line,
      file: sourceFile.fileName,
      span,
      ...(owner ? { owner } : {}),
    };
    annotation.decision = decision;
  }
  return annotation;
}

export function spanAt(sourceFile: ts.SourceFile, start: number, end: number): Span {
  const from = sourceFile.getLineAndCharacterOfPosition(start);
  const to = sourceFile.getLineAndCharacterOfPosition(end);
  return {
    file: sourceFile.fileName,
    start,
    end,
    line: from.line + 1,
    column: from.character + 1,
    endLine: to.line + 1,
    endColumn: to.character + 1,
  };
}

/**
 * All comments of the file, taken from the trivia before and after every token so that text in
 * strings, templates and regular expressions is never mistaken for a comment.
 */
export function commentRanges(sourceFile: ts.SourceFile): ts.CommentRange[] {
  const byPosition = new Map<number, ts.CommentRange>();
  const text = sourceFile.text;
  const add = (ranges: ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) byPosition.set(range.pos, range);
  };
  const visit = (node: ts.Node): void => {
    add(ts.getLeadingCommentRanges(text, node.getFullStart()));
    add(ts.getTrailingCommentRanges(text, node.getEnd()));
    for (const child of node.getChildren(sourceFile)) visit(child);
  };
  visit(sourceFile);
  return [...byPosition.values()].sort((a, b) => a.pos - b.pos);
}

/**
 * The decisions that apply to a node: annotations in the leading comments of the statement that
 * contains it, or of any enclosing declaration (the function, the class).
 */
export function decisionsFor(node: ts.Node): Decision[] {
  const sourceFile = node.getSourceFile();
  const annotations = annotationsOf(sourceFile);
  if (annotations.length === 0) return [];
  const decisions: Decision[] = [];
  const text = sourceFile.text;
  let current: ts.Node | undefined = node;
  const seen = new Set<number>();
  while (current && !ts.isSourceFile(current)) {
    if (
      ts.isStatement(current) ||
      ts.isClassElement(current) ||
      ts.isPropertyAssignment(current) ||
      ts.isVariableDeclaration(current)
    ) {
      const full = current.getFullStart();
      if (!seen.has(full)) {
        seen.add(full);
        for (const range of ts.getLeadingCommentRanges(text, full) ?? []) {
          for (const annotation of annotations) {
            if (annotation.decision && annotation.span.start >= range.pos && annotation.span.end <= range.end)
              decisions.push(annotation.decision);
          }
        }
      }
    }
    current = current.parent;
  }
  return decisions;
}
