import { ts } from 'ts-morph';
import {
  assignedValues,
  declarationOf,
  findProperty,
  isFunctionLike,
  readPath,
  resolveObjectLiteral,
  stringifiedFrom,
  thisMemberValues,
  unwrapExpression,
} from '../ast';
import { sdkName } from '../catalog/index';
import type { OptionPath } from '../catalog/types';
import type { ClientOrigin } from '../client-origin';
import type { DetectedCall } from '../detect';
import type { FacetContext } from './context';

export interface OptionValue {
  path: OptionPath;
  /** The property that sets it (what a finding or fix points at). */
  node: ts.Node;
  value?: ts.Expression;
  site: OptionPath['site'];
  /**
   * Only from {@link readOptionOrUnknown}: the option may be set by something the audit cannot
   * read (`{ ...request, stream: true }` with `request` a parameter, or `create(request)`); `node`
   * is that spread or argument and there is no value.
   */
  unresolved?: true;
}

/**
 * The call once for each client it may be made on (a provider table, a ternary: the origin's
 * `alternatives`), each alone, for a facet that wants the worst of them (the longest timeout, the
 * most attempts); the call itself where it has one client. Only clients of the call's own SDK: the
 * catalogue's paths of this call say nothing of another SDK's options.
 */
export function eachClient(call: DetectedCall): DetectedCall[] {
  const origin = call.origin;
  const others = origin?.alternatives?.filter((other) => other.entry === call.entry) ?? [];
  if (!origin || others.length === 0) return [call];
  return [origin, ...others].map((each) => {
    const { alternatives: _others, ...alone } = each;
    return { ...call, origin: alone };
  });
}

/**
 * Reads the first option that is set, most specific site first: the request overrides the call's
 * params, which override the client's construction options.
 */
export function readOption(
  call: DetectedCall,
  paths: readonly OptionPath[],
  reader?: SpreadReader,
): OptionValue | undefined {
  const found = readOptionOrUnknown(call, paths, reader);
  return found?.unresolved ? undefined : found;
}

/**
 * {@link readOption}, or else, when no site sets it, the first spread or options argument the
 * audit cannot read that may set it (`unresolved`): a facet then says "unknown", not "not set".
 * With a checker, a spread whose type provably has no such property cannot set it.
 */
export function readOptionOrUnknown(
  call: DetectedCall,
  paths: readonly OptionPath[],
  reader?: SpreadReader,
): OptionValue | undefined {
  let unresolved: OptionValue | undefined;
  for (const site of ['request', 'params', 'client'] as const) {
    for (const path of paths) {
      if (path.site !== site) continue;
      for (const { object, opaque, origin } of objectsAt(call, path, reader?.checker)) {
        // An option of other client classes (`numPredict` on a ChatOpenAI) configures nothing here.
        if (path.clients && origin && !path.clients.includes(origin.constructedBy)) continue;
        // `create(request)`: read like `{ ...request }` (what its callers pass, its type).
        const found = object
          ? readSpreadPath(object, path.path, reader)
          : opaque && readSpread(opaque, opaque, path.path, reader, 0);
        if (found && !found.unresolved) return { path, node: found.node, value: found.value, site };
        unresolved ??= found ? { path, node: found.node, site, unresolved: true } : undefined;
      }
    }
  }
  return unresolved;
}

/**
 * The objects an option may be set in; for the client, each branch's construction (any that sets
 * it counts), in its first object argument or the argument the path names.
 */
function objectsAt(
  call: DetectedCall,
  path: OptionPath,
  checker?: ts.TypeChecker,
): { object: ts.ObjectLiteralExpression | undefined; opaque?: ts.Expression; origin: ClientOrigin | undefined }[] {
  if (path.site === 'params')
    return [{ object: call.params, opaque: opaqueArgument(call, 'params'), origin: call.origin }];
  if (path.site === 'request')
    return [{ object: call.request, opaque: opaqueArgument(call, 'request'), origin: call.origin }];
  const { argument } = path;
  return [call.origin, ...(call.origin?.alternatives ?? [])].map((origin) => {
    const object = argument === undefined ? origin?.options : origin?.argumentObjects?.[argument];
    const opaque = object ? undefined : opaqueConstructionArgument(origin, argument ?? 0, checker);
    return { object, opaque, origin };
  });
}

/**
 * The client's options argument that is no object literal the audit can read: `new
 * OpenAIEmbeddings(config)` with `config` from `await this.configFor(model)`. Read like a spread of
 * it (what the function returns, its type), so an option it may hold is not taken for the default.
 * A factory's arguments are not always its options (`openai(modelId)`): only a `new` is read.
 */
function opaqueConstructionArgument(
  origin: ClientOrigin | undefined,
  index: number,
  checker: ts.TypeChecker | undefined,
): ts.Expression | undefined {
  const construction = origin?.construction;
  const argument = construction && ts.isNewExpression(construction) ? construction.arguments?.[index] : undefined;
  // A value read elsewhere: a variable, a member, a call's result. (`new Configuration({ ... })`
  // holds its options in its own argument, which the catalogue's paths name.)
  const value = argument && unwrapExpression(argument);
  if (!value || !(ts.isIdentifier(value) || ts.isPropertyAccessExpression(value) || ts.isCallExpression(value)))
    return undefined;
  // `const configuration = new Configuration({ apiKey }); new OpenAIApi(configuration)`: the same.
  if (ts.isIdentifier(value) && heldConstruction(value, checker)) return undefined;
  // `new MistralClient(process.env.MISTRAL_API_KEY)`: a key, not options.
  return isPrimitiveValue(value, checker) ? undefined : argument;
}

/** An environment variable, or a value typed as a string, number or boolean: no options object. */
function isPrimitiveValue(value: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  if (/^(?:process\.env|import\.meta\.env|Deno\.env)\b/.test(value.getText())) return true;
  if (!checker) return false;
  try {
    const type = checker.getTypeAtLocation(value);
    const primitive = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike;
    const parts = type.isUnion() ? type.types : [type];
    return parts.every((part) => (part.flags & (primitive | ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0);
  } catch {
    return false;
  }
}

/** `configuration` declared as `const configuration = new Configuration({ ... })`. */
function heldConstruction(identifier: ts.Identifier, checker: ts.TypeChecker | undefined): boolean {
  const declaration = checker && declarationOf(identifier, checker);
  return (
    !!declaration &&
    ts.isVariableDeclaration(declaration) &&
    !!declaration.initializer &&
    ts.isNewExpression(unwrapExpression(declaration.initializer))
  );
}

/**
 * The name of the layer the SDK makes of a call (the catalogue's `ownLayer`): its retries
 * (`OpenAI SDK`, `fetch`, `@acme/llm complete (declared)`, `TokenJS client`), or its default timeout
 * (`OpenAI SDK default`, `fetch default`; a declared function's is the declared one).
 */
export function ownLayerLabel(call: DetectedCall, what: 'retries' | 'default timeout'): string {
  const { entry, shape } = call;
  if (entry.ownLayer === 'declared') return `${entry.displayName} ${shape.name} (declared)`;
  // A client of a library the catalogue does not name: the class the workspace constructed.
  const layer =
    entry.ownLayer === 'client'
      ? `${call.origin?.constructedBy ?? 'OpenAI-compatible'} client`
      : entry.ownLayer === 'operation'
        ? shape.name
        : sdkName(entry);
  return what === 'retries' ? layer : `${layer} default`;
}

/** How deep spreads of spreads are followed (`{ ...base }` where `base = { ...defaults }`). */
const MAX_SPREADS = 3;

/**
 * The options argument of an SDK call (not a raw HTTP payload) that is no object literal the audit
 * can read: `create(request)` with `request` a parameter or another call's result.
 */
function opaqueArgument(call: DetectedCall, site: 'params' | 'request'): ts.Expression | undefined {
  if (call.shape.kind === 'http' || call.shape.kind === 'command') return undefined;
  const object = site === 'params' ? call.params : call.request;
  const paramsArg = call.shape.paramsArg ?? 0;
  const index = site === 'params' ? paramsArg : (call.shape.requestArg ?? paramsArg);
  const argument = call.node.arguments[index];
  return object || !argument || ts.isSpreadElement(argument) ? undefined : argument;
}

/**
 * What reading through spreads may use: the checker (types, declarations) and the callers of a
 * function (what a spread parameter is given). Without them every spread not written in place is
 * unknown.
 */
export interface SpreadReader {
  checker: ts.TypeChecker;
  callersOf?: (fn: ts.FunctionLikeDeclaration) => readonly ts.CallExpression[];
}

/**
 * The reader of a facet: its checker and call graph. For a fetch shim's request (`call.carriers`),
 * the shim's callers are those that send model requests through it: a model-list GET through the
 * same helper says nothing of the model call's options.
 */
export function spreadReader(context: FacetContext, call?: DetectedCall): SpreadReader {
  const carriers = call?.carriers;
  if (!carriers) return { checker: context.checker, callersOf: (fn) => context.callers.callersOf(fn) };
  return {
    checker: context.checker,
    callersOf: (fn) => {
      const sending = [...carriers].filter(([, callee]) => callee === fn).map(([carrier]) => carrier);
      return sending.length > 0 ? sending : context.callers.callersOf(fn);
    },
  };
}

/**
 * The reader of a wrapper site: `site` taken for the only caller of `callee`, the function it
 * calls, so what that function passes on of its arguments is what this site gives.
 */
export function readerThroughSite(
  callee: ts.FunctionLikeDeclaration,
  site: ts.CallExpression,
  context: FacetContext,
): SpreadReader {
  return {
    checker: context.checker,
    callersOf: (fn) => (fn === callee ? [site] : context.callers.callersOf(fn)),
  };
}

interface Found {
  node: ts.Node;
  value?: ts.Expression;
  unresolved?: true;
}

/**
 * Reads an option where the code sets it: a property of the object literal, a property of an
 * object it spreads (`{ ...params, abortSignal }` with `const params = { maxRetries: 2 }`, or
 * `...(limit && { max_tokens: limit })`), the later spreads first since they override the
 * earlier ones, or an assignment to the variable that holds the literal (`params.maxRetries = n`).
 * Where none sets it, a spread (or a nested object, `generationConfig: config`) the audit cannot
 * read that may set it is returned `unresolved`.
 */
function readSpreadPath(
  object: ts.ObjectLiteralExpression,
  path: readonly string[],
  reader: SpreadReader | undefined,
  depth = 0,
): Found | undefined {
  const assigned = assignedLater(object, path);
  if (assigned) return assigned;
  const direct = readPath(object, path);
  if (direct) return { node: direct.property, value: direct.value };
  if (depth >= MAX_SPREADS) return undefined;
  let unresolved: Found | undefined;
  const consider = (found: Found | undefined): Found | undefined => {
    if (found && !found.unresolved) return found;
    unresolved ??= found;
    return undefined;
  };
  // `generationConfig: { ...config }` or `generationConfig: config`: the rest of the path inside it.
  const head = path.length > 1 ? findProperty(object, path[0]) : undefined;
  const headValue = head && ts.isPropertyAssignment(head) ? head.initializer : undefined;
  if (head && headValue) {
    const value = stringifiedFrom(headValue, reader?.checker);
    const inner = literalOf(value, reader);
    // An instance built with `new` (`requestHandler: new NodeHttpHandler(...)`) is no options
    // object: the catalogue reads what it configures (transport-timeout.ts). Anything else is read
    // as a spread of it would be: `config: this.generationConfig`, with the values its class gives
    // the member, or `config: fast ? quick : full`.
    const found = inner
      ? consider(readSpreadPath(inner, path.slice(1), reader, depth + 1))
      : isConstruction(headValue, reader)
        ? undefined
        : consider(readSpread(value, head, path.slice(1), reader, depth + 1));
    if (found) return found;
  }
  for (const property of [...object.properties].reverse()) {
    if (!ts.isSpreadAssignment(property)) continue;
    const found = consider(readSpread(property.expression, property, path, reader, depth));
    if (found) return found;
  }
  return unresolved;
}

/**
 * The option in what a spread brings in: the first object literal that sets it, else `node`
 * unresolved when a part the audit cannot read may set it.
 */
function readSpread(
  expression: ts.Expression,
  node: ts.Node,
  path: readonly string[],
  reader: SpreadReader | undefined,
  depth: number,
): Found | undefined {
  const { objects, opaque, fromCallers, omitted } = spreadObjects(expression, reader);
  let unresolved: Found | undefined;
  let found: Found | undefined;
  let unset = omitted === true;
  for (const spread of objects) {
    const at = readSpreadPath(spread, path, reader, depth + 1);
    if (!at || at.unresolved) {
      unresolved ??= at;
      unset ||= !at;
      continue;
    }
    // Two objects that set it differently (`fast ? { timeout: 5_000 } : { timeout: 60_000 }`):
    // which one holds depends on the path the code takes.
    if (found && valueText(found) !== valueText(at)) return { node, unresolved: true };
    found ??= at;
  }
  // One caller's options set it and another's do not (`fetchVia(url, { signal })` and
  // `fetchVia(url, {})`): which holds depends on the caller. (Code that sets it only when it has a
  // value, `...(limit ? { max_tokens: limit } : {})`, keeps it set.)
  if (found && unset && fromCallers) return { node, unresolved: true };
  if (found) return found;
  if (opaque.some((part) => mayHold(part, path, reader))) return { node, unresolved: true };
  return unresolved;
}

function valueText(found: Found): string {
  return (found.value ?? found.node).getText();
}

/**
 * Whether a value the audit cannot read may hold the option at `path`: always without a checker or
 * when its type is not known (`any`, a type parameter, an index signature of anything but strings);
 * not when every object type it may have lacks a property on the path (`{ ...prompt }` with
 * `prompt: { model; messages }`).
 */
function mayHold(expression: ts.Expression, path: readonly string[], reader: SpreadReader | undefined): boolean {
  if (!reader) return true;
  const { checker } = reader;
  const holds = (type: ts.Type, index: number): boolean => {
    if (index >= path.length) return true;
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter | ts.TypeFlags.NonPrimitive))
      return true;
    if (type.isUnion() || type.isIntersection()) return type.types.some((part) => holds(part, index));
    // `cond && options` brings in `false`/`undefined` too: those set nothing.
    if (!(type.flags & ts.TypeFlags.Object)) return false;
    const property = checker.getPropertyOfType(type, path[index]);
    const indexes = checker.getIndexInfosOfType(type);
    // `{ [key: string]: string }` (extra payload fields, headers): the options read as unknown
    // take numbers, signals or callbacks, which a record of strings never holds.
    if (!property && indexes.length > 0)
      return indexes.some((info) => index < path.length - 1 || !(info.type.flags & ts.TypeFlags.StringLike));
    if (!property) return false;
    return holds(checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, expression)), index + 1);
  };
  return holds(checker.getTypeAtLocation(expression), 0);
}

/**
 * The object literals a spread may bring in (`...base`, `...(on && { k })`, `...(on ? a : b)`),
 * and the expressions among them the audit cannot read as one (`...request`, `...build()`).
 */
function spreadObjects(expression: ts.Expression, reader: SpreadReader | undefined): SpreadParts {
  let node = expression;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  const both = (left: ts.Expression, right: ts.Expression) =>
    joinParts([spreadObjects(left, reader), spreadObjects(right, reader)]);
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return spreadObjects(node.right, reader);
    if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken)
      return both(node.left, node.right);
  }
  if (ts.isConditionalExpression(node)) return both(node.whenTrue, node.whenFalse);
  const literal = literalOf(node, reader);
  if (literal) return { objects: [literal], opaque: [] };
  return (
    (ts.isIdentifier(node) && reader && valuesOf(node, reader)) ||
    (ts.isPropertyAccessExpression(node) && reader && memberValuesOf(node, reader)) || {
      objects: [],
      opaque: [node],
    }
  );
}

/**
 * What `this.options` may hold when its class says (`protected options = { maxRetries: 1 }`, and
 * each `this.options = ...` in the class): read like a variable's values.
 */
function memberValuesOf(node: ts.PropertyAccessExpression, reader: SpreadReader): SpreadParts | undefined {
  const values = thisMemberValues(node, reader.checker);
  const declaration = values && declarationOf(node.name, reader.checker);
  if (!values?.length || !declaration || following.has(declaration)) return undefined;
  following.add(declaration);
  try {
    return joinParts(values.map((value) => spreadObjects(value, reader)));
  } finally {
    following.delete(declaration);
  }
}

/** `new X(...)`, in place or the initialiser of the variable named. */
function isConstruction(expression: ts.Expression, reader: SpreadReader | undefined): boolean {
  const node = unwrapExpression(expression);
  if (ts.isNewExpression(node)) return true;
  const declaration = ts.isIdentifier(node) ? declarationOf(node, reader?.checker) : undefined;
  return (
    !!declaration &&
    ts.isVariableDeclaration(declaration) &&
    !!declaration.initializer &&
    ts.isNewExpression(unwrapExpression(declaration.initializer))
  );
}

/** The object literal an expression is, or a local variable (or, with a checker, any variable) holds. */
function literalOf(
  expression: ts.Expression,
  reader: SpreadReader | undefined,
): ts.ObjectLiteralExpression | undefined {
  const node = unwrapExpression(expression);
  return (ts.isIdentifier(node) ? localObjectLiteral(node) : undefined) ?? resolveObjectLiteral(node, reader?.checker);
}

interface SpreadParts {
  objects: ts.ObjectLiteralExpression[];
  opaque: ts.Expression[];
  /** Some of the objects are what different callers pass a parameter. */
  fromCallers?: true;
  /** A caller passes the parameter nothing: it sets no option. */
  omitted?: boolean;
}

function joinParts(parts: readonly SpreadParts[]): SpreadParts {
  const joined = {
    objects: parts.flatMap((part) => part.objects),
    opaque: parts.flatMap((part) => part.opaque),
    omitted: parts.some((part) => part.omitted),
  };
  return parts.some((part) => part.fromCallers) ? { ...joined, fromCallers: true } : joined;
}

/** The variables whose values are being read (see `valuesOf`). */
const following = new Set<ts.Node>();

/**
 * What a variable or parameter may hold, when the code says: each object a variable is given
 * (`let auth; if (key) auth = { ... } else auth = { ... }`, `const options = signal ? { ...base,
 * signal } : base`; what no code says, a call's result, stays for the types), or what every caller gives the
 * parameter (`createClient({ apiKey })` for `createClient(options)` spreading `...options`; a caller
 * that gives nothing spreads nothing). Undefined when it is not known where the value comes from.
 */
function valuesOf(identifier: ts.Identifier, reader: SpreadReader): SpreadParts | undefined {
  const declaration = declarationOf(identifier, reader.checker);
  if (!declaration) return undefined;
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
    const values = [
      ...(declaration.initializer ? [declaration.initializer] : []),
      ...assignedValues(declaration, declaration.name.text),
    ];
    // A value made from the variable itself (`x = x ? { ...x, k } : x`) is not known.
    if (values.length === 0 || following.has(declaration)) return undefined;
    // Each value as a spread of it would be read: `on ? { ...base, signal } : base` brings in both
    // objects; only what no code says (a call's result, a parameter) is left to the types.
    following.add(declaration);
    try {
      return joinParts(values.map((value) => spreadObjects(value, reader)));
    } finally {
      following.delete(declaration);
    }
  }
  if (!ts.isParameter(declaration) || !ts.isIdentifier(declaration.name) || declaration.dotDotDotToken)
    return undefined;
  const fn = declaration.parent;
  if (!reader.callersOf || !isFunctionLike(fn)) return undefined;
  const callers = reader.callersOf(fn);
  if (callers.length === 0) return undefined;
  const index = fn.parameters.indexOf(declaration);
  const parts = joinParts(
    callers.map((caller) => {
      const argument = caller.arguments[index];
      const initial = declaration.initializer && resolveObjectLiteral(declaration.initializer, reader.checker);
      // A caller that passes nothing gives the default, or sets nothing.
      if (!argument && initial) return { objects: [initial], opaque: [] };
      if (!argument)
        return { objects: [], opaque: declaration.initializer ? [declaration.initializer] : [], omitted: true };
      const object = resolveObjectLiteral(argument, reader.checker);
      return object ? { objects: [object], opaque: [] } : { objects: [], opaque: [argument] };
    }),
  );
  return callers.length > 1 ? { ...parts, fromCallers: true } : parts;
}

/**
 * The object literal a local variable is declared with, found by scope (options are read without
 * a checker): the nearest enclosing block or file that declares the name in one of its statements.
 */
function localObjectLiteral(identifier: ts.Identifier): ts.ObjectLiteralExpression | undefined {
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const declaration = statement.declarationList.declarations.find(
        (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === identifier.text,
      );
      if (declaration) return resolveObjectLiteral(declaration.initializer);
    }
  }
  return undefined;
}

/**
 * `const params = { ... }; params.maxRetries = props.maxRetries;`: the last assignment of the
 * option's first key to the variable the literal initialises, in the statements of its block.
 */
function assignedLater(
  object: ts.ObjectLiteralExpression,
  path: readonly string[],
): { node: ts.Node; value: ts.Expression } | undefined {
  const declaration = object.parent;
  if (path.length !== 1 || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name))
    return undefined;
  const statement = declaration.parent.parent;
  const block = statement.parent;
  if (!ts.isVariableStatement(statement) || !(ts.isBlock(block) || ts.isSourceFile(block))) return undefined;
  const name = declaration.name.text;
  let found: { node: ts.Node; value: ts.Expression } | undefined;
  for (const later of block.statements.slice(block.statements.indexOf(statement) + 1)) {
    if (!ts.isExpressionStatement(later)) continue;
    const assignment = later.expression;
    if (
      ts.isBinaryExpression(assignment) &&
      assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(assignment.left) &&
      ts.isIdentifier(assignment.left.expression) &&
      assignment.left.expression.text === name &&
      assignment.left.name.text === path[0]
    )
      found = { node: assignment, value: assignment.right };
  }
  return found;
}
