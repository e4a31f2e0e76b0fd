import { offer } from '../offer';
import { ts } from 'ts-morph';
import { enclosingFunction } from '../../ast';
import { sameSpan } from '../../rules/rule-utils';
import type { Fix, RetryLayer, TextEdit } from '../../types';
import { edit, type FixSite, insert } from '../context';
import { ensurePredicate } from '../retry-predicate';
import { formatNumber, statementLine } from '../style';
import { freshLocalName, indentationAt, indentLines, nodeStartingAt } from '../text';
import { boundCockatiel, boundPRetry, MAX_ATTEMPTS } from './bound-retry-library';

export { MAX_ATTEMPTS };
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

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
  return profile.retry.layers.find(
    (layer) => layer.span && layer.kind !== 'sdk' && spans.some((span) => sameSpan(span, layer.span!)),
  );
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
  const errorName = binding ? binding.text : freshLocalName('error', fn);
  if (!binding)
    edits.push(
      edit(file, catchClause.getStart(sourceFile), catchClause.block.getStart(sourceFile), `catch (${errorName}) `),
    );

  let counter: string | undefined;
  let start: number;
  const unbounded = layer.attempts === 'unbounded';
  if (unbounded) {
    if (!isBareInfiniteLoop(loop)) return undefined;
    counter = freshLocalName('attempt', fn);
    start = 1;
    edits.push(
      edit(
        file,
        loop.getStart(sourceFile),
        loop.statement.getStart(sourceFile),
        `for (let ${counter} = ${start}; ; ${counter}++) `,
      ),
    );
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
  const blockIndent = block.statements.length
    ? indent
    : indentationAt(text, catchClause.getStart(sourceFile)) + style.indentUnit;
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
    edits.push(
      edit(
        file,
        block.getStart(sourceFile),
        block.getEnd(),
        `{${nl}${indentLines([...head, ...tail], blockIndent).join(nl)}${nl}${outer}}`,
      ),
    );
  } else {
    if (head.length) edits.push(insert(file, open, `${nl}${indentLines(head, blockIndent).join(nl)}`));
    if (tail.length) {
      const last = block.statements[block.statements.length - 1];
      if (ts.isContinueStatement(last))
        edits.push(insert(file, last.getStart(sourceFile), `${tail.join(nl + blockIndent)}${nl}${blockIndent}`));
      else edits.push(insert(file, last.getEnd(), `${nl}${indentLines(tail, blockIndent).join(nl)}`));
    }
  }
  edits.push(...predicate.edits);
  const parts = [
    unbounded ? `at most ${MAX_ATTEMPTS} attempts` : undefined,
    layer.predicate === 'all' || unbounded ? 'retryable errors only' : undefined,
    layer.backoff === 'none' ? 'exponential backoff with jitter' : undefined,
  ].filter(Boolean);
  return offer('bound-retry:loop', { title: `Bound the retry loop: ${parts.join(', ')}`, safe: false, edits });
}

/** The try statement inside the loop whose try block holds the call. */
function retryingTry(node: ts.Node, loop: ts.IterationStatement): ts.TryStatement | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && current !== loop) {
    if (
      ts.isTryStatement(current) &&
      current.catchClause &&
      node.pos >= current.tryBlock.pos &&
      node.end <= current.tryBlock.end
    )
      return current;
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
  if (!ts.isForStatement(loop) || !loop.initializer || !ts.isVariableDeclarationList(loop.initializer))
    return undefined;
  const declaration = loop.initializer.declarations[0];
  if (
    !declaration ||
    !ts.isIdentifier(declaration.name) ||
    !declaration.initializer ||
    !ts.isNumericLiteral(declaration.initializer)
  )
    return undefined;
  return { name: declaration.name.text, start: Number(declaration.initializer.text) };
}

function isIterationStatement(node: ts.Node): node is ts.IterationStatement {
  return ts.isForStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

function isAsync(fn: ts.FunctionLikeDeclaration): boolean {
  return !!ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
}
