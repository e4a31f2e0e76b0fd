import { ts } from 'ts-morph';
import { declarationOf, enclosingFunction, isFunctionLike, spanOf, unwrapExpression, walkSameFunction } from '../ast';
import type { DetectedCall } from '../detect';
import type { Span } from '../types';
import type { FacetContext } from './context';
import { calledFunction } from './handlers';

/**
 * Where a model call's output goes: which variables hold values derived from it (in its own
 * function and, when returned, in its callers'), and what the code does with them. The validation
 * and flow facets both read this; it is computed once per call.
 */
export interface OutputScope {
  /** The function body (or file) the names live in. */
  scope: ts.Node;
  /** The expression that carries the output into this scope (the call, or a call of the wrapper). */
  source: ts.Expression;
  /** Variable name → whether the value was schema-validated on the way. */
  names: Map<string, boolean>;
}

export interface OutputUse {
  scopes: OutputScope[];
  jsonParse?: Span;
  cast?: { span: Span; type: string };
  schemaValidated: boolean;
  manualCheck: boolean;
  /**
   * `typeof x === 'string'` on the output: narrowing text (a content union), which checks the
   * shape of structured data only where the output was parsed or cast.
   */
  textTypeCheck: boolean;
  usedAsData: boolean;
  truncationChecked: boolean;
  /** The output is iterated with `for await` or `yield*`: a stream, whatever the options say. */
  iterated: boolean;
}

const MAX_RETURN_DEPTH = 2;
const SCHEMA_METHODS = new Set([
  'parse',
  'safeParse',
  'parseAsync',
  'safeParseAsync',
  'assert',
  'assertEquals',
  'validate',
  'Check',
  'decode',
  'is',
  'validateSync',
  'cast',
]);
const UNTYPED_CASTS = new Set(['const', 'unknown', 'any', 'string']);
/** SDK discriminants: comparing them picks a content block or event type, it does not trust the model's data. */
const DISCRIMINANT_FIELDS = new Set(['type', 'role', 'object', 'event', 'kind']);
const TOOL_ARGUMENT_FIELDS = new Set([
  'args',
  'arguments',
  'functionCalls',
  'function_call',
  'toolCalls',
  'tool_calls',
  'input',
]);

export class OutputUseAnalysis {
  private readonly cache = new Map<DetectedCall, OutputUse>();
  private scopeIndex: Map<ts.Node, { other: DetectedCall; scope: OutputScope }[]> | undefined;

  constructor(private readonly context: FacetContext) {}

  /** Every model call's output scope that lives in the given function body (built once). */
  scopesIn(scope: ts.Node): { other: DetectedCall; scope: OutputScope }[] {
    if (!this.scopeIndex) {
      this.scopeIndex = new Map();
      for (const other of this.context.calls) {
        for (const outputScope of this.of(other).scopes) {
          const list = this.scopeIndex.get(outputScope.scope);
          if (list) list.push({ other, scope: outputScope });
          else this.scopeIndex.set(outputScope.scope, [{ other, scope: outputScope }]);
        }
      }
    }
    return this.scopeIndex.get(scope) ?? [];
  }

  of(call: DetectedCall): OutputUse {
    const cached = this.cache.get(call);
    if (cached) return cached;
    const use: OutputUse = {
      scopes: [],
      schemaValidated: false,
      manualCheck: false,
      textTypeCheck: false,
      usedAsData: false,
      truncationChecked: false,
      iterated: false,
    };
    this.follow(call, outermost(call.node), 0, use, new Set());
    this.cache.set(call, use);
    return use;
  }

  private follow(call: DetectedCall, source: ts.Expression, depth: number, use: OutputUse, seen: Set<ts.Node>): void {
    if (seen.has(source)) return;
    seen.add(source);
    const fn = enclosingFunction(source);
    const scope = fn?.body ?? source.getSourceFile();
    const names = new Map<string, boolean>();
    const scopeRecord: OutputScope = { scope, source, names };
    use.scopes.push(scopeRecord);
    const barrier = (node: ts.Node): boolean => isModelBarrier(node, source, this.context);
    const tainted = (node: ts.Node): { tainted: boolean; validated: boolean } => taintOf(node, source, names, barrier);
    let returned = false;
    const finishFields = new Set(call.entry.finishReasonFields);

    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && node.initializer) {
        const taint = tainted(node.initializer);
        if (taint.tainted) {
          const validated = taint.validated || isSchemaCall(node.initializer);
          for (const name of boundNames(node.name)) names.set(name, validated);
        }
      }
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(node.left)
      ) {
        const taint = tainted(node.right);
        if (taint.tainted) names.set(node.left.text, taint.validated || isSchemaCall(node.right));
      }
      if (ts.isForOfStatement(node) && node.awaitModifier && tainted(node.expression).tainted) use.iterated = true;
      if (ts.isYieldExpression(node) && node.asteriskToken && node.expression && tainted(node.expression).tainted)
        use.iterated = true;
      if (ts.isCallExpression(node)) {
        const callee = unwrapExpression(node.expression);
        const calleeText = callee.getText();
        const argumentTainted = node.arguments.some((argument) => tainted(argument).tainted);
        // `parseFilters(completion)`: a workspace function that checks what it is given against a schema.
        if (argumentTainted && validatesWithSchema(node, this.context.checker)) use.schemaValidated = true;
        if (calleeText === 'JSON.parse' && argumentTainted) use.jsonParse ??= spanOf(node, node.getSourceFile());
        else if (
          ts.isPropertyAccessExpression(callee) &&
          SCHEMA_METHODS.has(callee.name.text) &&
          argumentTainted &&
          !/^JSON\b/.test(calleeText)
        ) {
          use.schemaValidated = true;
        } else if (calleeText === 'Array.isArray' && argumentTainted) use.manualCheck = true;
      }
      if (ts.isAsExpression(node) && tainted(node.expression).tainted) {
        const type = node.type.getText();
        if (!UNTYPED_CASTS.has(type)) use.cast ??= { span: spanOf(node, node.getSourceFile()), type };
      }
      if (ts.isTypeOfExpression(node) && tainted(node.expression).tainted && isInCondition(node)) {
        if (comparedWithString(node)) use.textTypeCheck = true;
        else use.manualCheck = true;
      }
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.InKeyword &&
        tainted(node.right).tainted
      )
        use.manualCheck = true;
      if (
        ts.isBinaryExpression(node) &&
        isComparison(node.operatorToken.kind) &&
        (tainted(node.left).tainted || tainted(node.right).tainted)
      ) {
        // `typeof x === ...` tests the output's type, not its value (handled above).
        const testsType = ts.isTypeOfExpression(node.left) || ts.isTypeOfExpression(node.right);
        if (!testsType && !mentionsFinishField(node, finishFields) && !comparesDiscriminant(node))
          use.usedAsData = true;
      }
      // Tool-call arguments are model output that code acts on.
      if (
        ts.isPropertyAccessExpression(node) &&
        TOOL_ARGUMENT_FIELDS.has(node.name.text) &&
        tainted(node.expression).tainted
      )
        use.usedAsData = true;
      if (ts.isSwitchStatement(node) && tainted(node.expression).tainted) use.usedAsData = true;
      // Only where the raw response is at hand: further up, `status` is more likely an HTTP status.
      if (
        depth === 0 &&
        ts.isPropertyAccessExpression(node) &&
        finishFields.has(node.name.text) &&
        tainted(node.expression).tainted
      )
        use.truncationChecked = true;
      if (
        depth === 0 &&
        ts.isElementAccessExpression(node) &&
        ts.isStringLiteral(node.argumentExpression) &&
        finishFields.has(node.argumentExpression.text) &&
        tainted(node.expression).tainted
      ) {
        use.truncationChecked = true;
      }
      if (ts.isReturnStatement(node) && node.expression && tainted(node.expression).tainted) returned = true;
      if (fn && ts.isArrowFunction(fn) && fn.body === node && tainted(node).tainted) returned = true;
    };
    if (fn && ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) visit(fn.body);
    // Only subtrees that hold the output or a name derived from it can be tainted: skipping the rest
    // keeps a function with many model calls near-linear instead of walking its body once per call.
    const occurrences = identifierOccurrences(scope);
    walkSameFunction(scope, (node) => {
      const holdsSource = source.pos >= node.pos && source.end <= node.end;
      if (!holdsSource && !mentionsAny(occurrences, names, node)) return false;
      visit(node);
      return true;
    });
    if (use.cast || use.jsonParse) use.usedAsData = true;
    if (use.textTypeCheck && (use.cast || use.jsonParse)) use.manualCheck = true;

    // Returned to the callers: follow the value into each caller's scope.
    if (returned && fn && depth < MAX_RETURN_DEPTH) {
      for (const caller of this.context.callers.callersOf(fn))
        this.follow(call, outermost(caller), depth + 1, use, seen);
    }
  }
}

const occurrencesCache = new WeakMap<ts.Node, Map<string, number[]>>();

/** Every identifier in a scope, by name, with its start positions in order (built once per scope). */
function identifierOccurrences(scope: ts.Node): Map<string, number[]> {
  const cached = occurrencesCache.get(scope);
  if (cached) return cached;
  const occurrences = new Map<string, number[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const list = occurrences.get(node.text);
      if (list) list.push(node.pos);
      else occurrences.set(node.text, [node.pos]);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  occurrencesCache.set(scope, occurrences);
  return occurrences;
}

/** Whether one of the names occurs inside the node (binary search in each name's positions). */
function mentionsAny(occurrences: Map<string, number[]>, names: Map<string, boolean>, node: ts.Node): boolean {
  for (const name of names.keys()) {
    const positions = occurrences.get(name);
    if (!positions) continue;
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (positions[middle] < node.pos) low = middle + 1;
      else high = middle;
    }
    if (low < positions.length && positions[low] < node.end) return true;
  }
  return false;
}

/** A workspace function whose body runs a schema check (`Schema.safeParse(x)`), read one level deep. */
function validatesWithSchema(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const helper = calledFunction(call, checker);
  if (!helper?.body) return false;
  let found = false;
  walkSameFunction(helper.body, (node) => {
    if (found) return false;
    if (!ts.isCallExpression(node)) return undefined;
    const callee = unwrapExpression(node.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      SCHEMA_METHODS.has(callee.name.text) &&
      !/^JSON\b/.test(callee.getText())
    )
      found = true;
    return undefined;
  });
  return found;
}

/** The call seen from outside: through `await`, parentheses, `!`. */
function outermost(node: ts.Expression): ts.Expression {
  let current: ts.Expression = node;
  while (
    current.parent &&
    (ts.isAwaitExpression(current.parent) ||
      ts.isParenthesizedExpression(current.parent) ||
      ts.isNonNullExpression(current.parent))
  ) {
    current = current.parent;
  }
  return current;
}

/** Is the node derived from the output (contains the source expression or a tainted name)? */
function taintOf(
  node: ts.Node,
  source: ts.Node,
  names: Map<string, boolean>,
  barrier: (node: ts.Node) => boolean = () => false,
): { tainted: boolean; validated: boolean } {
  let tainted = false;
  let validated = true;
  const visit = (child: ts.Node): void => {
    if (child === source) {
      tainted = true;
      validated = false;
      return;
    }
    if (ts.isIdentifier(child) && names.has(child.text) && !isPropertyNameOf(child)) {
      tainted = true;
      if (!names.get(child.text)) validated = false;
      return;
    }
    if (isFunctionLike(child) || barrier(child)) return;
    ts.forEachChild(child, visit);
  };
  visit(node);
  return { tainted, validated: tainted && validated };
}

const barrierCache = new WeakMap<ts.Node, boolean>();

/**
 * Another model call (or a call of a function that makes one) produces new output: what went into
 * it is its input, not this value. Taint stops there.
 */
export function isModelBarrier(node: ts.Node, source: ts.Node | undefined, context: FacetContext): boolean {
  if (node === source || !ts.isCallExpression(node)) return false;
  const cached = barrierCache.get(node);
  if (cached !== undefined) return cached;
  let result = !!context.callAt(node);
  if (!result) {
    const callee = unwrapExpression(node.expression);
    const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, context.checker);
    result =
      !!declaration && isFunctionDeclarationLike(declaration) && context.modelCallsWithin(declaration).length > 0;
  }
  barrierCache.set(node, result);
  return result;
}

function isFunctionDeclarationLike(node: ts.Node): boolean {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    (ts.isVariableDeclaration(node) && !!node.initializer && isFunctionLike(node.initializer))
  );
}

export function isPropertyNameOf(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === identifier) ||
    (ts.isPropertyAssignment(parent) && parent.name === identifier)
  );
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    names.push(...boundNames(element.name));
  }
  return names;
}

function isSchemaCall(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  if (!ts.isCallExpression(node)) return false;
  const callee = unwrapExpression(node.expression);
  return (
    ts.isPropertyAccessExpression(callee) && SCHEMA_METHODS.has(callee.name.text) && !/^JSON\b/.test(callee.getText())
  );
}

function comparesDiscriminant(node: ts.BinaryExpression): boolean {
  const field = (side: ts.Expression): string | undefined => {
    const inner = unwrapExpression(side);
    return ts.isPropertyAccessExpression(inner) ? inner.name.text : undefined;
  };
  const left = field(node.left);
  const right = field(node.right);
  return (!!left && DISCRIMINANT_FIELDS.has(left)) || (!!right && DISCRIMINANT_FIELDS.has(right));
}

function isComparison(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    kind === ts.SyntaxKind.EqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsToken
  );
}

function mentionsFinishField(node: ts.Node, fields: Set<string>): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(child) && fields.has(child.name.text)) found = true;
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** `typeof x === 'string'` (either side, any equality operator). */
function comparedWithString(node: ts.TypeOfExpression): boolean {
  const comparison = node.parent;
  if (!ts.isBinaryExpression(comparison) || !isComparison(comparison.operatorToken.kind)) return false;
  const other = comparison.left === node ? comparison.right : comparison.left;
  return ts.isStringLiteral(other) && other.text === 'string';
}

function isInCondition(node: ts.Node): boolean {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isStatement(current)) current = current.parent;
  return !!current && (ts.isIfStatement(current) || ts.isReturnStatement(current) || ts.isThrowStatement(current));
}

/** The names a call's arguments read (for flow: which tainted values feed it). */
export function argumentNames(call: ts.CallExpression): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && !isPropertyNameOf(node)) names.add(node.text);
    if (isFunctionLike(node)) return;
    ts.forEachChild(node, visit);
  };
  for (const argument of call.arguments) visit(argument);
  return names;
}
