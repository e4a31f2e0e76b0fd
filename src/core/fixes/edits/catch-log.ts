import { ts } from 'ts-morph';
import { isAncestor, mentionsIdentifier } from '../../ast';
import type { TextEdit } from '../../types';
import { edit, type FixSite, insert } from '../context';
import { loggerAt, logStatement, type RecordField } from '../log-record';
import { statementLine } from '../style';
import { freshName, indentationAt, indentLines } from '../text';
import { wrapEdits, type WrappableStatement } from './wrap-statement';

/** The catch clause of the nearest enclosing try, in the call's own function, whose try block holds the call. */
export function enclosingCatch(node: ts.Node): ts.CatchClause | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isSourceFile(current)) {
    if (ts.isTryStatement(current) && current.catchClause && isAncestor(current.tryBlock, node))
      return current.catchClause;
    if (ts.isFunctionLike(current)) return undefined;
    current = current.parent;
  }
  return undefined;
}

/** The edits that put a log record at the top of a catch block, naming the error when it has no name. */
export function logAtTopOfCatch(
  site: FixSite,
  catchClause: ts.CatchClause,
  fields: (errorName: string) => RecordField[],
  message: string,
): { edits: TextEdit[]; callee: string } | undefined {
  const { style, sourceFile, facets } = site;
  const binding = catchClause.variableDeclaration?.name;
  if (binding && !ts.isIdentifier(binding)) return undefined;
  const errorName = binding
    ? binding.text
    : mentionsIdentifier(catchClause.block, 'error')
      ? freshName('error', sourceFile)
      : 'error';
  const text = sourceFile.text;
  const file = sourceFile.fileName;
  const block = catchClause.block;
  const indent = indentationAt(text, catchClause.getStart(sourceFile));
  const inner = indent + style.indentUnit;
  const log = loggerAt(block, 'error', facets.checker);
  const lines = indentLines(logStatement(log, fields(errorName), message, style, inner.length), inner);
  const edits: TextEdit[] = [];
  if (!binding) {
    // `catch {` has no name for the error: give it one.
    const openBrace = block.getStart(sourceFile);
    edits.push(edit(file, catchClause.getStart(sourceFile), openBrace, `catch (${errorName}) `));
  }
  const nl = style.newline;
  if (block.statements.length === 0 && !/\/\/|\/\*/.test(block.getText(sourceFile))) {
    edits.push(edit(file, block.getStart(sourceFile), block.getEnd(), `{${nl}${lines.join(nl)}${nl}${indent}}`));
  } else {
    edits.push(insert(file, block.getStart(sourceFile) + 1, `${nl}${lines.join(nl)}`));
  }
  return { edits, callee: log.callee };
}

/**
 * The edits that wrap the statement in `try { } catch (error) { <record>; throw error; }`, with
 * `const startedAt = Date.now()` before it: the failure recorded, then rethrown unchanged.
 */
export function wrapWithFailureRecord(
  site: FixSite,
  wrap: WrappableStatement,
  names: { startedAt: string; error: string },
  fields: RecordField[],
): { edits: TextEdit[]; callee: string } {
  const { style, facets } = site;
  const message = `${site.call.shape.name} failed`;
  const log = loggerAt(wrap.statement, 'error', facets.checker);
  const column = (wrap.indent + style.indentUnit).length;
  const catchLines = [
    ...logStatement(log, fields, message, style, column),
    statementLine(`throw ${names.error}`, style),
  ];
  const edits = wrapEdits(
    wrap,
    {
      before: [statementLine(`const ${names.startedAt} = Date.now()`, style)],
      catchName: names.error,
      catchLines: (inner) => indentLines(catchLines, inner),
    },
    style,
  );
  return { edits, callee: log.callee };
}
