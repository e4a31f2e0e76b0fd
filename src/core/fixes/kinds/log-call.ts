import { ts } from 'ts-morph';
import { enclosingFunction } from '../../ast';
import type { Fix, TextEdit } from '../../types';
import { edit, type FixSite, insert } from '../context';
import { boundNames, wrappableStatement } from '../edits/wrap-statement';
import { loggerAt, logStatement, type RecordField } from '../log-record';
import { quote, statementLine } from '../style';
import { freshName, indentLines, skipParentheses } from '../text';
import { modelField } from './model-field';

/**
 * Log the call (`unlogged-model-call`): a structured record after the call completes, written with
 * the project's logger when one is in scope, else `console.info`: operation, model, latency, token
 * usage when the response carries it, outcome. The start time is taken just before the call.
 */
export function logCall(site: FixSite): Fix | undefined {
  const { call, style, sourceFile, facets } = site;
  if (call.streaming) return undefined;
  const wrap = wrappableStatement(call.node, style, { requireAwait: true });
  // The analyser reads the log in the call's own function: a statement outside it (a callback's
  // caller) would log something else.
  if (!wrap || wrap.awaitAt !== undefined || enclosingFunction(wrap.statement) !== enclosingFunction(call.node)) return undefined;
  const statement = wrap.statement;
  const text = sourceFile.text;
  const file = sourceFile.fileName;
  const nl = style.newline;
  const startedAt = freshName('startedAt', sourceFile);
  const fields = (usage: string | undefined): RecordField[] => [
    ['event', quote('model_call', style)],
    ['operation', quote(call.shape.name, style)],
    ...modelField(site, statement),
    ['durationMs', `Date.now() - ${startedAt}`],
    ...(usage ? ([['usage', usage]] as RecordField[]) : []),
    ['outcome', quote('ok', style)],
  ];
  const log = loggerAt(statement, 'info', facets.checker);
  const logLines = (usage: string | undefined): string[] => indentLines(logStatement(log, fields(usage), `${call.shape.name} completed`, style, wrap.indent.length), wrap.indent);
  const start = insert(file, wrap.aboveAt, `${wrap.indent}${statementLine(`const ${startedAt} = Date.now()`, style)}${nl}`);
  const title = `Log the call: a structured record of model, latency and usage (${log.callee})`;

  if (ts.isVariableStatement(statement) || ts.isExpressionStatement(statement)) {
    const usage = ts.isVariableStatement(statement) ? usageOf(statement.declarationList.declarations[0], facets.checker) : undefined;
    return { title, safe: false, edits: [start, insert(file, wrap.end, `${nl}${logLines(usage).join(nl)}`)] };
  }
  if (ts.isReturnStatement(statement) && statement.expression) {
    // `return await client.create(...)`: bind the result, log, return it.
    const returned = skipParentheses(statement.expression);
    const inner = ts.isAwaitExpression(returned) ? skipParentheses(returned.expression) : undefined;
    if (inner !== call.node) return undefined;
    const result = freshName('result', sourceFile, new Set([startedAt]));
    const expression = text.slice(statement.expression.getStart(sourceFile), statement.expression.getEnd());
    const type = facets.checker.getTypeAtLocation(call.node);
    const usage = hasUsage(type, facets.checker) ? `${result}.usage` : undefined;
    const edits: TextEdit[] = [
      start,
      edit(
        file,
        statement.getStart(sourceFile),
        statement.getEnd(),
        [
          statementLine(`const ${result} = ${expression}`, style),
          ...logLines(usage),
          `${wrap.indent}${statementLine(`return ${result}`, style)}`,
        ].join(nl),
      ),
    ];
    return { title, safe: false, edits };
  }
  return undefined;
}

/** `completion.usage`, or a destructured `usage`, when the response has token usage. */
function usageOf(declaration: ts.VariableDeclaration | undefined, checker: ts.TypeChecker): string | undefined {
  if (!declaration) return undefined;
  if (ts.isIdentifier(declaration.name)) {
    return hasUsage(checker.getTypeAtLocation(declaration.name), checker) ? `${declaration.name.text}.usage` : undefined;
  }
  return boundNames(declaration.name).includes('usage') && ts.isObjectBindingPattern(declaration.name) && declaration.name.elements.some((element) => !element.propertyName && element.name.getText() === 'usage') ? 'usage' : undefined;
}

function hasUsage(type: ts.Type, checker: ts.TypeChecker): boolean {
  const awaited = checker.getAwaitedType(type) ?? type;
  if (awaited.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  const members = awaited.isUnion() ? awaited.types : [awaited];
  return members.every((member) => !!checker.getPropertyOfType(member, 'usage'));
}
