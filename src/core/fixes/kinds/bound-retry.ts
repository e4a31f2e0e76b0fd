import { ts } from 'ts-morph';
import { declarationOf, enclosingFunction, findProperty, unwrapExpression } from '../../ast';
import { importsOf } from '../../imports';
import { sameSpan } from '../../rules/rule-utils';
import type { Fix, RetryLayer, TextEdit } from '../../types';
import { edit, type FixSite, insert } from '../context';
import { appendArgument } from '../edits/call-argument';
import { ensureImport } from '../edits/imports';
import { setObjectOption } from '../edits/object-option';
import { type FileStyle, formatNumber, semi, statementLine, styleOf } from '../style';
import { freshName, indentationAt, indentLines, skipParentheses } from '../text';

/** Attempts a bounded layer makes, the first call included. */
export const MAX_ATTEMPTS = 3;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const PREDICATE = 'isRetryableModelError';

/**
 * Bound the retry (`unbounded-retry`, `retry-without-backoff`, `retry-all-errors`): one fix that
 * makes the layer disciplined at once, whichever of the three findings it is offered on:
 * - a hand-written loop gets an attempt counter with a limit, a retryable-error check and an
 *   exponential backoff with full jitter in its catch;
 * - p-retry gets a finite `retries` and a `shouldRetry` predicate;
 * - a cockatiel policy gets `maxAttempts` and `handleWhen(predicate)` in place of `handleAll`.
 * The predicate (`isRetryableModelError`: 408, 409, 429, 5xx and network errors; never 400, 401,
 * 403 or `insufficient_quota`) is added to the file once.
 */
export function boundRetry(site: FixSite): Fix | undefined {
  const layer = layerOf(site);
  if (!layer?.span) return undefined;
  if (layer.kind === 'loop') return boundLoop(site, layer);
  if (layer.kind === 'library' && layer.label === 'p-retry') return boundPRetry(site, layer);
  if (layer.kind === 'library' && layer.label === 'cockatiel retry') return boundCockatiel(site, layer);
  return undefined;
}

function layerOf(site: FixSite): RetryLayer | undefined {
  const { finding, profile } = site;
  const spans = [finding.span, ...finding.related.map((related) => related.span)];
  return profile.retry.layers.find((layer) => layer.span && layer.kind !== 'sdk' && spans.some((span) => sameSpan(span, layer.span!)));
}

function boundLoop(site: FixSite, layer: RetryLayer): Fix | undefined {
  const { sourceFile, style, call } = site;
  const loop = nodeStartingAt(sourceFile, layer.span!.start, isIterationStatement);
  if (!loop) return undefined;
  const fn = enclosingFunction(loop);
  if (!fn || !isAsync(fn) || enclosingFunction(call.node) !== fn) return undefined;
  const tryStatement = retryingTry(call.node, loop);
  const catchClause = tryStatement?.catchClause;
  if (!catchClause) return undefined;
  const binding = catchClause.variableDeclaration?.name;
  if (binding && !ts.isIdentifier(binding)) return undefined;
  const text = sourceFile.text;
  const file = sourceFile.fileName;
  const edits: TextEdit[] = [];
  const predicate = ensurePredicate(sourceFile, style);
  if (!predicate) return undefined;
  const errorName = binding ? binding.text : freshName('error', sourceFile);
  if (!binding) edits.push(edit(file, catchClause.getStart(sourceFile), catchClause.block.getStart(sourceFile), `catch (${errorName}) `));

  let counter: string | undefined;
  let start = 0;
  const unbounded = layer.attempts === 'unbounded';
  if (unbounded) {
    if (!isBareInfiniteLoop(loop)) return undefined;
    counter = freshName('attempt', sourceFile);
    start = 1;
    edits.push(edit(file, loop.getStart(sourceFile), loop.statement.getStart(sourceFile), `for (let ${counter} = ${start}; ; ${counter}++) `));
  } else {
    const existing = forCounter(loop);
    counter = existing?.name;
    start = existing?.start ?? 0;
  }
  const guardParts: string[] = [];
  if (unbounded) guardParts.push(`${counter} >= ${MAX_ATTEMPTS}`);
  if (layer.predicate === 'all' || unbounded) guardParts.push(`!${predicate.name}(${errorName})`);
  const block = catchClause.block;
  const indent = indentationAt(text, block.statements[0]?.getStart(sourceFile) ?? catchClause.getStart(sourceFile));
  const blockIndent = block.statements.length ? indent : indentationAt(text, catchClause.getStart(sourceFile)) + style.indentUnit;
  const nl = style.newline;
  const head: string[] = [];
  if (guardParts.length) head.push(statementLine(`if (${guardParts.join(' || ')}) throw ${errorName}`, style));
  const tail: string[] = [];
  if (layer.backoff === 'none') {
    if (!counter) return undefined;
    // `2 ** n` grows from the first retry; attempts counted from 1 start one step lower.
    const exponent = start === 1 ? `(${counter} - 1)` : counter;
    const delay = `Math.random() * Math.min(${formatNumber(MAX_DELAY_MS, style)}, ${BASE_DELAY_MS} * 2 ** ${exponent})`;
    tail.push(statementLine(`await new Promise((resolve) => setTimeout(resolve, ${delay}))`, style));
  }
  if (head.length === 0 && tail.length === 0 && !unbounded) return undefined;
  const open = block.getStart(sourceFile) + 1;
  if (block.statements.length === 0) {
    const outer = indentationAt(text, catchClause.getStart(sourceFile));
    edits.push(edit(file, block.getStart(sourceFile), block.getEnd(), `{${nl}${indentLines([...head, ...tail], blockIndent).join(nl)}${nl}${outer}}`));
  } else {
    if (head.length) edits.push(insert(file, open, `${nl}${indentLines(head, blockIndent).join(nl)}`));
    if (tail.length) {
      const last = block.statements[block.statements.length - 1];
      if (ts.isContinueStatement(last)) edits.push(insert(file, last.getStart(sourceFile), `${tail.join(nl + blockIndent)}${nl}${blockIndent}`));
      else edits.push(insert(file, last.getEnd(), `${nl}${indentLines(tail, blockIndent).join(nl)}`));
    }
  }
  edits.push(...predicate.edits);
  const parts = [unbounded ? `at most ${MAX_ATTEMPTS} attempts` : undefined, layer.predicate === 'all' || unbounded ? 'retryable errors only' : undefined, layer.backoff === 'none' ? 'exponential backoff with jitter' : undefined].filter(Boolean);
  return { title: `Bound the retry loop: ${parts.join(', ')}`, safe: false, edits };
}

function boundPRetry(site: FixSite, layer: RetryLayer): Fix | undefined {
  const { sourceFile, style } = site;
  const call = nodeStartingAt(sourceFile, layer.span!.start, ts.isCallExpression);
  if (!call || call.arguments.some((argument) => ts.isSpreadElement(argument))) return undefined;
  const predicate = ensurePredicate(sourceFile, style);
  if (!predicate) return undefined;
  const shouldRetry = `({ error }) => ${predicate.name}(error)`;
  const unbounded = layer.attempts === 'unbounded';
  const retries = String(MAX_ATTEMPTS - 1);
  const edits: TextEdit[] = [];
  const options = call.arguments[1] ? skipParentheses(call.arguments[1]) : undefined;
  if (options && !ts.isObjectLiteralExpression(options)) return undefined;
  if (!options) {
    if (call.arguments.length !== 1) return undefined;
    const added = appendArgument(call, `{ ${unbounded ? `retries: ${retries}, ` : ''}shouldRetry: ${shouldRetry} }`, style);
    if (!added) return undefined;
    edits.push(...added);
  } else {
    if (unbounded) {
      const retriesEdits = findProperty(options, 'retries') ? setObjectOption(options, ['retries'], retries, style, { replace: true }) : undefined;
      // `forever: true` (rejected by p-retry 7) or `retries: Infinity`: either way the bound is written.
      const forever = findProperty(options, 'forever');
      if (!retriesEdits && !forever) return undefined;
      if (retriesEdits) edits.push(...retriesEdits);
      if (forever) {
        if (!ts.isPropertyAssignment(forever)) return undefined;
        edits.push(edit(sourceFile.fileName, forever.getStart(sourceFile), forever.getEnd(), `retries: ${retries}`));
      }
    }
    if (layer.predicate === 'all') {
      const predicateEdits = setObjectOption(options, ['shouldRetry'], shouldRetry, style);
      if (!predicateEdits) return undefined;
      edits.push(...predicateEdits);
    }
  }
  if (edits.length === 0) return undefined;
  edits.push(...predicate.edits);
  return { title: `Bound the retry: p-retry with ${unbounded ? `at most ${MAX_ATTEMPTS} attempts and ` : ''}retryable errors only (shouldRetry)`, safe: false, edits };
}

function boundCockatiel(site: FixSite, layer: RetryLayer): Fix | undefined {
  const { sourceFile, facets } = site;
  const execute = nodeStartingAt(sourceFile, layer.span!.start, ts.isCallExpression);
  if (!execute || !ts.isPropertyAccessExpression(execute.expression)) return undefined;
  const construction = retryPolicy(execute.expression.expression, facets.checker);
  if (!construction) return undefined;
  const policyFile = construction.getSourceFile();
  const style = policyFile === sourceFile ? site.style : styleOf(policyFile);
  const edits: TextEdit[] = [];
  const [handler, options] = construction.arguments;
  if (!handler) return undefined;
  let predicateEdits: TextEdit[] = [];
  if (layer.predicate === 'all') {
    if (!ts.isIdentifier(handler) || handler.text !== 'handleAll') return undefined;
    const predicate = ensurePredicate(policyFile, style);
    const handleWhen = ensureImport(policyFile, { module: 'cockatiel', name: 'handleWhen' }, style, new Set([PREDICATE]));
    if (!predicate || !handleWhen) return undefined;
    edits.push(edit(policyFile.fileName, handler.getStart(policyFile), handler.getEnd(), `${handleWhen.local}(${predicate.name})`), ...handleWhen.edits);
    predicateEdits = predicate.edits;
  }
  if (layer.attempts === 'unbounded') {
    // cockatiel's `maxAttempts` counts retries (RetryPolicy.js:59).
    const value = String(MAX_ATTEMPTS - 1);
    const object = options ? skipParentheses(options) : undefined;
    if (object && !ts.isObjectLiteralExpression(object)) return undefined;
    const bound = object ? setObjectOption(object, ['maxAttempts'], value, style, { replace: true }) : appendArgument(construction, `{ maxAttempts: ${value} }`, style);
    if (!bound) return undefined;
    edits.push(...bound);
  }
  if (edits.length === 0) return undefined;
  edits.push(...predicateEdits);
  const where = policyFile === sourceFile ? '' : ' where the policy is built';
  return { title: `Bound the retry: cockatiel policy with ${layer.attempts === 'unbounded' ? `at most ${MAX_ATTEMPTS} attempts and ` : ''}retryable errors only${where}`, safe: false, edits };
}

/** `retry(handleAll, {...})` from cockatiel behind `policy` (directly, or inside `wrap(...)`). */
function retryPolicy(expression: ts.Expression, checker: ts.TypeChecker, depth = 0): ts.CallExpression | undefined {
  if (depth > 4) return undefined;
  let node = unwrapExpression(expression);
  if (ts.isIdentifier(node)) {
    const declaration = declarationOf(node, checker);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    if (!(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
    node = unwrapExpression(declaration.initializer);
  }
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return undefined;
  const imported = importsOf(node.getSourceFile()).get(node.expression.text);
  if (imported?.module !== 'cockatiel') return undefined;
  if (imported.imported === 'retry') return node;
  if (imported.imported === 'wrap') {
    const inner = node.arguments.map((argument) => retryPolicy(argument, checker, depth + 1)).filter(Boolean);
    return inner.length === 1 ? inner[0] : undefined;
  }
  return undefined;
}

/** The try statement inside the loop whose try block holds the call. */
function retryingTry(node: ts.Node, loop: ts.IterationStatement): ts.TryStatement | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && current !== loop) {
    if (ts.isTryStatement(current) && current.catchClause && node.pos >= current.tryBlock.pos && node.end <= current.tryBlock.end) return current;
    current = current.parent;
  }
  return undefined;
}

/** `while (true)` or `for (;;)` with nothing in its header: the header can be replaced whole. */
function isBareInfiniteLoop(loop: ts.IterationStatement): boolean {
  if (ts.isWhileStatement(loop)) return loop.expression.kind === ts.SyntaxKind.TrueKeyword;
  if (ts.isForStatement(loop)) return !loop.initializer && !loop.condition && !loop.incrementor;
  return false;
}

/** `for (let i = 0; ...; i++)`: the counter and where it starts. */
function forCounter(loop: ts.IterationStatement): { name: string; start: number } | undefined {
  if (!ts.isForStatement(loop) || !loop.initializer || !ts.isVariableDeclarationList(loop.initializer)) return undefined;
  const declaration = loop.initializer.declarations[0];
  if (!declaration || !ts.isIdentifier(declaration.name) || !declaration.initializer || !ts.isNumericLiteral(declaration.initializer)) return undefined;
  return { name: declaration.name.text, start: Number(declaration.initializer.text) };
}

function isIterationStatement(node: ts.Node): node is ts.IterationStatement {
  return ts.isForStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

function isAsync(fn: ts.FunctionLikeDeclaration): boolean {
  return !!ts.getModifiers(fn as ts.HasModifiers)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
}

function nodeStartingAt<T extends ts.Node>(sourceFile: ts.SourceFile, start: number, test: (node: ts.Node) => node is T): T | undefined {
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

/**
 * The retryable-error predicate, declared once per file at its end; reused when a top-level function
 * of that name is already there.
 */
export function ensurePredicate(sourceFile: ts.SourceFile, style: FileStyle): { name: string; edits: TextEdit[] } | undefined {
  const existing = sourceFile.statements.find((statement) => ts.isFunctionDeclaration(statement) && statement.name?.text === PREDICATE);
  if (existing) return { name: PREDICATE, edits: [] };
  const name = freshName(PREDICATE, sourceFile);
  const text = sourceFile.text;
  const nl = style.newline;
  const lines = predicateSource(name, style);
  const endsWithNewline = text.endsWith('\n');
  const prefix = endsWithNewline ? nl : `${nl}${nl}`;
  return { name, edits: [insert(sourceFile.fileName, text.length, `${prefix}${lines.join(nl)}${endsWithNewline ? nl : ''}`)] };
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
