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

/** A disable comment that silences nothing, with the rules it lists that silence nothing. */
export interface UnusedSuppression {
  suppression: Suppression;
  /** The listed rules that silenced no finding; empty when the comment lists none (every rule). */
  unusedRules: string[];
  /** The file's text, for the fix that removes the comment or the unused names. */
  text: string;
}

/**
 * Marks the findings a disable comment of their file silences (`suppressedBy`): the CLI, SARIF
 * (as in-source suppressions) and the editor then agree on what is silenced. Findings of a file
 * without such comments are left alone. Returns the comments (or listed rules) that silenced
 * nothing, for unused-disable-comment: a stale comment would silently hide a future finding.
 */
export function applySuppressions(findings: Finding[], sourceFiles: readonly ts.SourceFile[]): UnusedSuppression[] {
  const byFile = new Map<string, Suppression[]>();
  const texts = new Map<string, string>();
  for (const sourceFile of sourceFiles) {
    const suppressions = suppressionsOf(sourceFile);
    if (suppressions.length === 0) continue;
    byFile.set(sourceFile.fileName, suppressions);
    texts.set(sourceFile.fileName, sourceFile.text);
  }
  if (byFile.size === 0) return [];
  const used = new Map<Suppression, Set<string>>();
  for (const finding of findings) {
    const suppression = byFile.get(finding.span.file)?.find((candidate) => suppresses(candidate, finding));
    if (!suppression) continue;
    finding.suppressedBy = suppression;
    const rules = used.get(suppression) ?? new Set<string>();
    rules.add(finding.ruleId);
    used.set(suppression, rules);
  }
  const unused: UnusedSuppression[] = [];
  for (const [file, suppressions] of byFile) {
    for (const suppression of suppressions) {
      const silenced = used.get(suppression);
      const unusedRules = suppression.rules.filter((rule) => !silenced?.has(rule));
      if (silenced && unusedRules.length === 0) continue;
      unused.push({
        suppression,
        unusedRules: silenced ? unusedRules : suppression.rules,
        text: texts.get(file) ?? '',
      });
    }
  }
  return unused;
}
