import { ts } from 'ts-morph';
import {
  constInitializer,
  declarationOf,
  readPath,
  resolveObjectLiteral,
  unwrapExpression,
  unwrapJsonStringify,
  walk,
} from './ast';
import { CATALOG } from './catalog/index';
import type { OperationShape, SdkCatalogEntry } from './catalog/types';
import { type ClientOrigin, type ClientTracer, typeExtends } from './client-origin';
import { importsOf, packageOfFile } from './imports';
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
}

interface ShapeIndex {
  /** Last member name → method operations ending with it. */
  methods: Map<string, { entry: SdkCatalogEntry; shape: OperationShape }[]>;
  /** Function name → function operations. */
  functions: Map<string, { entry: SdkCatalogEntry; shape: OperationShape }[]>;
  commands: Map<string, { entry: SdkCatalogEntry; shape: OperationShape }>;
  http: { entry: SdkCatalogEntry; shape: OperationShape }[];
}

let shapeIndex: ShapeIndex | undefined;

function shapes(): ShapeIndex {
  if (shapeIndex) return shapeIndex;
  const index: ShapeIndex = { methods: new Map(), functions: new Map(), commands: new Map(), http: [] };
  for (const entry of CATALOG) {
    for (const shape of entry.operations) {
      const item = { entry, shape };
      if (shape.kind === 'method') push(index.methods, shape.path[shape.path.length - 1], item);
      else if (shape.kind === 'function') push(index.functions, shape.path[shape.path.length - 1] ?? shape.name, item);
      else if (shape.kind === 'command') index.commands.set(shape.name, item);
      else index.http.push(item);
    }
  }
  shapeIndex = index;
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const LANGCHAIN_MODEL_BASES = ['BaseLanguageModel', 'BaseChatModel', 'BaseLLM', 'Embeddings'];

/**
 * Finds the model calls of one file. The checker is asked only at call shapes that could be model
 * calls (the last member name or function name is in the catalogue): asking it about every call
 * costs more than the rest of the analysis.
 */
export function detectCalls(sourceFile: ts.SourceFile, checker: ts.TypeChecker, tracer: ClientTracer): DetectedCall[] {
  const found: DetectedCall[] = [];
  const index = shapes();
  walk(sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return;
    const detected = detectCall(node, index, checker, tracer);
    if (detected) found.push(detected);
  });
  return found;
}

function detectCall(
  node: ts.CallExpression,
  index: ShapeIndex,
  checker: ts.TypeChecker,
  tracer: ClientTracer,
): DetectedCall | undefined {
  const callee = unwrapExpression(node.expression);
  const http = detectHttp(node, callee, index, checker);
  if (http) return http;
  if (ts.isIdentifier(callee)) return detectFunction(node, callee, index.functions.get(callee.text), checker, tracer);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  if (name === 'send') {
    const command = detectCommand(node, callee, index, checker, tracer);
    if (command) return command;
  }
  const functions = index.functions.get(name);
  if (functions && ts.isIdentifier(callee.expression)) {
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
  const match = candidates.find(
    (candidate) => candidate.entry === symbol.entry && functionName(candidate.shape) === symbol.name,
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
    const receiver = receiverFor(callee, shape.path);
    if (!receiver) continue;
    const origin = tracer.trace(receiver);
    if (origin && origin.entry === entry) {
      const recognisedBy = declaredIn && sdkOwns(entry, declaredIn) ? 'type' : origin.recognisedBy;
      return build(node, entry, shape, recognisedBy, origin, checker);
    }
    if (!origin && declaredIn && sdkOwns(entry, declaredIn)) {
      // LangChain's `invoke` belongs to every Runnable: only a language model's is a model call.
      if (entry.id === 'langchain' && !isLanguageModel(receiver, checker)) continue;
      return build(node, entry, shape, 'type', undefined, checker);
    }
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
): DetectedCall | undefined {
  const first = node.arguments[0];
  if (!first) return undefined;
  let command = unwrapExpression(first);
  if (ts.isIdentifier(command)) {
    const declaration = declarationOf(command, checker);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer)
      command = unwrapExpression(declaration.initializer);
  }
  if (!ts.isNewExpression(command)) return undefined;
  const symbol = tracer.sdkSymbol(command.expression);
  const match = symbol ? index.commands.get(symbol.name) : undefined;
  if (!symbol || !match || match.entry !== symbol.entry) return undefined;
  const origin = tracer.trace(callee.expression);
  const detected = build(node, match.entry, match.shape, symbol.recognisedBy, origin, checker);
  detected.params = resolveObjectLiteral(command.arguments?.[0], checker);
  detected.streaming = match.shape.streaming === true;
  return detected;
}

function detectHttp(
  node: ts.CallExpression,
  callee: ts.Expression,
  index: ShapeIndex,
  checker: ts.TypeChecker,
): DetectedCall | undefined {
  if (index.http.length === 0) return undefined;
  const calleeText = httpCalleeName(callee, node.getSourceFile());
  if (!calleeText) return undefined;
  const match = index.http.find((item) => item.shape.name === calleeText);
  if (!match) return undefined;
  const url = urlText(node.arguments[0], checker);
  if (!url || !match.entry.urlPatterns?.some((pattern) => pattern.test(url))) return undefined;
  return build(node, match.entry, match.shape, 'syntax', undefined, checker);
}

/** `fetch` (global or from a fetch package), `axios.post`, `axios`. */
function httpCalleeName(callee: ts.Expression, sourceFile: ts.SourceFile): string | undefined {
  if (ts.isIdentifier(callee)) {
    const imported = importsOf(sourceFile).get(callee.text);
    if (!imported) return callee.text;
    return imported.module === 'axios'
      ? 'axios'
      : ['default', '*', 'require'].includes(imported.imported)
        ? callee.text
        : imported.imported;
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const imported = importsOf(sourceFile).get(callee.expression.text);
    const base = imported?.module === 'axios' ? 'axios' : callee.expression.text;
    return `${base}.${callee.name.text}`;
  }
  return undefined;
}

/** The literal parts of a URL argument, enough to match a host. */
function urlText(argument: ts.Expression | undefined, checker: ts.TypeChecker, depth = 0): string | undefined {
  if (!argument || depth > 4) return undefined;
  const expression = unwrapExpression(argument);
  if (ts.isStringLiteralLike(expression)) return expression.text;
  if (ts.isTemplateExpression(expression)) {
    return (
      expression.head.text +
      expression.templateSpans
        .map((span) => `${urlText(span.expression, checker, depth + 1) ?? '*'}${span.literal.text}`)
        .join('')
    );
  }
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return `${urlText(expression.left, checker, depth + 1) ?? '*'}${urlText(expression.right, checker, depth + 1) ?? '*'}`;
  }
  if (ts.isNewExpression(expression) && expression.expression.getText() === 'URL') {
    const [path, base] = expression.arguments ?? [];
    return `${urlText(base, checker, depth + 1) ?? ''}${urlText(path, checker, depth + 1) ?? ''}`;
  }
  if (ts.isIdentifier(expression)) {
    const initializer = constInitializer(expression, checker);
    return initializer ? urlText(initializer, checker, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(expression)) {
    const declaration = declarationOf(expression.name, checker);
    if (
      declaration &&
      (ts.isPropertyAssignment(declaration) || ts.isPropertyDeclaration(declaration)) &&
      declaration.initializer
    ) {
      return urlText(declaration.initializer, checker, depth + 1);
    }
  }
  return undefined;
}

function build(
  node: ts.CallExpression,
  entry: SdkCatalogEntry,
  shape: OperationShape,
  recognisedBy: 'type' | 'syntax',
  origin: ClientOrigin | undefined,
  checker: ts.TypeChecker,
): DetectedCall {
  const args = node.arguments;
  const paramsArg = shape.paramsArg ?? 0;
  const requestArg = shape.requestArg ?? paramsArg;
  let params = resolveObjectLiteral(args[paramsArg], checker);
  const request = requestArg === paramsArg ? params : resolveObjectLiteral(args[requestArg], checker);
  // fetch(url, { body: JSON.stringify({ model, max_tokens }) }): the payload is what the options describe.
  if (shape.kind === 'http' && shape.name === 'fetch') {
    const body = readPath(params, ['body'])?.value;
    params = body ? resolveObjectLiteral(unwrapJsonStringify(body), checker) : undefined;
  }
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

function isLanguageModel(receiver: ts.Expression, checker: ts.TypeChecker): boolean {
  let type: ts.Type;
  try {
    type = checker.getTypeAtLocation(receiver);
  } catch {
    return false;
  }
  return LANGCHAIN_MODEL_BASES.some((base) => typeExtends(type, base, checker));
}
