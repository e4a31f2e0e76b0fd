import { ts } from 'ts-morph';
import { mentionsIdentifier, statementsAfter, unwrapExpression, walkSameFunction } from '../ast';
import { boundName } from '../graph/streams';
import { describeHandler, type HandlerBehaviour } from './handlers';

/**
 * `const completion = await create(...).catch((error) => { log(error); return null })`, then
 * `if (!completion) return new Response('unavailable', { status: 503 })`: the `null` stands for
 * the failure, and the test right after the value is held turns it into an error response, a throw
 * or a failure result. The handler is the two together: what it gives is that branch's answer,
 * not a default in the answer's place. Undefined when the value is not tested so, first thing.
 */
export function sentinelTestedAfter(
  catchCall: ts.CallExpression,
  callback: ts.ArrowFunction | ts.FunctionExpression,
  checker: ts.TypeChecker | undefined,
): HandlerBehaviour | undefined {
  if (!answersOnlySentinels(callback)) return undefined;
  const holder = heldIn(catchCall);
  if (!holder) return undefined;
  const { name, statement } = holder;
  // The test comes before any use of the value that a `null` would break (`completion?.usage` in
  // a log line does not).
  for (const next of followingStatements(statement)) {
    if (ts.isIfStatement(next)) {
      const branch = missingBranch(next, name, checker);
      if (branch !== 'unrelated') return branch;
    }
    if (usesPlainly(next, name)) return undefined;
  }
  return undefined;
}

/**
 * The branch of an `if` (or of an `else if` chain) that a missing value takes, where every branch
 * it may take turns it into a failure: `if (!completion) throw ...`, or `if (!completion &&
 * refused) throw new RefusalError(); else if (!completion) throw new Error('failed')`.
 * `'unrelated'` where the `if` does not test the value first.
 */
function missingBranch(
  statement: ts.IfStatement,
  name: string,
  checker: ts.TypeChecker | undefined,
): HandlerBehaviour | undefined | 'unrelated' {
  const fails = (branch: HandlerBehaviour): boolean => branch.rethrows || branch.returnsFailureResult;
  for (let current: ts.Statement | undefined = statement; current && ts.isIfStatement(current);) {
    const exact = testsMissing(current.expression, name);
    if (!exact && !testsMissingAmong(current.expression, name)) return current === statement ? 'unrelated' : undefined;
    const branch = describeHandler(current.thenStatement, undefined, checker);
    if (!fails(branch)) return undefined;
    if (exact) return branch;
    current = current.elseStatement;
  }
  return undefined;
}

/** `!completion && refused`: a condition that holds only when the value is missing. */
function testsMissingAmong(condition: ts.Expression, name: string): boolean {
  const test = unwrapExpression(condition);
  return (
    ts.isBinaryExpression(test) &&
    test.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
    (testsMissing(test.left, name) ||
      testsMissing(test.right, name) ||
      testsMissingAmong(test.left, name) ||
      testsMissingAmong(test.right, name))
  );
}

/**
 * The variable the awaited value is held in, and the statement that holds it: `const completion =
 * await ...` or `completion = await ...`.
 */
function heldIn(catchCall: ts.CallExpression): { name: string; statement: ts.Statement } | undefined {
  let held: ts.Node = catchCall;
  while (ts.isAwaitExpression(held.parent) || ts.isParenthesizedExpression(held.parent)) held = held.parent;
  const name = boundName(held);
  // The declaration's statement, or the assignment's.
  const statement = name && (ts.isVariableDeclaration(name.parent) ? name.parent.parent.parent : name.parent.parent);
  if (!name || !statement || !(ts.isVariableStatement(statement) || ts.isExpressionStatement(statement)))
    return undefined;
  return { name: name.text, statement };
}

/**
 * The statements that run after `statement`: the rest of its block, then, out of the `try` it is
 * assigned in or the branch of an `if` it is assigned in (`if (streaming) { ... } else {
 * completion = await create(...).catch(...) }`), the statements after those.
 */
function* followingStatements(statement: ts.Statement): Generator<ts.Statement> {
  for (let anchor = statement; ;) {
    yield* statementsAfter(anchor);
    const block = anchor.parent;
    if (!ts.isBlock(block)) return;
    const owner = block.parent;
    if (ts.isTryStatement(owner) && owner.tryBlock === block) anchor = owner;
    else if (ts.isIfStatement(owner)) anchor = outermostIf(owner);
    else return;
  }
}

/** The first `if` of an `else if` chain. */
function outermostIf(statement: ts.IfStatement): ts.IfStatement {
  let current = statement;
  while (ts.isIfStatement(current.parent) && current.parent.elseStatement === current) current = current.parent;
  return current;
}

/** Whether a statement reads the value other than through optional chaining (`completion?.usage`). */
function usesPlainly(statement: ts.Statement, name: string): boolean {
  if (!mentionsIdentifier(statement, name)) return false;
  let plain = false;
  const visit = (node: ts.Node): void => {
    if (plain) return;
    if (ts.isIdentifier(node) && node.text === name) {
      const parent = node.parent;
      const optional =
        (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) &&
        parent.expression === node &&
        !!parent.questionDotToken;
      const member = ts.isPropertyAccessExpression(parent) && parent.name === node;
      if (!optional && !member && !testedOnly(node)) plain = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return plain;
}

/**
 * The value only tested for being there (`completion ? 'ok' : 'error'` in a log record written
 * between the two, `!completion`, `completion && ...`): a missing value breaks none of them.
 */
function testedOnly(identifier: ts.Identifier): boolean {
  let node: ts.Node = identifier;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isConditionalExpression(parent)) return parent.condition === node;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  if (!ts.isBinaryExpression(parent) || parent.left !== node) return false;
  const operator = parent.operatorToken.kind;
  return (
    operator === ts.SyntaxKind.AmpersandAmpersandToken ||
    operator === ts.SyntaxKind.BarBarToken ||
    operator === ts.SyntaxKind.QuestionQuestionToken
  );
}

/** A callback whose every answer is `null`, `undefined`, `false` or nothing. */
export function answersOnlySentinels(callback: ts.ArrowFunction | ts.FunctionExpression): boolean {
  if (!ts.isBlock(callback.body)) return isSentinel(callback.body);
  let only = true;
  walkSameFunction(callback.body, (node) => {
    if (ts.isReturnStatement(node) && node.expression && !isSentinel(node.expression)) only = false;
    return only ? undefined : false;
  });
  return only;
}

function isSentinel(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  return (
    value.kind === ts.SyntaxKind.NullKeyword ||
    value.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(value) && value.text === 'undefined') ||
    (ts.isVoidExpression(value) && ts.isNumericLiteral(unwrapExpression(value.expression)))
  );
}

/** `!completion`, `completion == null`, `completion === undefined`, or one of them in an `||`. */
function testsMissing(condition: ts.Expression, name: string): boolean {
  const test = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(test) && test.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = unwrapExpression(test.operand);
    return ts.isIdentifier(operand) && operand.text === name;
  }
  if (!ts.isBinaryExpression(test)) return false;
  const operator = test.operatorToken.kind;
  if (operator === ts.SyntaxKind.BarBarToken) return testsMissing(test.left, name) || testsMissing(test.right, name);
  if (operator !== ts.SyntaxKind.EqualsEqualsToken && operator !== ts.SyntaxKind.EqualsEqualsEqualsToken) return false;
  const left = unwrapExpression(test.left);
  const right = unwrapExpression(test.right);
  const named = (side: ts.Expression): boolean => ts.isIdentifier(side) && side.text === name;
  return (named(left) && isSentinel(right)) || (named(right) && isSentinel(left));
}
