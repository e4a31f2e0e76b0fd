import { ts } from 'ts-morph';
import { walkSameFunction } from '../ast';

/** What the retry facets ask of loops: which go round, and how a block leaves one. */

/**
 * `for (let i = 0; i < items.length; i++) { try { await work(items[i]) } catch {} }` goes on to the
 * next item after a failure: it processes a collection, it does not retry.
 */
export function isItemLoop(loop: ts.IterationStatement): boolean {
  if (!ts.isForStatement(loop) || !loop.condition) return false;
  if (/\.(?:length|size)\b/.test(loop.condition.getText())) return true;
  const initializer = loop.initializer;
  const counter =
    initializer && ts.isVariableDeclarationList(initializer) && ts.isIdentifier(initializer.declarations[0]?.name)
      ? initializer.declarations[0].name.text
      : undefined;
  if (!counter) return false;
  let indexes = false;
  walkSameFunction(loop.statement, (node) => {
    if (indexes) return false;
    if (ts.isElementAccessExpression(node) && node.argumentExpression.getText() === counter) indexes = true;
    return undefined;
  });
  return indexes;
}

/** A loop that can go round on a failure (a `for...of` walks items). */
export function isLoop(node: ts.Node): node is ts.IterationStatement {
  return ts.isForStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

/** A `continue` in the code that goes to the loop around it (not one of a loop inside the code). */
export function continuesEnclosingLoop(code: ts.Statement): boolean {
  if (ts.isContinueStatement(code)) return !code.label;
  let found = false;
  walkSameFunction(code, (node) => {
    if (found || isLoop(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) return false;
    if (ts.isContinueStatement(node) && !node.label) found = true;
    return undefined;
  });
  return found;
}

/** The statement is, or its block holds, a `throw`, `return` or `break` at its top level. */
export function exitsBlock(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement) || ts.isReturnStatement(statement) || ts.isBreakStatement(statement)) return true;
  return (
    ts.isBlock(statement) &&
    statement.statements.some(
      (child) => ts.isThrowStatement(child) || ts.isReturnStatement(child) || ts.isBreakStatement(child),
    )
  );
}

/**
 * Every path through the statement leaves it by `throw`, `return` or `break`: `{ const json =
 * await read(); if (valid(json)) return json; else return failure(json); }`.
 */
export function alwaysExits(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement) || ts.isReturnStatement(statement) || ts.isBreakStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.some(alwaysExits);
  if (ts.isIfStatement(statement))
    return !!statement.elseStatement && alwaysExits(statement.thenStatement) && alwaysExits(statement.elseStatement);
  return false;
}
