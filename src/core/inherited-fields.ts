import { ts } from 'ts-morph';
import { declarationOf, extendedClass, unwrapExpression } from './ast';

/*
 * A base class that holds what its constructor is given (`constructor(client) { this._client =
 * client }`, read back through `get client() { return this._client }`), and subclasses that build
 * the value and hand it up (`const client = new OpenAI({ maxRetries: 3 }); super(client)`). A
 * subclass method's `this.client` is what that subclass handed up, not what every subclass did:
 * the value is read per subclass, from the syntax and the checker alone.
 */

/** Where a subclass's value for a base class's constructor parameter comes from. */
export type HandedUp =
  /** The expression the subclass's constructor passes to `super(...)` at that position. */
  | { kind: 'expression'; expression: ts.Expression }
  /** The subclass passes its own constructor's argument on (or has no constructor): its constructions' argument. */
  | { kind: 'construction-argument'; index: number };

/**
 * The index of the base class's constructor parameter that `member` holds: a parameter property
 * (`constructor(protected client: X)`), a field assigned from a parameter in the constructor
 * (`this._client = client`), or a getter that returns such a field (`return this._client`).
 */
export function heldParameter(
  base: ts.ClassLikeDeclaration,
  member: ts.Declaration,
  checker: ts.TypeChecker,
  depth = 0,
): number | undefined {
  if (depth > 3) return undefined;
  const constructor = constructorOf(base);
  if (!constructor) return undefined;
  if (ts.isParameter(member)) {
    const index = constructor.parameters.indexOf(member);
    return index >= 0 ? index : undefined;
  }
  if (ts.isGetAccessorDeclaration(member)) {
    const statements = member.body?.statements ?? [];
    const [only] = statements;
    if (statements.length !== 1 || !ts.isReturnStatement(only) || !only.expression) return undefined;
    const returned = unwrapExpression(only.expression);
    if (!ts.isPropertyAccessExpression(returned) || returned.expression.kind !== ts.SyntaxKind.ThisKeyword)
      return undefined;
    const field = declarationOf(returned.name, checker);
    return field ? heldParameter(base, field, checker, depth + 1) : undefined;
  }
  const name = memberName(member);
  if (!name || !constructor.body) return undefined;
  for (const statement of constructor.body.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const assignment = statement.expression;
    if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const target = assignment.left;
    if (
      !ts.isPropertyAccessExpression(target) ||
      target.expression.kind !== ts.SyntaxKind.ThisKeyword ||
      target.name.text !== name
    )
      continue;
    const index = parameterIndex(constructor, assignment.right);
    return index >= 0 ? index : undefined;
  }
  return undefined;
}

/**
 * What `subclass` hands `base`'s constructor at `index`, through any classes between them that
 * pass their own parameter on: the argument of its `super(...)`, or its constructions' argument.
 */
export function handedUp(
  subclass: ts.ClassLikeDeclaration,
  base: ts.ClassLikeDeclaration,
  index: number,
  checker: ts.TypeChecker,
): HandedUp | undefined {
  const chain = classesBetween(subclass, base, checker);
  if (!chain) return undefined;
  // From the class right below the base down to the subclass, follow the position handed up.
  let position = index;
  for (let at = chain.length - 1; at >= 0; at--) {
    const current = chain[at];
    const constructor = constructorOf(current);
    if (!constructor?.body) continue; // no constructor: its arguments go up as they are
    const call = superCall(constructor);
    const argument = call?.arguments[position];
    if (!argument || ts.isSpreadElement(argument)) return undefined;
    const passedOn = parameterIndex(constructor, argument);
    // Built here (in the subclass, or in a class between that builds it for all below it).
    if (passedOn < 0) return { kind: 'expression', expression: argument };
    position = passedOn;
  }
  return { kind: 'construction-argument', index: position };
}

/** The classes from `subclass` up to (not including) `base`, or undefined when it does not extend it. */
function classesBetween(
  subclass: ts.ClassLikeDeclaration,
  base: ts.ClassLikeDeclaration,
  checker: ts.TypeChecker,
): ts.ClassLikeDeclaration[] | undefined {
  const chain: ts.ClassLikeDeclaration[] = [];
  let current: ts.ClassLikeDeclaration | undefined = subclass;
  while (current && current !== base && chain.length < 5) {
    chain.push(current);
    current = extendedClass(current, checker);
  }
  return current === base ? chain : undefined;
}

/** The position of the constructor parameter an expression names, or -1. */
function parameterIndex(constructor: ts.ConstructorDeclaration, expression: ts.Expression): number {
  const value = unwrapExpression(expression);
  if (!ts.isIdentifier(value)) return -1;
  return constructor.parameters.findIndex(
    (parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === value.text,
  );
}

function constructorOf(owner: ts.ClassLikeDeclaration): ts.ConstructorDeclaration | undefined {
  return owner.members.find(
    (member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && !!member.body,
  );
}

function superCall(constructor: ts.ConstructorDeclaration): ts.CallExpression | undefined {
  for (const statement of constructor.body?.statements ?? []) {
    if (!ts.isExpressionStatement(statement)) continue;
    const call = statement.expression;
    if (ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.SuperKeyword) return call;
  }
  return undefined;
}

function memberName(member: ts.Declaration): string | undefined {
  if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name)) return member.name.text;
  // JavaScript: `this._client = client` is itself the declaration.
  if (ts.isBinaryExpression(member) && ts.isPropertyAccessExpression(member.left)) return member.left.name.text;
  if (ts.isPropertyAccessExpression(member)) return member.name.text;
  return undefined;
}
