import { ts } from 'ts-morph';
import {
  declarationOf,
  functionOf,
  isFunctionLike,
  madeFunctionOf,
  propertyName,
  payloadLiteral,
  resolveObjectLiteral,
  stringifiedFrom,
  thisMemberValues,
  unwrapExpression,
  unwrapJsonStringify,
  variableValues,
  walk,
} from './ast';
import { fromClientModule, HTTP, HTTP_CLIENTS, MODEL_HTTP, REQUEST_CLIENTS } from './catalog/http';
import type { OperationShape } from './catalog/types';
import { memberUrlValues, UNKNOWN, type UrlReader, urlParameters, urlValues } from './http-url';
import { importsOf } from './imports';
import { type MemberReading, memberValues, type MethodsNamed, objectLiterals } from './object-members';

/** Finds the callers of a workspace function (the analyser's `CallerIndex`). */
export type CallersOf = (fn: ts.FunctionLikeDeclaration) => readonly ts.CallExpression[];

/** An HTTP client call that carries a model request. */
export interface HttpModelCall {
  shape: OperationShape;
  /** The payload object, when it can be read. */
  body?: ts.ObjectLiteralExpression;
  /** `axios.create(config)`: the instance's construction, whose config holds defaults (`timeout`). */
  instance?: ts.CallExpression;
  /**
   * A fetch shim's own request, a model call because of what some of its callers pass: the calls
   * of the shim (and of the functions that hand it their URL) that send a model request, each with
   * the function it calls. Only these are its wrapper sites: a generic HTTP helper's other callers
   * (telemetry, downloads, a model list) are not model calls.
   */
  carriers?: Carriers;
  /**
   * Recognised by where it is sent from (a provider class among others that call SDKs), not by its
   * URL or payload: the API is one the catalogue does not know, so its options cannot be named.
   */
  apiUnknown?: true;
}

/** Calls that carry a model request into a fetch shim, each with the function it calls. */
export type Carriers = ReadonlyMap<ts.CallExpression, ts.FunctionLikeDeclaration>;

/** What the callers of a fetch shim pass it. */
interface ShimCallers {
  /** Calls that carry a model request (a model URL or payload), through any number of shims. */
  models: number;
  /** Those calls, and the calls whose payload has a prompt in it (`{ ...options, messages }`). */
  carriers: Carriers;
}

const NO_CALLERS: ShimCallers = { models: 0, carriers: new Map() };

/** Enough to find a request option through a few spreads and variables. */
const MAX_MEMBER_STEPS = 200;

/** How deep a fetch shim's URL parameter is followed up through its callers. */
const MAX_SHIM_DEPTH = 3;

/**
 * Recognises raw HTTP model calls: the callee is an HTTP client (fetch, axios and its instances,
 * ky, got, undici, an SSE client, a fetch-compatible function) and the URL, payload or headers say
 * it is a model request. A fetch shim's own call (`fetch(url, init)` inside the workspace's
 * `fetch(url, init)` method) is one when a caller of the shim passes a model URL or payload.
 */
export class HttpRecognizer {
  private readonly shimCache = new Map<ts.Expression, Map<string | undefined, ShimCallers>>();
  /** Made functions whose requests are being looked for: a shim that calls itself ends there. */
  private readonly inspecting = new Set<ts.FunctionLikeDeclaration>();

  /** How URLs are read: through the overrides a method call may run, where the methods are known. */
  private readonly urlReader: UrlReader;

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly callersOf?: CallersOf,
    methodsNamed?: MethodsNamed,
    /**
     * Whether a request the URL and payload do not tell about is sent where its peers make model
     * calls (see `standsInForModelCalls`): asked last, it reads other classes' code.
     */
    private readonly amongModelCalls?: (request: ts.CallExpression) => boolean,
  ) {
    this.urlReader = { checker, methodsNamed };
  }

  recognise(node: ts.CallExpression): HttpModelCall | undefined {
    const client = this.clientOf(unwrapExpression(node.expression));
    if (!client) return undefined;
    const shape = HTTP.operations.find((operation) => operation.name === client.operation);
    if (!shape) return undefined;
    const request = this.requestOf(node, shape, client.instance?.baseUrls);
    const reaches = (patterns: readonly RegExp[]): boolean =>
      request.urls.some((url) => patterns.some((pattern) => pattern.test(url)));
    const output = reaches(MODEL_HTTP.embeddingEndpoints)
      ? ('embedding' as const)
      : reaches(MODEL_HTTP.moderationEndpoints)
        ? ('moderation' as const)
        : reaches(MODEL_HTTP.imageEndpoints)
          ? ('image' as const)
          : undefined;
    const found = {
      shape: output ? { ...shape, output } : shape,
      body: request.body,
      instance: client.instance?.construction,
    };
    if (isModelRequest(request)) return found;
    if (request.urlArgument) {
      const callers = this.shimCallers(request.urlArgument, request.method, 0, undefined, request.bodyArgument);
      if (callers.models > 0) return { ...found, carriers: callers.carriers };
    }
    // A payload sent to a host the configuration decides (a provider's endpoint is; a fixed host
    // the catalogue does not know is more likely another service), from a provider class among
    // others that call SDKs: the request is that provider's model call.
    const sendsPayload = request.bodyArgument !== undefined && request.method !== 'get' && request.method !== 'delete';
    const configuredUrl = request.urls.some((url) => hostUnknown(url));
    return sendsPayload && configuredUrl && !isOtherRequest(request) && this.amongModelCalls?.(node)
      ? { ...found, apiUnknown: true }
      : undefined;
  }

  /** `ws.send(...)` on a websocket opened to a model endpoint. */
  recogniseWebSocketSend(node: ts.CallExpression): HttpModelCall | undefined {
    // The catalogue's websocket operation: its method (`send`) is the last part of its path.
    const shape = HTTP.operations.find((operation) => operation.websocket);
    const callee = unwrapExpression(node.expression);
    if (!shape || !ts.isPropertyAccessExpression(callee) || callee.name.text !== shape.path[shape.path.length - 1])
      return undefined;
    const urls = this.webSocketUrls(callee.expression, 0);
    if (!urls || !urls.some((url) => isModelUrl(url))) return undefined;
    return {
      shape,
      body: payloadLiteral(node.arguments[0], this.checker),
    };
  }

  private clientOf(
    callee: ts.Expression,
  ): { operation: string; instance?: { construction: ts.CallExpression; baseUrls: string[] } } | undefined {
    const sourceFile = callee.getSourceFile();
    if (ts.isIdentifier(callee)) {
      const imported = importsOf(sourceFile).get(callee.text);
      if (imported) {
        const exported = imported.imported === 'require' ? 'default' : imported.imported;
        const known = HTTP_CLIENTS.find(
          (client) => fromClientModule(client, imported.module) && client.export === exported && !client.member,
        );
        if (known) return { operation: known.operation };
      }
      return this.fetchLike(callee, callee.text);
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const member = callee.name.text;
      const receiver = unwrapExpression(callee.expression);
      if (ts.isIdentifier(receiver)) {
        const imported = importsOf(sourceFile).get(receiver.text);
        if (imported) {
          const exported = ['require', '*'].includes(imported.imported) ? 'default' : imported.imported;
          const known = HTTP_CLIENTS.find(
            (client) =>
              fromClientModule(client, imported.module) && client.export === exported && client.member === member,
          );
          if (known) return { operation: known.operation };
        }
      }
      // Only `post` and `request` of an axios instance carry a model request, and any other member
      // is a client only when named like fetch: the instance search (declarations, the class's
      // assignments) is asked about those alone, not about every method call of the workspace.
      if (member !== 'post' && member !== 'request' && !MODEL_HTTP.fetchLikeName.test(member)) return undefined;
      const instance = this.axiosInstance(receiver, 0);
      if (instance) {
        const operation = member === 'post' ? 'axios.post' : member === 'request' ? 'axios' : undefined;
        return operation ? { operation, instance } : undefined;
      }
      const requestClient = member === 'request' ? this.requestClient(receiver, 0) : undefined;
      if (requestClient) return { operation: requestClient };
      return this.fetchLike(callee.name, member);
    }
    // `makeFetch(options)(url, init)`: a fetch handed out by a factory.
    if (ts.isCallExpression(callee)) {
      const inner = unwrapExpression(callee.expression);
      const name = ts.isIdentifier(inner) ? inner.text : ts.isPropertyAccessExpression(inner) ? inner.name.text : '';
      if (MODEL_HTTP.fetchLikeName.test(name)) return { operation: 'fetch' };
    }
    return undefined;
  }

  /**
   * The global fetch, or a function named like fetch whose code the audit cannot read (from a
   * package, a configured value such as `const fetch = makeProxyFetch()`, a parameter). A workspace
   * function named like fetch is a shim: its own call inside is the model call, found when the
   * audit reaches it.
   */
  private fetchLike(name: ts.Node, text: string): { operation: string } | undefined {
    if (!MODEL_HTTP.fetchLikeName.test(text)) return undefined;
    if (ts.isIdentifier(name) && this.isFetchAtItsCalls(name)) return { operation: 'fetch' };
    const declaration = declarationOf(name, this.checker);
    const fn = declaration ? functionOf(declaration) : undefined;
    if (fn?.body && !fn.getSourceFile().isDeclarationFile) return undefined;
    // `const send = makeFetch(options)`: what a workspace factory gives back is a shim too, when
    // the request inside it is one the audit recognises (found at its own call, through this one).
    const made = declaration && madeFunctionOf(declaration, this.checker);
    if (made && this.sendsThroughClient(made)) return undefined;
    return { operation: 'fetch' };
  }

  /** Whether a function sends through an HTTP client the audit knows (the global fetch, axios...). */
  private sendsThroughClient(fn: ts.FunctionLikeDeclaration): boolean {
    if (this.inspecting.has(fn)) return false;
    this.inspecting.add(fn);
    let found = false;
    walk(fn.body!, (node) => {
      if (found) return false;
      if (ts.isCallExpression(node) && this.clientOf(unwrapExpression(node.expression))) found = true;
      return undefined;
    });
    this.inspecting.delete(fn);
    return found;
  }

  /**
   * Imported by a non-relative name (a library, a sibling package of a monorepo read from source,
   * a path alias): a drop-in fetch the app uses as its transport, whose own body is not the app's
   * request, is the request where it is called. One that takes an options object (`send({ url,
   * body })`) is no drop-in: its own fetch is the request, its calls wrapper sites.
   */
  private isFetchAtItsCalls(name: ts.Identifier): boolean {
    if (!isPackageImport(name)) return false;
    const declaration = declarationOf(name, this.checker);
    const fn = declaration ? functionOf(declaration) : undefined;
    return !fn?.body || fn.getSourceFile().isDeclarationFile || !takesOptionsObject(fn, this.checker);
  }

  /** An axios instance: `axios.create({ baseURL })`, held in a variable or a field, with its base URLs. */
  private axiosInstance(
    expression: ts.Expression,
    depth: number,
  ): { construction: ts.CallExpression; baseUrls: string[] } | undefined {
    if (depth > 4) return undefined;
    const node = unwrapExpression(expression);
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'create') return undefined;
      const root = unwrapExpression(callee.expression);
      const imported = ts.isIdentifier(root) ? importsOf(root.getSourceFile()).get(root.text) : undefined;
      if (imported?.module !== 'axios') return undefined;
      const config = resolveObjectLiteral(node.arguments[0], this.checker);
      const base = config ? propertyValue(config, 'baseURL') : undefined;
      return { construction: node, baseUrls: base ? urlValues(base, this.urlReader) : [UNKNOWN] };
    }
    const declaration = ts.isIdentifier(node)
      ? declarationOf(node, this.checker)
      : ts.isPropertyAccessExpression(node)
        ? declarationOf(node.name, this.checker)
        : undefined;
    if (!declaration) return undefined;
    if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
      return this.axiosInstance(declaration.initializer, depth + 1);
    }
    if (ts.isPropertyDeclaration(declaration)) {
      const name = propertyName(declaration.name);
      for (const assigned of thisAssignments(declaration, name)) {
        const found = this.axiosInstance(assigned, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  /**
   * The operation of an object of a package that sends with `request(options)` (see
   * `REQUEST_CLIENTS`): built with `new` from one of its classes, or derived from one
   * (`await auth.getClient()`), held in a variable or on `this`.
   */
  private requestClient(expression: ts.Expression, depth: number): string | undefined {
    if (depth > 4) return undefined;
    let node = unwrapExpression(expression);
    while (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
    if (ts.isNewExpression(node)) {
      const callee = unwrapExpression(node.expression);
      const root = ts.isPropertyAccessExpression(callee) ? unwrapExpression(callee.expression) : callee;
      const imported = ts.isIdentifier(root) ? importsOf(root.getSourceFile()).get(root.text) : undefined;
      return REQUEST_CLIENTS.packages.find((client) => client.module === imported?.module)?.operation;
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      if (!ts.isPropertyAccessExpression(callee)) return undefined;
      const derived: readonly string[] = REQUEST_CLIENTS.derivedBy;
      return derived.includes(callee.name.text) ? this.requestClient(callee.expression, depth + 1) : undefined;
    }
    const declaration = ts.isPropertyAccessExpression(node)
      ? declarationOf(node.name, this.checker)
      : ts.isIdentifier(node)
        ? declarationOf(node, this.checker)
        : undefined;
    // `constructor(private readonly client: AuthClient)`: the type the code declares says it.
    const declared = declaration && requestClientType(declaration);
    if (declared) return declared;
    const values = ts.isPropertyAccessExpression(node)
      ? thisMemberValues(node, this.checker)
      : declaration && ts.isVariableDeclaration(declaration)
        ? variableValues(declaration)
        : undefined;
    for (const value of values ?? []) {
      const found = this.requestClient(value, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  private requestOf(node: ts.CallExpression, shape: OperationShape, baseUrls: string[] | undefined): RequestFacts {
    const args = node.arguments;
    const first = args[0] ? unwrapExpression(args[0]) : undefined;
    // axios(config), axios.request(config), a google-auth client's request(options): the URL is inside.
    const config = shape.urlInOptions && args.length === 1 ? resolveObjectLiteral(first, this.checker) : undefined;
    const urlArgument = config ? propertyValue(config, 'url') : args[0];
    let urls = urlValues(urlArgument, this.urlReader);
    const configBase = config ? propertyValue(config, 'baseURL') : undefined;
    const bases = configBase ? urlValues(configBase, this.urlReader) : baseUrls;
    if (bases) urls = bases.flatMap((base) => urls.map((url) => joinBase(base, url)));
    const options = config ?? resolveObjectLiteral(args[shape.paramsArg ?? 0], this.checker);
    const bodyKeys = shape.bodyPath ? [shape.bodyPath[0], ...(shape.otherBodyKeys ?? [])] : [];
    const bodyExpression = shape.bodyPath
      ? options && bodyKeys.map((key) => optionValue(options, key, this.checker)).find((value) => value !== undefined)
      : args[shape.paramsArg ?? 0];
    const { body, bodies } = this.payloadOf(bodyExpression);
    const requestOptions = resolveObjectLiteral(args[shape.requestArg ?? shape.paramsArg ?? 0], this.checker);
    const headersExpression = (config ?? requestOptions) && propertyValue((config ?? requestOptions)!, 'headers');
    // axios.post, ky.post, got.post: the operation is a POST; the others say it in their options.
    const method = !shape.bodyPath
      ? 'other'
      : methodOf(config ?? args[shape.requestArg ?? shape.paramsArg ?? 0], bodyKeys, this.checker);
    return {
      urls,
      urlArgument,
      body,
      bodies,
      bodyArgument: bodyExpression,
      headers: headerNames(headersExpression, this.checker),
      method,
    };
  }

  /**
   * The payload literal of a body; where a workspace function builds it (`const body =
   * bodyFor(provider, prompt)` whose `switch` returns one per provider), every literal it can be,
   * all of them or none: a body that may be something unread says nothing.
   */
  private payloadOf(body: ts.Expression | undefined): Pick<RequestFacts, 'body' | 'bodies'> {
    if (!body) return {};
    const payload = stringifiedFrom(body, this.checker);
    const literal = resolveObjectLiteral(payload, this.checker);
    if (literal) return { body: literal };
    const { objects, unknown } = objectLiterals(payload, memberReading(this.checker));
    return unknown || objects.length === 0 ? {} : { bodies: objects };
  }

  /**
   * What the callers of a fetch shim pass it: `url` is the shim's URL, derived from parameters of
   * the functions around it (`fetch(withProxy(url), init)`), or a member of an options parameter
   * (`const { url, body } = config`; `member` names it when the search starts at a caller's
   * options); a caller carries a model request when the shim's URL read with the caller's
   * arguments (or, where that cannot be read, its argument) is a model URL, or its `init` (its
   * options object) a model payload. Followed up through callers that pass on a URL of their own
   * parameters (a local arrow inside a `fetch` method, `send({ ...options, signal })`).
   */
  private shimCallers(
    url: ts.Expression,
    method: Method,
    depth: number,
    member?: string,
    shimBody?: ts.Expression,
  ): ShimCallers {
    if (!this.callersOf || depth > MAX_SHIM_DEPTH) return NO_CALLERS;
    let byMember = this.shimCache.get(url);
    if (!byMember) this.shimCache.set(url, (byMember = new Map<string | undefined, ShimCallers>()));
    const cached = byMember.get(member);
    if (cached) return cached;
    byMember.set(member, NO_CALLERS);
    let models = 0;
    const carriers = new Map<ts.CallExpression, ts.FunctionLikeDeclaration>();
    const sources = urlParameters(url, this.checker, member);
    for (const fn of new Set(sources.map((source) => source.parameter.parent))) {
      if (!isFunctionLike(fn)) continue;
      const source = sources.find((candidate) => candidate.parameter.parent === fn)!;
      const index = fn.parameters.indexOf(source.parameter);
      let direct = 0;
      const unsure: ts.CallExpression[] = [];
      for (const call of this.callersOf(fn)) {
        // A call through the package's name is recognised where it stands (see fetchLike): once.
        const callee = unwrapExpression(call.expression);
        if (ts.isIdentifier(callee) && this.isFetchAtItsCalls(callee)) continue;
        const argument = call.arguments[index];
        if (!argument) continue;
        const bindings = new Map<ts.ParameterDeclaration, ts.Expression>();
        fn.parameters.forEach((parameter, at) => {
          if (call.arguments[at]) bindings.set(parameter, call.arguments[at]);
        });
        // The request's options: the argument after the URL, or the options object that holds it.
        const initArgument = source.member ? argument : call.arguments[index + 1];
        const init = resolveObjectLiteral(initArgument, this.checker);
        // The payload the caller passes for the shim's own body (`JSON.stringify(payload)` of a
        // parameter), else the body of its init.
        const bodyExpression =
          (shimBody && argumentFor(shimBody, fn, call, this.checker)) ?? (init && propertyValue(init, 'body'));
        // The shim's own request decides the method when it sets one; otherwise the caller's init.
        const callerMethod = method === 'unknown' ? methodOf(initArgument, ['body'], this.checker) : method;
        // The shim's URL read with the caller's arguments (`${base}/models` stays a model list);
        // the argument alone when the shim's URL comes out of code the audit cannot read.
        const read =
          member !== undefined
            ? memberUrlValues(url, member, this.urlReader, bindings)
            : urlValues(url, this.urlReader, bindings);
        const urls = !read.every((value) => value === UNKNOWN)
          ? read
          : source.member
            ? memberUrlValues(argument, source.member, this.urlReader)
            : urlValues(argument, this.urlReader);
        const request: RequestFacts = {
          urls,
          urlArgument: argument,
          ...this.payloadOf(bodyExpression),
          headers: headerNames(init && propertyValue(init, 'headers'), this.checker),
          method: callerMethod,
        };
        if (isModelRequest(request)) {
          direct++;
          carriers.set(call, fn);
          continue;
        }
        if (sendsPrompt(request)) carriers.set(call, fn);
        else if (!isOtherRequest(request)) unsure.push(call);
        // `${base}/models`: whatever base its callers pass, a model list.
        if (
          urls.some((value) => value !== UNKNOWN) &&
          urls.every((value) => value === UNKNOWN || isNotModelCall(value))
        )
          continue;
        const outer = this.shimCallers(argument, callerMethod, depth + 1, source.member, bodyExpression);
        if (outer.carriers.size === 0) continue;
        models += outer.models;
        carriers.set(call, fn);
        for (const [carrier, callee] of outer.carriers) carriers.set(carrier, callee);
      }
      models += direct;
      // A class's fetch method that its callers send model requests through is the class's
      // transport: its other requests are taken for model requests too, unless plainly something
      // else. A module's helper may serve the whole app: only the requests that show it.
      if (direct > 0 && ts.isMethodDeclaration(fn)) for (const call of unsure) carriers.set(call, fn);
    }
    const callers = { models, carriers };
    byMember.set(member, callers);
    return callers;
  }

  /**
   * The URLs a websocket expression was opened with: `new WebSocket(url)` directly, through
   * variables, fields and the workspace functions that return it; when only a type says it is a
   * websocket, the URLs of every `new` of that class in the same file.
   */
  private webSocketUrls(expression: ts.Expression, depth: number): string[] | undefined {
    if (depth > 5) return undefined;
    const node = unwrapExpression(expression);
    if (ts.isNewExpression(node)) {
      return isWebSocketClass(node.expression) ? urlValues(node.arguments?.[0], this.urlReader) : undefined;
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, this.checker);
      const fn = declaration ? functionOf(declaration) : undefined;
      if (!fn) return undefined;
      if (fn.type && typeNamesWebSocket(fn.type)) return this.webSocketsInFile(fn.getSourceFile());
      return undefined;
    }
    const declaration = ts.isIdentifier(node)
      ? declarationOf(node, this.checker)
      : ts.isPropertyAccessExpression(node)
        ? declarationOf(node.name, this.checker)
        : undefined;
    if (!declaration) return undefined;
    if (
      (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) &&
      declaration.type &&
      typeNamesWebSocket(declaration.type)
    ) {
      return this.webSocketsInFile(declaration.getSourceFile());
    }
    if (ts.isVariableDeclaration(declaration) && declaration.initializer)
      return this.webSocketUrls(declaration.initializer, depth + 1);
    return undefined;
  }

  private webSocketsInFile(sourceFile: ts.SourceFile): string[] {
    const urls: string[] = [];
    walk(sourceFile, (child) => {
      if (ts.isNewExpression(child) && isWebSocketClass(child.expression))
        urls.push(...urlValues(child.arguments?.[0], this.urlReader));
    });
    return urls;
  }
}

interface RequestFacts {
  /** The texts the URL can take (`*` for computed parts). */
  urls: string[];
  urlArgument?: ts.Expression;
  body?: ts.ObjectLiteralExpression;
  /** The expression sent as the body, when the request names one. */
  bodyArgument?: ts.Expression;
  /**
   * Every payload literal the body can be, when a workspace function builds it (a branch per
   * provider): read for the decision only, since no one of them is the payload.
   */
  bodies?: readonly ts.ObjectLiteralExpression[];
  /** Header names, lower-cased. */
  headers: string[];
  method: Method;
}

/**
 * What a request's options say of its method: `get` (`method: 'GET'`, or neither a method nor a
 * body), `other` (another method, or a body), `unknown` (options that cannot be read, a spread).
 */
type Method = 'get' | 'delete' | 'other' | 'unknown';

function methodOf(options: ts.Expression | undefined, bodyKeys: readonly string[], checker: ts.TypeChecker): Method {
  // `fetch(url)`: a GET.
  if (!options) return 'get';
  const object = resolveObjectLiteral(options, checker);
  if (!object) return 'unknown';
  const method = optionValue(object, 'method', checker);
  if (method) {
    const node = unwrapExpression(method);
    if (!ts.isStringLiteralLike(node)) return 'unknown';
    const verb = node.text.toUpperCase();
    // A DELETE, HEAD or OPTIONS request removes or asks about a resource: it prompts no model.
    if (verb === 'DELETE' || verb === 'HEAD' || verb === 'OPTIONS') return 'delete';
    return verb === 'GET' ? 'get' : 'other';
  }
  if (bodyKeys.some((key) => optionValue(object, key, checker))) return 'other';
  return object.properties.some((property) => ts.isSpreadAssignment(property)) ? 'unknown' : 'get';
}

/** The decision, from the catalogue's patterns only. */
function isModelRequest(request: RequestFacts): boolean {
  if (request.method === 'delete') return false;
  const known = request.urls.filter((url) => url !== UNKNOWN);
  // A request to the app's own server (`fetch('/api/chat')` from a browser) reaches a route
  // handler, where the model call is; the request itself is not one.
  if (known.length > 0 && known.length === request.urls.length && known.every((url) => MODEL_HTTP.sameOrigin.test(url)))
    return false;
  // A GET that reaches no model endpoint (a provider's host, its key header) polls an operation
  // or downloads a file: `fetch(operation.uri)`, a GET of `${host}/v1beta/${operationName}`. Nor
  // one whose URL may be something else too: a URL helper's branch for generation paths read
  // beside its branch for the path this GET passes (a model list, a stored result).
  if (request.method === 'get' && (known.length === 0 || !known.every((url) => isModelEndpoint(url)))) return false;
  if (known.some((url) => isModelUrl(url))) return true;
  // A URL that is a model list or a health check is never a model call, whatever it carries.
  if (known.length > 0 && known.every((url) => isNotModelCall(url))) return false;
  if (request.headers.some((header) => MODEL_HTTP.providerHeaders.includes(header as never))) return true;
  if (payloadHas(request, MODEL_HTTP.providerBodyKeys, 'some')) return true;
  const namesModel = payloadHas(request, MODEL_HTTP.bodyModelKeys, 'some');
  if (namesModel && payloadHas(request, MODEL_HTTP.bodyPromptKeys, 'every')) return true;
  return namesModel && request.headers.some((header) => MODEL_HTTP.credentialHeaders.includes(header as never));
}

/** The host is read at run time: `${baseUrl}/query`, `https://${instance}.example.com/chat`. */
function hostUnknown(url: string): boolean {
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1];
  return host === undefined ? url.startsWith(UNKNOWN) : host.includes(UNKNOWN);
}

/**
 * A request that is plainly not a model call: every URL it can take is known, and each is the
 * app's own server, a GET that reaches no model endpoint, or a model-list, health or account
 * endpoint sent without a body. (A POST to an unknown host may be a provider the catalogue does
 * not name: not plain.)
 */
function isOtherRequest(request: RequestFacts): boolean {
  if (request.method === 'delete') return true;
  if (request.urls.length === 0 || request.urls.includes(UNKNOWN)) return false;
  return request.urls.every(
    (url) =>
      MODEL_HTTP.sameOrigin.test(url) ||
      (request.method === 'get' && !isModelEndpoint(url)) ||
      (request.method !== 'other' && isNotModelCall(url)),
  );
}

/**
 * A payload with a prompt in it (`{ ...options, messages, system }`, the model perhaps in the
 * spread), to a URL that is not plainly something else: a model request through a shim, though
 * not proof enough that the shim's request is one.
 */
function sendsPrompt(request: RequestFacts): boolean {
  const known = request.urls.filter((url) => url !== UNKNOWN);
  if (known.length > 0 && known.every((url) => MODEL_HTTP.sameOrigin.test(url) || isNotModelCall(url))) return false;
  return payloadHas(request, MODEL_HTTP.bodyPromptKeys, 'every');
}

/** A model endpoint path, or a model provider's host that is not a list or health endpoint. */
function isModelUrl(url: string): boolean {
  if (isModelEndpoint(url)) return true;
  if (isNotModelCall(url)) return false;
  return !!HTTP.urlPatterns?.some((pattern) => pattern.test(url));
}

function isModelEndpoint(url: string): boolean {
  return MODEL_HTTP.endpoints.some((pattern) => pattern.test(url));
}

function isNotModelCall(url: string): boolean {
  return MODEL_HTTP.notModelCalls.some((pattern) => pattern.test(url));
}

function joinBase(base: string, url: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  if (url === '') return base;
  return `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/**
 * Whether the payload has one of the keys; of the payloads a builder can return, whether `every`
 * one or `some` one has (a prompt in each branch, a model named in one: llama.cpp's server takes
 * none).
 */
function payloadHas(request: RequestFacts, keys: readonly string[], quantifier: 'every' | 'some'): boolean {
  const payloads = request.body ? [request.body] : (request.bodies ?? []);
  const has = (payload: ts.ObjectLiteralExpression): boolean => bodyKeys(payload).some((key) => keys.includes(key));
  return payloads.length > 0 && (quantifier === 'every' ? payloads.every(has) : payloads.some(has));
}

/**
 * The keys of a payload or headers literal, with those of the literals it spreads, written in
 * place or chosen by a condition (`...(org ? { 'OpenAI-Organization': org } : {})`).
 */
function bodyKeys(body: ts.ObjectLiteralExpression, depth = 0): string[] {
  const keys: string[] = [];
  for (const property of body.properties) {
    if (ts.isSpreadAssignment(property) && depth < 2) {
      for (const spread of spreadLiterals(property.expression)) keys.push(...bodyKeys(spread, depth + 1));
      continue;
    }
    const name = property.name ? propertyName(property.name) : undefined;
    if (name) keys.push(name);
  }
  return keys;
}

function spreadLiterals(expression: ts.Expression): ts.ObjectLiteralExpression[] {
  const node = unwrapExpression(expression);
  if (ts.isObjectLiteralExpression(node)) return [node];
  if (ts.isConditionalExpression(node)) return [...spreadLiterals(node.whenTrue), ...spreadLiterals(node.whenFalse)];
  // `...(org && { 'OpenAI-Organization': org })`
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
    return spreadLiterals(node.right);
  return [];
}

/**
 * An option of a request: set in the literal, or in an object spread into it (`{ ...init,
 * keepalive: false }`) when that gives it one value.
 */
function optionValue(
  options: ts.ObjectLiteralExpression,
  key: string,
  checker: ts.TypeChecker,
): ts.Expression | undefined {
  const direct = propertyValue(options, key);
  if (direct) return direct;
  if (!options.properties.some(ts.isSpreadAssignment)) return undefined;
  const member = memberValues(options, key, memberReading(checker));
  return member.values.length === 1 && !member.unknown ? member.values[0] : undefined;
}

/** A fresh reading of members (no parameters bound) within this file's step budget. */
function memberReading(checker: ts.TypeChecker): MemberReading {
  return { checker, bindings: new Map(), steps: { count: 0, max: MAX_MEMBER_STEPS } };
}

function propertyValue(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (!property.name || propertyName(property.name) !== key) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

/**
 * Header names of a headers object: a literal, a variable holding one, or a workspace function
 * returning one (called there or in the variable's initialiser).
 */
function headerNames(expression: ts.Expression | undefined, checker: ts.TypeChecker): string[] {
  if (!expression) return [];
  let object = resolveObjectLiteral(expression, checker);
  let node = unwrapExpression(expression);
  // `const headers = buildHeaders(key)`: what the function returns.
  if (!object && ts.isIdentifier(node)) {
    const declaration = declarationOf(node, checker);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer)
      node = unwrapExpression(declaration.initializer);
  }
  if (!object && ts.isCallExpression(node)) {
    const callee = unwrapExpression(node.expression);
    const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, checker);
    const body = declaration ? functionOf(declaration)?.body : undefined;
    if (body && !ts.isBlock(body)) object = resolveObjectLiteral(body, checker);
    else if (body) {
      walk(body, (child) => {
        if (ts.isFunctionLike(child)) return false;
        if (!object && ts.isReturnStatement(child) && child.expression)
          object = resolveObjectLiteral(child.expression, checker);
        return undefined;
      });
    }
  }
  return object ? bodyKeys(object).map((key) => key.toLowerCase()) : [];
}

/** The operation of a declaration typed as one of `REQUEST_CLIENTS`' classes (`client: OAuth2Client`). */
function requestClientType(declaration: ts.Declaration): string | undefined {
  const type =
    ts.isParameter(declaration) || ts.isPropertyDeclaration(declaration) || ts.isVariableDeclaration(declaration)
      ? declaration.type
      : undefined;
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  let root: ts.EntityName = type.typeName;
  while (ts.isQualifiedName(root)) root = root.left;
  const imported = importsOf(declaration.getSourceFile()).get(root.text);
  return REQUEST_CLIENTS.packages.find((client) => client.module === imported?.module)?.operation;
}

function thisAssignments(declaration: ts.PropertyDeclaration, name: string | undefined): ts.Expression[] {
  const found: ts.Expression[] = [];
  if (!name) return found;
  walk(declaration.parent, (child) => {
    if (
      ts.isBinaryExpression(child) &&
      child.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(child.left) &&
      child.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      child.left.name.text === name
    ) {
      found.push(child.right);
    }
    return undefined;
  });
  return found;
}

function isWebSocketClass(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  if (!ts.isIdentifier(node)) return false;
  const imported = importsOf(node.getSourceFile()).get(node.text);
  if (!imported)
    return MODEL_HTTP.websocketClasses.some((known) => known.module === null && known.export === node.text);
  const exported = imported.imported === 'require' ? 'default' : imported.imported;
  return MODEL_HTTP.websocketClasses.some((known) => known.module === imported.module && known.export === exported);
}

function typeNamesWebSocket(type: ts.TypeNode): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && isWebSocketClass(node.typeName)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(type);
  return found;
}

/**
 * The payload a call passes for the parameter of `fn` a shim sends as its body: the parameter
 * itself (`JSON.stringify(payload)`), or spread into the body (`{ ...payload, tools }`, whose
 * model and prompt are the caller's). Undefined when the body is made of no parameter.
 */
function argumentFor(
  body: ts.Expression,
  fn: ts.FunctionLikeDeclaration,
  call: ts.CallExpression,
  checker: ts.TypeChecker,
): ts.Expression | undefined {
  const node = unwrapExpression(unwrapJsonStringify(body));
  const candidates = ts.isObjectLiteralExpression(node)
    ? node.properties.filter(ts.isSpreadAssignment).map((spread) => unwrapExpression(spread.expression))
    : [node];
  for (const candidate of candidates) {
    const declaration = ts.isIdentifier(candidate) ? declarationOf(candidate, checker) : undefined;
    const index = declaration && ts.isParameter(declaration) ? fn.parameters.indexOf(declaration) : -1;
    if (index >= 0 && call.arguments[index]) return call.arguments[index];
  }
  return undefined;
}

/** Imported by a package name, not a relative path: a library, or a sibling package read from source. */
function isPackageImport(name: ts.Identifier): boolean {
  const imported = importsOf(name.getSourceFile()).get(name.text);
  return !!imported && !imported.module.startsWith('.') && MODEL_HTTP.fetchLikeName.test(name.text);
}

/**
 * A function whose first parameter is an options object holding the URL (`send({ url, body })`),
 * not a URL or a `Request` as fetch's is: a transport of the app's own, not a drop-in fetch.
 */
function takesOptionsObject(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): boolean {
  const first = fn.parameters[0];
  if (!first) return false;
  if (ts.isObjectBindingPattern(first.name)) return true;
  const type = checker.getTypeAtLocation(first);
  const parts = type.isUnion() ? type.types : [type];
  const urlLike = (part: ts.Type): boolean =>
    (part.flags & ts.TypeFlags.StringLike) !== 0 || ['URL', 'Request'].includes(part.getSymbol()?.name ?? '');
  return !parts.some(urlLike) && parts.some((part) => !!part.getProperty('url'));
}
