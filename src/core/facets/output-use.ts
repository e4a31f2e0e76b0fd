import { ts } from 'ts-morph';
import {
  boundNames,
  declarationOf,
  enclosingFunction,
  isFunctionLike,
  numericValue,
  propertyName,
  spanOf,
  statementsAfter,
  unwrapExpression,
  walkSameFunction,
} from '../ast';
import type { DetectedCall } from '../detect';
import { importsOf } from '../imports';
import type { Span } from '../types';
import type { FacetContext } from './context';
import { bindingText, calledFunction, describeHandler } from './handlers';

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
  /**
   * A `JSON.parse` outside any loop: the answer as a whole is parsed. Inside the loop that reads a
   * stream, `JSON.parse` decodes each event's framing, not what the model said.
   */
  parsesWhole: boolean;
  cast?: { span: Span; type: string };
  schemaValidated: boolean;
  manualCheck: boolean;
  /**
   * `typeof x === 'string'` on the output: narrowing text (a content union), which checks the
   * shape of structured data only where the output was parsed or cast.
   */
  textTypeCheck: boolean;
  /**
   * A condition tests that the output (or a content field of it) is there: `if (!reply.text)`,
   * `if (choices && choices.length > 0)`. Envelope fields (status, body, usage) do not count.
   */
  presenceCheck: boolean;
  usedAsData: boolean;
  truncationChecked: boolean;
  /** The output is iterated with `for await` or `yield*`: a stream, whatever the options say. */
  iterated: boolean;
  /**
   * The streamed text is collected into one value (`result += chunk.text` in the loop) that the
   * function returns: its callers get a whole answer, not text shown as it arrives.
   */
  collected: boolean;
  /** A field of the output read is an embedding's (`embedding`, `embeddings`, `embeddingsByType`). */
  readsEmbedding: boolean;
  /**
   * The catch around the output's `JSON.parse` that gives a default instead (returns a value, or
   * lets the function return one after it): what the code answers when the model's text is not
   * the JSON it asked for.
   */
  parseDefault?: ts.CatchClause;
}

const EMBEDDING_FIELDS = new Set(['embedding', 'embeddings', 'embeddingsByType']);

const MAX_RETURN_DEPTH = 2;
/** How many workspace functions deep the output is followed when handed to one. */
const MAX_HELPER_DEPTH = 2;

type Taint = (node: ts.Node) => { tainted: boolean; validated: boolean };

function emptyUse(): OutputUse {
  return {
    scopes: [],
    schemaValidated: false,
    manualCheck: false,
    textTypeCheck: false,
    presenceCheck: false,
    parsesWhole: false,
    usedAsData: false,
    truncationChecked: false,
    iterated: false,
    collected: false,
    readsEmbedding: false,
  };
}

/**
 * The argument is the output or a content field of it (`message`, `response.body`), not an
 * accounting field (`response.usage`) or a value merely computed from it.
 */
function isContentOf(argument: ts.Expression, tainted: Taint): boolean {
  let value = unwrapExpression(argument);
  // `content ?? '[]'`: the output with a default.
  while (
    ts.isBinaryExpression(value) &&
    (value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      value.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  )
    value = unwrapExpression(value.left);
  if (!ts.isIdentifier(value) && !ts.isPropertyAccessExpression(value) && !ts.isElementAccessExpression(value))
    return false;
  if (!tainted(value).tainted) return false;
  return !accessChain(value).some((field) => ENVELOPE_FIELDS.has(field) && field !== 'body');
}
/** Fields a response's stream is read from: fetch's `body`, an SDK result's `textStream`, axios' `data`. */
const STREAM_FIELDS = new Set(['body', 'stream', 'textStream', 'fullStream', 'data']);

/** An argument that can be the output's stream: the value itself, or one of its stream fields. */
function carriesStream(argument: ts.Expression): boolean {
  const value = unwrapExpression(argument);
  if (ts.isPropertyAccessExpression(value)) return STREAM_FIELDS.has(value.name.text);
  return !ts.isElementAccessExpression(value);
}

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
/** Parsers that turn text into data without checking its shape. */
const JSON_PARSERS = new Set(['JSON.parse', 'JSON5.parse']);
const TEXT_DECODERS = new Set(['TextDecoder', 'StringDecoder']);
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
  private readonly parameterCache = new Map<ts.FunctionLikeDeclaration, Map<string, OutputUse>>();
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
    const use = emptyUse();
    this.follow(call, outermost(call.node), 0, use, new Set());
    this.cache.set(call, use);
    return use;
  }

  /**
   * What a workspace function does with the value its parameter receives: `extractText(message)`
   * that tests the blocks, `parseFilters(text)` that runs a schema two calls down, a generator that
   * iterates the stream it is given. Read once per function and parameter, two calls deep.
   */
  private parameterUse(call: DetectedCall, fn: ts.FunctionLikeDeclaration, index: number, depth: number): OutputUse {
    const key = `${index}:${depth}`;
    let byIndex = this.parameterCache.get(fn);
    if (!byIndex) this.parameterCache.set(fn, (byIndex = new Map<string, OutputUse>()));
    const cached = byIndex.get(key);
    if (cached) return cached;
    const use = emptyUse();
    byIndex.set(key, use); // a recursive helper reads its own entry as "nothing found yet"
    const parameter = fn.parameters[index];
    if (parameter && fn.body) this.follow(call, fn, depth, use, new Set(), boundNames(parameter.name));
    return use;
  }

  /**
   * The checks a helper given (a content field of) the output makes, merged into what the caller
   * makes. Not its presence tests: a converter tests optional fields to copy them, not to check.
   */
  private followIntoHelper(
    call: DetectedCall,
    node: ts.CallExpression,
    depth: number,
    use: OutputUse,
    tainted: Taint,
  ): void {
    if (depth >= MAX_HELPER_DEPTH || isModelBarrier(node, undefined, this.context)) return;
    const helper = calledFunction(node, this.context.checker);
    if (!helper?.body) return;
    node.arguments.forEach((argument, index) => {
      if (!isContentOf(argument, tainted)) return;
      const inner = this.parameterUse(call, helper, index, depth + 1);
      use.schemaValidated ||= inner.schemaValidated;
      use.manualCheck ||= inner.manualCheck;
      use.textTypeCheck ||= inner.textTypeCheck;
      // `readAll(stream)`, `pump(response.body)`: the helper iterates the output. Not a field of it
      // that a helper hands on to a generator of its own (`this.runTool(toolCall.args)`).
      if (carriesStream(argument)) use.iterated ||= inner.iterated;
      use.readsEmbedding ||= inner.readsEmbedding;
      // `parseFilters(completion)` that answers `[]` when no candidate parses: the caller gets that default.
      use.parseDefault ??= inner.parseDefault;
    });
  }

  /**
   * Follow the output from `source` through its function. With `parameters`, `source` is a helper
   * the output was handed to and the names are its parameter's: the helper's checks count, its
   * scope is not the output's scope and its returns are the caller's business.
   */
  private follow(
    call: DetectedCall,
    source: ts.Expression | ts.FunctionLikeDeclaration,
    depth: number,
    use: OutputUse,
    seen: Set<ts.Node>,
    parameters?: string[],
    fromCallback = false,
  ): void {
    if (seen.has(source)) return;
    seen.add(source);
    const fn = parameters ? (source as ts.FunctionLikeDeclaration) : enclosingFunction(source);
    const scope = fn?.body ?? source.getSourceFile();
    const names = new Map<string, boolean>((parameters ?? []).map((name) => [name, false]));
    // `const`/`let` names live in their block: a `completion` in one branch is not the one in another.
    const blocks = new Map<string, ts.Node>();
    const scopeRecord: OutputScope = { scope, source: source as ts.Expression, names };
    if (!parameters) use.scopes.push(scopeRecord);
    const barrier = (node: ts.Node): boolean => isModelBarrier(node, source, this.context);
    const tainted: Taint = (node) => taintOf(node, source, names, blocks, barrier);
    let returned = false;
    const finishFields = new Set(call.entry.finishReasonFields);
    // Names the output's pieces are appended to inside a loop (`result += chunk.value`).
    const appended = new Set<string>();

    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && node.initializer) {
        const taint = tainted(node.initializer);
        if (taint.tainted) {
          const validated = taint.validated || isSchemaCall(node.initializer, this.context.checker);
          const block = blockOf(node);
          for (const name of outputNames(node.name)) {
            names.set(name, validated);
            if (block) blocks.set(name, block);
            else blocks.delete(name);
          }
        }
      }
      // `for (const block of response.content)`: each element is output too.
      if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer)) {
        const taint = tainted(node.expression);
        if (taint.tainted)
          for (const declaration of node.initializer.declarations)
            for (const name of boundNames(declaration.name)) {
              names.set(name, taint.validated);
              blocks.set(name, node);
            }
      }
      if (
        ts.isBinaryExpression(node) &&
        (node.operatorToken.kind === ts.SyntaxKind.EqualsToken ||
          node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) &&
        ts.isIdentifier(node.left)
      ) {
        const taint = tainted(node.right);
        if (taint.tainted) names.set(node.left.text, taint.validated || isSchemaCall(node.right, this.context.checker));
        if (taint.tainted && node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken && insideLoop(node, scope))
          appended.add(node.left.text);
      }
      if (ts.isForOfStatement(node) && node.awaitModifier && iteratesOutput(node.expression, source, tainted))
        use.iterated = true;
      if (
        ts.isPropertyAccessExpression(node) &&
        EMBEDDING_FIELDS.has(node.name.text) &&
        tainted(node.expression).tainted
      )
        use.readsEmbedding = true;
      if (
        ts.isYieldExpression(node) &&
        node.asteriskToken &&
        node.expression &&
        iteratesOutput(node.expression, source, tainted)
      )
        use.iterated = true;
      if (ts.isCallExpression(node)) {
        const callee = unwrapExpression(node.expression);
        const calleeText = callee.getText();
        const argumentTainted = node.arguments.some((argument) => tainted(argument).tainted);
        if (argumentTainted) this.followIntoHelper(call, node, depth, use, tainted);
        // `reader = response.body.getReader()`: the output is read as a stream.
        if (
          ts.isPropertyAccessExpression(callee) &&
          callee.name.text === 'getReader' &&
          tainted(callee.expression).tainted
        )
          use.iterated = true;
        // `parseFilters(completion)`: a workspace function that checks what it is given against a schema.
        if (argumentTainted && validatesWithSchema(node, this.context.checker)) use.schemaValidated = true;
        if (JSON_PARSERS.has(calleeText) && argumentTainted) {
          use.jsonParse ??= spanOf(node, node.getSourceFile());
          use.parseDefault ??= defaultOnParseFailure(node, scope, this.context.checker);
          if (!insideLoop(node, scope)) use.parsesWhole = true;
        } else if (argumentTainted && isSchemaMethod(callee, this.context.checker)) {
          use.schemaValidated = true;
        } else if (calleeText === 'Array.isArray' && argumentTainted) use.manualCheck = true;
        else if (isMembershipTest(node, tainted)) use.manualCheck = true;
      }
      if (ts.isAsExpression(node) && tainted(node.expression).tainted) {
        const type = node.type.getText();
        if (!UNTYPED_CASTS.has(type)) use.cast ??= { span: spanOf(node, node.getSourceFile()), type };
      }
      if (ts.isTypeOfExpression(node) && tainted(node.expression).tainted && isInCondition(node)) {
        if (comparedWithString(node)) use.textTypeCheck = true;
        else use.manualCheck = true;
      }
      // In the call's own function: further on, a converter tests optional fields to copy them.
      if (depth === 0 && isPresenceTest(node, finishFields) && tainted(node).tainted) use.presenceCheck = true;
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
        !comparedWithNumber(node) &&
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
      if (ts.isReturnStatement(node) && node.expression && tainted(node.expression).tainted) {
        returned = true;
        const value = unwrapExpression(node.expression);
        if (depth === 0 && ts.isIdentifier(value) && appended.has(value.text) && !insideLoop(node, scope))
          use.collected = true;
      }
      if (fn && ts.isArrowFunction(fn) && fn.body === node && tainted(node).tainted) returned = true;
    };
    if (fn && ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) visit(fn.body);
    // Only subtrees that hold the output or a name derived from it can be tainted: skipping the rest
    // keeps a function with many model calls near-linear instead of walking its body once per call.
    const occurrences = identifierOccurrences(scope);
    walkSameFunction(scope, (node) => {
      const holdsSource = source.pos >= node.pos && source.end <= node.end;
      if (!holdsSource && !mentionsAny(occurrences, names, node)) return false;
      // `if (!response.ok) { … JSON.parse(await response.text()) … }` reads the error body, not the answer.
      if (isFailedResponseBranch(node, tainted)) return false;
      visit(node);
      return true;
    });
    if (use.cast || use.jsonParse) use.usedAsData = true;
    if (use.textTypeCheck && (use.cast || use.jsonParse)) use.manualCheck = true;

    // Returned to the callers: follow the value into each caller's scope.
    if (returned && fn && !parameters && !fromCallback && depth < MAX_RETURN_DEPTH) {
      for (const caller of this.context.callers.callersOf(fn))
        this.follow(call, outermost(caller), depth + 1, use, seen);
      // `await withTimeout({ run: () => model.invoke(…) })`: the function that runs the callback
      // hands its result back, so the output comes out of that call. Read there only: what the
      // callers of that function do is theirs, one call among the many it makes.
      const runner = callbackRunner(fn);
      if (runner) this.follow(call, outermost(runner), depth, use, seen, undefined, true);
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
    if (isSchemaMethod(unwrapExpression(node.expression), checker)) found = true;
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

/**
 * `for await (… of stream)`, `yield* response.stream`, `yield* readAll(stream)`: what is iterated is
 * the output itself. `yield* reportUsage(response.usage)` iterates a helper's own generator that is
 * merely given a field of the output.
 */
function iteratesOutput(
  expression: ts.Expression,
  source: ts.Node,
  tainted: (node: ts.Node) => { tainted: boolean },
): boolean {
  const iterated = unwrapExpression(expression);
  if (!ts.isCallExpression(iterated) || iterated === unwrapExpression(source as ts.Expression))
    return tainted(iterated).tainted;
  const callee = unwrapExpression(iterated.expression);
  if (ts.isPropertyAccessExpression(callee) && tainted(callee.expression).tainted) return true;
  return iterated.arguments.some((argument) => {
    const value = unwrapExpression(argument);
    return ts.isIdentifier(value) && tainted(value).tainted;
  });
}

/**
 * `response.status !== 200`: a number compared is an HTTP status, not a finish reason (the
 * Responses API's `status` is a word: `'incomplete'`).
 */
function comparedWithNumber(node: ts.Expression): boolean {
  const parent = node.parent;
  if (!ts.isBinaryExpression(parent) || !COMPARISONS.has(parent.operatorToken.kind)) return false;
  const other = parent.left === node ? parent.right : parent.left;
  return numericValue(other) !== undefined;
}

const COMPARISONS = new Set([
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
]);

/**
 * The `then` branch of `if (!response.ok)`, `if (response.status !== 200)` or `if (response.status
 * >= 400)`: what it reads is the error the server sent.
 */
function isFailedResponseBranch(node: ts.Node, tainted: Taint): boolean {
  const statement = node.parent;
  if (!statement || !ts.isIfStatement(statement) || statement.thenStatement !== node) return false;
  const condition = unwrapExpression(statement.expression);
  const field = (expression: ts.Expression, name: string): boolean => {
    const tested = unwrapExpression(expression);
    return ts.isPropertyAccessExpression(tested) && tested.name.text === name && tainted(tested.expression).tainted;
  };
  if (ts.isPrefixUnaryExpression(condition))
    return condition.operator === ts.SyntaxKind.ExclamationToken && field(condition.operand, 'ok');
  if (!ts.isBinaryExpression(condition) || !field(condition.left, 'status')) return false;
  const bound = numericValue(condition.right);
  if (bound === undefined) return false;
  switch (condition.operatorToken.kind) {
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
      return bound === 200;
    case ts.SyntaxKind.GreaterThanEqualsToken:
      return bound >= 300;
    case ts.SyntaxKind.GreaterThanToken:
      return bound >= 299;
    default:
      return false;
  }
}

/** The call a function expression is given to, directly or as a property of an options object. */
function callbackRunner(fn: ts.Node): ts.CallExpression | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  let holder: ts.Node = fn.parent;
  if (ts.isPropertyAssignment(holder) && ts.isObjectLiteralExpression(holder.parent)) holder = holder.parent.parent;
  return ts.isCallExpression(holder) &&
    holder.arguments.some((argument) => argument === fn || argument === fn.parent.parent)
    ? holder
    : undefined;
}

function insideLoop(node: ts.Node, scope: ts.Node): boolean {
  for (let current = node.parent; current && current !== scope; current = current.parent)
    if (ts.isIterationStatement(current, false)) return true;
  return false;
}

/** The block a `const`/`let` declaration is scoped to (`var` and parameters: none). */
function blockOf(declaration: ts.VariableDeclaration): ts.Node | undefined {
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.BlockScoped)) return undefined;
  // `for (const x of …)`: the loop; `const x = …;`: the block around the statement.
  return ts.isVariableStatement(list.parent) ? list.parent.parent : list.parent;
}

function inBlock(identifier: ts.Identifier, blocks: Map<string, ts.Node>): boolean {
  const block = blocks.get(identifier.text);
  return !block || (identifier.pos >= block.pos && identifier.end <= block.end);
}

/** Is the node derived from the output (contains the source expression or a tainted name)? */
function taintOf(
  node: ts.Node,
  source: ts.Node,
  names: Map<string, boolean>,
  blocks: Map<string, ts.Node>,
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
    if (ts.isIdentifier(child) && names.has(child.text) && !isPropertyNameOf(child) && inBlock(child, blocks)) {
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
  const callee = unwrapExpression(node.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  if (!result && (!ts.isIdentifier(name) || mayNameModelCaller(name, context))) {
    const declaration = declarationOf(name, context.checker);
    result =
      !!declaration && isFunctionDeclarationLike(declaration) && context.modelCallsWithin(declaration).length > 0;
  }
  barrierCache.set(node, result);
  return result;
}

/**
 * Whether the callee's name could be that of a function holding a model call: its own name, or,
 * imported under another name (`import { summarize as sum }`, a default import), any.
 */
function mayNameModelCaller(name: ts.Identifier, context: FacetContext): boolean {
  if (context.modelCallerNamed(name.text)) return true;
  const imported = importsOf(name.getSourceFile()).get(name.text);
  return !!imported && imported.imported !== name.text;
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

function isSchemaCall(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  const node = unwrapExpression(expression);
  if (!ts.isCallExpression(node)) return false;
  return isSchemaMethod(unwrapExpression(node.expression), checker);
}

/**
 * `Schema.parse(x)`, `validator.validate(x)`: a schema library's check. Not `JSON.parse` or
 * `JSON5.parse` (parsing trusts the shape) and not `decoder.decode(bytes)` (text decoding).
 */
function isSchemaMethod(callee: ts.Expression, checker: ts.TypeChecker): boolean {
  if (ts.isIdentifier(callee)) return isSchemaFunction(callee, checker);
  if (!ts.isPropertyAccessExpression(callee) || !SCHEMA_METHODS.has(callee.name.text)) return false;
  const receiver = unwrapExpression(callee.expression);
  if (ts.isIdentifier(receiver) && /^JSON5?$/.test(receiver.text)) return false;
  return !(callee.name.text === 'decode' && isTextDecoder(receiver, checker));
}

/** Schema libraries whose checks are functions (`parse(Schema, data)`, `assert(data, Struct)`). */
const SCHEMA_FUNCTION_MODULES = new Set(['valibot', 'superstruct']);
/** `ajv.compile(schema)`, `ajv.getSchema(id)`: what makes a validator function. */
const VALIDATOR_FACTORY = /\.(?:compile|getSchema)$/;

/**
 * A schema check called as a function: one of a schema library's (`safeParse(Schema, data)` from
 * valibot), or a validator a schema compiler made (`const validateReply = ajv.compile(schema)`,
 * then `validateReply(data)`).
 */
function isSchemaFunction(callee: ts.Identifier, checker: ts.TypeChecker): boolean {
  const imported = importsOf(callee.getSourceFile()).get(callee.text);
  if (imported) return SCHEMA_FUNCTION_MODULES.has(imported.module) && SCHEMA_METHODS.has(imported.imported);
  const declaration = declarationOf(callee, checker);
  const initializer =
    declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
      ? unwrapExpression(declaration.initializer)
      : undefined;
  return (
    !!initializer &&
    ts.isCallExpression(initializer) &&
    VALIDATOR_FACTORY.test(unwrapExpression(initializer.expression).getText())
  );
}

/** `new TextDecoder()`, a `TextDecoder` or Node `StringDecoder` value: bytes to text, not a schema codec. */
function isTextDecoder(receiver: ts.Expression, checker: ts.TypeChecker): boolean {
  if (ts.isNewExpression(receiver)) return TEXT_DECODERS.has(receiver.expression.getText());
  const symbol = checker.getTypeAtLocation(receiver).getSymbol();
  if (symbol) return TEXT_DECODERS.has(symbol.getName());
  // Without the platform's typings: `const decoder = new TextDecoder()`.
  const declaration = checker.getSymbolAtLocation(receiver)?.valueDeclaration;
  return (
    !!declaration &&
    (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) &&
    !!declaration.initializer &&
    ts.isNewExpression(declaration.initializer) &&
    TEXT_DECODERS.has(declaration.initializer.expression.getText())
  );
}

/**
 * Transport and accounting fields: testing them checks the response, not what the model said.
 * `reply.usage && …` or `if (!response.ok)` is no check of the output.
 */
const ENVELOPE_FIELDS = new Set([
  'ok',
  'status',
  'statusCode',
  'statusText',
  'headers',
  'body',
  'usage',
  'usageMetadata',
  'id',
  'model',
  'created',
]);

/**
 * The names a declaration binds to the output, leaving out envelope fields destructured beside it:
 * in `const { text, usage } = await generateText(...)`, `if (usage)` tests accounting, not the answer.
 */
function outputNames(name: ts.BindingName): string[] {
  if (!ts.isObjectBindingPattern(name)) return boundNames(name);
  return name.elements.flatMap((element) => {
    const field = propertyName(element.propertyName ?? element.name);
    return field && ENVELOPE_FIELDS.has(field) && !element.dotDotDotToken ? [] : boundNames(element.name);
  });
}

/**
 * A value tested for being there: the operand of an `if`, `while` or `?:` condition (through `!`,
 * `&&`, `||`), or its `.length` compared. `content || ''` outside a condition is a default, not a check.
 */
function isPresenceTest(node: ts.Node, finishFields: Set<string>): boolean {
  if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node))
    return false;
  if (ts.isIdentifier(node) && isPropertyNameOf(node)) return false;
  // Only the outermost access of a chain: `a.b.c`, not `a.b` inside it.
  if (
    (ts.isPropertyAccessExpression(node.parent) || ts.isElementAccessExpression(node.parent)) &&
    node.parent.expression === node
  ) {
    const outer = node.parent;
    const isLength = ts.isPropertyAccessExpression(outer) && outer.name.text === 'length';
    if (!isLength) return false;
    if (!isLengthComparison(outer) && !isConditionOperand(outer)) return false;
  } else if (!isConditionOperand(node)) return false;
  return !accessChain(node).some(
    (field) => ENVELOPE_FIELDS.has(field) || finishFields.has(field) || DISCRIMINANT_FIELDS.has(field),
  );
}

function isLengthComparison(length: ts.Node): boolean {
  const parent = length.parent;
  return (
    ts.isBinaryExpression(parent) &&
    (isComparison(parent.operatorToken.kind) ||
      parent.operatorToken.kind === ts.SyntaxKind.GreaterThanToken ||
      parent.operatorToken.kind === ts.SyntaxKind.GreaterThanEqualsToken ||
      parent.operatorToken.kind === ts.SyntaxKind.LessThanToken) &&
    isConditionOperand(parent)
  );
}

/** The node is (through `!`, parentheses, `&&`, `||`) the condition of an `if`, loop or `?:`. */
function isConditionOperand(node: ts.Node): boolean {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) ||
      (ts.isBinaryExpression(parent) &&
        (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
          parent.operatorToken.kind === ts.SyntaxKind.BarBarToken))
    ) {
      current = parent;
      continue;
    }
    return (
      ((ts.isIfStatement(parent) || ts.isWhileStatement(parent)) && parent.expression === current) ||
      (ts.isConditionalExpression(parent) && parent.condition === current)
    );
  }
}

/** The field names along `a.b?.[0].c`. */
function accessChain(node: ts.Node): string[] {
  const fields: string[] = [];
  let current: ts.Node = node;
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) fields.push(current.name.text);
    else if (ts.isElementAccessExpression(current) && ts.isStringLiteral(current.argumentExpression))
      fields.push(current.argumentExpression.text);
    else if (!ts.isNonNullExpression(current) && !ts.isElementAccessExpression(current)) return fields;
    current = (current as ts.PropertyAccessExpression).expression;
  }
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

/** Methods that ask whether a collection holds a value (`LABELS.includes(x)`, `allowed.has(x)`). */
const MEMBERSHIP_METHODS = new Set(['includes', 'has']);

/**
 * `LABELS.includes(label) ? label : 'other'`, `if (!allowed.has(answer)) return`: the answer tested
 * against the values allowed, which is a check of what the model said. Not the output's own
 * `includes` (`text.includes('yes')` reads the answer, it does not check it).
 */
function isMembershipTest(node: ts.CallExpression, tainted: (node: ts.Node) => { tainted: boolean }): boolean {
  const callee = unwrapExpression(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || !MEMBERSHIP_METHODS.has(callee.name.text)) return false;
  const value = node.arguments[0];
  if (!value || !tainted(value).tainted || tainted(callee.expression).tainted) return false;
  return isConditionOperand(node);
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

/**
 * The catch of the `try` around a parse, within the scope, when it answers with a default: it
 * returns a value without rethrowing, or it neither returns nor throws and the function returns
 * a value after the `try` (`let tags = []; try { tags = JSON.parse(text) } catch { log } return tags`).
 */
function defaultOnParseFailure(parse: ts.Node, scope: ts.Node, checker: ts.TypeChecker): ts.CatchClause | undefined {
  let current: ts.Node = parse;
  while (current.parent && current !== scope && !isFunctionLike(current.parent)) {
    const parent: ts.Node = current.parent;
    if (ts.isTryStatement(parent) && parent.tryBlock === current && parent.catchClause) {
      const clause = parent.catchClause;
      const behaviour = describeHandler(clause.block, bindingText(clause.variableDeclaration?.name), checker);
      if (behaviour.rethrows || behaviour.returnsFailureResult) return undefined;
      if (behaviour.returnsValue) return clause;
      return returnsValueAfter(parent, scope) ? clause : undefined;
    }
    current = parent;
  }
  return undefined;
}

/**
 * A `return <value>` after the statement, in its block or the blocks around it, up to the scope;
 * not past a `throw` (or a bare `return`) that ends the path first (`if (!response.ok) { try {
 * error.json = JSON.parse(body) } catch { error.body = body } throw error }` gives no default).
 */
function returnsValueAfter(statement: ts.Statement, scope: ts.Node): boolean {
  let current: ts.Node = statement;
  while (current.parent && current !== scope && !isFunctionLike(current)) {
    if (ts.isStatement(current)) {
      for (const next of statementsAfter(current)) {
        if (ts.isReturnStatement(next)) return next.expression !== undefined;
        if (ts.isThrowStatement(next)) return false;
      }
    }
    current = current.parent;
  }
  return false;
}
