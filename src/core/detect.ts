import { ts } from 'ts-morph';
import { assignedValues, declarationOf, isFunctionLike, readPath, resolveObjectLiteral, unwrapExpression } from './ast';
import { HTTP } from './catalog/http';
import type { OperationShape, SdkCatalogEntry } from './catalog/types';
import { type ClientOrigin, type ClientTracer, typeExtends } from './client-origin';
import { type CallersOf, type Carriers, HttpRecognizer } from './detect-http';
import { fileIndexOf } from './file-index';
import { importsOf, packageOfFile } from './imports';
import { standsInForModelCalls } from './peer-implementations';
import type { SdkVersion } from './types';

/** A model call found in the syntax tree, with what the facets need to read around it. */
export interface DetectedCall {
  node: ts.CallExpression;
  entry: SdkCatalogEntry;
  shape: OperationShape;
  origin?: ClientOrigin;
  recognisedBy: 'type' | 'syntax';
  /** The call's main options object (`create(params)`, `generateText(options)`, a command's input, fetch init). */
  params?: ts.ObjectLiteralExpression;
  /** The per-request options object (may be the same object as params). */
  request?: ts.ObjectLiteralExpression;
  /** The argument where request options go, even when it is absent (for fixes). */
  requestArgIndex: number;
  streaming: boolean;
  /** The installed version of the SDK's package (set by the analyser; fixes write its option names). */
  sdkVersion?: SdkVersion;
  /** A fetch shim's request: the calls of the shim that carry a model request (its only wrapper sites). */
  carriers?: Carriers;
  /** A request to an API the catalogue does not know, recognised by its peers (see `HttpModelCall`). */
  apiUnknown?: true;
}

interface ShapeIndex {
  /** Last member name → method operations ending with it. */
  methods: Map<string, { entry: SdkCatalogEntry; shape: OperationShape }[]>;
  /** Function name → function operations. */
  functions: Map<string, { entry: SdkCatalogEntry; shape: OperationShape }[]>;
  commands: Map<string, { entry: SdkCatalogEntry; shape: OperationShape }>;
}

const shapeIndexes = new WeakMap<readonly SdkCatalogEntry[], ShapeIndex>();

function shapes(catalog: readonly SdkCatalogEntry[]): ShapeIndex {
  const cached = shapeIndexes.get(catalog);
  if (cached) return cached;
  const index: ShapeIndex = { methods: new Map(), functions: new Map(), commands: new Map() };
  for (const entry of catalog) {
    for (const shape of entry.operations) {
      const item = { entry, shape };
      if (shape.kind === 'method') push(index.methods, shape.path[shape.path.length - 1], item);
      else if (shape.kind === 'function') push(index.functions, shape.path[shape.path.length - 1] ?? shape.name, item);
      else if (shape.kind === 'command') index.commands.set(shape.name, item);
    }
  }
  shapeIndexes.set(catalog, index);
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Finds the model calls of one file. The checker is asked only at call shapes that could be model
 * calls (the last member name or function name is in the catalogue): asking it about every call
 * costs more than the rest of the analysis.
 */
export function detectCalls(
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker,
  tracer: ClientTracer,
  callersOf?: CallersOf,
  /** Told when detection read another file's code beyond what the file imports (its peers'). */
  readOtherFile?: () => void,
): DetectedCall[] {
  const found: DetectedCall[] = [];
  const index = shapes(tracer.catalog);
  const methodsNamed = (name: string): readonly ts.MethodDeclaration[] => tracer.methodsNamed(name);
  // Peers are judged by what the catalogue and the URL alone say of their calls, never by their
  // own peers: a peer's unreadable request is no model call for this one.
  const direct = new HttpRecognizer(checker, callersOf, methodsNamed);
  const peerCalls = new Map<ts.CallExpression, boolean>();
  const callsModel = (call: ts.CallExpression): boolean => {
    let known = peerCalls.get(call);
    if (known === undefined)
      peerCalls.set(call, (known = !!detectCall(call, index, checker, tracer, direct, callersOf)));
    return known;
  };
  const http = new HttpRecognizer(checker, callersOf, methodsNamed, (request) =>
    standsInForModelCalls(request, checker, methodsNamed, callsModel, readOtherFile),
  );
  // The caller search indexes every file's calls anyway (file-index.ts): one walk serves both.
  for (const node of fileIndexOf(sourceFile).allCalls) {
    const detected = detectCall(node, index, checker, tracer, http, callersOf);
    if (detected) found.push(detected);
  }
  return found;
}

function detectCall(
  node: ts.CallExpression,
  index: ShapeIndex,
  checker: ts.TypeChecker,
  tracer: ClientTracer,
  httpRecognizer: HttpRecognizer,
  callersOf: CallersOf | undefined,
): DetectedCall | undefined {
  const callee = unwrapExpression(node.expression);
  const http = httpRecognizer.recognise(node) ?? httpRecognizer.recogniseWebSocketSend(node);
  if (http) {
    // An axios instance's config (`timeout`) is read like an SDK client's options.
    const origin: ClientOrigin | undefined = http.instance && {
      entry: HTTP,
      constructedBy: 'axios.create',
      options: resolveObjectLiteral(http.instance.arguments[0], checker),
      construction: http.instance,
      wrappers: [],
      recognisedBy: 'syntax',
    };
    const call = build(node, HTTP, http.shape, 'syntax', origin, checker, http.body);
    if (http.carriers) call.carriers = http.carriers;
    if (http.apiUnknown) call.apiUnknown = true;
    return call;
  }
  if (ts.isIdentifier(callee)) {
    // `import { generateText as generate } from 'ai'`: the imported name is the operation's.
    const imported = importsOf(callee.getSourceFile()).get(callee.text)?.imported;
    const candidates = (imported && index.functions.get(imported)) || index.functions.get(callee.text);
    return detectFunction(node, callee, candidates, checker, tracer);
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  if (name === 'send') {
    const command = detectCommand(node, callee, index, checker, tracer, callersOf);
    if (command) return command;
  }
  // `ai.generateText(...)` on a namespace import, or `this.llm.generateText(...)` on a member set
  // to the SDK's function.
  const functions = index.functions.get(name);
  if (functions) {
    const namespaced = detectFunction(node, callee, functions, checker, tracer);
    if (namespaced) return namespaced;
  }
  const methods = index.methods.get(name);
  return methods ? detectMethod(node, callee, methods, checker, tracer) : undefined;
}

function detectFunction(
  node: ts.CallExpression,
  callee: ts.Expression,
  candidates: { entry: SdkCatalogEntry; shape: OperationShape }[] | undefined,
  checker: ts.TypeChecker,
  tracer: ClientTracer,
): DetectedCall | undefined {
  if (!candidates) return undefined;
  const symbol = tracer.sdkSymbol(callee);
  if (!symbol) return undefined;
  // The name the module exports it under counts too: the typings may declare `transcribe` and export
  // it as `experimental_transcribe`.
  const exported = ts.isIdentifier(callee) ? importsOf(callee.getSourceFile()).get(callee.text)?.imported : undefined;
  const match = candidates.find(
    (candidate) =>
      candidate.entry === symbol.entry &&
      (functionName(candidate.shape) === symbol.name || functionName(candidate.shape) === exported),
  );
  if (!match) return undefined;
  const detected = build(node, match.entry, match.shape, symbol.recognisedBy, undefined, checker);
  // The Vercel AI SDK takes its model object in the options: `model: openai('gpt-4o')`.
  const model = readPath(detected.params, ['model'])?.value;
  if (model) detected.origin = tracer.trace(model);
  return detected;
}

function functionName(shape: OperationShape): string {
  return shape.path[shape.path.length - 1] ?? shape.name;
}

function detectMethod(
  node: ts.CallExpression,
  callee: ts.PropertyAccessExpression,
  candidates: { entry: SdkCatalogEntry; shape: OperationShape }[],
  checker: ts.TypeChecker,
  tracer: ClientTracer,
): DetectedCall | undefined {
  const declaredIn = tracer.sdkTypes ? declaredPackage(callee.name, checker) : undefined;
  for (const { entry, shape } of candidates) {
    const direct = receiverFor(callee, shape.path);
    const receiver = direct ?? heldMemberReceiver(callee, shape.path, entry, tracer);
    if (!receiver) continue;
    const origin = tracer.trace(receiver);
    // A member read off the client is not the client: the `call` of `store.search`, of a store built
    // on a model, is Function.prototype.call. (A held member, `ai.models`, is matched just above.)
    if (direct && origin?.members?.length) continue;
    if (origin && origin.entry === entry) {
      const recognisedBy = declaredIn && sdkOwns(entry, declaredIn) ? 'type' : origin.recognisedBy;
      return build(node, entry, shape, recognisedBy, origin, checker);
    }
    if (!origin && declaredIn && sdkOwns(entry, declaredIn)) {
      // LangChain's `invoke` belongs to every Runnable: only a model type's is a model call.
      if (entry.modelTypes && !hasModelType(receiver, entry.modelTypes, checker)) continue;
      return build(node, entry, shape, 'type', undefined, checker);
    }
  }
  return undefined;
}

/**
 * The receiver of an operation whose path starts at a member of the client held apart from it:
 * `generator.generateContent()` where `generator` is `ai.models` (assigned, or given to a
 * constructor). The members read off the client and the callee's names make up the whole path.
 */
function heldMemberReceiver(
  callee: ts.PropertyAccessExpression,
  path: readonly string[],
  entry: SdkCatalogEntry,
  tracer: ClientTracer,
): ts.Expression | undefined {
  for (let split = path.length - 1; split > 0; split--) {
    const receiver = receiverFor(callee, path.slice(split));
    if (!receiver) continue;
    const origin = tracer.trace(receiver);
    if (origin?.entry === entry && origin.members?.join('.') === path.slice(0, split).join('.')) return receiver;
  }
  return undefined;
}

/** Strips the operation path off the callee: `client.chat.completions.create` → `client`. */
function receiverFor(callee: ts.PropertyAccessExpression, path: readonly string[]): ts.Expression | undefined {
  let current: ts.Expression = callee;
  for (let index = path.length - 1; index >= 0; index--) {
    const expression = unwrapExpression(current);
    if (!ts.isPropertyAccessExpression(expression) || expression.name.text !== path[index]) return undefined;
    current = expression.expression;
  }
  return current;
}

function detectCommand(
  node: ts.CallExpression,
  callee: ts.PropertyAccessExpression,
  index: ShapeIndex,
  checker: ts.TypeChecker,
  tracer: ClientTracer,
  callersOf: CallersOf | undefined,
): DetectedCall | undefined {
  const command = commandOf(node.arguments[0], checker, callersOf);
  if (!command) return undefined;
  const symbol = tracer.sdkSymbol(command.className);
  const match = symbol ? index.commands.get(symbol.name) : undefined;
  if (!symbol || !match || match.entry !== symbol.entry) return undefined;
  const origin = tracer.trace(callee.expression);
  const detected = build(node, match.entry, match.shape, symbol.recognisedBy, origin, checker);
  detected.params = command.construction
    ? resolveObjectLiteral(command.construction.arguments?.[0], checker)
    : undefined;
  detected.streaming = match.shape.streaming === true;
  return detected;
}

/**
 * What a `send` argument is built from: `new ConverseCommand(input)` written in place or held in a
 * variable (its initialiser or a later assignment), passed by the callers for a parameter, or a
 * parameter or variable typed with the command class (`(command: ConverseStreamCommand) => ...`).
 */
function commandOf(
  argument: ts.Expression | undefined,
  checker: ts.TypeChecker,
  callersOf: CallersOf | undefined,
  depth = 0,
): { className: ts.Expression; construction?: ts.NewExpression } | undefined {
  if (!argument || depth > 2) return undefined;
  const expression = unwrapExpression(argument);
  if (ts.isNewExpression(expression)) return { className: expression.expression, construction: expression };
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = declarationOf(expression, checker);
  if (!declaration || !(ts.isVariableDeclaration(declaration) || ts.isParameter(declaration))) return undefined;
  const values = declaration.initializer ? [declaration.initializer] : [];
  if (ts.isVariableDeclaration(declaration)) values.push(...assignedValues(declaration, expression.text));
  for (const value of values) {
    const inner = unwrapExpression(value);
    if (ts.isNewExpression(inner)) return { className: inner.expression, construction: inner };
  }
  if (ts.isParameter(declaration) && callersOf && isFunctionLike(declaration.parent)) {
    const index = declaration.parent.parameters.indexOf(declaration);
    for (const call of callersOf(declaration.parent)) {
      const passed = commandOf(call.arguments[index], checker, callersOf, depth + 1);
      if (passed?.construction) return passed;
    }
  }
  const type = declaration.type;
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return { className: type.typeName };
  return undefined;
}

function build(
  node: ts.CallExpression,
  entry: SdkCatalogEntry,
  shape: OperationShape,
  recognisedBy: 'type' | 'syntax',
  origin: ClientOrigin | undefined,
  checker: ts.TypeChecker,
  payload?: ts.ObjectLiteralExpression,
): DetectedCall {
  const args = node.arguments;
  const paramsArg = shape.paramsArg ?? 0;
  const requestArg = shape.requestArg ?? paramsArg;
  let params = resolveObjectLiteral(args[paramsArg], checker);
  const request = requestArg === paramsArg ? params : resolveObjectLiteral(args[requestArg], checker);
  // Raw HTTP: the JSON payload (`fetch(url, { body: JSON.stringify({ model, max_tokens }) })`) is
  // what the options describe.
  if (shape.kind === 'http') params = payload;
  let streaming = shape.streaming === true;
  if (shape.streaming === 'option') {
    const stream = readPath(params, shape.streamOption ?? ['stream']);
    streaming = !!stream?.value && unwrapExpression(stream.value).kind === ts.SyntaxKind.TrueKeyword;
  }
  return { node, entry, shape, origin, recognisedBy, params, request, requestArgIndex: requestArg, streaming };
}

function declaredPackage(name: ts.Node, checker: ts.TypeChecker): string | undefined {
  const declaration = declarationOf(name, checker);
  return declaration ? packageOfFile(declaration.getSourceFile().fileName) : undefined;
}

function sdkOwns(entry: SdkCatalogEntry, pkg: string): boolean {
  return entry.packages.includes(pkg) || !!entry.packagePrefixes?.some((prefix) => pkg.startsWith(prefix));
}

/** The receiver's type is, extends or is an alias of one of the SDK's model types. */
function hasModelType(receiver: ts.Expression, modelTypes: readonly string[], checker: ts.TypeChecker): boolean {
  let type: ts.Type;
  try {
    type = checker.getTypeAtLocation(receiver);
  } catch {
    return false;
  }
  const alias = type.aliasSymbol?.getName();
  if (alias && modelTypes.includes(alias)) return true;
  return modelTypes.some((base) => typeExtends(type, base, checker));
}
