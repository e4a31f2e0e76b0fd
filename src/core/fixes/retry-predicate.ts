import { ts } from 'ts-morph';
import type { TextEdit } from '../types';
import { insert } from './context';
import { type FileStyle, semi } from './style';
import { freshName } from './text';

export const PREDICATE = 'isRetryableModelError';

/**
 * The retryable-error predicate, declared once per file at its end; reused when a top-level function
 * of that name is already there.
 */
export function ensurePredicate(
  sourceFile: ts.SourceFile,
  style: FileStyle,
): { name: string; edits: TextEdit[] } | undefined {
  const existing = sourceFile.statements.find(
    (statement) => ts.isFunctionDeclaration(statement) && statement.name?.text === PREDICATE,
  );
  if (existing) return { name: PREDICATE, edits: [] };
  const name = freshName(PREDICATE, sourceFile);
  const text = sourceFile.text;
  const nl = style.newline;
  const lines = predicateSource(name, style);
  const endsWithNewline = text.endsWith('\n');
  const prefix = endsWithNewline ? nl : `${nl}${nl}`;
  return {
    name,
    edits: [insert(sourceFile.fileName, text.length, `${prefix}${lines.join(nl)}${endsWithNewline ? nl : ''}`)],
  };
}

function predicateSource(name: string, style: FileStyle): string[] {
  const typed = style.typescript;
  const q = style.quote;
  const s = semi(style);
  const u = style.indentUnit;
  return [
    '/**',
    ' * Rate limits, timeouts, conflicts, server and network errors may pass on a later attempt; bad',
    ' * requests, authentication and quota errors never do, so retrying them only costs time and money.',
    ' */',
    `function ${name}(error${typed ? ': unknown' : ''})${typed ? ': boolean' : ''} {`,
    `${u}if (typeof error !== ${q}object${q} || error === null) return false${s}`,
    `${u}const status = ${q}status${q} in error && typeof error.status === ${q}number${q} ? error.status : undefined${s}`,
    `${u}const code = ${q}code${q} in error ? error.code : undefined${s}`,
    `${u}if (code === ${q}insufficient_quota${q}) return false${s}`,
    `${u}if (status !== undefined) return status === 408 || status === 409 || status === 429 || status >= 500${s}`,
    `${u}return error instanceof Error && /ECONNRESET|ETIMEDOUT|ECONNREFUSED|EAI_AGAIN|EPIPE|socket hang up|fetch failed|network|timed? ?out/i.test(\`\${error.name} \${error.message} \${String(code ?? ${q}${q})}\`)${s}`,
    '}',
  ];
}
