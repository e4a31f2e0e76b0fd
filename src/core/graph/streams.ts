import { ts } from 'ts-morph';
import { boundNames, catchAround, isFunctionLike } from '../ast';

/** `async function*` and `function*`: their errors surface where they are iterated. */
export function isGenerator(fn: ts.FunctionLikeDeclaration): boolean {
  return !!fn.asteriskToken;
}

/**
 * Where the stream a call returns is read, so where its errors surface: `for await (… of call)`,
 * `yield* call`, a variable holding it that is iterated, or its iterator's `await it.next()`.
 * When the stream is handed on (returned, passed to a function), that hand-over is the site.
 */
export function consumptionSites(call: ts.Expression, resolve?: CalleeResolver): ts.Node[] {
  let sites = sitesByCall.get(call);
  if (!sites) {
    sites = findConsumptionSites(call, 0);
    sitesByCall.set(call, sites);
  }
  // Only a stream handed to a function is followed further with the resolver; the syntactic
  // answer outlives an analysis (an edit elsewhere keeps it), what a resolver finds its program.
  if (!resolve || !sites.some(isHandOver)) return sites;
  const cache = followedByResolver.get(resolve) ?? new WeakMap<ts.Node, ts.Node[]>();
  followedByResolver.set(resolve, cache);
  let followed = cache.get(call);
  if (!followed) {
    followed = findConsumptionSites(call, 0, resolve);
    cache.set(call, followed);
  }
  return followed;
}

/** A site where the stream is handed to a function: the call, or the stream as its argument. */
function isHandOver(site: ts.Node): boolean {
  const inner = ts.isAwaitExpression(site) ? site.expression : site;
  if (ts.isCallExpression(inner)) return true;
  return ts.isCallExpression(site.parent) && site.parent.arguments.includes(site as ts.Expression);
}

const followedByResolver = new WeakMap<CalleeResolver, WeakMap<ts.Node, ts.Node[]>>();

/**
 * The workspace function a call runs, where the analysis can tell: with it, a stream handed to a
 * function (`handleStream(response, stream)`) is followed to where that function reads it, and
 * one that hands it back (`const timed = await measure(stream)`) to where its result is read.
 */
export type CalleeResolver = (call: ts.CallExpression) => ts.FunctionLikeDeclaration | undefined;

/** How far a stream is followed: into functions it is handed to, and through names it is given. */
const MAX_FOLLOW_DEPTH = 3;

/** Several facets ask about the same call; parsed files outlive one analysis, so key by node. */
const sitesByCall = new WeakMap<ts.Node, ts.Node[]>();

function findConsumptionSites(call: ts.Expression, depth: number, resolve?: CalleeResolver): ts.Node[] {
  const outer = outermost(call);
  const parent = outer.parent;
  if (ts.isForOfStatement(parent) && parent.expression === outer) return [parent];
  if (ts.isYieldExpression(parent) && parent.asteriskToken) return [parent];
  if (ts.isCallExpression(parent) && parent.arguments.includes(outer as ts.Expression)) {
    const inside = resolve && handedInto(parent, outer as ts.Expression, depth, STREAM_READS, resolve);
    if (inside) return inside;
  }
  const name = boundName(outer);
  if (!name) return [outer];
  const sites = readsOf(name.text, name, depth, STREAM_READS, resolve);
  return sites.length > 0 ? sites : [outer];
}

/**
 * Where the function a stream is handed to reads it: its parameter's reads, or, when it only hands
 * the stream back (`return stream` after timing it), the reads of the call's result.
 */
function handedInto(
  call: ts.CallExpression,
  argument: ts.Expression,
  depth: number,
  reads: RegExp,
  resolve: CalleeResolver,
): ts.Node[] | undefined {
  if (depth >= MAX_FOLLOW_DEPTH) return undefined;
  const fn = resolve(call);
  // A generator given the stream passes its parts on (`yield* relay(stream)`): the reader of the
  // generator is where the stream's failure is decided, as before it was followed at all.
  if (!fn || isGenerator(fn)) return undefined;
  const parameter = fn.body ? fn.parameters[call.arguments.indexOf(argument)] : undefined;
  if (!parameter || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name)) return undefined;
  const sites = readsOf(parameter.name.text, parameter.name, depth + 1, reads, resolve);
  if (sites.length === 0) return undefined;
  const reading = sites.filter((site) => !ts.isReturnStatement(site));
  if (reading.length === 0) return findConsumptionSites(call, depth + 1, resolve);
  // An error that leaves the function goes to all its callers from there, not back to this one
  // only: its reads are where the stream fails only when the function catches there.
  return reading.every((site) => catchAround(site, fn)) ? reading : undefined;
}

function readsOf(
  name: string,
  declaration: ts.Node,
  depth: number,
  reads = STREAM_READS,
  resolve?: CalleeResolver,
): ts.Node[] {
  const scope = scopeOf(declaration);
  const sites: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    // Closures read the same variable (`new ReadableStream({ async start(controller) { for await
    // (const chunk of stream) ... } })`), unless a parameter of theirs takes its name.
    if (node !== scope && isFunctionLike(node) && bindsParameter(node, name)) return;
    if (ts.isIdentifier(node) && node.text === name && node !== declaration && node.pos >= declaration.end) {
      const site = siteOf(node, depth, reads, resolve);
      if (site) sites.push(...site);
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return sites;
}

function bindsParameter(fn: ts.FunctionLikeDeclaration, name: string): boolean {
  return fn.parameters.some((parameter) => boundNames(parameter.name).includes(name));
}

/** One read of the stream variable: the node where iterating it can throw. */
function siteOf(
  reference: ts.Identifier,
  depth: number,
  reads: RegExp,
  resolve?: CalleeResolver,
): ts.Node[] | undefined {
  const outer = outermost(reference);
  const parent = outer.parent;
  if (ts.isForOfStatement(parent) && parent.expression === outer) return [parent];
  if (ts.isYieldExpression(parent) && parent.asteriskToken) return [parent];
  if (ts.isReturnStatement(parent)) return [parent];
  // `stream[Symbol.asyncIterator]()` or `stream.next()`
  if (ts.isElementAccessExpression(parent) && parent.expression === outer && ts.isCallExpression(parent.parent)) {
    const iterator = boundName(outermost(parent.parent));
    if (iterator && depth < 2) return readsOf(iterator.text, iterator, depth + 1);
  }
  if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) {
    if (reads.test(parent.name.text) && ts.isCallExpression(parent.parent)) {
      return [outermost(parent.parent)];
    }
    // `const reader = response.body.getReader()`: the reader's `await reader.read()` throws the
    // stream's errors (a raw fetch read chunk by chunk).
    const reader = readerOf(parent);
    if (reader) return depth < 2 ? readsOf(reader.text, reader, depth + 1, READER_READS) : undefined;
    // `for await (const chunk of response.body)`: the stream is a field of the result.
    const field = outermost(parent);
    if (ts.isForOfStatement(field.parent) && field.parent.expression === field && field.parent.awaitModifier)
      return [field.parent];
    if (ts.isYieldExpression(field.parent) && field.parent.asteriskToken) return [field.parent];
    return undefined;
  }
  // `Promise.race([stream, timer])`: the race's result is the stream.
  if (ts.isArrayLiteralExpression(parent) && ts.isCallExpression(parent.parent) && depth < 2) {
    const race = outermost(parent.parent);
    const name = /^Promise\.(?:race|any)$/.test(parent.parent.expression.getText()) ? boundName(race) : undefined;
    if (name) return readsOf(name.text, name, depth + 1);
  }
  // `const stream = await pending`: the stream goes on under another name.
  const alias = boundName(outer);
  if (alias && depth < MAX_FOLLOW_DEPTH) return readsOf(alias.text, alias, depth + 1, reads, resolve);
  // handed to another function: that call reads it (where it does, when the function can be read).
  if (ts.isCallExpression(parent) && parent.arguments.includes(outer as ts.Expression)) {
    const inside = resolve && handedInto(parent, outer as ts.Expression, depth, reads, resolve);
    return inside ?? [outermost(parent)];
  }
  return undefined;
}

/** A web stream's reader: `read()` gives the next chunk or throws the stream's error. */
const READER_READS = /^read$/;

/** The variable holding the reader taken from a stream or a response's body: `stream.getReader()`, `response.body.getReader()`. */
function readerOf(access: ts.PropertyAccessExpression): ts.Identifier | undefined {
  let getter: ts.Node = access;
  if (access.name.text === 'body') {
    const outer = outermost(access);
    if (!ts.isPropertyAccessExpression(outer.parent) || outer.parent.expression !== outer) return undefined;
    getter = outer.parent;
  }
  if (!ts.isPropertyAccessExpression(getter) || getter.name.text !== 'getReader') return undefined;
  const call = getter.parent;
  if (!ts.isCallExpression(call) || call.expression !== getter) return undefined;
  return boundName(outermost(call));
}

/**
 * Methods that read a stream to its end (or a step of it) and so throw its errors; Anthropic's
 * `emitted(event)` waits for one event and rejects if the stream fails first (MessageStream.js:276).
 */
const STREAM_READS =
  /^(?:next|return|throw|finalMessage|finalText|finalChatCompletion|finalContent|done|text|toArray|emitted)$/;

function scopeOf(node: ts.Node): ts.Node {
  let scope: ts.Node = node;
  while (scope.parent && !isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  return scope;
}

/** The expression with its awaits, parentheses and casts around it. */
export function outermost(node: ts.Node): ts.Node {
  let current = node;
  while (
    current.parent &&
    (ts.isAwaitExpression(current.parent) ||
      ts.isParenthesizedExpression(current.parent) ||
      ts.isAsExpression(current.parent) ||
      ts.isNonNullExpression(current.parent) ||
      ts.isTypeAssertionExpression(current.parent) ||
      ts.isSatisfiesExpression(current.parent) ||
      (ts.isConditionalExpression(current.parent) && current.parent.condition !== current) ||
      (ts.isBinaryExpression(current.parent) &&
        (current.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
          current.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)))
  ) {
    current = current.parent;
  }
  return current;
}

/** The variable a value is stored in: `const x = value` or `x = value`. */
export function boundName(outer: ts.Node): ts.Identifier | undefined {
  const parent = outer.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === outer && ts.isIdentifier(parent.name))
    return parent.name;
  if (
    ts.isBinaryExpression(parent) &&
    parent.right === outer &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isIdentifier(parent.left)
  ) {
    return parent.left;
  }
  return undefined;
}
