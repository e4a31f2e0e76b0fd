import { ts } from 'ts-morph';
import { declarationOf, isAncestor, unwrapExpression, walk, walkSameFunction } from '../ast';

/**
 * How many times a retry loop can go round again when each branch of its catch that continues the
 * loop switches off its own guard: `if (this.effort && refusesEffort(error)) { this.effort =
 * undefined; continue }`, `if (!retried) { retried = true; continue }`, or `if (native && ...) {
 * this.mode = 'text'; continue }` with `const native = this.mode === 'native'` in the loop. Each
 * such branch runs once: the loop makes at most one more attempt per branch. Undefined when some
 * `continue` of the catch is not in such a branch, or when the loop sets a guard back elsewhere.
 */
export function oneShotRetries(loop: ts.IterationStatement, catchBlock: ts.Block): OneShotRetries | undefined {
  const branches = new Map<ts.IfStatement, GuardSwitch>();
  let unguarded = false;
  walkSameFunction(catchBlock, (node) => {
    if (unguarded || isNestedLoop(node)) return false;
    if (!ts.isContinueStatement(node) || node.label) return undefined;
    const branch = guardingIf(node, catchBlock);
    const switched = branch && (branches.get(branch) ?? switchedGuard(branch, loop));
    if (branch && switched) branches.set(branch, switched);
    else unguarded = true;
    return undefined;
  });
  if (unguarded || branches.size === 0) return undefined;
  return { branches: branches.size, changesRequest: [...branches.values()].every((kind) => kind === 'setting') };
}

export interface OneShotRetries {
  /** The branches that go round again, once each. */
  branches: number;
  /**
   * Every branch changes a setting (`this.effort = undefined`, `this.mode = 'text'`) rather than
   * marking that it ran (`retried = true`): the next attempt sends another request, so there is no
   * overloaded service to wait for.
   */
  changesRequest: boolean;
}

/** What a branch assigns to switch its guard off: a `flag` it sets, or a `setting` it changes. */
type GuardSwitch = 'flag' | 'setting';

function isNestedLoop(node: ts.Node): boolean {
  return ts.isIterationStatement(node, false);
}

/** The innermost `if` of the catch whose `then` holds the statement. */
function guardingIf(statement: ts.Node, catchBlock: ts.Block): ts.IfStatement | undefined {
  for (let node = statement; node !== catchBlock && node.parent; node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === node) return parent;
  }
  return undefined;
}

interface Assignment {
  target: string;
  value: ts.Expression;
}

/** How the branch makes one operand of its `&&` guard false for the next time round, if it does. */
function switchedGuard(branch: ts.IfStatement, loop: ts.IterationStatement): GuardSwitch | undefined {
  const assigned = assignmentsIn(branch.thenStatement);
  const elsewhere = assignmentsIn(loop.statement).filter((other) => !isAncestor(branch.thenStatement, other.value));
  for (const operand of andOperands(branch.expression)) {
    const switched = falsifiedTarget(operand, assigned, loop, 0);
    // Set back anywhere else in the loop, the guard holds again.
    if (switched && !elsewhere.some((other) => other.target === switched.target)) return switched.kind;
  }
  return undefined;
}

/** The target whose assignment in the branch makes the operand false next time, if any. */
function falsifiedTarget(
  operand: ts.Expression,
  assigned: readonly Assignment[],
  loop: ts.IterationStatement,
  depth: number,
): { target: string; kind: GuardSwitch } | undefined {
  const expression = unwrapExpression(operand);
  // `!retried` with `retried = true`.
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    const target = referenceText(expression.operand);
    return target && assigned.some((item) => item.target === target && truthiness(item.value) === true)
      ? { target, kind: 'flag' }
      : undefined;
  }
  // `this.effort` with `this.effort = undefined`.
  const target = referenceText(expression);
  if (target && assigned.some((item) => item.target === target && truthiness(item.value) === false))
    return { target, kind: 'setting' };
  // `native`, a const of the loop's body: its initializer, read again each time round.
  if (ts.isIdentifier(expression) && depth === 0) {
    const initializer = loopConstInitializer(expression.text, loop);
    if (initializer) return falsifiedTarget(initializer, assigned, loop, depth + 1);
  }
  // `this.mode === 'native'` with `this.mode = 'text'`; `mode !== 'text'` with `mode = 'text'`.
  if (ts.isBinaryExpression(expression)) {
    const equal = [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(
      expression.operatorToken.kind,
    );
    const unequal = [ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(
      expression.operatorToken.kind,
    );
    if (!equal && !unequal) return undefined;
    const [subject, literal] = isLiteral(expression.right)
      ? [expression.left, expression.right]
      : [expression.right, expression.left];
    const subjectText = referenceText(subject);
    if (!subjectText || !isLiteral(literal)) return undefined;
    const flips = assigned.some(
      (item) =>
        item.target === subjectText &&
        isLiteral(item.value) &&
        (literalText(item.value) === literalText(literal)) === unequal,
    );
    return flips ? { target: subjectText, kind: 'setting' } : undefined;
  }
  return undefined;
}

function andOperands(expression: ts.Expression): ts.Expression[] {
  const inner = unwrapExpression(expression);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
    return [...andOperands(inner.left), ...andOperands(inner.right)];
  return [inner];
}

function assignmentsIn(code: ts.Node): Assignment[] {
  const found: Assignment[] = [];
  walkSameFunction(code, (node) => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = referenceText(node.left);
      if (target) found.push({ target, value: node.right });
    }
    // `let retried = false` inside the loop sets it back each time round.
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer)
      found.push({ target: node.name.text, value: node.initializer });
    return undefined;
  });
  return found;
}

/** `retried`, `this.effort`, `state.mode`: a variable or member read, written without `?.`. */
function referenceText(expression: ts.Expression): string | undefined {
  const inner = unwrapExpression(expression);
  if (ts.isIdentifier(inner)) return inner.text;
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(inner)) {
    const base = referenceText(inner.expression);
    return base && `${base}.${inner.name.text}`;
  }
  return undefined;
}

/** `const native = this.mode === 'native'` declared in the loop's body. */
function loopConstInitializer(name: string, loop: ts.IterationStatement): ts.Expression | undefined {
  let initializer: ts.Expression | undefined;
  walkSameFunction(loop.statement, (node) => {
    if (initializer) return false;
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === name &&
      node.initializer &&
      ts.isVariableDeclarationList(node.parent) &&
      (node.parent.flags & ts.NodeFlags.Const) !== 0
    )
      initializer = node.initializer;
    return undefined;
  });
  return initializer;
}

/**
 * A recursion on failure that can happen once: the self-call sits under an `if` one of whose `&&`
 * operands asks that a parameter be unset (`!modelOverride`, `retryModel === undefined`), and the
 * self-call sets it (`return summarise(text, BACKUP_MODEL)`), so the call it makes cannot recurse
 * again: the parameter, if so. A parameter the function assigns to is not trusted to keep its value.
 */
export function recursesOnce(
  fn: ts.FunctionLikeDeclaration,
  selfCall: ts.CallExpression,
  catchBody: ts.Node,
  checker: ts.TypeChecker,
): { parameter: string } | undefined {
  for (let node: ts.Node = selfCall; node !== catchBody && node.parent; node = node.parent) {
    const parent = node.parent;
    if (!ts.isIfStatement(parent) || parent.thenStatement !== node) continue;
    for (const operand of andOperands(parent.expression)) {
      const name = unsetParameterTested(operand);
      const index = name ? fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name) : -1;
      const passed = index >= 0 ? selfCall.arguments[index] : undefined;
      if (passed && definitelySet(passed, checker) && !assignedIn(fn, name!)) return { parameter: name! };
    }
  }
  return undefined;
}

/** `!name`, `name === undefined`, `name == null` (either side): the parameter named, if one is tested. */
function unsetParameterTested(operand: ts.Expression): string | undefined {
  if (ts.isPrefixUnaryExpression(operand) && operand.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = unwrapExpression(operand.operand);
    return ts.isIdentifier(inner) ? inner.text : undefined;
  }
  if (!ts.isBinaryExpression(operand)) return undefined;
  const kind = operand.operatorToken.kind;
  if (kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && kind !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
  const left = unwrapExpression(operand.left);
  const right = unwrapExpression(operand.right);
  const [subject, other] = truthiness(right) === false ? [left, right] : [right, left];
  return ts.isIdentifier(subject) && truthiness(other) === false ? subject.text : undefined;
}

/** A truthy literal, an object or array written in place, or a `const` holding a truthy literal. */
function definitelySet(value: ts.Expression, checker: ts.TypeChecker): boolean {
  const inner = unwrapExpression(value);
  if (truthiness(inner) === true) return true;
  if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner) || ts.isNewExpression(inner))
    return true;
  if (!ts.isIdentifier(inner)) return false;
  const declaration = declarationOf(inner, checker);
  return (
    !!declaration &&
    ts.isVariableDeclaration(declaration) &&
    ts.isVariableDeclarationList(declaration.parent) &&
    (declaration.parent.flags & ts.NodeFlags.Const) !== 0 &&
    !!declaration.initializer &&
    truthiness(declaration.initializer) === true
  );
}

/** Whether the function (nested closures too) assigns to the name. */
function assignedIn(fn: ts.FunctionLikeDeclaration, name: string): boolean {
  let found = false;
  walk(fn, (node) => {
    if (found) return false;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      ts.isIdentifier(unwrapExpression(node.left)) &&
      (unwrapExpression(node.left) as ts.Identifier).text === name
    )
      found = true;
    return undefined;
  });
  return found;
}

/** Whether a literal is truthy; undefined for anything else. */
function truthiness(value: ts.Expression): boolean | undefined {
  const inner = unwrapExpression(value);
  if (inner.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (inner.kind === ts.SyntaxKind.FalseKeyword || inner.kind === ts.SyntaxKind.NullKeyword) return false;
  if (ts.isIdentifier(inner) && inner.text === 'undefined') return false;
  if (ts.isVoidExpression(inner)) return false;
  if (ts.isNumericLiteral(inner)) return Number(inner.text) !== 0;
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return inner.text.length > 0;
  return undefined;
}

function isLiteral(expression: ts.Expression): boolean {
  const inner = unwrapExpression(expression);
  return ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) || ts.isNumericLiteral(inner);
}

function literalText(expression: ts.Expression): string {
  const inner = unwrapExpression(expression);
  return ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) ? inner.text : inner.getText();
}
