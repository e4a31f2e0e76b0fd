import { ts } from 'ts-morph';
import { unwrapExpression } from '../ast';
import { escapeRegExp } from '../regexp';
import { alwaysExits, continuesEnclosingLoop, exitsBlock, isItemLoop, isLoop } from './loops';

/** An `if` after the request that tests its response: it leaves the loop or goes round. */
interface StatusGuard {
  statement: ts.IfStatement;
  /** Its branch throws, returns or breaks (else it `continue`s). */
  exits: boolean;
  /** Its condition holds when the response succeeded (`response.ok`, `status === 200`). */
  success: boolean;
}

/**
 * A loop that sends the request again when its response says it failed: raw HTTP does not throw
 * on an error status, so `while (true) { const response = await fetch(url, init); if
 * (response.ok) return read(response); if (retries >= max) return failure(response); await
 * sleep(delay); retries++; }` is a retry with no try at all.
 */
export interface StatusRetryLoop {
  loop: ts.IterationStatement;
  /** The statements of the loop's body after the request's: where the response is judged. */
  after: readonly ts.Statement[];
  /** The tests of the response among them; those for failure bound the loop or choose what it retries. */
  guards: readonly StatusGuard[];
  /** The variable holding the response. */
  response: string;
}

/**
 * The loop around `start` (a request written in the loop's body, its response held in a
 * variable) that goes round when the response failed: a test for failure goes round
 * (`continue`), or a test for success leaves the loop and the body after it does not always
 * leave. A loop that leaves on every failure (`if (!response.ok) throw ...`) and goes round on
 * success walks pages, it does not retry.
 */
export function statusRetryLoop(start: ts.Node): StatusRetryLoop | undefined {
  const held = responseHolder(start);
  if (!held) return undefined;
  const body = held.statement.parent;
  if (!ts.isBlock(body) || !isLoop(body.parent) || isItemLoop(body.parent)) return undefined;
  const loop = body.parent;
  const after = body.statements.slice(body.statements.indexOf(held.statement) + 1);
  const guards: StatusGuard[] = after.filter(ts.isIfStatement).flatMap((statement) => {
    if (!testsResponse(statement.expression, held.name)) return [];
    const exits = exitsBlock(statement.thenStatement) || alwaysExits(statement.thenStatement);
    if (!exits && !continuesEnclosingLoop(statement.thenStatement)) return [];
    return [{ statement, exits, success: testsSuccess(statement.expression, held.name) }];
  });
  const retriesOnFailure = guards.some((guard) => !guard.success && !guard.exits);
  const leavesOnSuccess = guards.some((guard) => guard.success && guard.exits);
  const leavesOnEveryFailure = guards.some(
    (guard) => !guard.success && guard.exits && isFailureTest(guard.statement.expression, held.name),
  );
  const last = after[after.length - 1];
  const goesRound = !last || !alwaysExits(last);
  if (!retriesOnFailure && !(leavesOnSuccess && !leavesOnEveryFailure && goesRound)) return undefined;
  return { loop, after, guards, response: held.name };
}

/** `const response = await fetch(...)` or `response = await fetch(...)` as a statement: the statement and the name. */
function responseHolder(start: ts.Node): { statement: ts.Statement; name: string } | undefined {
  let node: ts.Node = start;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
    const statement = parent.parent.parent;
    return ts.isVariableStatement(statement) ? { statement, name: parent.name.text } : undefined;
  }
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === node &&
    ts.isIdentifier(parent.left) &&
    ts.isExpressionStatement(parent.parent)
  )
    return { statement: parent.parent, name: parent.left.text };
  return undefined;
}

/** The condition reads the response's `ok` or status. */
function testsResponse(condition: ts.Expression, name: string): boolean {
  return new RegExp(`(?<![\\w$])${escapeRegExp(name)}\\s*\\??\\.\\s*(?:ok|status|statusCode)\\b`).test(
    condition.getText(),
  );
}

/** `response.ok`, or its status equal to a 2xx code, possibly beside other tests it must pass too (`&&`). */
function testsSuccess(condition: ts.Expression, name: string): boolean {
  const expression = unwrapExpression(condition);
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
    return testsSuccess(expression.left, name) || testsSuccess(expression.right, name);
  if (isOk(expression, name)) return true;
  if (!ts.isBinaryExpression(expression)) return false;
  const kind = expression.operatorToken.kind;
  const equal = kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken;
  return equal && isStatus(expression, name) && /^2\d\d$/.test(statusCode(expression) ?? '');
}

/** Nothing but a failure: `!response.ok`, or its status other than a 2xx code. */
function isFailureTest(condition: ts.Expression, name: string): boolean {
  const expression = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken)
    return isOk(unwrapExpression(expression.operand), name);
  if (!ts.isBinaryExpression(expression) || !isStatus(expression, name)) return false;
  const kind = expression.operatorToken.kind;
  const unequal = kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
  return unequal && /^2\d\d$/.test(statusCode(expression) ?? '');
}

function isOk(expression: ts.Expression, name: string): boolean {
  return (
    ts.isPropertyAccessExpression(expression) &&
    expression.name.text === 'ok' &&
    unwrapExpression(expression.expression).getText() === name
  );
}

/** A comparison of the response's status (`response.status`, `response.statusCode`) with something. */
function isStatus(comparison: ts.BinaryExpression, name: string): boolean {
  return [comparison.left, comparison.right].some((side) => {
    const expression = unwrapExpression(side);
    return (
      ts.isPropertyAccessExpression(expression) &&
      (expression.name.text === 'status' || expression.name.text === 'statusCode') &&
      unwrapExpression(expression.expression).getText() === name
    );
  });
}

function statusCode(comparison: ts.BinaryExpression): string | undefined {
  const literal = [comparison.left, comparison.right].map(unwrapExpression).find(ts.isNumericLiteral);
  return literal?.text;
}
