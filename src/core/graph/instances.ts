import { ts } from 'ts-morph';
import {
  declarationOf,
  extendedClass,
  findProperty,
  functionOf,
  propertyName,
  returnedExpressions,
  thisMemberValues,
  unwrapExpression,
  variableValues,
} from '../ast';
import { constructionsOf } from '../constructions';
import type { WorkspaceNames } from '../name-index';

/** How many hops (a variable, a member, a constructor's argument, a function's return) a value is followed. */
const MAX_DEPTH = 5;

/**
 * The classes a value may be an instance of; `open` when some of the places it comes from could
 * not be followed (a plain function's parameter, a package's object, the limit): the value may
 * then be something else too.
 */
export interface Instances {
  classes: readonly ts.ClassLikeDeclaration[];
  open: boolean;
}

const UNKNOWN: Instances = { classes: [], open: true };

/**
 * The workspace classes an untyped value may be an instance of, read from where the value comes
 * from: `new Chat(...)`; a variable or `this.chat` set to one (in its class, or through a
 * constructor parameter by whoever constructs the class); a workspace function that returns one.
 * JavaScript hands its collaborators around untyped (`constructor(generator) { this.generator =
 * generator }`): the checker cannot say which class's `generate` `this.generator.generate()` runs,
 * but the code that built the object can.
 */
export class InstanceTracer {
  private readonly cache = new Map<ts.Node, Instances>();
  private readonly constructions = new Map<ts.ClassLikeDeclaration, readonly ts.NewExpression[]>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly names: WorkspaceNames | undefined,
  ) {}

  classesOf(expression: ts.Expression): Instances {
    return this.trace(expression, 0, new Set());
  }

  /**
   * The function `name` an instance of `owner` runs: its own method, or a field holding an arrow or
   * function expression (`complete = async (prompt) => ...`), or the nearest class it extends that
   * declares one (in the workspace: a package's class ends the search). `'unknown'` for a member
   * of that name whose function cannot be read (a field set to a helper's result, an accessor).
   */
  methodOf(owner: ts.ClassLikeDeclaration, name: string): ts.FunctionLikeDeclaration | 'unknown' | undefined {
    const seen = new Set<ts.ClassLikeDeclaration>();
    for (let current: ts.ClassLikeDeclaration | undefined = owner; current && !seen.has(current);) {
      seen.add(current);
      const member = current.members.find((candidate) => propertyName(candidate.name) === name);
      if (member) {
        if (ts.isMethodDeclaration(member)) return member;
        const value = ts.isPropertyDeclaration(member) && member.initializer && unwrapExpression(member.initializer);
        return value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value : 'unknown';
      }
      current = baseClass(current, this.checker);
    }
    return undefined;
  }

  private trace(expression: ts.Expression, depth: number, seen: Set<ts.Node>): Instances {
    let node = unwrapExpression(expression);
    while (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
    if (depth > MAX_DEPTH) return UNKNOWN;
    // A cycle (`a = b; b = a`) adds nothing the other values do not.
    if (seen.has(node)) return { classes: [], open: false };
    const cached = this.cache.get(node);
    if (cached) return cached;
    seen.add(node);
    const result = this.compute(node, depth, seen);
    seen.delete(node);
    this.cache.set(node, result);
    return result;
  }

  private compute(node: ts.Expression, depth: number, seen: Set<ts.Node>): Instances {
    const all = (values: readonly ts.Expression[]): Instances =>
      values.length === 0 ? UNKNOWN : union(values.map((value) => this.trace(value, depth + 1, seen)));
    if (ts.isNewExpression(node)) {
      const callee = unwrapExpression(node.expression);
      const named = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
      const owner = declarationOf(named, this.checker);
      return owner && ts.isClassLike(owner) && !owner.getSourceFile().isDeclarationFile
        ? { classes: [owner], open: false }
        : UNKNOWN;
    }
    if (ts.isConditionalExpression(node)) return all([node.whenTrue, node.whenFalse]);
    if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    )
      return all([node.left, node.right]);
    if (ts.isPropertyAccessExpression(node)) return all(thisMemberValues(node, this.checker) ?? []);
    if (ts.isIdentifier(node)) return this.fromDeclaration(declarationOf(node, this.checker), depth, seen);
    if (ts.isCallExpression(node)) {
      const body = this.calledBody(node);
      return body ? all(returnedExpressions(body)) : UNKNOWN;
    }
    return UNKNOWN;
  }

  private fromDeclaration(declaration: ts.Declaration | undefined, depth: number, seen: Set<ts.Node>): Instances {
    const all = (values: readonly ts.Expression[]): Instances =>
      values.length === 0 ? UNKNOWN : union(values.map((value) => this.trace(value, depth + 1, seen)));
    if (!declaration || declaration.getSourceFile().isDeclarationFile) return UNKNOWN;
    if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name))
      return all(variableValues(declaration));
    // `const { client } = await initialize(options)`: the member of what is destructured.
    if (
      ts.isBindingElement(declaration) &&
      ts.isObjectBindingPattern(declaration.parent) &&
      !declaration.dotDotDotToken
    ) {
      const holder = declaration.parent.parent;
      const key = propertyName(declaration.propertyName ?? declaration.name);
      return ts.isVariableDeclaration(holder) && holder.initializer && key
        ? this.member(holder.initializer, key, depth + 1, seen)
        : UNKNOWN;
    }
    // `constructor(generator) { this.generator = generator }`: what each `new` of the class passes.
    if (ts.isParameter(declaration) && ts.isConstructorDeclaration(declaration.parent) && !declaration.dotDotDotToken) {
      const owner = declaration.parent.parent;
      const index = declaration.parent.parameters.indexOf(declaration);
      const passed = this.constructionsOfClass(owner).map((construction) => construction.arguments?.[index]);
      // A construction that passes nothing, or spreads its arguments, passes what cannot be told here.
      if (passed.some((argument) => !argument || ts.isSpreadElement(argument))) return UNKNOWN;
      return all(passed as ts.Expression[]);
    }
    return UNKNOWN;
  }

  /** What member `key` of an object holds: written in its literal, in what a workspace function returns, in a variable's value. */
  private member(expression: ts.Expression, key: string, depth: number, seen: Set<ts.Node>): Instances {
    let node = unwrapExpression(expression);
    while (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
    if (depth > MAX_DEPTH) return UNKNOWN;
    const each = (values: readonly ts.Expression[]): Instances =>
      values.length === 0 ? UNKNOWN : union(values.map((value) => this.member(value, key, depth + 1, seen)));
    if (ts.isObjectLiteralExpression(node)) {
      const property = findProperty(node, key);
      const value =
        property && ts.isPropertyAssignment(property)
          ? property.initializer
          : property && ts.isShorthandPropertyAssignment(property)
            ? property.name
            : undefined;
      return value ? this.trace(value, depth + 1, seen) : UNKNOWN;
    }
    if (ts.isCallExpression(node)) {
      const body = this.calledBody(node);
      return body ? each(returnedExpressions(body)) : UNKNOWN;
    }
    if (ts.isIdentifier(node)) {
      const declaration = declarationOf(node, this.checker);
      return declaration && ts.isVariableDeclaration(declaration) && !declaration.getSourceFile().isDeclarationFile
        ? each(variableValues(declaration))
        : UNKNOWN;
    }
    return UNKNOWN;
  }

  /** The body of the workspace function a call runs, where the checker says which. */
  private calledBody(call: ts.CallExpression): ts.ConciseBody | undefined {
    const callee = unwrapExpression(call.expression);
    const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, this.checker);
    return declaration && !declaration.getSourceFile().isDeclarationFile ? functionOf(declaration)?.body : undefined;
  }

  private constructionsOfClass(owner: ts.ClassLikeDeclaration): readonly ts.NewExpression[] {
    let found = this.constructions.get(owner);
    if (!found) this.constructions.set(owner, (found = constructionsOf(owner, this.checker, this.names)));
    return found;
  }
}

function union(results: readonly Instances[]): Instances {
  return {
    classes: [...new Set(results.flatMap((result) => result.classes))],
    open: results.some((result) => result.open),
  };
}

/** The class `owner` extends, where the workspace declares it. */
function baseClass(owner: ts.ClassLikeDeclaration, checker: ts.TypeChecker): ts.ClassLikeDeclaration | undefined {
  const base = extendedClass(owner, checker);
  return base && !base.getSourceFile().isDeclarationFile ? base : undefined;
}
