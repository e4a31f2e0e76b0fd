import { offer } from '../offer';
import { ts } from 'ts-morph';
import { accessChain, enclosingFunction, unwrapExpression } from '../../ast';
import { answersOnlySentinels } from '../../facets/sentinels';
import { boundName } from '../../graph/streams';
import type { DetectedCall } from '../../detect';
import type { Fix, TextEdit } from '../../types';
import { edit, type FixSite, insert } from '../context';
import { settlingHandler, wrappableStatement, type WrappableStatement } from '../edits/wrap-statement';
import { enclosingCatch, logAtTopOfCatch, wrapWithFailureRecord } from '../edits/catch-log';
import { errorFields, loggerAt, logStatement, messageField, type RecordField } from '../log-record';
import { quote, statementLine } from '../style';
import {
  freshLocalName,
  indentationAt,
  indentLines,
  lineStart,
  literalRanges,
  localScope,
  renderRange,
  type Replacement,
  skipParentheses,
} from '../text';
import { modelField } from './model-field';

/**
 * Log the call (`unlogged-model-call`): a structured record after the call completes, written with
 * the project's logger when one is in scope, else `console.info`: operation, model, latency, token
 * usage when the response carries it, outcome. The start time is taken just before the call. Its
 * failures are recorded too (outcome, error name, status, message): at the top of the catch that
 * handles them in the call's function, or, where nothing there catches them, in a catch that
 * records the error and rethrows it.
 */
export function logCall(site: FixSite): Fix | undefined {
  const { call, style, sourceFile, facets } = site;
  if (call.streaming || endsInHelper(site)) return undefined;
  const arrow = arrowReturning(call.node);
  if (arrow) return logInArrow(site, arrow);
  const settling = settlingHandler(call.node);
  const wrap = wrappableStatement(settling?.call ?? call.node, style, { requireAwait: true });
  // The analyser reads the log in the call's own function: a statement outside it (a callback's
  // caller) would log something else.
  if (!wrap || wrap.awaitAt !== undefined || enclosingFunction(wrap.statement) !== enclosingFunction(call.node))
    return undefined;
  const statement = wrap.statement;
  // The handler's answer stands in the call's place: the record can tell a failure only by a
  // missing value (`null`, `undefined`, `false`, nothing), not by a default answer.
  if (settling && !answersOnlyMissing(settling.handler, facets.checker)) return undefined;
  const outcome = (held: string | undefined): string =>
    settling && held ? `${held} ? ${quote('ok', style)} : ${quote('error', style)}` : quote('ok', style);
  const text = sourceFile.text;
  const file = sourceFile.fileName;
  const nl = style.newline;
  const startedAt = freshLocalName('startedAt', localScope(statement));
  const fields = (usage: string | undefined, held?: string): RecordField[] => [
    ['event', quote('model_call', style)],
    ['operation', quote(call.shape.name, style)],
    ...modelField(site, statement),
    ['durationMs', `Date.now() - ${startedAt}`],
    ...(usage ? ([['usage', usage]] as RecordField[]) : []),
    ['outcome', outcome(held)],
  ];
  const log = loggerAt(statement, 'info', facets.checker);
  const logLines = (usage: string | undefined, held?: string): string[] =>
    indentLines(
      logStatement(log, fields(usage, held), `${call.shape.name} completed`, style, wrap.indent.length),
      wrap.indent,
    );
  const start = insert(
    file,
    wrap.aboveAt,
    `${wrap.indent}${statementLine(`const ${startedAt} = Date.now()`, style)}${nl}`,
  );

  if (ts.isVariableStatement(statement) || ts.isExpressionStatement(statement)) {
    const usage = ts.isVariableStatement(statement)
      ? usageOf(statement.declarationList.declarations[0], call, facets.checker)
      : undefined;
    // A failure the chained handler settles reaches neither a catch around the statement nor a new
    // one: the value it leaves tells the outcome.
    const held = settling ? heldName(settling.call) : undefined;
    if (settling && !held) return undefined;
    const failure = settling ? undefined : failureRecord(site, statement);
    const around = failure || settling ? undefined : recordAround(site, wrap, startedAt, logLines(usage));
    if (around)
      return offer('log-call', {
        title: logTitle(fields(usage), log.callee, around.callee, true),
        safe: false,
        edits: around.edits,
      });
    return offer('log-call', {
      title: logTitle(fields(usage), log.callee, failure?.callee),
      safe: false,
      edits: [start, insert(file, wrap.end, `${nl}${logLines(usage, held).join(nl)}`), ...(failure?.edits ?? [])],
    });
  }
  if (ts.isReturnStatement(statement) && statement.expression) {
    // `return await client.create(...)`: bind the result, log, return it.
    const returned = skipParentheses(statement.expression);
    const inner = ts.isAwaitExpression(returned) ? skipParentheses(returned.expression) : undefined;
    if (inner !== (settling?.call ?? call.node)) return undefined;
    const result = freshLocalName('result', localScope(statement), new Set([startedAt]));
    const expression = text.slice(statement.expression.getStart(sourceFile), statement.expression.getEnd());
    const field = usageField(call, facets.checker);
    const usage = field ? `${result}${settling ? '?.' : '.'}${field}` : undefined;
    // Nothing catches the call here and nothing records its failure: `let result; try { result =
    // await ...; } catch (error) { record; throw error; }`, then the success record and the return.
    const value = statement.expression;
    const bound: WrappableStatement = {
      ...wrap,
      hoisted: `let ${result}`,
      body: (slice) => statementLine(`${result} = ${slice(value.getStart(sourceFile), value.getEnd())}`, style),
    };
    const around =
      settling || failureRecord(site, statement)
        ? undefined
        : recordAround(
            site,
            bound,
            startedAt,
            [...logLines(usage), `${wrap.indent}${statementLine(`return ${result}`, style)}`],
            [result],
          );
    if (around)
      return offer('log-call', {
        title: logTitle(fields(usage), log.callee, around.callee, true),
        safe: false,
        edits: around.edits,
      });
    const edits: TextEdit[] = [
      start,
      edit(
        file,
        statement.getStart(sourceFile),
        statement.getEnd(),
        [
          statementLine(`const ${result} = ${expression}`, style),
          ...logLines(usage, settling ? result : undefined),
          `${wrap.indent}${statementLine(`return ${result}`, style)}`,
        ].join(nl),
      ),
    ];
    const failure = settling ? undefined : failureRecord(site, statement);
    edits.push(...(failure?.edits ?? []));
    return offer('log-call', { title: logTitle(fields(usage), log.callee, failure?.callee), safe: false, edits });
  }
  return undefined;
}

/**
 * The failure ends in a helper the call is handed to (`await tryCatch(call)` gives it back as a
 * value, `await orNull(call)` answers `null`): the statement completes after a failure too, and a
 * record after it would say `ok` for it.
 */
function endsInHelper(site: FixSite): boolean {
  const { failure } = site.profile;
  if (failure.handledBy === 'result') return true;
  if (failure.handledBy !== 'local' || !failure.where) return false;
  const fn = enclosingFunction(site.call.node);
  if (!fn) return false;
  const sourceFile = site.sourceFile;
  const first = sourceFile.getLineAndCharacterOfPosition(fn.getStart(sourceFile)).line + 1;
  const last = sourceFile.getLineAndCharacterOfPosition(fn.getEnd()).line + 1;
  return failure.where.file !== sourceFile.fileName || failure.where.line < first || failure.where.line > last;
}

/**
 * The failure path's record (outcome, error class, HTTP status, message), at the top of the catch
 * around the call in its own function when that catch handles the failure without logging it
 * (where there is no such catch, `recordAround` adds one).
 */
function failureRecord(site: FixSite, statement: ts.Statement): { edits: TextEdit[]; callee: string } | undefined {
  const { call, style, profile } = site;
  if (profile.failure.handledBy !== 'local' || profile.failure.logged) return undefined;
  const catchClause = enclosingCatch(statement);
  if (!catchClause) return undefined;
  return logAtTopOfCatch(
    site,
    catchClause,
    (errorName) => [
      ['event', quote('model_call', style)],
      ['operation', quote(call.shape.name, style)],
      ...modelField(site, catchClause.parent),
      ['outcome', quote('error', style)],
      ...errorFields(errorName, style),
      messageField(errorName),
    ],
    `${call.shape.name} failed`,
  );
}

/**
 * Where nothing in the call's own function catches its failure and nothing records it: the call
 * goes in a `try` whose catch records the failure (operation, model, latency, outcome, error name,
 * status, message) and rethrows the same error, so the failure goes where it went before. The
 * success record follows the `try`. A catch that records and rethrows the error unchanged decides
 * nothing: the analyser reads it as logging the failure, with no fallback to ask for.
 */
function recordAround(
  site: FixSite,
  wrap: WrappableStatement,
  startedAt: string,
  successLines: readonly string[],
  /** Names the fix introduces besides `startedAt` (the bound result). */
  taken: readonly string[] = [],
): { edits: TextEdit[]; callee: string } | undefined {
  const { call, style, profile } = site;
  // A failure given back as a value (`await tryCatch(call)`) never reaches a catch around the statement.
  if (profile.failure.logged || profile.failure.handledBy === 'result' || enclosingCatch(wrap.statement))
    return undefined;
  const errorName = freshLocalName('error', localScope(wrap.statement), new Set([startedAt, ...taken]));
  const fields: RecordField[] = [
    ['event', quote('model_call', style)],
    ['operation', quote(call.shape.name, style)],
    ...modelField(site, wrap.statement),
    ['durationMs', `Date.now() - ${startedAt}`],
    ['outcome', quote('error', style)],
    ...errorFields(errorName, style),
    messageField(errorName),
  ];
  const { edits, callee } = wrapWithFailureRecord(site, wrap, { startedAt, error: errorName }, fields);
  // The success record after the try: the wrap's last edit is the try/catch itself.
  const last = edits[edits.length - 1];
  edits[edits.length - 1] = { ...last, newText: `${last.newText}${style.newline}${successLines.join(style.newline)}` };
  return { edits, callee };
}

/** `const completion = await call.catch(...)`, `completion = await ...`: the name the settled value is held in. */
function heldName(settled: ts.CallExpression): string | undefined {
  let outer: ts.Node = settled;
  while (ts.isAwaitExpression(outer.parent) || ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  return boundName(outer)?.text;
}

/**
 * A handler that answers only `null`, `undefined`, `false` or nothing: written inline (`() =>
 * null`), a console method (`console.error`), or passed by name with such a type.
 */
function answersOnlyMissing(handler: ts.Expression, checker: ts.TypeChecker): boolean {
  const value = skipParentheses(handler);
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return answersOnlySentinels(value);
  const chain = accessChain(value);
  if (ts.isIdentifier(chain.root) && chain.root.text === 'console' && chain.names.length === 1) return true;
  const signatures = checker.getTypeAtLocation(handler).getCallSignatures();
  const missing = ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void | ts.TypeFlags.Never;
  return (
    signatures.length > 0 &&
    signatures.every((signature) => {
      const answered = checker.getAwaitedType(signature.getReturnType()) ?? signature.getReturnType();
      return (answered.isUnion() ? answered.types : [answered]).every((part) => (part.flags & missing) !== 0);
    })
  );
}

/**
 * The title names exactly what the record holds: the model only where it is known at the call,
 * the usage only where the response is bound and carries it.
 */
function logTitle(fields: readonly RecordField[], callee: string, failureCallee?: string, rethrown = false): string {
  const shown: Record<string, string> = { model: 'model', durationMs: 'latency', usage: 'usage' };
  const parts = ['operation', ...fields.map(([key]) => shown[key]).filter((part) => part !== undefined), 'outcome'];
  const failure = !failureCallee
    ? ''
    : rethrown
      ? `; its failures too, with the error, rethrown unchanged (${failureCallee})`
      : `; its failures in the catch, with the error (${failureCallee})`;
  return `Log the call: a structured record of ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)} (${callee})${failure}`;
}

/** `() => client.create(...)` (a callback of p-retry, cockatiel, a queue): the arrow whose body is the call. */
function arrowReturning(node: ts.CallExpression): ts.ArrowFunction | undefined {
  let current: ts.Node = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAwaitExpression(current.parent)))
    current = current.parent;
  const parent = current.parent;
  return parent && ts.isArrowFunction(parent) && parent.body === current ? parent : undefined;
}

/**
 * The arrow gets a block body: start time, the awaited call, the record, the result returned. It
 * becomes `async`; a promise-returning callback stays one, with the same resolved type.
 */
function logInArrow(site: FixSite, arrow: ts.ArrowFunction): Fix | undefined {
  const { call, style, sourceFile, facets } = site;
  const text = sourceFile.text;
  const file = sourceFile.fileName;
  const nl = style.newline;
  const callStart = call.node.getStart(sourceFile);
  const indent = indentationAt(text, arrow.getStart(sourceFile));
  const inner = indent + style.indentUnit;
  const callIndent = indentationAt(text, callStart);
  // The call keeps its own layout, moved to the block's depth.
  if (callIndent !== '' && inner[0] !== callIndent[0]) return undefined;
  const callText = shiftLines(
    text,
    callStart,
    call.node.getEnd(),
    inner.length - callIndent.length,
    literalRanges(call.node, sourceFile),
  );
  if (callText === undefined) return undefined;
  const scope = arrow;
  const startedAt = freshLocalName('startedAt', scope);
  const result = freshLocalName('result', scope, new Set([startedAt]));
  const usage = usageField(call, facets.checker);
  const fields: RecordField[] = [
    ['event', quote('model_call', style)],
    ['operation', quote(call.shape.name, style)],
    ...modelField(site, call.node),
    ['durationMs', `Date.now() - ${startedAt}`],
    ...(usage ? ([['usage', `${result}.${usage}`]] as RecordField[]) : []),
    ['outcome', quote('ok', style)],
  ];
  const log = loggerAt(call.node, 'info', facets.checker);
  const block = [
    ' {',
    `${inner}${statementLine(`const ${startedAt} = Date.now()`, style)}`,
    `${inner}${statementLine(`const ${result} = await ${callText}`, style)}`,
    ...indentLines(logStatement(log, fields, `${call.shape.name} completed`, style, inner.length), inner),
    `${inner}${statementLine(`return ${result}`, style)}`,
    `${indent}}`,
  ].join(nl);
  const isAsync = ts.getModifiers(arrow)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
  const edits: TextEdit[] = [
    ...(isAsync ? [] : [insert(file, arrow.getStart(sourceFile), 'async ')]),
    edit(file, arrow.equalsGreaterThanToken.getEnd(), arrow.getEnd(), block),
  ];
  return offer('log-call', { title: logTitle(fields, log.callee), safe: false, edits });
}

/** The text of a range with every line after the first moved right (or left) by `delta` indentation characters. */
function shiftLines(
  text: string,
  start: number,
  end: number,
  delta: number,
  literals: readonly [number, number][],
): string | undefined {
  if (delta >= 0)
    return renderRange(
      text,
      start,
      end,
      ' '.repeat(delta).replace(/ /g, text[lineStart(text, start)] === '\t' ? '\t' : ' '),
      literals,
    );
  const removals: Replacement[] = [];
  for (let index = text.indexOf('\n', start); index >= 0 && index < end - 1; index = text.indexOf('\n', index + 1)) {
    const at = index + 1;
    if (literals.some(([from, to]) => at > from && at < to)) continue;
    const leading = /^[ \t]*/.exec(text.slice(at, end))![0];
    if (text.slice(at + leading.length, at + leading.length + 1) === '\n' || at + leading.length >= end) continue;
    if (leading.length < -delta) return undefined;
    removals.push({ start: at, end: at - delta, text: '' });
  }
  return renderRange(text, start, end, '', literals, removals);
}

/** `completion.usage`, or a destructured `usage`, when the response has token usage. */
function usageOf(
  declaration: ts.VariableDeclaration | undefined,
  call: DetectedCall,
  checker: ts.TypeChecker,
): string | undefined {
  if (!declaration) return undefined;
  const field = usageField(call, checker);
  if (ts.isIdentifier(declaration.name)) {
    if (!field) return undefined;
    // `await call.catch(console.error)` may hold nothing (its type says so, or the handler does).
    const type = checker.getTypeAtLocation(declaration.name);
    const missing = ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void;
    const initializer = declaration.initializer && unwrapExpression(declaration.initializer);
    const caught =
      !!initializer &&
      ts.isCallExpression(initializer) &&
      ts.isPropertyAccessExpression(initializer.expression) &&
      initializer.expression.name.text === 'catch';
    const optional = caught || (type.isUnion() ? type.types : [type]).some((part) => (part.flags & missing) !== 0);
    // A helper between the call and the variable (`await tryCatch(call)`, `ResultAsync.fromPromise(call)`)
    // holds something else: only a value that has the field is read for it.
    const held = checker.getNonNullableType(type);
    if ((held.flags & ts.TypeFlags.Any) === 0 && !checker.getPropertyOfType(held, field.split('.')[0] ?? field))
      return undefined;
    return `${declaration.name.text}${optional ? '?.' : '.'}${field}`;
  }
  if (!ts.isObjectBindingPattern(declaration.name)) return undefined;
  return declaration.name.elements.some(
    (element) => !element.propertyName && ts.isIdentifier(element.name) && element.name.text === 'usage',
  )
    ? 'usage'
    : undefined;
}

/**
 * Where the response carries its token usage: the catalogue operation's `usage`, unless the
 * method called is the workspace's own declaration (a client behind an interface that declares
 * only what the code reads) and its response type has no such field: the record would not
 * type-check.
 */
function usageField(call: DetectedCall, checker: ts.TypeChecker): string | undefined {
  const usage = call.shape.usage;
  if (!usage) return undefined;
  if (usage.clients && !usage.clients.includes(call.origin?.constructedBy ?? '')) return undefined;
  const declared = workspaceResponseType(call.node, checker);
  if (declared && !declared.getProperty(usage.field.split('.')[0] ?? usage.field)) return undefined;
  return usage.field;
}

/** The response type a workspace declaration gives the call (`Promise<T>` unwrapped), if it declares one. */
function workspaceResponseType(node: ts.CallExpression, checker: ts.TypeChecker): ts.Type | undefined {
  const declaration = checker.getResolvedSignature(node)?.declaration;
  if (!declaration || ts.isJSDocSignature(declaration) || !declaration.type) return undefined;
  if (declaration.getSourceFile().isDeclarationFile) return undefined;
  const typeNode = declaration.type;
  const inner =
    ts.isTypeReferenceNode(typeNode) && typeNode.typeName.getText() === 'Promise'
      ? typeNode.typeArguments?.[0]
      : typeNode;
  if (!inner) return undefined;
  const type = checker.getTypeFromTypeNode(inner);
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) === 0 ? type : undefined;
}
