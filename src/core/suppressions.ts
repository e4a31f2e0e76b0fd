import type { ts } from 'ts-morph';
import { commentRanges, spanAt } from './annotations';
import type { Finding, Suppression } from './types';

/** The comment prefix of both forms, as vscode-eslint's `eslint-disable…` (one place for the editor too). */
export const DISABLE_DIRECTIVE = 'orchestration-audit-disable';
export const DISABLE_NEXT_LINE_DIRECTIVE = `${DISABLE_DIRECTIVE}-next-line`;

/** `orchestration-audit-disable[-next-line] [rule[, rule]...] [-- reason]`, at the start of a comment. */
const DIRECTIVE = /^(?:\/\/|\/\*+)\s*orchestration-audit-disable(-next-line)?(?=\s|\*\/|$)([^\n]*)/;

const cache = new WeakMap<ts.SourceFile, Suppression[]>();

/** Every disable comment of the file, in source order. */
function suppressionsOf(sourceFile: ts.SourceFile): Suppression[] {
  const cached = cache.get(sourceFile);
  if (cached) return cached;
  const found: Suppression[] = [];
  const text = sourceFile.text;
  if (text.includes(DISABLE_DIRECTIVE)) {
    for (const range of commentRanges(sourceFile)) {
      const comment = text.slice(range.pos, range.end);
      const match = DIRECTIVE.exec(comment);
      if (!match) continue;
      const [list, reason] = splitReason(match[2].replace(/\*\/\s*$/, ''));
      found.push({
        kind: match[1] ? 'line' : 'file',
        rules: list
          .split(/[\s,]+/)
          .map((rule) => rule.trim())
          .filter((rule) => rule !== ''),
        ...(reason ? { reason } : {}),
        span: spanAt(sourceFile, range.pos, range.end),
      });
    }
  }
  cache.set(sourceFile, found);
  return found;
}

function splitReason(rest: string): [string, string | undefined] {
  const at = rest.indexOf('--');
  if (at < 0) return [rest, undefined];
  return [rest.slice(0, at), rest.slice(at + 2).trim() || undefined];
}

/** Whether the comment silences the finding: its rule is listed (or none is) and it covers its line. */
function suppresses(suppression: Suppression, finding: Finding): boolean {
  if (suppression.span.file !== finding.span.file) return false;
  if (suppression.rules.length > 0 && !suppression.rules.includes(finding.ruleId)) return false;
  return suppression.kind === 'file' || finding.span.line === suppression.span.endLine + 1;
}

/**
 * Marks the findings a disable comment of their file silences (`suppressedBy`): the CLI, SARIF
 * (as in-source suppressions) and the editor then agree on what is silenced. Findings of a file
 * without such comments are left alone.
 */
export function applySuppressions(findings: Finding[], sourceFiles: readonly ts.SourceFile[]): void {
  const byFile = new Map<string, Suppression[]>();
  for (const sourceFile of sourceFiles) {
    const suppressions = suppressionsOf(sourceFile);
    if (suppressions.length > 0) byFile.set(sourceFile.fileName, suppressions);
  }
  if (byFile.size === 0) return;
  for (const finding of findings) {
    const suppression = byFile.get(finding.span.file)?.find((candidate) => suppresses(candidate, finding));
    if (suppression) finding.suppressedBy = suppression;
  }
}
