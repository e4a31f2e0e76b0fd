import { offer } from '../offer';
import { ts } from 'ts-morph';
import { isAncestor } from '../../ast';
import type { Fix, TextEdit } from '../../types';
import { edit, type FixSite, insert } from '../context';
import { wrapEdits, wrappableStatement } from '../edits/wrap-statement';
import { errorFields, loggerAt, logStatement, type RecordField } from '../log-record';
import { quote, statementLine } from '../style';
import { freshLocalName, freshName, indentationAt, indentLines, localScope } from '../text';
import { modelField } from './model-field';

/**
 * Handle and log the failure.
 * - `unhandled-model-error`: wraps the smallest statement holding the call in try/catch; the catch
 *   logs one structured record (operation, model, error class, HTTP status, duration) with the
 *   project's logger when one is in scope, else `console.error`, and rethrows.
 * - `swallowed-model-error`: the handler exists and chose to recover; it gets the log record it
 *   lacks, and keeps its recovery.
 */
export function handleFailure(site: FixSite): Fix | undefined {
  return site.finding.ruleId === 'swallowed-model-error' ? logInSwallowingHandler(site) : wrapAndLog(site);
}

function wrapAndLog(site: FixSite): Fix | undefined {
  const { call, style, facets } = site;
  if (call.streaming) return undefined;
  const wrap = wrappableStatement(call.node, style, { requireAwait: true });
  if (!wrap) return undefined;
  const startedAt = freshLocalName('startedAt', localScope(wrap.statement));
  const errorName = 'error';
  const fields: RecordField[] = [
    ['event', quote('model_call_failed', style)],
    ['operation', quote(call.shape.name, style)],
    ...modelField(site, wrap.statement),
    ...errorFields(errorName, style),
    ['durationMs', `Date.now() - ${startedAt}`],
  ];
  const log = loggerAt(wrap.statement, 'error', facets.checker);
  const column = (wrap.indent + style.indentUnit).length;
  const catchLines = [
    ...logStatement(log, fields, `${call.shape.name} failed`, style, column),
    statementLine(`throw ${errorName}`, style),
  ];
  const edits = wrapEdits(
    wrap,
    {
      before: [statementLine(`const ${startedAt} = Date.now()`, style)],
      catchName: errorName,
      catchLines: (inner) => indentLines(catchLines, inner),
    },
    style,
  );
  return offer('handle-failure:rethrow', {
    title: `Handle the failure: log it (${log.callee}) and rethrow`,
    safe: false,
    edits,
  });
}

/** Adds the missing log record at the top of the local catch block that swallows the failure. */
function logInSwallowingHandler(site: FixSite): Fix | undefined {
  const { call, style, sourceFile, facets } = site;
  const catchClause = swallowingCatch(call.node);
  if (!catchClause) return undefined;
  const binding = catchClause.variableDeclaration?.name;
  if (binding && !ts.isIdentifier(binding)) return undefined;
  const errorName = binding
    ? binding.text
    : mentions(catchClause.block, 'error')
      ? freshName('error', sourceFile)
      : 'error';
  const text = sourceFile.text;
  const file = sourceFile.fileName;
  const block = catchClause.block;
  const indent = indentationAt(text, catchClause.getStart(sourceFile));
  const inner = indent + style.indentUnit;
  const fields: RecordField[] = [
    ['event', quote('model_call_failed', style)],
    ['operation', quote(call.shape.name, style)],
    ...modelField(site, catchClause.parent),
    ...errorFields(errorName, style),
  ];
  const log = loggerAt(block, 'error', facets.checker);
  const lines = indentLines(
    logStatement(log, fields, `${call.shape.name} failed; recovering`, style, inner.length),
    inner,
  );
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
  return offer('handle-failure:log-swallowed', {
    title: `Log the swallowed failure (${log.callee}) and keep the recovery`,
    safe: false,
    edits,
  });
}

/** The catch clause of the nearest enclosing try whose try block holds the call. */
function swallowingCatch(node: ts.Node): ts.CatchClause | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isSourceFile(current)) {
    if (ts.isTryStatement(current) && current.catchClause && isAncestor(current.tryBlock, node))
      return current.catchClause;
    if (ts.isFunctionLike(current)) return undefined;
    current = current.parent;
  }
  return undefined;
}

function mentions(node: ts.Node, name: string): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(child) && child.text === name) found = true;
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}
