import { ts } from 'ts-morph';
import { boundNames, containingStatement, enclosingFunction, isFunctionLike, unwrapExpression, walk } from '../ast';

/*
 * `Promise.allSettled(...)` never rejects: a model call's failure among its promises becomes a
 * result `{ status: 'rejected', reason }`, and the code that reads the results decides what the
 * failure does (logged and skipped, replaced by a default, dropped). Read from the syntax alone.
 */

/** How the code reads the rejected results of one `Promise.allSettled(...)`. */
export interface SettledRead {
  /**
   * The code that runs for a rejected result: the branch of a status test (`if (result.status ===
   * 'rejected') { ... }`, `r.status === 'fulfilled' ? r.value : fallback`, `case 'rejected':`), or
   * the statement that reads its `reason`. Absent when nothing does.
   */
  branch?: ts.Node;
  /** The expression that names the error in the branch (`result.reason`), when it does. */
  reason?: string;
  /** The results leave the function (returned, or handed to other code): what they decide is not read here. */
  handedOn: boolean;
}

/**
 * The `Promise.allSettled(...)` that takes `node`: as its argument (`Promise.allSettled(items.map(f))`),
 * or as an element of its array (`Promise.allSettled([a(), b()])`, with the element's index).
 */
export function settledBy(node: ts.Node, parent: ts.Node): { call: ts.CallExpression; index?: number } | undefined {
  if (ts.isArrayLiteralExpression(parent) && parent.parent && isAllSettled(parent.parent, parent)) {
    const index = parent.elements.findIndex((element) => element === node);
    const spread = parent.elements.some((element) => ts.isSpreadElement(element));
    return { call: parent.parent, ...(index >= 0 && !spread ? { index } : {}) };
  }
  return isAllSettled(parent, node) ? { call: parent } : undefined;
}

function isAllSettled(node: ts.Node, argument: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || node.arguments[0] !== argument) return false;
  const callee = unwrapExpression(node.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'allSettled' &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Promise'
  );
}

const reads = new WeakMap<ts.CallExpression, Map<number | undefined, SettledRead>>();

/** How the results of `call` are read; with `index`, the result of that element of its array. */
export function readSettled(call: ts.CallExpression, index?: number): SettledRead {
  let byIndex = reads.get(call);
  if (!byIndex) {
    byIndex = new Map();
    reads.set(call, byIndex);
  }
  let read = byIndex.get(index);
  if (!read) {
    read = readOf(call, index);
    byIndex.set(index, read);
  }
  return read;
}

function readOf(call: ts.CallExpression, index: number | undefined): SettledRead {
  const holder = holderOf(call, index);
  const fn = enclosingFunction(call);
  if (!holder || !fn?.body) return { handedOn: true };
  const names = resultNames(holder.names, fn.body);
  let branch: ts.Node | undefined;
  let reasonRead: ts.PropertyAccessExpression | undefined;
  let handedOn = false;
  walk(fn.body, (node) => {
    if (node.pos < call.end) return;
    if (!branch) branch = rejectionBranch(node, names);
    if (
      !reasonRead &&
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'reason' &&
      names.has(rootName(node.expression))
    )
      reasonRead = node;
    // `return results`, `send(results)`: the rejected results go on to code this reading does not follow.
    if (ts.isIdentifier(node) && holder.names.includes(node.text) && handsOn(node)) handedOn = true;
  });
  const shown = branch ?? (reasonRead && containingStatement(reasonRead));
  if (!shown) return { handedOn };
  return { branch: shown, ...(reasonRead ? { reason: reasonRead.getText() } : {}), handedOn };
}

/**
 * The names the results are held in: `const results = await Promise.allSettled(...)`; of the
 * result at `index`, its own name in `const [answer, title] = ...`.
 */
function holderOf(call: ts.CallExpression, index: number | undefined): { names: string[] } | undefined {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
    const element =
      index !== undefined && ts.isArrayBindingPattern(parent.name) ? parent.name.elements[index] : undefined;
    if (element && ts.isBindingElement(element) && !element.dotDotDotToken) return { names: boundNames(element.name) };
    return { names: boundNames(parent.name) };
  }
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === node &&
    ts.isIdentifier(parent.left)
  )
    return { names: [parent.left.text] };
  return undefined;
}

/**
 * The holders and the names each result is read through: `for (const result of results)`,
 * `results.forEach((result) => ...)`, `results.filter(...).map((r) => ...)`.
 */
function resultNames(holders: readonly string[], body: ts.Node): Set<string> {
  const names = new Set(holders);
  walk(body, (node) => {
    if (ts.isForOfStatement(node) && names.has(rootName(node.expression))) {
      const declaration = node.initializer;
      if (ts.isVariableDeclarationList(declaration))
        for (const item of declaration.declarations) for (const name of boundNames(item.name)) names.add(name);
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      names.has(rootName(node.expression))
    )
      for (const argument of node.arguments)
        if (isFunctionLike(argument) && argument.parameters[0])
          for (const name of boundNames(argument.parameters[0].name)) names.add(name);
  });
  return names;
}

/** The identifier a chain of reads and calls starts from (`results` in `results.filter(f).map(g)`, `r` in `r.status`). */
function rootName(expression: ts.Expression): string {
  let current = unwrapExpression(expression);
  for (;;) {
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = current.expression;
    else if (ts.isCallExpression(current)) current = current.expression;
    else if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
    else return ts.isIdentifier(current) ? current.text : '';
  }
}

/** The code a status test runs for a rejected result, when `node` is such a test. */
function rejectionBranch(node: ts.Node, names: ReadonlySet<string>): ts.Node | undefined {
  if (ts.isCaseClause(node)) {
    const switched = node.parent.parent.expression;
    return ts.isStringLiteral(node.expression) && node.expression.text === 'rejected' && isStatusOf(switched, names)
      ? node
      : undefined;
  }
  if (!ts.isBinaryExpression(node)) return undefined;
  const rejectedWhenTrue = testsRejection(node, names);
  if (rejectedWhenTrue === undefined) return undefined;
  const parent = node.parent;
  if (ts.isIfStatement(parent) && parent.expression === node)
    return rejectedWhenTrue ? parent.thenStatement : parent.elseStatement;
  if (ts.isConditionalExpression(parent) && parent.condition === node)
    return rejectedWhenTrue ? parent.whenTrue : parent.whenFalse;
  return undefined;
}

/**
 * `r.status === 'rejected'` (true when rejected), `r.status !== 'fulfilled'` (true),
 * `r.status === 'fulfilled'` (false); undefined for any other expression.
 */
function testsRejection(node: ts.BinaryExpression, names: ReadonlySet<string>): boolean | undefined {
  const operator = node.operatorToken.kind;
  const equal = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
  const unequal =
    operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
  if (!equal && !unequal) return undefined;
  const [status, literal] = ts.isStringLiteral(node.right) ? [node.left, node.right] : [node.right, node.left];
  if (!ts.isStringLiteral(literal) || !isStatusOf(status, names)) return undefined;
  if (literal.text !== 'rejected' && literal.text !== 'fulfilled') return undefined;
  return (literal.text === 'rejected') === equal;
}

function isStatusOf(expression: ts.Expression, names: ReadonlySet<string>): boolean {
  const status = unwrapExpression(expression);
  return (
    ts.isPropertyAccessExpression(status) && status.name.text === 'status' && names.has(rootName(status.expression))
  );
}

/** The holder itself leaves: returned, or passed whole to a call that is not a read of it. */
export function handsOn(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isReturnStatement(parent)) return true;
  if (ts.isCallExpression(parent) && parent.arguments.some((argument) => argument === identifier)) return true;
  return false;
}
