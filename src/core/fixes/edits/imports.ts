import { ts } from 'ts-morph';
import { importsLikeDeno } from '../../imports';
import type { TextEdit } from '../../types';
import { insert } from '../context';
import { type FileStyle, quote, semi } from '../style';
import { endOfLineAfter, freshName } from '../text';

export interface ImportResult {
  /** The name to use in code: the imported name, or its alias when the name is taken. */
  local: string;
  edits: TextEdit[];
}

export interface ImportRequest {
  module: string;
  name: string;
  /** `import * as x from module` provides the name too (zod's `z`). */
  namespaceProvides?: boolean;
}

/**
 * Makes `name` from `module` available in the file: reuses an import that already brings it,
 * adds it to an existing named import of the module, or writes a new import after the last one
 * (a `require` in a CommonJS script). An alias is chosen when the name is already used.
 */
export function ensureImport(
  sourceFile: ts.SourceFile,
  request: ImportRequest,
  style: FileStyle,
  taken: ReadonlySet<string> = new Set(),
): ImportResult | undefined {
  const file = sourceFile.fileName;
  const text = sourceFile.text;
  const imports = sourceFile.statements.filter(ts.isImportDeclaration);
  for (const declaration of imports) {
    if (!ts.isStringLiteral(declaration.moduleSpecifier) || declaration.moduleSpecifier.text !== request.module)
      continue;
    const clause = declaration.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && request.namespaceProvides)
      return { local: bindings.name.text, edits: [] };
    if (bindings && ts.isNamedImports(bindings)) {
      const existing = bindings.elements.find(
        (element) => !element.isTypeOnly && (element.propertyName ?? element.name).text === request.name,
      );
      if (existing) return { local: existing.name.text, edits: [] };
    }
  }
  // Deno code imports by URL or `npm:` and relative paths with their extension: a new import written
  // as Node resolves it would not load there, so the fix that needs one is not offered.
  if (importsLikeDeno(sourceFile)) return undefined;
  const local = freshName(request.name, sourceFile, taken);
  const specifier = local === request.name ? request.name : `${request.name} as ${local}`;
  for (const declaration of imports) {
    if (!ts.isStringLiteral(declaration.moduleSpecifier) || declaration.moduleSpecifier.text !== request.module)
      continue;
    const clause = declaration.importClause;
    const bindings = clause?.namedBindings;
    if (!clause || clause.isTypeOnly || !bindings || !ts.isNamedImports(bindings) || bindings.elements.length === 0)
      continue;
    const last = bindings.elements[bindings.elements.length - 1];
    return { local, edits: [insert(file, last.getEnd(), `, ${specifier}`)] };
  }
  const commonJs = !style.typescript && imports.length === 0 && /\brequire\s*\(/.test(text);
  const line = commonJs
    ? `const { ${local === request.name ? local : `${request.name}: ${local}`} } = require(${quote(request.module, style)})${semi(style)}`
    : `import { ${specifier} } from ${quote(request.module, style)}${semi(style)}`;
  const anchor = lastImportLike(sourceFile);
  if (anchor) {
    const lineEnd = endOfLineAfter(text, anchor.getEnd());
    if (lineEnd === undefined) return undefined;
    return { local, edits: [insert(file, lineEnd, `${style.newline}${line}`)] };
  }
  return { local, edits: [insert(file, topInsertionPoint(sourceFile), `${line}${style.newline}${style.newline}`)] };
}

/** The last top-level import (or, in a CommonJS script, the last leading `require` declaration). */
function lastImportLike(sourceFile: ts.SourceFile): ts.Statement | undefined {
  let last: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || isRequireDeclaration(statement))
      last = statement;
    else if (last) break;
  }
  return last;
}

function isRequireDeclaration(statement: ts.Statement): boolean {
  if (!ts.isVariableStatement(statement)) return false;
  return statement.declarationList.declarations.every((declaration) => {
    const initializer = declaration.initializer;
    return (
      !!initializer &&
      ts.isCallExpression(initializer) &&
      ts.isIdentifier(initializer.expression) &&
      initializer.expression.text === 'require'
    );
  });
}

/**
 * Where the first import goes in a file without one: after a header comment (one followed by a
 * blank line) and directives, but before a comment attached to the first declaration.
 */
function topInsertionPoint(sourceFile: ts.SourceFile): number {
  const text = sourceFile.text;
  const first = sourceFile.statements.find((statement) => !isDirective(statement));
  const directives = sourceFile.statements.filter(isDirective);
  if (!first) return directives.length ? endOfLine(text, directives[directives.length - 1].getEnd()) + 1 : text.length;
  const ranges = ts.getLeadingCommentRanges(text, first.getFullStart()) ?? [];
  let point = ranges.length ? ranges[0].pos : first.getStart(sourceFile);
  for (const range of ranges) {
    const after = text.slice(range.end, text.indexOf('\n', range.end) + 1 || text.length);
    const next = text.slice(range.end).match(/^[ \t]*\r?\n([ \t]*\r?\n)/);
    if (next && after.trim() === '') point = range.end + next[0].length;
  }
  return point;
}

function isDirective(statement: ts.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

function endOfLine(text: string, pos: number): number {
  const index = text.indexOf('\n', pos);
  return index < 0 ? text.length : index;
}
