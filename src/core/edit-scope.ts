import { ts } from 'ts-morph';
import { changeBetween } from './text-change';

/**
 * Where an edit of a file can change what other files' code resolves to. A name in another file
 * resolves through the types the edited file declares; most keystrokes land inside one function's
 * body, where they change none of them unless they change the function's inferred type. Such an
 * edit keeps what every other file's names resolve to (except names that resolved to a declaration
 * of the edited file itself, whose old parse is gone): the editor need not ask the checker about
 * them again.
 */

/** A TypeScript file whose edit the checks below can judge (in JavaScript, bodies and JSDoc declare). */
function isTypeScript(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?tsx?$/.test(sourceFile.fileName) && !sourceFile.isDeclarationFile;
}

/**
 * The edit changed the text of one comment and nothing else (no line break added or removed, so
 * no semicolon is inserted differently): no type changes. Triple-slash directives and JSX pragmas
 * are comments that do change what the program holds.
 */
export function editsOnlyComment(before: ts.SourceFile, after: ts.SourceFile): boolean {
  if (!isTypeScript(before)) return false;
  const change = changeBetween(before.text, after.text);
  const lineBreak = /[\r\n\u2028\u2029]/;
  if (
    lineBreak.test(before.text.slice(change.start, change.oldEnd)) ||
    lineBreak.test(after.text.slice(change.start, change.newEnd))
  )
    return false;
  const old = commentHolding(before, change.start, change.oldEnd);
  const now = commentHolding(after, change.start, change.newEnd);
  if (!old || !now || old.pos !== now.pos || old.kind !== now.kind) return false;
  const directive = /^\/\/\/|@jsx/;
  return !directive.test(before.text.slice(old.pos, old.end)) && !directive.test(after.text.slice(now.pos, now.end));
}

/** The comment whose text (not its `//`, `/*` or `*\/`) holds [start, end), if one does. */
function commentHolding(sourceFile: ts.SourceFile, start: number, end: number): ts.CommentRange | undefined {
  const text = sourceFile.text;
  let node: ts.Node = sourceFile;
  for (let next = childHolding(node, start, end); next; next = childHolding(node, start, end)) node = next;
  // The comment is in the trivia before one of the node's children or after one.
  const triviaStarts = [node.pos];
  ts.forEachChild(node, (child) => {
    triviaStarts.push(child.pos, child.end);
  });
  for (const triviaStart of triviaStarts) {
    if (triviaStart > start) continue;
    for (const comment of [
      ...(ts.getLeadingCommentRanges(text, triviaStart) ?? []),
      ...(ts.getTrailingCommentRanges(text, triviaStart) ?? []),
    ]) {
      const closing = comment.kind === ts.SyntaxKind.MultiLineCommentTrivia ? 2 : 0;
      if (comment.pos + 2 <= start && end <= comment.end - closing) return comment;
    }
  }
  return undefined;
}

/** The function whose body an edit stays inside, in the old and in the new parse of the file. */
export interface EditedFunction {
  before: ts.FunctionLikeDeclaration;
  after: ts.FunctionLikeDeclaration;
  /** Its type can change with its body (no declared return type): compare `signatureText`s. */
  inferred: boolean;
}

/**
 * The outermost function (or method, accessor, arrow) whose block body holds every changed
 * character of the edit from `before` to `after`, the text around the body unchanged; undefined
 * when there is none, or when the edit may change declarations other files see without changing
 * the function's type: a declaration file, a JavaScript file (a `this.x = ...` in a body declares
 * a property there), a constructor (it can type the properties it assigns), a body that declares
 * a type or class (an inferred type can name it).
 */
export function editedFunction(before: ts.SourceFile, after: ts.SourceFile): EditedFunction | undefined {
  if (!isTypeScript(before)) return undefined;
  const change = changeBetween(before.text, after.text);
  const oldFn = outermostBodyHolding(before, change.start, change.oldEnd);
  const newFn = outermostBodyHolding(after, change.start, change.newEnd);
  if (!oldFn || !newFn || oldFn.kind !== newFn.kind) return undefined;
  const delta = after.text.length - before.text.length;
  const oldBody = oldFn.body as ts.Block;
  const newBody = newFn.body as ts.Block;
  // The same function: it starts where it did, and its body ends where the edit moved its end.
  if (
    oldFn.pos !== newFn.pos ||
    oldBody.pos !== newBody.pos ||
    oldBody.end + delta !== newBody.end ||
    oldFn.end + delta !== newFn.end
  )
    return undefined;
  if (declaresTypes(oldBody) || declaresTypes(newBody)) return undefined;
  // With noImplicitAny, `this.x = ...` in a constructor types a property declared without a type.
  if (ts.isConstructorDeclaration(oldFn)) return undefined;
  const inferred = oldFn.type === undefined && !ts.isSetAccessorDeclaration(oldFn);
  return { before: oldFn, after: newFn, inferred };
}

/**
 * The function's signature as the checker prints it, inferred return type included, and the files
 * declaring the types its return type names; undefined when it names a type by `typeof` (of a
 * class, say, whose members can change behind the name). Printed without a place to print it
 * from: finding how each type is reachable from the function searched every import and global in
 * scope, a third of an edit's time once the program has the standard declarations. The files tell
 * apart two types of one name (`Result` of one module, then of another).
 */
export function signatureText(checker: ts.TypeChecker, fn: ts.FunctionLikeDeclaration): string | undefined {
  const signature = checker.getSignatureFromDeclaration(fn);
  if (!signature) return undefined;
  const text = checker.signatureToString(signature, undefined, ts.TypeFormatFlags.NoTruncation);
  if (/\btypeof\b|\(Anonymous/.test(text)) return undefined;
  const files = new Set<string>();
  declaringFiles(checker.getReturnTypeOfSignature(signature), checker, files, 0);
  return files.size === 0 ? text : `${text} from ${[...files].sort().join(', ')}`;
}

/** How deep into type arguments and unions `declaringFiles` looks (`Promise<Result | undefined>`). */
const MAX_TYPE_DEPTH = 3;

function declaringFiles(type: ts.Type, checker: ts.TypeChecker, files: Set<string>, depth: number): void {
  for (const symbol of [type.aliasSymbol, type.getSymbol()])
    for (const declaration of symbol?.declarations ?? []) files.add(declaration.getSourceFile().fileName);
  if (depth >= MAX_TYPE_DEPTH) return;
  const parts = [
    ...(type.isUnionOrIntersection() ? type.types : []),
    ...(type.aliasTypeArguments ?? []),
    ...((type.flags & ts.TypeFlags.Object) !== 0 &&
    ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
      ? checker.getTypeArguments(type as ts.TypeReference)
      : []),
  ];
  for (const part of parts) declaringFiles(part, checker, files, depth + 1);
}

/** The outermost function-like whose block body strictly holds [start, end) (the braces excluded). */
function outermostBodyHolding(
  sourceFile: ts.SourceFile,
  start: number,
  end: number,
): ts.FunctionLikeDeclaration | undefined {
  let node: ts.Node = sourceFile;
  for (;;) {
    const next = childHolding(node, start, end);
    if (!next) return undefined;
    if (ts.isFunctionLike(next)) {
      const fn = next as ts.FunctionLikeDeclaration;
      const body = fn.body;
      if (!body || !ts.isBlock(body)) return undefined;
      const open = body.getStart(sourceFile);
      return open < start && end < body.end ? fn : undefined;
    }
    node = next;
  }
}

/** The child of `node` whose text, leading trivia included (from `pos`), holds [start, end). */
function childHolding(node: ts.Node, start: number, end: number): ts.Node | undefined {
  return ts.forEachChild(node, (child) => (child.pos <= start && end <= child.end ? child : undefined));
}

/** A class, interface, type alias or enum declared in a body: an inferred type can name it. */
function declaresTypes(body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isClassLike(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isEnumDeclaration(node) ||
      ts.isModuleDeclaration(node)
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}
