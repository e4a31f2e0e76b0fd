import { ts } from 'ts-morph';
import {
  boundNames,
  chainedRejectionHandler,
  containingStatement,
  isFunctionLike,
  isPropertyName,
  throwsOnEveryPath,
} from '../../ast';
import { settledBy } from '../../graph/settled';
import type { TextEdit } from '../../types';
import { edit, insert } from '../context';
import { type FileStyle, semi, statementLine } from '../style';
import {
  endOfLineAfter,
  indentationAt,
  lineStart,
  literalRanges,
  renderRange,
  type Replacement,
  startsLine,
  skipParentheses,
} from '../text';

/**
 * A statement a fix can wrap in `try { } catch { }` without changing what the rest of the block
 * sees. When it declares names used after it, the declaration moves before the `try` (`let x;`)
 * and the statement becomes an assignment; TypeScript's control-flow typing gives `x` the assigned
 * type after the try, so later code type-checks as before.
 */
export interface WrappableStatement {
  statement: ts.Statement;
  sourceFile: ts.SourceFile;
  /** The indentation of the statement's line. */
  indent: string;
  /** `let x` (no semicolon) to write before the `try`, when the declaration moves out. */
  hoisted?: string;
  /**
   * What runs inside the `try` (or, as a copy, inside the `catch`): the statement, or its
   * assignment when the declaration moves out. `slice` renders a range of the original text.
   */
  body(slice: (start: number, end: number) => string): string;
  /** Where the statement's text starts and the wrapped range ends (a trailing comment is included). */
  start: number;
  end: number;
  /** Lines before the `try` go here: above the statement's leading comments, which keep leading the `try`. */
  aboveAt: number;
  /** `return client.create()` in an async function: the `await` the `try` needs to see the failure. */
  awaitAt?: number;
}

/**
 * The statement to wrap so that a failure at `site` is caught there. `site` must be awaited
 * inside the statement (or be the returned call of an async function), and the statement must sit
 * directly in a block on its own line.
 */
export function wrappableStatement(
  site: ts.Node,
  style: FileStyle,
  options: { requireAwait: boolean },
): WrappableStatement | undefined {
  const statement = ts.isStatement(site) && !ts.isBlock(site) ? site : containingStatement(site);
  if (!statement) return undefined;
  const parent = statement.parent;
  if (
    !ts.isBlock(parent) &&
    !ts.isSourceFile(parent) &&
    !ts.isModuleBlock(parent) &&
    !ts.isCaseClause(parent) &&
    !ts.isDefaultClause(parent)
  )
    return undefined;
  const sourceFile = statement.getSourceFile();
  const text = sourceFile.text;
  const start = statement.getStart(sourceFile);
  if (!startsLine(text, start)) return undefined;
  let awaitAt: number | undefined;
  if (options.requireAwait && site !== statement && !awaitedWithin(site, statement)) {
    const returned =
      ts.isReturnStatement(statement) && statement.expression ? skipParentheses(statement.expression) : undefined;
    const fn = containingFunction(statement);
    if (returned !== site || !fn || !isAsync(fn)) return undefined;
    awaitAt = returned.getStart(sourceFile);
  }
  const trailing = endOfLineAfter(text, statement.getEnd());
  const end =
    trailing !== undefined && text.slice(statement.getEnd(), trailing).trim() !== '' ? trailing : statement.getEnd();
  const indent = indentationAt(text, start);
  const base = {
    statement,
    sourceFile,
    indent,
    start,
    end,
    aboveAt: lineStart(text, firstLineStartingComment(statement, sourceFile)),
    ...(awaitAt !== undefined ? { awaitAt } : {}),
  };
  const whole = (slice: (start: number, end: number) => string): string => slice(start, statement.getEnd());
  if (!ts.isVariableStatement(statement)) return { ...base, body: whole };
  return declarationWrap(statement, sourceFile, style, base, whole);
}

function declarationWrap(
  statement: ts.VariableStatement,
  sourceFile: ts.SourceFile,
  style: FileStyle,
  base: Omit<WrappableStatement, 'body' | 'hoisted'>,
  whole: WrappableStatement['body'],
): WrappableStatement | undefined {
  const list = statement.declarationList;
  if (list.declarations.length !== 1 || statement.modifiers?.length) return undefined;
  if (list.flags & ts.NodeFlags.Using) return undefined;
  const declaration = list.declarations[0];
  const initializer = declaration.initializer;
  if (!initializer) return undefined;
  const names = boundNames(declaration.name);
  const later = laterReferences(statement, names);
  if (later === 'closure') return undefined;
  if (!later) return { ...base, body: whole };
  // The declaration moves out: `let x: T;` before the try, `x = ...` inside it.
  const pattern = declaration.name;
  if (!ts.isIdentifier(pattern) && declaration.type) return undefined;
  const keyword = list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let) ? 'let' : 'var';
  const typeText = declaration.type && style.typescript ? `: ${declaration.type.getText(sourceFile)}` : '';
  const hoisted = ts.isIdentifier(pattern) ? `${keyword} ${pattern.text}${typeText}` : `${keyword} ${names.join(', ')}`;
  return {
    ...base,
    hoisted,
    body: (slice) => {
      const target = slice(pattern.getStart(sourceFile), pattern.getEnd());
      const value = slice(initializer.getStart(sourceFile), initializer.getEnd());
      const assignment = ts.isObjectBindingPattern(pattern) ? `(${target} = ${value})` : `${target} = ${value}`;
      return statementLine(assignment, style);
    },
  };
}

/** Renders the statement's body (the statement or its assignment) re-indented by `extra`, with replacements. */
export function renderBody(wrap: WrappableStatement, extra: string, replacements: readonly Replacement[] = []): string {
  const literals = literalRanges(wrap.statement, wrap.sourceFile);
  return wrap.body((start, end) => renderRange(wrap.sourceFile.text, start, end, extra, literals, replacements));
}

/** What to write around the statement. */
export interface WrapContent {
  /** Lines before the `try` (e.g. `const startedAt = Date.now()`), without indentation. */
  before?: string[];
  catchName: string;
  /** The catch block's lines, given the block's indentation; returned fully indented. */
  catchLines(inner: string): string[];
}

/** The edits that wrap the statement: lines above it, then `try { statement } catch (e) { ... }`. */
export function wrapEdits(wrap: WrappableStatement, content: WrapContent, style: FileStyle): TextEdit[] {
  const { sourceFile, indent } = wrap;
  const file = sourceFile.fileName;
  const text = sourceFile.text;
  const nl = style.newline;
  const inner = indent + style.indentUnit;
  const edits: TextEdit[] = [];
  const above = [...(wrap.hoisted ? [`${wrap.hoisted}${semi(style)}`] : []), ...(content.before ?? [])];
  if (above.length) edits.push(insert(file, wrap.aboveAt, above.map((line) => `${indent}${line}${nl}`).join('')));
  const awaitInsert: Replacement[] =
    wrap.awaitAt !== undefined ? [{ start: wrap.awaitAt, end: wrap.awaitAt, text: 'await ' }] : [];
  const body = renderBody(wrap, style.indentUnit, awaitInsert);
  const trailingComment = text.slice(wrap.statement.getEnd(), wrap.end);
  const wrapped = [
    `try {`,
    `${inner}${body}${trailingComment}`,
    `${indent}} catch (${content.catchName}) {`,
    ...content.catchLines(inner),
    `${indent}}`,
  ].join(nl);
  edits.push(edit(file, wrap.start, wrap.end, wrapped));
  return edits;
}

/** Is `node` awaited (or iterated with `for await`) before reaching `statement`? */
function awaitedWithin(node: ts.Node, statement: ts.Statement): boolean {
  let current: ts.Node = node;
  while (current !== statement && current.parent) {
    const parent: ts.Node = current.parent;
    // `await Promise.allSettled([...])` awaits results, not the call: its failure never throws here.
    if (settledBy(current, parent)) return false;
    // `await call.catch(() => null)`: the handler settles the failure before the `await` sees it.
    if (settlingHandler(current)) return false;
    if (ts.isAwaitExpression(parent)) return true;
    if (ts.isForOfStatement(parent) && parent.awaitModifier && parent.expression === current) return true;
    current = parent;
  }
  return false;
}

function containingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  let current = node.parent;
  while (current && !ts.isSourceFile(current)) {
    if (isFunctionLike(current)) return current;
    current = current.parent;
  }
  return undefined;
}

function isAsync(fn: ts.FunctionLikeDeclaration): boolean {
  return !!ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
}

/**
 * The promise handler chained on `node` that settles its failure (`node.catch(handler)`,
 * `node.then(onValue, handler)`), unless the handler throws on every path (`(e) => { throw new
 * Wrapped(e) }`): then the failure still rejects the chain, and a `try` around it sees one.
 */
export function settlingHandler(node: ts.Node): { call: ts.CallExpression; handler: ts.Expression } | undefined {
  const chained = chainedRejectionHandler(node);
  return chained && !throwsOnEveryPath(chained.handler) ? chained : undefined;
}

/** The first leading comment that starts its own line, or the statement itself. */
function firstLineStartingComment(statement: ts.Statement, sourceFile: ts.SourceFile): number {
  const text = sourceFile.text;
  const ranges = ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? [];
  for (const range of ranges) if (startsLine(text, range.pos)) return range.pos;
  return statement.getStart(sourceFile);
}

/**
 * Whether the names are read after the statement in its block: `false`, `true`, or `'closure'` when
 * a read sits in a nested function (TypeScript cannot type a moved-out `let` there).
 */
function laterReferences(statement: ts.Statement, names: readonly string[]): boolean | 'closure' {
  const after = siblingsAfter(statement.parent, statement);
  if (after.length === 0) return false;
  const from = statement.end;
  const to = after[after.length - 1].end;
  const index = referenceIndex(after[0].parent);
  let found: boolean | 'closure' = false;
  for (const name of new Set(names)) {
    for (const reference of index.get(name) ?? []) {
      if (reference.pos < from || reference.pos >= to) continue;
      if (reference.inFunction) return 'closure';
      found = true;
    }
  }
  return found;
}

interface Reference {
  pos: number;
  /** In a nested function or class: it runs at another time. */
  inFunction: boolean;
}

const referenceIndexes = new WeakMap<ts.Node, Map<string, Reference[]>>();

/**
 * The names read in a block (or a switch's clauses), built once per block: with many model calls in
 * one function, searching the statements after each call anew made the fixes quadratic.
 */
function referenceIndex(container: ts.Node): Map<string, Reference[]> {
  const cached = referenceIndexes.get(container);
  if (cached) return cached;
  const index = new Map<string, Reference[]>();
  const visit = (node: ts.Node, inFunction: boolean): void => {
    if (ts.isIdentifier(node) && !isPropertyName(node)) {
      const list = index.get(node.text);
      const reference = { pos: node.pos, inFunction };
      if (list) list.push(reference);
      else index.set(node.text, [reference]);
      return;
    }
    const nested = inFunction || isFunctionLike(node) || ts.isClassLike(node);
    ts.forEachChild(node, (child) => visit(child, nested));
  };
  ts.forEachChild(container, (child) => visit(child, false));
  referenceIndexes.set(container, index);
  return index;
}

function siblingsAfter(container: ts.Node, statement: ts.Statement): ts.Node[] {
  const statements =
    ts.isBlock(container) ||
    ts.isSourceFile(container) ||
    ts.isModuleBlock(container) ||
    ts.isCaseClause(container) ||
    ts.isDefaultClause(container)
      ? container.statements
      : undefined;
  if (!statements) return [];
  const index = statements.indexOf(statement);
  const after: ts.Node[] = statements.slice(index + 1);
  // A declaration in a `case` is visible in the following clauses of the same switch.
  if (ts.isCaseClause(container) || ts.isDefaultClause(container)) {
    const clauses = container.parent.clauses;
    after.push(...clauses.slice(clauses.indexOf(container) + 1));
  }
  return after;
}
