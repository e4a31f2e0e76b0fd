import { ts } from 'ts-morph';
import { boundNames, enclosingFunction, isAncestor, isFunctionLike, unwrapExpression, walkSameFunction } from '../ast';
import type { StreamErrors } from '../catalog/types';
import type { DetectedCall } from '../detect';
import { fileIndexOf } from '../file-index';
import { callableName } from '../graph/call-graph';
import { calleeName } from '../graph/callbacks';
import { calledFunction } from './handlers';

/**
 * What the code reading a stream does with its error parts (the catalogue's `errorPart`, the AI SDK's
 * `{ type: 'error' }`): `rethrows` when the branch that meets one throws (`case 'error': throw
 * part.error`), so the failure goes on to whoever consumes what reads the stream; `observes` when
 * it reads them and does something else (logs, shows them). Looked for in the call's function and
 * in the workspace functions it hands the stream to (`yield* convert(result.fullStream)`).
 */
export function errorPartReading(
  call: DetectedCall,
  part: NonNullable<StreamErrors['errorPart']>,
  checker: ts.TypeChecker,
): 'rethrows' | 'observes' | undefined {
  const fn = enclosingFunction(call.node);
  const body = fn?.body ?? call.node.getSourceFile();
  const here =
    readingIn(body, part, checker, 1) ??
    partsHandedOn(body, call.node, part, checker) ??
    (fn ? readByCallersInFile(fn, call.node, part, checker) : undefined);
  if (here) return here;
  let handed: 'rethrows' | 'observes' | undefined;
  walkSameFunction(body, (node) => {
    if (handed) return false;
    if (!ts.isCallExpression(node) || node === call.node) return undefined;
    if (!node.arguments.some((argument) => carriesStream(argument, call.node))) return undefined;
    const handedTo = functionCalled(node, checker);
    if (handedTo?.body) handed = readingIn(handedTo.body, part, checker, 0);
    return undefined;
  });
  return handed;
}

/**
 * The workspace function a call runs: by its declaration, or, for a name destructured from a module
 * loaded with `await import('./converter.js')`, the module's export of that name.
 */
function functionCalled(call: ts.CallExpression, checker: ts.TypeChecker): ts.FunctionLikeDeclaration | undefined {
  const declared = calledFunction(call, checker);
  if (declared) return declared;
  const callee = unwrapExpression(call.expression);
  const local = ts.isIdentifier(callee) ? checker.getSymbolAtLocation(callee)?.declarations?.[0] : undefined;
  if (!local || !ts.isBindingElement(local) || !ts.isVariableDeclaration(local.parent.parent)) return undefined;
  let loaded = local.parent.parent.initializer;
  while (loaded && (ts.isAwaitExpression(loaded) || ts.isParenthesizedExpression(loaded))) loaded = loaded.expression;
  const specifier =
    loaded && ts.isCallExpression(loaded) && loaded.expression.kind === ts.SyntaxKind.ImportKeyword
      ? loaded.arguments[0]
      : undefined;
  const module = specifier && checker.getSymbolAtLocation(specifier);
  const name = (local.propertyName ?? local.name).getText();
  const exported = module && checker.getExportsOfModule(module).find((symbol) => symbol.name === name);
  const declaration = exported?.valueDeclaration;
  return declaration && isFunctionLike(declaration) && !declaration.getSourceFile().isDeclarationFile
    ? declaration
    : undefined;
}

/**
 * `for await (const chunk of fullStream) yield parser.parse(chunk)` in the call's own function: the
 * workspace functions each part of the call's stream is handed to, read as the loop's body is.
 */
function partsHandedOn(
  body: ts.Node,
  made: ts.Expression,
  part: NonNullable<StreamErrors['errorPart']>,
  checker: ts.TypeChecker,
): 'rethrows' | 'observes' | undefined {
  let found: 'rethrows' | 'observes' | undefined;
  walkSameFunction(body, (node) => {
    if (found === 'rethrows') return false;
    if (!ts.isForOfStatement(node) || !carriesStream(node.expression, made)) return undefined;
    const declarations = ts.isVariableDeclarationList(node.initializer) ? node.initializer.declarations : [];
    const names = declarations.flatMap((declaration) => boundNames(declaration.name));
    walkSameFunction(node.statement, (inner) => {
      if (found === 'rethrows' || !ts.isCallExpression(inner)) return undefined;
      const handsPart = inner.arguments.some((argument) => {
        const value = unwrapExpression(argument);
        return ts.isIdentifier(value) && names.includes(value.text);
      });
      const helper = handsPart ? functionCalled(inner, checker) : undefined;
      if (helper?.body) found = readingIn(helper.body, part, checker, 1) ?? found;
      return undefined;
    });
    return undefined;
  });
  return found;
}

/**
 * `return fullStream` from a helper of the same file (`private async getFullStream()`), read by the
 * methods that call it: `const fullStream = await this.getFullStream(...); for await (const chunk
 * of fullStream) parser.parse(chunk)`.
 */
function readByCallersInFile(
  fn: ts.FunctionLikeDeclaration,
  made: ts.Expression,
  part: NonNullable<StreamErrors['errorPart']>,
  checker: ts.TypeChecker,
): 'rethrows' | 'observes' | undefined {
  const name = callableName(fn);
  if (!name || !fn.body || !returnsStream(fn.body, made)) return undefined;
  let found: 'rethrows' | 'observes' | undefined;
  for (const call of fileIndexOf(fn.getSourceFile()).allCalls) {
    if (found === 'rethrows') break;
    if (calleeName(call) !== name || functionCalled(call, checker) !== fn) continue;
    const body = enclosingFunction(call)?.body;
    if (body) found = readingIn(body, part, checker, 1) ?? partsHandedOn(body, call, part, checker) ?? found;
  }
  return found;
}

function returnsStream(body: ts.ConciseBody, made: ts.Expression): boolean {
  if (!ts.isBlock(body)) return carriesStream(body, made);
  let returned = false;
  walkSameFunction(body, (node) => {
    if (returned) return false;
    if (ts.isReturnStatement(node) && node.expression && carriesStream(node.expression, made)) returned = true;
    return undefined;
  });
  return returned;
}

/** The call's result or a member of it (`result.fullStream`), in place or through the variable holding it. */
function carriesStream(argument: ts.Expression, made: ts.Expression): boolean {
  let value = unwrapExpression(argument);
  while (ts.isPropertyAccessExpression(value)) value = unwrapExpression(value.expression);
  if (value === made) return true;
  let holder = made.parent;
  while (ts.isAwaitExpression(holder) || ts.isParenthesizedExpression(holder)) holder = holder.parent;
  return (
    ts.isIdentifier(value) &&
    ts.isVariableDeclaration(holder) &&
    !!holder.initializer &&
    unwrapExpression(holder.initializer) === made &&
    boundNames(holder.name).includes(value.text)
  );
}

/**
 * The branches of a body that meet an error part: `x.type === 'error'` and `case 'error'` of
 * `switch (x.type)`; in a function that reads the stream, also in the workspace functions it hands
 * each part to (`for await (const part of stream) yield convertPart(part)`).
 */
function readingIn(
  body: ts.Node,
  part: NonNullable<StreamErrors['errorPart']>,
  checker: ts.TypeChecker,
  depth: number,
): 'rethrows' | 'observes' | undefined {
  let found: 'rethrows' | 'observes' | undefined;
  const note = (branch: ts.Node | undefined): void => {
    const throws = !!branch && containsThrow(branch);
    found = throws ? 'rethrows' : (found ?? 'observes');
  };
  const helpers: ts.ConciseBody[] = [];
  walkSameFunction(body, (node) => {
    if (found === 'rethrows') return false;
    if (depth === 0 && ts.isCallExpression(node) && node.arguments.length > 0) {
      const helper = functionCalled(node, checker);
      if (helper?.body && !isAncestor(helper, body)) helpers.push(helper.body);
    }
    if (ts.isBinaryExpression(node) && isPartCheck(node, part)) {
      const statement = node.parent;
      note(ts.isIfStatement(statement) && statement.expression === node ? statement.thenStatement : undefined);
    }
    if (
      ts.isCaseClause(node) &&
      ts.isStringLiteralLike(node.expression) &&
      node.expression.text === part.value &&
      readsField(node.parent.parent.expression, part.field)
    )
      note(node);
    return undefined;
  });
  for (const helper of helpers) {
    if (found) break;
    found = readingIn(helper, part, checker, depth + 1);
  }
  return found;
}

function isPartCheck(node: ts.BinaryExpression, part: NonNullable<StreamErrors['errorPart']>): boolean {
  const kind = node.operatorToken.kind;
  if (kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && kind !== ts.SyntaxKind.EqualsEqualsToken) return false;
  const [literal, other] = ts.isStringLiteralLike(node.right) ? [node.right, node.left] : [node.left, node.right];
  return ts.isStringLiteralLike(literal) && literal.text === part.value && readsField(other, part.field);
}

function readsField(expression: ts.Expression, field: string): boolean {
  const value = unwrapExpression(expression);
  return ts.isPropertyAccessExpression(value) && value.name.text === field;
}

function containsThrow(node: ts.Node): boolean {
  let found = false;
  walkSameFunction(node, (child) => {
    if (found) return false;
    if (ts.isThrowStatement(child)) found = true;
    return undefined;
  });
  return found;
}
