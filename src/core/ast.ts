import { ts } from 'ts-morph';
import { memoOf } from './analysis-memo';
import type { CodeLocation, Span } from './types';

/**
 * Small helpers over the raw compiler API. The analyser walks `ts.Node`s directly: ts-morph
 * wrappers cost an allocation per node, which dominates on large workspaces.
 */

export function spanOf(node: ts.Node, sourceFile: ts.SourceFile, end = node.getEnd()): Span {
  const start = node.getStart(sourceFile);
  const startPos = sourceFile.getLineAndCharacterOfPosition(start);
  const endPos = sourceFile.getLineAndCharacterOfPosition(end);
  return {
    file: sourceFile.fileName,
    start,
    end,
    line: startPos.line + 1,
    column: startPos.character + 1,
    endLine: endPos.line + 1,
    endColumn: endPos.character + 1,
  };
}

export function lineOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

export function locationOf(node: ts.Node, functionName?: string): CodeLocation {
  const sourceFile = node.getSourceFile();
  return {
    file: sourceFile.fileName,
    line: lineOf(node, sourceFile),
    ...(functionName ? { function: functionName } : {}),
  };
}

/** Strips what does not change a value: parentheses, `await`, `as T`, `!`, `satisfies`. */
export function unwrapExpression(node: ts.Expression): ts.Expression {
  let current = node;
  for (let inner = wrappedBy(current); inner; inner = wrappedBy(current)) current = inner;
  return current;
}

/** The types the code asserts on the way to the value (`(await load()) as Model`), outermost first. */
export function assertedTypes(node: ts.Expression): ts.TypeNode[] {
  const types: ts.TypeNode[] = [];
  for (let current: ts.Expression | undefined = node; current; current = wrappedBy(current))
    if (ts.isAsExpression(current) || ts.isTypeAssertionExpression(current)) types.push(current.type);
  return types;
}

/** Wrappers that do not change a value: each holds the value as its `expression`. */
const VALUE_WRAPPERS = new Set([
  ts.SyntaxKind.ParenthesizedExpression,
  ts.SyntaxKind.AwaitExpression,
  ts.SyntaxKind.NonNullExpression,
  ts.SyntaxKind.AsExpression,
  ts.SyntaxKind.TypeAssertionExpression,
  ts.SyntaxKind.SatisfiesExpression,
]);

/** The expression inside a wrapper that does not change the value, if `node` is one. */
function wrappedBy(node: ts.Expression): ts.Expression | undefined {
  return VALUE_WRAPPERS.has(node.kind) ? (node as ts.ParenthesizedExpression).expression : undefined;
}

/** `a.b.c` → ['a','b','c'] with the root expression; element access with a literal counts as a name. */
export function accessChain(expression: ts.Expression): { root: ts.Expression; names: string[] } {
  const names: string[] = [];
  let current: ts.Expression = expression;
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) {
      names.unshift(current.name.text);
      current = current.expression;
    } else if (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression)) {
      names.unshift(current.argumentExpression.text);
      current = current.expression;
    } else if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) {
      current = current.expression;
    } else {
      return { root: current, names };
    }
  }
}

export function propertyName(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (
    ts.isIdentifier(name) ||
    ts.isStringLiteralLike(name) ||
    ts.isNumericLiteral(name) ||
    ts.isPrivateIdentifier(name)
  ) {
    return name.text;
  }
  return undefined;
}

/** Finds `key` in an object literal (shorthand and spread-free properties only). */
export function findProperty(
  object: ts.ObjectLiteralExpression,
  key: string,
): ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.MethodDeclaration | undefined {
  for (const property of object.properties) {
    if (
      (ts.isPropertyAssignment(property) ||
        ts.isShorthandPropertyAssignment(property) ||
        ts.isMethodDeclaration(property)) &&
      propertyName(property.name) === key
    ) {
      return property;
    }
  }
  return undefined;
}

function propertyValue(
  property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.MethodDeclaration,
): ts.Expression | undefined {
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

/** Asked of every node the walks visit (`walkSameFunction`): one lookup, not seven calls. */
const FUNCTION_LIKE_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return FUNCTION_LIKE_KINDS.has(node.kind);
}

/** The statements after `statement` in its block (none when it is not directly in a block). */
export function statementsAfter(statement: ts.Statement): readonly ts.Statement[] {
  const block = statement.parent;
  if (!ts.isBlock(block)) return [];
  return block.statements.slice(block.statements.indexOf(statement) + 1);
}

/**
 * The names of the functions around a node, innermost first: function and method names, and the
 * variable a function expression is assigned to (`const summarize = async () => ...`).
 */
export function enclosingFunctionNames(node: ts.Node): string[] {
  const names: string[] = [];
  for (let current = node.parent; current; current = current.parent) {
    const name =
      ts.isFunctionDeclaration(current) || ts.isMethodDeclaration(current)
        ? current.name
        : isFunctionLike(current) && ts.isVariableDeclaration(current.parent)
          ? current.parent.name
          : undefined;
    if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)))
      names.push(name.text);
  }
  return names;
}

/** A variable or class property with a plain name: what holds a value the code calls by that name. */
export type ValueHolder = (ts.VariableDeclaration | ts.PropertyDeclaration) & { name: ts.Identifier };

/** The expression itself, or the parentheses, `as`, `satisfies` or `<T>` assertion around it. */
export function outermostAssertion(expression: ts.Node): ts.Node {
  let node = expression;
  while (
    ts.isParenthesizedExpression(node.parent) ||
    ts.isAsExpression(node.parent) ||
    ts.isSatisfiesExpression(node.parent) ||
    ts.isTypeAssertionExpression(node.parent)
  )
    node = node.parent;
  return node;
}

/** The variable or class property `expression` initialises (through parentheses, `as` and `satisfies`). */
export function valueHolderOf(expression: ts.Node): ValueHolder | undefined {
  const node = outermostAssertion(expression);
  const holder = node.parent;
  return (ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder)) &&
    holder.initializer === node &&
    ts.isIdentifier(holder.name)
    ? (holder as ValueHolder)
    : undefined;
}

/** `return make(config)`, `return await make(config)`, `() => make(config)`: the call's value goes back to the caller. */
export function isReturned(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  return ts.isReturnStatement(node.parent) || (ts.isArrowFunction(node.parent) && node.parent.body === node);
}

/** `(async () => { ... })()`: the call that runs a function expression where it is written. */
export function immediateInvocation(fn: ts.FunctionLikeDeclaration): ts.CallExpression | undefined {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
}

/**
 * The function that gives `fn` back to its callers: a helper's `return async (...args) => { ... }`,
 * or an arrow whose body it is (`(run) => async (...args) => ...`).
 */
export function returningFunction(fn: ts.FunctionLikeDeclaration): ts.FunctionLikeDeclaration | undefined {
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isArrowFunction(parent) && parent.body === node) return parent;
  if (ts.isReturnStatement(parent)) return enclosingFunction(parent);
  // `function summarise() { ... } return summarise;`, `const run = async () => ...; return run;`
  const name = localFunctionName(fn);
  const outer = enclosingFunction(fn);
  if (!name || !outer?.body || !ts.isBlock(outer.body)) return undefined;
  let returned = false;
  walkSameFunction(outer.body, (child) => {
    if (returned) return false;
    if (ts.isReturnStatement(child) && child.expression) {
      const value = unwrapExpression(child.expression);
      returned = ts.isIdentifier(value) && value.text === name.text;
    }
    return undefined;
  });
  return returned ? outer : undefined;
}

/** The name a function is declared by inside another (`function run() {}`, `const run = () => ...`). */
export function localFunctionName(fn: ts.FunctionLikeDeclaration): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name;
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)
    ? parent.name
    : undefined;
}

export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  let current = node.parent;
  while (current && !ts.isSourceFile(current)) {
    if (isFunctionLike(current)) return current;
    current = current.parent;
  }
  return undefined;
}

/** A readable name for a function: its own name, `Class.method`, or the variable/property it is assigned to. */
export function functionName(fn: ts.FunctionLikeDeclaration | undefined): string {
  if (!fn) return '<module>';
  if (ts.isConstructorDeclaration(fn)) return `${className(fn.parent)}.constructor`;
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) {
    const name = propertyName(fn.name) ?? '<computed>';
    if (ts.isClassLike(fn.parent)) return `${className(fn.parent)}.${name}`;
    return name;
  }
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent)) return propertyName(parent.name) ?? '<anonymous>';
  if (ts.isPropertyDeclaration(parent)) {
    const name = propertyName(parent.name) ?? '<computed>';
    return ts.isClassLike(parent.parent) ? `${className(parent.parent)}.${name}` : name;
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return parent.left.getText();
  }
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    // `describeViolation (callback of policy.execute)`: name the function a person would look for;
    // `callback of new Worker` for a job processor, `callback of new Promise` for an executor.
    const callee = accessChain(parent.expression);
    const rootName = ts.isIdentifier(callee.root) ? [callee.root.text] : [];
    const calleeName = [...rootName, ...callee.names].join('.') || '<expression>';
    const shortName = `${ts.isNewExpression(parent) ? 'new ' : ''}${calleeName.length > 40 ? `${calleeName.slice(0, 40)}…` : calleeName}`;
    const outer = enclosingFunction(fn);
    return outer ? `${functionName(outer)} (callback of ${shortName})` : `callback of ${shortName}`;
  }
  // `return (async function* () { ... })()`: part of the function around it.
  const invocation = immediateInvocation(fn);
  if (invocation) return functionName(enclosingFunction(invocation));
  // `return async (url, init) => ...`: named by the factory a person would look for.
  const factory = returningFunction(fn);
  if (factory) return `${functionName(factory)} (the function it returns)`;
  return '<anonymous>';
}

function className(node: ts.Node): string {
  return ts.isClassLike(node) && node.name ? node.name.text : '<class>';
}

function hasExportModifier(node: ts.Node): boolean {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return !!modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

/** Is the function part of the module's public surface (exported itself, or a method of an exported class)? */
export function isExportedFunction(fn: ts.FunctionLikeDeclaration | undefined): boolean {
  if (!fn) return false;
  if (hasExportModifier(fn)) return true;
  const parent = fn.parent;
  if (ts.isClassLike(parent)) return isExportedClass(parent);
  if (ts.isVariableDeclaration(parent)) {
    if (ts.isIdentifier(parent.name)) return isExportedHolder(parent as ValueHolder);
    const statement = parent.parent?.parent;
    return !!statement && ts.isVariableStatement(statement) && hasExportModifier(statement);
  }
  if (ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent)) return isExportedClass(parent.parent);
  if (ts.isBinaryExpression(parent) && parent.right === fn) return isExportsTarget(parent.left);
  return isExportedByName(fn);
}

/**
 * Whether code outside the workspace's view may call what a variable or class property holds: an
 * exported variable, a property of an exported class that is not private.
 */
export function isExportedHolder(holder: ValueHolder): boolean {
  if (ts.isPropertyDeclaration(holder))
    return (
      ts.isClassLike(holder.parent) &&
      isExportedClass(holder.parent) &&
      !(ts.getCombinedModifierFlags(holder) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected))
    );
  const statement = holder.parent.parent;
  if (ts.isVariableStatement(statement) && hasExportModifier(statement)) return true;
  const sourceFile = holder.getSourceFile();
  return statement.parent === sourceFile && exportsName(sourceFile, holder.name.text);
}

/** `module.exports`, `module.exports.name`, `exports.name`: CommonJS export targets. */
function isExportsTarget(node: ts.Expression): boolean {
  return /^(?:module\.exports|exports)(?:\.[\w$]+)?$/.test(node.getText());
}

/**
 * A top-level function exported apart from its declaration: `export { name }`, `export default
 * name`, `module.exports = { name }`, `module.exports = name`, `exports.name = name`.
 */
function isExportedByName(fn: ts.FunctionLikeDeclaration): boolean {
  const sourceFile = fn.getSourceFile();
  return ts.isFunctionDeclaration(fn) && !!fn.name && fn.parent === sourceFile && exportsName(sourceFile, fn.name.text);
}

/** A class with `export`, or a top-level one exported by name (`module.exports = { nodeClass: Agent }`). */
function isExportedClass(declaration: ts.ClassLikeDeclaration): boolean {
  if (hasExportModifier(declaration)) return true;
  const sourceFile = declaration.getSourceFile();
  return declaration.parent === sourceFile && !!declaration.name && exportsName(sourceFile, declaration.name.text);
}

/** Does a statement of the file export the top-level `name` apart from its declaration? */
function exportsName(sourceFile: ts.SourceFile, name: string): boolean {
  const isName = (node: ts.Node | undefined): boolean => !!node && ts.isIdentifier(node) && node.text === name;
  return sourceFile.statements.some((statement) => {
    if (ts.isExportDeclaration(statement))
      return (
        !statement.moduleSpecifier &&
        !!statement.exportClause &&
        ts.isNamedExports(statement.exportClause) &&
        statement.exportClause.elements.some((element) => (element.propertyName ?? element.name).text === name)
      );
    if (ts.isExportAssignment(statement)) return isName(statement.expression);
    if (!ts.isExpressionStatement(statement)) return false;
    const assignment = statement.expression;
    if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
    if (!isExportsTarget(assignment.left)) return false;
    const value = assignment.right;
    if (isName(value)) return true;
    return (
      ts.isObjectLiteralExpression(value) &&
      value.properties.some(
        (property) =>
          (ts.isShorthandPropertyAssignment(property) && property.name.text === name) ||
          (ts.isPropertyAssignment(property) && isName(property.initializer)),
      )
    );
  });
}

/** Visits every descendant; return `false` from the visitor to skip a subtree. */
export function walk(node: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const recurse = (child: ts.Node): void => {
    if (visit(child) === false) return;
    ts.forEachChild(child, recurse);
  };
  ts.forEachChild(node, recurse);
}

/** Like `walk`, but does not enter nested functions (their code runs at another time). */
export function walkSameFunction(node: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  walk(node, (child) => {
    if (isFunctionLike(child)) return false;
    return visit(child);
  });
}

/** Whether an identifier with this text appears anywhere inside `node`. */
export function mentionsIdentifier(node: ts.Node, name: string): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(child) && child.text === name) found = true;
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

export function isAncestor(ancestor: ts.Node, node: ts.Node): boolean {
  let current: ts.Node | undefined = node;
  while (current) {
    if (current === ancestor) return true;
    current = current.parent;
  }
  return false;
}

export function numericValue(node: ts.Expression | undefined, checker?: ts.TypeChecker): number | undefined {
  if (!node) return undefined;
  const expression = unwrapExpression(node);
  if (ts.isNumericLiteral(expression)) return Number(expression.text.replace(/_/g, ''));
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.MinusToken) {
    const inner = numericValue(expression.operand, checker);
    return inner === undefined ? undefined : -inner;
  }
  if (ts.isIdentifier(expression)) {
    if (expression.text === 'Infinity') return Infinity;
    const initializer = constInitializer(expression, checker);
    return initializer ? numericValue(initializer, checker) : undefined;
  }
  if (ts.isPropertyAccessExpression(expression) && expression.getText() === 'Number.POSITIVE_INFINITY') return Infinity;
  if (ts.isBinaryExpression(expression)) {
    const left = numericValue(expression.left, checker);
    const right = numericValue(expression.right, checker);
    if (left === undefined || right === undefined) return undefined;
    switch (expression.operatorToken.kind) {
      case ts.SyntaxKind.AsteriskToken:
        return left * right;
      case ts.SyntaxKind.PlusToken:
        return left + right;
      case ts.SyntaxKind.MinusToken:
        return left - right;
      case ts.SyntaxKind.SlashToken:
        return left / right;
      case ts.SyntaxKind.AsteriskAsteriskToken:
        return left ** right;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The initializer of a `const` the identifier refers to (same file or imported), if any. */
function constInitializer(identifier: ts.Identifier, checker?: ts.TypeChecker): ts.Expression | undefined {
  const declaration = declarationOf(identifier, checker);
  if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const list = declaration.parent;
    if (ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const) return declaration.initializer;
  }
  return undefined;
}

/** The symbol a name stands for, through imports and re-exports (undefined when the checker cannot follow them). */
export function aliasedSymbol(node: ts.Node, checker: ts.TypeChecker): ts.Symbol | undefined {
  const symbol = checker.getSymbolAtLocation(node);
  return symbol && aliasTarget(symbol, checker);
}

/**
 * The declarations of a member read off a union of types (`connector.handleStream` where
 * `connector` is one of several classes), one per member type that has it; undefined when the
 * receiver's type is no union.
 */
export function unionMemberDeclarations(
  access: ts.PropertyAccessExpression,
  checker: ts.TypeChecker,
): ts.Declaration[] | undefined {
  let type: ts.Type;
  try {
    type = checker.getTypeAtLocation(access.expression);
  } catch {
    return undefined;
  }
  if (!type.isUnion()) return undefined;
  return type.types.flatMap((member) => member.getProperty(access.name.text)?.declarations ?? []);
}

/** What a symbol stands for: itself, or an import's or re-export's target (undefined when the checker cannot follow it). */
export function aliasTarget(symbol: ts.Symbol, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (!(symbol.flags & ts.SymbolFlags.Alias)) return symbol;
  try {
    return checker.getAliasedSymbol(symbol);
  } catch {
    return undefined;
  }
}

/**
 * The catch of the innermost `try` whose block holds `node`, looking no further out than `boundary`
 * (closures inside it included).
 */
export function catchAround(node: ts.Node, boundary: ts.Node): ts.CatchClause | undefined {
  for (let child = node, parent = node.parent; parent && child !== boundary; child = parent, parent = parent.parent) {
    if (ts.isTryStatement(parent) && parent.tryBlock === child && parent.catchClause) return parent.catchClause;
  }
  return undefined;
}

/** Resolves an identifier to its declaration, following imports. */
export function declarationOf(identifier: ts.Node, checker?: ts.TypeChecker): ts.Declaration | undefined {
  if (!checker) return undefined;
  // An editor session answers from what the name resolved to in its earlier programs, while that holds.
  const memo = memoOf(checker);
  if (memo)
    return memo.resolution(identifier, () => resolveDeclaration(identifier, checker)) as ts.Declaration | undefined;
  return resolveDeclaration(identifier, checker);
}

function resolveDeclaration(identifier: ts.Node, checker: ts.TypeChecker): ts.Declaration | undefined {
  let symbol = aliasedSymbol(identifier, checker);
  if (!symbol) return undefined;
  if (ts.isShorthandPropertyAssignment(identifier.parent) && identifier.parent.name === identifier) {
    symbol = checker.getShorthandAssignmentValueSymbol(identifier.parent) ?? symbol;
  }
  return symbol.valueDeclaration ?? symbol.declarations?.[0];
}

/**
 * The values assigned to a variable after its declaration (`command = new X(...)` after `let
 * command`), in the function or file that declares it.
 */
export function assignedValues(declaration: ts.VariableDeclaration, name: string): readonly ts.Expression[] {
  // A walk of the whole scope (a file, for a module-level `let`): once per parse, not per question.
  let byName = assignedValuesOf.get(declaration);
  if (!byName) assignedValuesOf.set(declaration, (byName = new Map<string, readonly ts.Expression[]>()));
  let values = byName.get(name);
  if (!values) byName.set(name, (values = findAssignedValues(declaration, name)));
  return values;
}

/** What a variable holds: its initialiser and what is assigned to it later. */
export function variableValues(declaration: ts.VariableDeclaration): ts.Expression[] {
  const initial = declaration.initializer ? [declaration.initializer] : [];
  return ts.isIdentifier(declaration.name)
    ? [...initial, ...assignedValues(declaration, declaration.name.text)]
    : initial;
}

const assignedValuesOf = new WeakMap<ts.VariableDeclaration, Map<string, readonly ts.Expression[]>>();

function findAssignedValues(declaration: ts.VariableDeclaration, name: string): ts.Expression[] {
  let scope: ts.Node = declaration.parent;
  while (!ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
  return assignmentsIn(scope)
    .filter(
      (assignment) =>
        assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(assignment.left) &&
        assignment.left.text === name,
    )
    .map((assignment) => assignment.right);
}

const scopeAssignments = new WeakMap<ts.Node, readonly ts.BinaryExpression[]>();

/** `=`, and the assignments that keep a value already there: `??=`, `||=`. */
export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken
  );
}

/** The names a binding declares: `client`, or `name` and `model` of `{ name, model }`. */
export function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/**
 * The assignments (`=`, `??=`, `||=`) inside a scope (a module, a class, a function), in source
 * order, found by one walk of it and kept per parse. A scope is asked about once per variable,
 * member or caller argument a value is read through (a URL, a client, an options object): walking
 * it each time was a tenth of detection.
 */
export function assignmentsIn(scope: ts.Node): readonly ts.BinaryExpression[] {
  let found = scopeAssignments.get(scope);
  if (found) return found;
  const assignments: ts.BinaryExpression[] = [];
  walk(scope, (child) => {
    if (ts.isBinaryExpression(child) && isAssignmentOperator(child.operatorToken.kind)) assignments.push(child);
  });
  found = assignments;
  scopeAssignments.set(scope, found);
  return found;
}

/**
 * What a member read through `this` holds, where its class says: the property's initialiser and
 * each `this.name = value` in the class (a JavaScript member declared by such an assignment too).
 * Undefined where the code that sets it is elsewhere: a parameter property (whoever constructs the
 * class), a member of an interface or of another class.
 */
export function thisMemberValues(
  node: ts.PropertyAccessExpression,
  checker: ts.TypeChecker | undefined,
): ts.Expression[] | undefined {
  if (node.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const declaration = declarationOf(node.name, checker);
  // A JavaScript member declared by `this.name = value` (the checker names the assignment, or its left side).
  const declaredByAssignment =
    declaration &&
    ((ts.isPropertyAccessExpression(declaration) && ts.isBinaryExpression(declaration.parent)) ||
      (ts.isBinaryExpression(declaration) && ts.isPropertyAccessExpression(declaration.left)));
  if (!declaration || !(ts.isPropertyDeclaration(declaration) || declaredByAssignment)) return undefined;
  let owner: ts.Node | undefined = declaration.parent;
  while (owner && !ts.isClassLike(owner)) owner = owner.parent;
  if (!owner || owner !== classOfThis(node)) return undefined;
  const initial = ts.isPropertyDeclaration(declaration) && declaration.initializer ? [declaration.initializer] : [];
  return [...initial, ...thisAssignments(owner, node.name.text)];
}

/** The values a class gives one of its members: each `this.name = value` (or `??=`, `||=`) in it. */
export function thisAssignments(owner: ts.ClassLikeDeclaration, name: string): ts.Expression[] {
  return assignmentsIn(owner)
    .filter(
      ({ left }) =>
        ts.isPropertyAccessExpression(left) &&
        left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        left.name.text === name,
    )
    .map((assignment) => assignment.right);
}

/** The class whose instance `this` is at a node (arrow functions see their enclosing `this`). */
function classOfThis(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

/** Resolves an expression that may be an identifier to an object literal (`const opts = {...}`). */
export function resolveObjectLiteral(
  node: ts.Expression | undefined,
  checker?: ts.TypeChecker,
  depth = 0,
): ts.ObjectLiteralExpression | undefined {
  if (!node || depth > 4) return undefined;
  const expression = unwrapExpression(node);
  if (ts.isObjectLiteralExpression(expression)) return expression;
  if (ts.isIdentifier(expression)) {
    const declaration = declarationOf(expression, checker);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      return resolveObjectLiteral(declaration.initializer, checker, depth + 1);
    }
  }
  return undefined;
}

/**
 * What a payload is stringified from: `x` of `JSON.stringify(x)`, also through the variables that
 * hold the string (`const body = JSON.stringify({ model, messages })` sent as `{ body }`).
 */
export function stringifiedFrom(node: ts.Expression, checker?: ts.TypeChecker, depth = 0): ts.Expression {
  const expression = unwrapExpression(unwrapJsonStringify(node));
  if (depth < 4 && ts.isIdentifier(expression)) {
    const declaration = declarationOf(expression, checker);
    const initializer = declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
    if (initializer && unwrapJsonStringify(initializer) !== unwrapExpression(initializer))
      return stringifiedFrom(initializer, checker, depth + 1);
  }
  return expression;
}

/** The object literal a request payload is made from (see `stringifiedFrom`). */
export function payloadLiteral(
  node: ts.Expression | undefined,
  checker?: ts.TypeChecker,
): ts.ObjectLiteralExpression | undefined {
  return node ? resolveObjectLiteral(stringifiedFrom(node, checker), checker) : undefined;
}

/** Reads `a.b.c` inside an object literal, following nested literals and identifiers that hold them. */
export function readPath(
  object: ts.ObjectLiteralExpression | undefined,
  path: readonly string[],
  checker?: ts.TypeChecker,
):
  | { property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.MethodDeclaration; value?: ts.Expression }
  | undefined {
  let current = object;
  for (let index = 0; index < path.length; index++) {
    if (!current) return undefined;
    const property = findProperty(current, path[index]);
    if (!property) return undefined;
    const value = propertyValue(property);
    if (index === path.length - 1) return { property, value };
    current = payloadLiteral(value, checker);
  }
  return undefined;
}

/** `JSON.stringify(x)` → `x`, so a fetch body's `model` can be read. */
export function unwrapJsonStringify(node: ts.Expression): ts.Expression {
  const expression = unwrapExpression(node);
  if (
    ts.isCallExpression(expression) &&
    expression.expression.getText() === 'JSON.stringify' &&
    expression.arguments[0]
  ) {
    return expression.arguments[0];
  }
  return expression;
}

/** The statement that directly contains the node (the smallest one a fix can wrap). */
export function containingStatement(node: ts.Node): ts.Statement | undefined {
  let current: ts.Node | undefined = node;
  while (current && !ts.isSourceFile(current)) {
    if (ts.isStatement(current) && !ts.isBlock(current)) return current;
    current = current.parent;
  }
  return undefined;
}

export function stringValue(node: ts.Expression | undefined, checker?: ts.TypeChecker): string | undefined {
  if (!node) return undefined;
  const expression = unwrapExpression(node);
  if (ts.isStringLiteralLike(expression)) return expression.text;
  if (ts.isIdentifier(expression)) {
    const initializer = constInitializer(expression, checker);
    return initializer ? stringValue(initializer, checker) : undefined;
  }
  return undefined;
}

/** The function a declaration names: a function, a method, or a variable holding an arrow or function expression. */
export function functionOf(declaration: ts.Declaration): ts.FunctionLikeDeclaration | undefined {
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    const initializer = unwrapExpression(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

/**
 * The function a variable or field holds when a workspace factory made it (`const send =
 * makeFetch(options)`, the factory's `return async (url, init) => { ... }`): the code that runs
 * where the variable is called. Undefined when the factory gives back anything else.
 */
export function madeFunctionOf(
  declaration: ts.Declaration,
  checker: ts.TypeChecker,
): ts.FunctionLikeDeclaration | undefined {
  if (!(ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) || !declaration.initializer)
    return undefined;
  let made = unwrapExpression(declaration.initializer);
  if (ts.isAwaitExpression(made)) made = unwrapExpression(made.expression);
  if (!ts.isCallExpression(made)) return undefined;
  const callee = unwrapExpression(made.expression);
  const target = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, checker);
  const factory = target && functionOf(target);
  if (!factory?.body || factory.getSourceFile().isDeclarationFile) return undefined;
  const returned = returnedExpressions(factory.body).map((value) => unwrapExpression(value));
  const fn = returned.length === 1 ? returned[0] : undefined;
  return fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? fn : undefined;
}

/** The class a class extends (`class A extends B`), wherever it is declared (a package's too). */
export function extendedClass(
  owner: ts.ClassLikeDeclaration,
  checker: ts.TypeChecker,
): ts.ClassLikeDeclaration | undefined {
  const base = owner.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]
    ?.expression;
  return base && aliasedSymbol(base, checker)?.declarations?.find(ts.isClassLike);
}

/**
 * Whether `owner` is `target` or extends or implements it, through the workspace's heritage
 * clauses: a method of `owner` then runs where `target`'s method is called.
 */
export function inheritsFrom(
  owner: ts.Node,
  target: ts.ClassLikeDeclaration | ts.InterfaceDeclaration,
  checker: ts.TypeChecker,
  depth = 0,
): boolean {
  if (owner === target) return true;
  if (depth > MAX_HERITAGE_DEPTH || !(ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner))) return false;
  for (const clause of owner.heritageClauses ?? []) {
    for (const heritage of clause.types) {
      const declarations = aliasedSymbol(heritage.expression, checker)?.declarations ?? [];
      if (declarations.some((base) => inheritsFrom(base, target, checker, depth + 1))) return true;
    }
  }
  return false;
}

/** Levels of `extends` and `implements` followed: deeper hierarchies are not the workspace's own. */
const MAX_HERITAGE_DEPTH = 8;

/** What a function body returns: the expression of an arrow's concise body, or of each `return` (not nested functions'). */
export function returnedExpressions(body: ts.ConciseBody): ts.Expression[] {
  if (!ts.isBlock(body)) return [body];
  const returned: ts.Expression[] = [];
  walk(body, (child) => {
    if (ts.isFunctionLike(child)) return false;
    if (ts.isReturnStatement(child) && child.expression) returned.push(child.expression);
    return undefined;
  });
  return returned;
}

/**
 * A callback that throws on every path (`(e) => { report(e); throw e }`, `onerror(e) { throw e }`):
 * its body ends in a `throw` and never returns. Read from the syntax: a callback given by name, or
 * one that may return early, is not.
 */
export function throwsOnEveryPath(callback: ts.Node): boolean {
  const fn = ts.isExpression(callback) ? unwrapExpression(callback) : callback;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn))) return false;
  if (!fn.body || !ts.isBlock(fn.body)) return false;
  const last = fn.body.statements[fn.body.statements.length - 1];
  if (!last || !ts.isThrowStatement(last)) return false;
  let returns = false;
  const visit = (child: ts.Node): void => {
    if (returns || isFunctionLike(child)) return;
    if (ts.isReturnStatement(child)) returns = true;
    else ts.forEachChild(child, visit);
  };
  ts.forEachChild(fn.body, visit);
  return !returns;
}

/**
 * The rejection handler chained on `node` (through parentheses): `node.catch(handler)` or
 * `node.then(onValue, handler)`, with the call it is an argument of.
 */
export function chainedRejectionHandler(
  node: ts.Node,
): { call: ts.CallExpression; handler: ts.Expression } | undefined {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  const access = current.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== current) return undefined;
  const call = access.parent;
  if (!ts.isCallExpression(call) || call.expression !== access) return undefined;
  const method = access.name.text;
  const handler = method === 'catch' ? call.arguments[0] : method === 'then' ? call.arguments[1] : undefined;
  return handler ? { call, handler } : undefined;
}

/** An identifier naming a property or member (`x.name`, `{ name: ... }`, `a.B`), not a value read. */
export function isPropertyName(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === identifier) ||
    (ts.isPropertyAssignment(parent) && parent.name === identifier) ||
    (ts.isMethodDeclaration(parent) && parent.name === identifier) ||
    (ts.isPropertyDeclaration(parent) && parent.name === identifier) ||
    (ts.isQualifiedName(parent) && parent.right === identifier)
  );
}
