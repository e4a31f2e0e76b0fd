import { ts } from 'ts-morph';
import { declarationOf, resolveObjectLiteral, unwrapExpression, walk, walkSameFunction } from '../ast';

/**
 * What a retry decorator's guard needs the error to have before it retries:
 * `error.status === 429`, `error instanceof RetriableError`.
 */
export interface ErrorRequirement {
  /** Properties the guard reads from the error, with the literal it compares each to, when it does. */
  properties: { name: string; value?: string }[];
  /** Error classes the guard accepts (`instanceof`). */
  classes: string[];
}

/** Built-in error constructors: what they make carries a message (and a `cause`), nothing else. */
const PLAIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError']);

/**
 * The requirement of the retry decorator `decorator` (`@withRetry({ ... })`): read from the
 * decorator's own code, the condition under which its catch rethrows instead of retrying
 * (`if (!isRateLimit && !retryAllErrors) throw error`, with `isRateLimit = error?.status === 429`).
 * Undefined when it retries every error: no such guard, or a switch in the guard (`retryAllErrors`)
 * turned on where the decorator is applied or in its defaults.
 */
export function decoratorRequirement(decorator: ts.Decorator, checker: ts.TypeChecker): ErrorRequirement | undefined {
  const expression = unwrapExpression(decorator.expression);
  const callee = ts.isCallExpression(expression) ? expression.expression : expression;
  const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, checker);
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  const options = ts.isCallExpression(expression) ? resolveObjectLiteral(expression.arguments[0], checker) : undefined;
  let requirement: ErrorRequirement | undefined;
  walk(declaration, (node) => {
    if (requirement) return false;
    if (!ts.isCatchClause(node) || !node.variableDeclaration || !ts.isIdentifier(node.variableDeclaration.name))
      return undefined;
    const caught = node.variableDeclaration.name.text;
    for (const guard of rethrowGuards(node.block, caught)) {
      const read = readGuard(guard, caught, node.block);
      if (read.switches.some((name) => switchedOn(name, options, declaration.getSourceFile()))) return false;
      if (read.requirement.properties.length > 0 || read.requirement.classes.length > 0) {
        requirement = read.requirement;
        return false;
      }
    }
    return undefined;
  });
  return requirement;
}

/** Conditions of the `if`s whose branch rethrows the caught error unchanged: `if (cond) throw error`. */
function rethrowGuards(block: ts.Block, caught: string): ts.Expression[] {
  const guards: ts.Expression[] = [];
  walkSameFunction(block, (node) => {
    if (!ts.isThrowStatement(node) || !isName(node.expression, caught)) return undefined;
    let branch: ts.Node = node;
    if (ts.isBlock(branch.parent)) branch = branch.parent;
    if (ts.isIfStatement(branch.parent) && branch.parent.thenStatement === branch)
      guards.push(branch.parent.expression);
    return undefined;
  });
  return guards;
}

/** The error's properties and classes a guard reads, and the other flags it tests when negated (`!retryAll`). */
function readGuard(
  guard: ts.Expression,
  caught: string,
  scope: ts.Block,
): { requirement: ErrorRequirement; switches: string[] } {
  const requirement: ErrorRequirement = { properties: [], classes: [] };
  const switches: string[] = [];
  const seen = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isName(node.expression, caught)) {
      requirement.properties.push({ name: node.name.text, value: comparedLiteral(node) });
      return;
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword &&
      isName(node.left, caught)
    ) {
      requirement.classes.push(node.right.getText());
      return;
    }
    if (ts.isIdentifier(node) && node.text !== caught && !seen.has(node.text)) {
      seen.add(node.text);
      // `const isRateLimit = error?.status === 429` in the catch: read what it stands for.
      const local = localInitializer(node.text, scope);
      if (local) visit(local);
      else if (ts.isPrefixUnaryExpression(node.parent) && node.parent.operator === ts.SyntaxKind.ExclamationToken)
        switches.push(node.text);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(guard);
  return { requirement, switches };
}

/** `error.status === 429`: the literal a property read is compared with. */
function comparedLiteral(read: ts.Expression): string | undefined {
  const comparison = read.parent;
  if (!ts.isBinaryExpression(comparison)) return undefined;
  const kind = comparison.operatorToken.kind;
  if (kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && kind !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
  const other = unwrapExpression(comparison.left === read ? comparison.right : comparison.left);
  return ts.isNumericLiteral(other) || ts.isStringLiteral(other) ? other.text : undefined;
}

function localInitializer(name: string, scope: ts.Block): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  walkSameFunction(scope, (node) => {
    if (found) return false;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer)
      found = node.initializer;
    return undefined;
  });
  return found;
}

/** A switch the decorator reads (`retryAllErrors`) set to `true` where it is applied, or by default. */
function switchedOn(name: string, options: ts.ObjectLiteralExpression | undefined, module: ts.SourceFile): boolean {
  const given = options?.properties.find(
    (property): property is ts.PropertyAssignment =>
      ts.isPropertyAssignment(property) && property.name.getText() === name,
  );
  if (given) return unwrapExpression(given.initializer).kind !== ts.SyntaxKind.FalseKeyword;
  let byDefault = false;
  walk(module, (node) => {
    if (byDefault) return false;
    if (ts.isPropertyAssignment(node) && node.name.getText() === name)
      byDefault = unwrapExpression(node.initializer).kind === ts.SyntaxKind.TrueKeyword;
    return undefined;
  });
  return byDefault;
}

/**
 * Does every error leaving this catch lack what the requirement reads? Each `throw` makes a plain
 * error (`new Error(message)`) or an error class without those properties, or rethrows the caught
 * error only where an earlier branch has already turned the errors the guard wants into plain ones
 * (`if (error.status === 429) throw new Error('rate limited')`, `if (error instanceof Error) ...`).
 */
export function catchDropsRequirement(
  clause: ts.CatchClause,
  requirement: ErrorRequirement,
  checker: ts.TypeChecker,
): boolean {
  const caught =
    clause.variableDeclaration && ts.isIdentifier(clause.variableDeclaration.name)
      ? clause.variableDeclaration.name.text
      : undefined;
  const throws: ts.ThrowStatement[] = [];
  walkSameFunction(clause.block, (node) => {
    if (ts.isThrowStatement(node)) throws.push(node);
    return undefined;
  });
  if (throws.length === 0) return false;
  return throws.every((statement) => {
    const thrown = unwrapExpression(statement.expression);
    if (caught && isName(thrown, caught)) return handledEarlier(statement, clause.block, caught, requirement, checker);
    if (ts.isNewExpression(thrown)) return lacks(thrown, requirement, checker);
    return false;
  });
}

/** A new error without the required properties or classes. */
function lacks(made: ts.NewExpression, requirement: ErrorRequirement, checker: ts.TypeChecker): boolean {
  const names = new Set(requirement.properties.map((property) => property.name));
  const carried = (made.arguments ?? []).some((argument) => {
    const object = resolveObjectLiteral(argument, checker);
    return !!object?.properties.some((property) => property.name && names.has(property.name.getText()));
  });
  if (carried) return false;
  const className = made.expression.getText();
  if (PLAIN_ERRORS.has(className)) return true;
  const declaration = declarationOf(made.expression, checker);
  if (!declaration || !ts.isClassDeclaration(declaration) || declaration.getSourceFile().isDeclarationFile)
    return false;
  for (let current: ts.ClassDeclaration | undefined = declaration; current; current = baseClass(current, checker)) {
    if (current.name && requirement.classes.includes(current.name.text)) return false;
    if (current.members.some((member) => member.name && names.has(member.name.getText()))) return false;
    const heritage = current.heritageClauses?.[0]?.types[0]?.expression.getText();
    if (heritage && PLAIN_ERRORS.has(heritage)) return true;
  }
  return false;
}

function baseClass(declaration: ts.ClassDeclaration, checker: ts.TypeChecker): ts.ClassDeclaration | undefined {
  const base = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!base) return undefined;
  const found = declarationOf(base.expression, checker);
  return found && ts.isClassDeclaration(found) && !found.getSourceFile().isDeclarationFile ? found : undefined;
}

/**
 * `throw error` after `if (error?.status === 429 || ...) throw new Error(...)`: the errors the guard
 * wants never get here. Every required property needs its value tested (`=== 429`) by a branch before
 * it that always throws a plain error; `if (error instanceof Error)` takes every error the SDK throws.
 */
function handledEarlier(
  statement: ts.ThrowStatement,
  block: ts.Block,
  caught: string,
  requirement: ErrorRequirement,
  checker: ts.TypeChecker,
): boolean {
  const wanted = requirement.properties.filter((property) => property.name !== undefined);
  for (let node: ts.Node = statement; node !== block && node.parent; node = node.parent) {
    const parent = node.parent;
    if (!ts.isBlock(parent)) continue;
    for (const earlier of parent.statements) {
      if (earlier === node) break;
      if (
        !ts.isIfStatement(earlier) ||
        earlier.elseStatement ||
        !throwsPlain(earlier.thenStatement, requirement, checker)
      )
        continue;
      const tests = disjuncts(earlier.expression);
      if (tests.some((test) => isInstanceOfError(test, caught))) return true;
      const covered = wanted.every(
        (property) =>
          property.value !== undefined &&
          tests.some((test) => {
            if (!ts.isBinaryExpression(test)) return false;
            const read = [test.left, test.right]
              .map(unwrapExpression)
              .find(
                (side) =>
                  ts.isPropertyAccessExpression(side) &&
                  isName(side.expression, caught) &&
                  side.name.text === property.name,
              );
            return !!read && comparedLiteral(read) === property.value;
          }),
      );
      if (covered && wanted.length > 0) return true;
    }
  }
  return false;
}

/** A branch that always ends by throwing an error without the requirement. */
function throwsPlain(branch: ts.Statement, requirement: ErrorRequirement, checker: ts.TypeChecker): boolean {
  const last = ts.isBlock(branch) ? branch.statements[branch.statements.length - 1] : branch;
  if (!last || !ts.isThrowStatement(last)) return false;
  const thrown = unwrapExpression(last.expression);
  return ts.isNewExpression(thrown) && lacks(thrown, requirement, checker);
}

function disjuncts(condition: ts.Expression): ts.Expression[] {
  const expression = unwrapExpression(condition);
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    return [...disjuncts(expression.left), ...disjuncts(expression.right)];
  return [expression];
}

function isInstanceOfError(test: ts.Expression, caught: string): boolean {
  return (
    ts.isBinaryExpression(test) &&
    test.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword &&
    isName(test.left, caught) &&
    test.right.getText() === 'Error'
  );
}

function isName(node: ts.Expression | undefined, name: string): boolean {
  if (!node) return false;
  const expression = unwrapExpression(node);
  return ts.isIdentifier(expression) && expression.text === name;
}
