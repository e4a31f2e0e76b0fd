import { ts } from 'ts-morph';
import {
  accessChain,
  assertedTypes,
  assignmentsIn,
  declarationOf,
  inheritsFrom,
  isAssignmentOperator,
  isFunctionLike,
  mentionsIdentifier,
  propertyName,
  resolveObjectLiteral,
  returnedExpressions,
  thisMemberValues,
  unwrapExpression,
  walk,
} from './ast';
import { CATALOG, sdkForModuleSpecifier } from './catalog/index';
import { collectionContents } from './client-collections';
import { constructionsOf } from './constructions';
import { handedUp, heldParameter } from './inherited-fields';
import type { SdkCatalogEntry } from './catalog/types';
import type { CallersOf } from './detect-http';
import { fileIndexOf } from './file-index';
import { dynamicImportOf, type ImportedName, importsOf, packageOfFile } from './imports';
import type { WorkspaceNames } from './name-index';

interface ClientWrapper {
  /** `observeOpenAI`, `withRetry`, `withFallbacks`, `prompt.pipe`, `chats.create`, `getClient`, `LLMChain`. */
  name: string;
  call: ts.CallExpression | ts.NewExpression;
}

/** Where a client (or model object) came from: what made it, with which options, through which wrappers. */
export interface ClientOrigin {
  entry: SdkCatalogEntry;
  /** `OpenAI`, `ChatOpenAI`, `ollama` (default export), `createOpenAI`. */
  constructedBy: string;
  /** The options object given at construction, when it can be read. */
  options?: ts.ObjectLiteralExpression;
  /**
   * Each argument of the construction as an object literal, where it is one (or a variable that
   * holds one): the catalogue's client options with an `argument` index are read there.
   */
  argumentObjects?: (ts.ObjectLiteralExpression | undefined)[];
  /** The `new` or factory call; absent when only a type annotation says what it is. */
  construction?: ts.NewExpression | ts.CallExpression;
  /** Wrappers and derivations between the construction and the call, outermost first. */
  wrappers: ClientWrapper[];
  recognisedBy: 'type' | 'syntax';
  /**
   * The members read off the client to reach this object, when it is held apart from the client
   * (`const models = ai.models`, `new Generator(ai.models)`): the start of an operation's path.
   */
  members?: string[];
  /** Other constructions the same variable is given in other branches (`let model; if (a) model = new A(o1) else model = new B(o2)`). */
  alternatives?: ClientOrigin[];
}

const MAX_DEPTH = 8;

export class ClientTracer {
  private readonly cache = new Map<ts.Node, ClientOrigin | null>();
  private readonly holderValues = new Map<string, ts.Expression[]>();
  private readonly constructions = new Map<ts.ClassLikeDeclaration, ts.NewExpression[]>();
  private readonly methods = new Map<string, ts.MethodDeclaration[]>();
  /**
   * How many times a model held by a library's settings (`Settings.llm`) was traced: its options
   * come from an assignment in any file, so what used it cannot be kept across edits of one file.
   */
  holderReads = 0;
  /**
   * The workspace's calls of a function, when the analysis has them: a parameter that nothing else
   * says is a client (JavaScript, `any`, a workspace interface) holds what the callers pass.
   */
  callersOf?: CallersOf;
  /**
   * How many times callers were asked, directly or through a kept answer that depended on them:
   * what the answer was used for depends on other files and cannot be kept across their edits.
   */
  callerReads = 0;
  private readonly answeredFromCallers = new Set<ts.Node>();

  /**
   * @param sdkTypes whether the SDKs' declaration files are in the program. Without them no type
   * is declared by an SDK, so asking the checker for one (the costliest question) is skipped.
   */
  constructor(
    private readonly checker: ts.TypeChecker,
    readonly sdkTypes = true,
    /** The SDKs to recognise: the catalogue, plus the model functions the workspace declares. */
    readonly catalog: readonly SdkCatalogEntry[] = CATALOG,
    /** The workspace's files, where a library's settings get their model (`clientHolders`). */
    private readonly workspaceFiles: () => readonly ts.SourceFile[] = () => [],
    /** Which of those files declare a class method or construct a class of a name. */
    private readonly names?: WorkspaceNames,
  ) {}

  /** What client the expression evaluates to, if it is one. */
  trace(expression: ts.Expression): ClientOrigin | undefined {
    return this.traceAt(expression, 0, new Set()) ?? undefined;
  }

  /** The SDK and class an identifier (a class or factory name) stands for. */
  sdkSymbol(
    identifier: ts.Expression,
    depth = 0,
  ): { entry: SdkCatalogEntry; name: string; recognisedBy: 'type' | 'syntax'; tracedBy?: string } | undefined {
    const node = unwrapExpression(identifier);
    // The checker first: when the SDK's types resolve, the declaration proves what the name is.
    const declaration = declarationOf(ts.isPropertyAccessExpression(node) ? node.name : node, this.checker);
    // A member the workspace sets to the SDK's function: `public generateText = generateText` in a
    // class, `{ generateText }` in an object, called as `this.llm.generateText({ ... })`.
    const aliased = declaration && depth < 2 ? memberAlias(declaration) : undefined;
    if (aliased) return this.sdkSymbol(aliased, depth + 1);
    const pkg = declaration ? packageOfFile(declaration.getSourceFile().fileName) : undefined;
    const typed = pkg ? sdkForModuleSpecifier(pkg, this.catalog) : undefined;
    if (typed && declaration) {
      const declared =
        ts.isClassDeclaration(declaration) || ts.isFunctionDeclaration(declaration)
          ? declaration.name?.text
          : undefined;
      const written = ts.isPropertyAccessExpression(node) ? node.name.text : node.getText();
      return { entry: typed, name: declared ?? written, recognisedBy: 'type' };
    }
    // Then the imports: enough to recognise an SDK when node_modules is missing.
    const sourceFile = node.getSourceFile();
    if (ts.isIdentifier(node)) {
      const imported = importsOf(sourceFile).get(node.text) ?? this.dynamicImport(node);
      const reexported = imported && reexportedClient(imported.module, imported.imported, this.catalog);
      if (reexported) return { ...reexported, recognisedBy: 'syntax' };
      const entry = imported ? sdkForModuleSpecifier(imported.module, this.catalog) : undefined;
      if (entry && imported) {
        const name =
          imported.imported === 'default' || imported.imported === 'require'
            ? defaultExportName(entry)
            : imported.imported;
        if (name && name !== '*') return { entry, name, recognisedBy: 'syntax' };
      }
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const imported = importsOf(sourceFile).get(node.expression.text) ?? this.dynamicImport(node.expression);
      const reexported = imported?.imported === '*' && reexportedClient(imported.module, node.name.text, this.catalog);
      if (reexported) return { ...reexported, recognisedBy: 'syntax' };
      const entry =
        imported && (imported.imported === '*' || imported.imported === 'require')
          ? sdkForModuleSpecifier(imported.module, this.catalog)
          : undefined;
      // `new sdk.default()`: the module's default export, as compiled interop code reads it.
      const name = entry && (node.name.text === 'default' ? defaultExportName(entry) : node.name.text);
      if (entry && name) return { entry, name, recognisedBy: 'syntax' };
    }
    return undefined;
  }

  /** `const { generateText } = await import('ai')` inside a function: the name's module and export. */
  private dynamicImport(identifier: ts.Identifier): ImportedName | undefined {
    // The local binding itself, not what it aliases: in JavaScript `require` makes an alias.
    const declaration = this.checker.getSymbolAtLocation(identifier)?.declarations?.[0];
    return declaration ? dynamicImportOf(declaration) : undefined;
  }

  private traceAt(node: ts.Expression, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    if (depth > MAX_DEPTH || seen.has(node)) return null;
    const cached = this.cache.get(node);
    if (cached !== undefined) {
      if (this.answeredFromCallers.has(node)) this.callerReads++;
      return cached;
    }
    seen.add(node);
    const reads = this.callerReads;
    const result = this.compute(unwrapExpression(node), depth, seen) ?? this.fromAssertedType(node, depth);
    if (this.callerReads > reads) this.answeredFromCallers.add(node);
    this.cache.set(node, result);
    return result;
  }

  private compute(node: ts.Expression, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    if (ts.isNewExpression(node)) return this.fromNew(node, depth, seen);
    if (ts.isCallExpression(node)) return this.fromCall(node, depth, seen);
    if (ts.isIdentifier(node)) return this.fromIdentifier(node, depth, seen);
    if (ts.isPropertyAccessExpression(node)) return this.fromProperty(node, depth, seen);
    if (ts.isElementAccessExpression(node))
      return this.fromListElement(node.expression, depth, seen) ?? this.fromCollection(node.expression, depth, seen);
    if (ts.isConditionalExpression(node)) return this.eitherOf(node.whenTrue, node.whenFalse, depth, seen);
    if (ts.isBinaryExpression(node) && isDefaultingOperator(node.operatorToken.kind))
      return this.eitherOf(node.left, node.right, depth, seen);
    // `return (cached ??= new OpenAI())`: an assignment's value is what it assigns, or for `??=`
    // and `||=` what the variable held, which is an earlier run's same construction.
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind))
      return this.traceAt(node.right, depth + 1, seen) ?? this.traceAt(node.left, depth + 1, seen);
    return null;
  }

  /**
   * `a ? x : y`, `x ?? y`: the first branch's client, unless it is only possibly an OpenAI-compatible
   * one (a package the catalogue does not name) and the other branch's is a catalogued SDK's.
   */
  private eitherOf(
    first: ts.Expression,
    second: ts.Expression,
    depth: number,
    seen: Set<ts.Node>,
  ): ClientOrigin | null {
    const one = this.traceAt(first, depth + 1, seen);
    if (one && one.entry.ownLayer !== 'client') return one;
    const other = this.traceAt(second, depth + 1, seen);
    return other && (!one || other.entry.ownLayer !== 'client') ? other : one;
  }

  /**
   * `(await node.init()) as BaseChatModel`: what the code asserts the value is, when where it comes
   * from tells nothing (a module loaded by path, an untyped factory).
   */
  private fromAssertedType(node: ts.Expression, depth: number): ClientOrigin | null {
    for (const type of assertedTypes(node)) {
      const origin = this.fromTypeNode(type, depth + 1);
      if (origin) return origin;
    }
    return null;
  }

  /**
   * The model among the steps of a list literal. Calls are left out: `Promise.all([model.invoke(a)])`
   * holds answers, not models.
   */
  private fromSteps(argument: ts.Expression, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    if (!ts.isArrayLiteralExpression(argument)) return null;
    for (const element of argument.elements) {
      if (ts.isSpreadElement(element) || ts.isCallExpression(unwrapExpression(element))) continue;
      const origin = this.traceAt(element, depth + 1, seen);
      if (origin) return origin;
    }
    return null;
  }

  /**
   * `Instructor({ client: openai, mode: 'TOOLS' })`: a package's function given a client among its
   * options returns a client that calls it (a workspace function is read through its returns).
   */
  private fromPackageOptions(
    callee: ts.Expression,
    argument: ts.Expression,
    depth: number,
    seen: Set<ts.Node>,
  ): ClientOrigin | null {
    const options = unwrapExpression(argument);
    if (!ts.isObjectLiteralExpression(options) || !ts.isIdentifier(callee)) return null;
    const imported = importsOf(callee.getSourceFile()).get(callee.text);
    if (!imported || /^[./]/.test(imported.module)) return null;
    for (const value of optionValues(options)) {
      const origin = this.traceAt(value, depth + 1, seen);
      if (origin) return origin;
    }
    return null;
  }

  /** A client or model a factory makes (`createOpenAI({...})`, `getGenerativeModel(ai, {...})`): its options are its first object argument. */
  private fromFactory(
    entry: SdkCatalogEntry,
    name: string,
    node: ts.CallExpression,
    recognisedBy: ClientOrigin['recognisedBy'],
  ): ClientOrigin {
    const objects = this.argumentObjects(node);
    return {
      entry,
      constructedBy: name,
      options: objects.find(Boolean),
      argumentObjects: objects,
      construction: node,
      wrappers: [],
      recognisedBy,
    };
  }

  private argumentObjects(node: ts.NewExpression | ts.CallExpression): (ts.ObjectLiteralExpression | undefined)[] {
    return (node.arguments ?? []).map((argument) => resolveObjectLiteral(argument, this.checker));
  }

  private fromNew(node: ts.NewExpression, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    const symbol = this.sdkSymbol(node.expression);
    if (!symbol) return this.fromSubclass(node) ?? this.fromUncataloguedPackage(node);
    if (!isClientClass(symbol.entry, symbol.name))
      return this.builtOnModel(node, symbol.entry, symbol.name, depth, seen);
    return {
      entry: symbol.entry,
      constructedBy: symbol.name,
      options: resolveObjectLiteral(node.arguments?.[0], this.checker),
      argumentObjects: this.argumentObjects(node),
      construction: node,
      // PostHog's `new OpenAI({ posthog })` records every call: an observability wrapper of its own.
      wrappers: symbol.tracedBy ? [{ name: symbol.tracedBy, call: node }] : [],
      recognisedBy: symbol.recognisedBy,
    };
  }

  /**
   * `new TokenJS()`, `new Portkey({ virtualKey })`: a class of a package no entry names, which may be
   * an OpenAI-compatible client. Only the OpenAI method paths of that entry make a call on it a
   * model call (detect.ts), so any other object built this way stays what it is. A class the
   * workspace declares (its own, or a workspace package's the program resolves) is read instead.
   */
  private fromUncataloguedPackage(node: ts.NewExpression): ClientOrigin | null {
    const entry = this.catalog.find((candidate) => candidate.ownLayer === 'client');
    const callee = unwrapExpression(node.expression);
    const root = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
    if (!entry || !ts.isIdentifier(root)) return null;
    const imported = importsOf(root.getSourceFile()).get(root.text) ?? this.dynamicImport(root);
    if (!imported || !isPackageSpecifier(imported.module) || sdkForModuleSpecifier(imported.module, this.catalog))
      return null;
    const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, this.checker);
    if (declaration && !isLibraryDeclaration(declaration)) return null;
    const named = ts.isPropertyAccessExpression(callee) ? callee.name.text : imported.imported;
    return {
      entry,
      constructedBy: named === 'default' || named === 'require' || named === '*' ? root.text : named,
      options: resolveObjectLiteral(node.arguments?.[0], this.checker),
      argumentObjects: this.argumentObjects(node),
      construction: node,
      wrappers: [],
      recognisedBy: 'syntax',
    };
  }

  /**
   * `new TracedOpenAI({ maxRetries: 5 })` where the workspace's `class TracedOpenAI extends OpenAI`:
   * a client of the SDK, with the options its constructor hands to `super` (or the arguments of
   * the `new` when it has no constructor, or passes one of its parameters on).
   */
  private fromSubclass(node: ts.NewExpression): ClientOrigin | null {
    const callee = unwrapExpression(node.expression);
    const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, this.checker);
    if (!declaration || !ts.isClassLike(declaration) || isLibraryDeclaration(declaration)) return null;
    const base = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]
      ?.expression;
    const symbol = base ? this.sdkSymbol(base) : undefined;
    if (!symbol || !isClientClass(symbol.entry, symbol.name)) return null;
    return {
      entry: symbol.entry,
      constructedBy: symbol.name,
      options: resolveObjectLiteral(superOptions(declaration, node), this.checker),
      argumentObjects: this.argumentObjects(node),
      construction: node,
      wrappers: [],
      recognisedBy: symbol.recognisedBy,
    };
  }

  /**
   * `new LLMChain({ llm: model, prompt })`, `createReactAgent({ llm: model, tools })`: a class or
   * function of the same SDK given a model among its options builds something that runs that model
   * when it is called (`chain.call(...)`, `agent.invoke(...)`).
   */
  private builtOnModel(
    node: ts.NewExpression | ts.CallExpression,
    entry: SdkCatalogEntry,
    name: string,
    depth: number,
    seen: Set<ts.Node>,
  ): ClientOrigin | null {
    for (const value of optionValues(resolveObjectLiteral(node.arguments?.[0], this.checker))) {
      const origin = this.traceAt(value, depth + 1, seen);
      if (origin?.entry === entry) return withWrapper(origin, name, node);
    }
    return null;
  }

  private fromCall(node: ts.CallExpression, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    const callee = unwrapExpression(node.expression);
    // A client factory: createOpenAI({...}), initChatModel(...), openai('gpt-4o').
    const symbol = this.sdkSymbol(callee) ?? this.namespacedFactory(callee);
    if (symbol && symbol.entry.clientFactories?.includes(symbol.name))
      return this.fromFactory(symbol.entry, symbol.name, node, symbol.recognisedBy);
    // `createReactAgent({ llm: model, tools })`: a function of the same SDK given a model among its
    // options builds something that runs it, as `new LLMChain({ llm })` does.
    if (symbol) {
      const built = this.builtOnModel(node, symbol.entry, symbol.name, depth, seen);
      if (built) return built;
    }
    // An element of a collection of clients: `clients.get(apiKey)`.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' && node.arguments.length === 1) {
      const element = this.fromCollection(callee.expression, depth, seen);
      if (element) return element;
    }
    // A method on a client returns a derived client: model.withRetry(), ai.chats.create().
    if (ts.isPropertyAccessExpression(callee)) {
      const receiver = this.traceAt(callee.expression, depth + 1, seen);
      // A factory of the catalogue called on a client makes a new model with its own options:
      // `genAI.getGenerativeModel({ model }, { timeout })`.
      if (receiver?.entry.clientFactories?.includes(callee.name.text))
        return this.fromFactory(receiver.entry, callee.name.text, node, receiver.recognisedBy);
      // A registry of models hands out a model through some methods only (`mastra.getAgent(name)`).
      const only = receiver && receiver.entry.derivedOnlyBy?.[receiver.constructedBy];
      if (only && !only.includes(callee.name.text)) return null;
      // What a client's method returns is a new object: the members read before it are not its path.
      if (receiver) return { ...withWrapper(receiver, callee.name.text, node), members: undefined };
    }
    // The project's own factory: function getClient() { return new OpenAI(); }. What it returns
    // is asked first: a version shim given the client may return one of its members
    // (`return openai.beta.chat.completions`), whose path the argument alone would lose.
    const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, this.checker);
    const body = declaration ? functionBody(declaration) : undefined;
    const returned = body ? this.fromReturns(body, depth, seen) : null;
    if (returned) return withWrapper(returned, calleeName(callee), node);
    // `const api = await resolve(cfg)` with `resolve` a parameter: what the functions the callers
    // pass for it return (`completerFor(async (cfg) => new Anthropic(cfg).messages)`).
    if (declaration && ts.isParameter(declaration)) {
      const passed = this.passedArguments(declaration).flatMap((argument) => {
        const value = unwrapExpression(argument);
        const fn =
          ts.isArrowFunction(value) || ts.isFunctionExpression(value)
            ? value.body
            : ts.isIdentifier(value)
              ? functionBodyOf(value, this.checker)
              : undefined;
        const origin = fn ? this.fromReturns(fn, depth, seen) : null;
        return origin ? [origin] : [];
      });
      const origin = withAlternatives(passed);
      if (origin) return withWrapper(origin, calleeName(callee), node);
    }
    // A method with no body to read (an interface's, an abstract one) or a receiver with no type
    // (JavaScript): the workspace's methods that run in its place (`this.client = backend.createClient()`).
    if (ts.isPropertyAccessExpression(callee) && !body) {
      const dispatched = this.fromDispatchedMethods(callee, declaration, depth, seen);
      if (dispatched) return withWrapper(dispatched, calleeName(callee), node);
    }
    // A wrapper around a client: observeOpenAI(new OpenAI()), wrapOpenAI(client), prompt.pipe(model),
    // or around a list of steps, one of them a model: RunnableSequence.from([prompt, model, parser]).
    for (const argument of node.arguments) {
      const wrapped =
        this.traceAt(argument, depth + 1, seen) ??
        this.fromSteps(argument, depth, seen) ??
        this.fromPackageOptions(callee, argument, depth, seen);
      if (wrapped) return withWrapper(wrapped, calleeName(callee), node);
    }
    return this.fromType(node);
  }

  /**
   * The client a method call returns when the method is dispatched at run time. Declared by an
   * interface or as abstract: the workspace classes implementing or extending its owner, what
   * their method returns (the construction's options with it), else the declared return type.
   * Not declared where the checker can see (JavaScript, an untyped receiver): the workspace's
   * class methods of that name, only when every one of them returns a client.
   */
  private fromDispatchedMethods(
    callee: ts.PropertyAccessExpression,
    declaration: ts.Declaration | undefined,
    depth: number,
    seen: Set<ts.Node>,
  ): ClientOrigin | null {
    const name = callee.name.text;
    if (declaration) {
      if (!ts.isMethodSignature(declaration) && !ts.isMethodDeclaration(declaration)) return null;
      const owner = declaration.parent;
      if (!ts.isClassLike(owner) && !ts.isInterfaceDeclaration(owner)) return null;
      const found: ClientOrigin[] = [];
      for (const method of this.methodsNamed(name)) {
        if (!method.body || !inheritsFrom(method.parent, owner, this.checker)) continue;
        const origin = this.fromReturns(method.body, depth, seen);
        if (origin) found.push(origin);
      }
      return withAlternatives(found) ?? (declaration.type ? this.fromTypeNode(declaration.type) : null);
    }
    if (rootImportedFromPackage(callee.expression)) return null;
    const found: ClientOrigin[] = [];
    for (const method of this.methodsNamed(name)) {
      if (!method.body) continue;
      const origin = this.fromReturns(method.body, depth, seen);
      if (!origin) return null;
      found.push(origin);
    }
    return withAlternatives(found);
  }

  /**
   * A factory reached through members of a namespace the SDK exports (`vscode.lm.selectChatModels`
   * in user code that imports the VS Code API as a namespace), where the members in between are
   * not clients.
   */
  private namespacedFactory(
    callee: ts.Expression,
  ): { entry: SdkCatalogEntry; name: string; recognisedBy: 'syntax' } | undefined {
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const root = accessChain(callee.expression).root;
    if (!ts.isIdentifier(root)) return undefined;
    const imported = importsOf(root.getSourceFile()).get(root.text);
    if (!imported || !['*', 'require', 'default'].includes(imported.imported)) return undefined;
    const entry = sdkForModuleSpecifier(imported.module, this.catalog);
    const name = callee.name.text;
    return entry?.clientFactories?.includes(name) ? { entry, name, recognisedBy: 'syntax' } : undefined;
  }

  /** An element of a collection the workspace declares with clients in it (see client-collections.ts). */
  private fromCollection(holder: ts.Expression, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    const contents = collectionContents(holder, this.checker);
    if (!contents) return null;
    const found: ClientOrigin[] = [];
    for (const value of contents.values) {
      const origin = this.traceAt(value, depth + 1, seen);
      if (origin) found.push(origin);
    }
    if (found.length > 0) return withAlternatives(found);
    for (const type of contents.elementTypes) {
      const origin = this.fromTypeNode(type, depth + 1);
      if (origin) return origin;
    }
    return null;
  }

  /** `models[0]`, `const [model] = ...`: an element of what a list factory returns is a client of it. */
  private fromListElement(list: ts.Expression, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    const origin = this.traceAt(list, depth + 1, seen);
    return origin && origin.entry.listFactories?.includes(origin.constructedBy) && !origin.members ? origin : null;
  }

  private fromReturns(body: ts.ConciseBody, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    for (const returned of returnedExpressions(body)) {
      const origin = this.traceAt(returned, depth + 1, seen);
      if (origin) return origin;
    }
    return null;
  }

  /** The workspace's class methods called `name`, from the files the name index says declare one. */
  methodsNamed(name: string): readonly ts.MethodDeclaration[] {
    const cached = this.methods.get(name);
    if (cached) return cached;
    const result: ts.MethodDeclaration[] = [];
    this.methods.set(name, result);
    for (const file of this.names?.holding('classMethods', name) ?? []) {
      if (!file.isDeclarationFile) result.push(...(fileIndexOf(file).classMethods.get(name) ?? []));
    }
    return result;
  }

  private fromIdentifier(node: ts.Identifier, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    const sourceFile = node.getSourceFile();
    const imported = importsOf(sourceFile).get(node.text);
    if (imported) {
      const entry = sdkForModuleSpecifier(imported.module, this.catalog);
      // `import ollama from 'ollama'`: the default export is a ready client.
      if (
        entry?.clientExport &&
        (imported.imported === 'default' || imported.imported === 'require' || imported.imported === entry.clientExport)
      ) {
        return { entry, constructedBy: node.text, wrappers: [], recognisedBy: 'syntax' };
      }
    }
    const declaration = declarationOf(node, this.checker);
    if (declaration) {
      const origin = this.fromDeclaration(declaration, depth, seen);
      if (origin) return origin;
    }
    return this.fromType(node);
  }

  private fromProperty(node: ts.PropertyAccessExpression, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    const held = this.fromHolder(node, depth, seen);
    if (held) return held;
    const declaration = declarationOf(node.name, this.checker);
    if (declaration) {
      const origin = this.fromDeclaration(declaration, depth, seen);
      if (origin) return origin;
    }
    // `get client() { return this._client }`: what the getter returns (JavaScript has no type to read).
    if (
      declaration &&
      ts.isGetAccessorDeclaration(declaration) &&
      declaration.body &&
      !isLibraryDeclaration(declaration)
    ) {
      const origin = this.fromReturns(declaration.body, depth, seen);
      if (origin) return origin;
    }
    // `this.client` in a subclass, held by the base class from what its constructor was given.
    const inherited = declaration && this.fromInheritedField(node, declaration, depth, seen);
    if (inherited) return inherited;
    // `this.client` assigned in the constructor.
    if (declaration && (ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration))) {
      const origin = this.fromAssignments(declaration, depth, seen);
      if (origin) return origin;
    }
    // JavaScript: the assignment `this.client = new X()` is itself the declaration.
    const assignment = declaration && assignmentOf(declaration);
    if (assignment) {
      const origin = this.traceAt(assignment.right, depth + 1, seen);
      if (origin) return origin;
      // Set first from what the class is given, built later when it was not (`if (params?.client)
      // this.client = params.client` in the constructor, `this.client ??= new Groq()` in a getter).
      const built = this.fromAssignments(declaration, depth, seen);
      if (built) return built;
    }
    // A member the workspace does not declare, read off a client, is part of it: `ai.chats`, `client.beta`.
    if (!declaration || isLibraryDeclaration(declaration)) {
      const owner = this.traceAt(node.expression, depth + 1, seen);
      if (owner) return { ...owner, members: [...(owner.members ?? []), node.name.text] };
    }
    // `const made = await makeClients(); made.chat`: the property of the literal a workspace function returns.
    if (!declaration || !isLibraryDeclaration(declaration)) {
      const origin = this.traceAll(this.propertyValues(node.expression, node.name.text, 0), depth, seen);
      if (origin) return origin;
    }
    return this.fromType(node);
  }

  /**
   * `this.client` in a method of a subclass, where a base class holds what its constructor is
   * given (see inherited-fields.ts): what this subclass hands up, not what any subclass does.
   */
  private fromInheritedField(
    node: ts.PropertyAccessExpression,
    declaration: ts.Declaration,
    depth: number,
    seen: Set<ts.Node>,
  ): ClientOrigin | null {
    if (unwrapExpression(node.expression).kind !== ts.SyntaxKind.ThisKeyword) return null;
    const own = classOf(node);
    const base = classOf(declaration);
    if (!own || !base || own === base || isLibraryDeclaration(declaration)) return null;
    const index = heldParameter(base, declaration, this.checker);
    if (index === undefined) return null;
    const handed = handedUp(own, base, index, this.checker);
    if (!handed) return null;
    if (handed.kind === 'expression') return this.traceAt(handed.expression, depth + 1, seen);
    return this.fromArgumentsAt(this.constructionsOf(own), handed.index, depth, seen);
  }

  /**
   * `Settings.llm` of a package whose catalogue entry lists it as a holder: the model the
   * workspace assigned to it (`Settings.llm = new OpenAI({ maxTokens })`, in any file), or, with no
   * assignment in sight, a model of that SDK built out of sight.
   */
  private fromHolder(node: ts.PropertyAccessExpression, depth: number, seen: Set<ts.Node>): ClientOrigin | undefined {
    const owner = unwrapExpression(node.expression);
    if (!ts.isIdentifier(owner)) return undefined;
    const imported = importsOf(node.getSourceFile()).get(owner.text);
    const entry = imported ? sdkForModuleSpecifier(imported.module, this.catalog) : undefined;
    const holder = entry?.clientHolders?.find(
      (candidate) => candidate.export === imported?.imported && candidate.member === node.name.text,
    );
    if (!entry || !imported || !holder) return undefined;
    this.holderReads++;
    const found: ClientOrigin[] = [];
    for (const value of this.holderAssignments(imported.module, holder)) {
      const origin = this.traceAt(value, depth + 1, seen);
      if (origin) found.push(origin);
    }
    return (
      withAlternatives(found) ?? {
        entry,
        constructedBy: `${holder.export}.${holder.member}`,
        wrappers: [],
        recognisedBy: 'syntax',
      }
    );
  }

  /** The values the workspace assigns to a holder: `Settings.llm = <value>` wherever `Settings` is imported. */
  private holderAssignments(module: string, holder: { export: string; member: string }): ts.Expression[] {
    const key = `${module}\0${holder.export}\0${holder.member}`;
    const cached = this.holderValues.get(key);
    if (cached) return cached;
    const values: ts.Expression[] = [];
    for (const file of this.workspaceFiles()) {
      const locals = [...importsOf(file)]
        .filter(([, name]) => name.module === module && name.imported === holder.export)
        .map(([local]) => local);
      if (locals.length === 0) continue;
      walk(file, (child) => {
        if (
          ts.isBinaryExpression(child) &&
          child.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          ts.isPropertyAccessExpression(child.left) &&
          child.left.name.text === holder.member &&
          ts.isIdentifier(child.left.expression) &&
          locals.includes(child.left.expression.text)
        ) {
          values.push(child.right);
        }
        return undefined;
      });
    }
    this.holderValues.set(key, values);
    return values;
  }

  private fromDeclaration(declaration: ts.Declaration, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) {
      const initial = declaration.initializer ? this.traceAt(declaration.initializer, depth + 1, seen) : null;
      if (initial?.construction) return initial;
      // `let model: A | B; if (x) model = new A(o1); else model = new B(o2)`: the constructions
      // say more (their options) than the declared type, or than an initialiser that names no
      // construction (`let client = cache.get(key); if (!client) client = new OpenAI({ apiKey })`).
      if (
        (ts.isVariableDeclaration(declaration) && !isConst(declaration)) ||
        (ts.isPropertyDeclaration(declaration) && !declaration.initializer)
      ) {
        // After an initialiser, `model = wrap(model)` may or may not run: the initial value stays.
        const origin = this.fromAssignments(declaration, depth, seen, !!declaration.initializer);
        if (origin) return origin;
      }
      if (initial) return initial;
      // `for (const client of clients)`: an element of the collection.
      const loop = declaration.parent.parent;
      if (
        ts.isVariableDeclaration(declaration) &&
        ts.isForOfStatement(loop) &&
        loop.initializer === declaration.parent
      ) {
        const origin =
          this.fromListElement(loop.expression, depth, seen) ?? this.fromCollection(loop.expression, depth, seen);
        if (origin) return origin;
      }
      if (declaration.type) {
        const origin = this.fromTypeNode(declaration.type);
        if (origin) return ts.isParameter(declaration) ? origin : this.withUnnamedConstruction(origin, declaration);
      }
      if (ts.isParameter(declaration) && !declaration.initializer) {
        const origin = this.fromPassedArguments(declaration, depth, seen);
        if (origin) return origin;
      }
    }
    // `export default new OpenAI()`, imported by default elsewhere.
    if (ts.isExportAssignment(declaration)) return this.traceAt(declaration.expression, depth + 1, seen);
    if (ts.isPropertySignature(declaration) && declaration.type) return this.fromTypeNode(declaration.type);
    if (ts.isPropertyAssignment(declaration)) return this.traceAt(declaration.initializer, depth + 1, seen);
    if (ts.isShorthandPropertyAssignment(declaration)) return this.traceAt(declaration.name, depth + 1, seen);
    if (ts.isBindingElement(declaration)) {
      if (declaration.initializer) {
        const origin = this.traceAt(declaration.initializer, depth + 1, seen);
        if (origin) return origin;
      }
      // `const [model] = await vscode.lm.selectChatModels(selector)`
      const holder = declaration.parent.parent;
      if (ts.isArrayBindingPattern(declaration.parent) && ts.isVariableDeclaration(holder) && holder.initializer) {
        const origin = this.fromListElement(holder.initializer, depth, seen);
        if (origin) return origin;
      }
      // `const { client } = await loadClients()`: the property of what is destructured.
      for (const value of this.destructuredValues(declaration)) {
        const origin = this.traceAt(value, depth + 1, seen);
        if (origin) return origin;
      }
      const member = this.destructuredMember(declaration, depth, seen);
      if (member) return member;
      // `({ vectors }: { vectors: OpenAI }) => ...`
      const type = this.bindingType(declaration);
      const typed = type ? this.fromTypeNode(type) : null;
      if (typed) return typed;
      const passed = this.fromPassedProperty(declaration, depth, seen);
      if (passed) return passed;
    }
    return null;
  }

  /**
   * `async function send({ completion, prompt }: Options)` with no SDK type to read: the property of
   * the object each caller passes (`send({ ...shared, completion })`), through callers that hand
   * their own parameter on (`function relay(options) { return send(options) }`).
   */
  private fromPassedProperty(element: ts.BindingElement, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    const pattern = element.parent;
    const parameter = pattern.parent;
    const name = propertyName(element.propertyName ?? element.name);
    if (!ts.isObjectBindingPattern(pattern) || !ts.isParameter(parameter) || !name) return null;
    // `makeAgent().then(({ agent }) => agent.run(input))`: what the promise resolves to.
    const resolved = thenReceiver(parameter);
    const values = resolved
      ? this.propertyValues(resolved, name, 0)
      : this.passedArguments(parameter).flatMap((argument) => this.propertyValues(argument, name, 0));
    return this.traceAll(values, depth, seen);
  }

  /** What the workspace's calls pass for a function's parameter (a constructor's: see constructionsOf). */
  private passedArguments(parameter: ts.ParameterDeclaration): ts.Expression[] {
    const fn = parameter.parent;
    if (!isFunctionLike(fn) || parameter.dotDotDotToken || ts.isConstructorDeclaration(fn) || !this.callersOf)
      return [];
    // A `this: T` parameter is not passed among the arguments.
    const index = fn.parameters.filter((candidate) => !isThisParameter(candidate)).indexOf(parameter);
    if (index < 0) return [];
    this.callerReads++;
    const passed: ts.Expression[] = [];
    for (const call of this.callersOf(fn)) {
      const argument = call.arguments?.[index];
      if (argument && !ts.isSpreadElement(argument)) passed.push(argument);
    }
    return passed;
  }

  /**
   * The values property `name` of an object can have: written in the literal (spreads included),
   * or, where the object is a parameter handed on whole, in what that parameter's callers pass.
   */
  private propertyValues(object: ts.Expression, name: string, depth: number): ts.Expression[] {
    if (depth > 3) return [];
    const expression = unwrapExpression(object);
    const literal = resolveObjectLiteral(expression, this.checker);
    if (literal) {
      const values: ts.Expression[] = [];
      for (const property of literal.properties) {
        if (ts.isSpreadAssignment(property)) values.push(...this.propertyValues(property.expression, name, depth + 1));
        else if (propertyName(property.name) !== name) continue;
        else if (ts.isPropertyAssignment(property)) values.push(property.initializer);
        else if (ts.isShorthandPropertyAssignment(property)) values.push(property.name);
      }
      return values;
    }
    // `makeClients()`: the literals a workspace function returns.
    if (ts.isCallExpression(expression)) {
      const callee = unwrapExpression(expression.expression);
      const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, this.checker);
      const body = declaration ? functionBody(declaration) : undefined;
      return body ? returnedExpressions(body).flatMap((value) => this.propertyValues(value, name, depth + 1)) : [];
    }
    // `this.context.session`, with `this.context = { session }` set in a method of the class.
    if (ts.isPropertyAccessExpression(expression))
      return (thisMemberValues(expression, this.checker) ?? []).flatMap((value) =>
        this.propertyValues(value, name, depth + 1),
      );
    if (!ts.isIdentifier(expression)) return [];
    const declaration = declarationOf(expression, this.checker);
    if (declaration && ts.isVariableDeclaration(declaration) && isConst(declaration) && declaration.initializer)
      return this.propertyValues(declaration.initializer, name, depth + 1);
    if (!declaration || !ts.isParameter(declaration) || !ts.isIdentifier(declaration.name)) return [];
    const resolved = thenReceiver(declaration);
    if (resolved) return this.propertyValues(resolved, name, depth + 1);
    return this.passedArguments(declaration).flatMap((argument) => this.propertyValues(argument, name, depth + 1));
  }

  /**
   * A parameter with no SDK type (JavaScript, `any`, a workspace interface such as `wrapped:
   * Generator`): what the workspace passes in its place. A constructor's, in its class's `new
   * Class(...)` expressions (a class that decorates a client: `new LoggingGenerator(ai.models)`); a
   * function's, in its calls (`ask(client, prompt)` for `async function ask(client, prompt)`).
   */
  private fromPassedArguments(
    parameter: ts.ParameterDeclaration,
    depth: number,
    seen: Set<ts.Node>,
  ): ClientOrigin | null {
    const fn = parameter.parent;
    if (!isFunctionLike(fn) || parameter.dotDotDotToken) return null;
    if (ts.isConstructorDeclaration(fn))
      return this.fromArgumentsAt(this.constructionsOf(fn.parent), fn.parameters.indexOf(parameter), depth, seen);
    return this.traceAll(this.passedArguments(parameter), depth, seen);
  }

  /** The clients the expressions evaluate to, as alternatives. */
  private traceAll(values: readonly ts.Expression[], depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    const found: ClientOrigin[] = [];
    for (const value of values) {
      const origin = this.traceAt(value, depth + 1, seen);
      if (origin) found.push(origin);
    }
    return withAlternatives(found);
  }

  /** The clients the calls pass as their argument `index`, as alternatives. */
  private fromArgumentsAt(
    calls: readonly (ts.CallExpression | ts.NewExpression)[],
    index: number,
    depth: number,
    seen: Set<ts.Node>,
  ): ClientOrigin | null {
    const found: ClientOrigin[] = [];
    for (const call of calls) {
      const argument = call.arguments?.[index];
      const origin = argument && !ts.isSpreadElement(argument) ? this.traceAt(argument, depth + 1, seen) : null;
      if (origin) found.push(origin);
    }
    return withAlternatives(found);
  }

  /** The workspace's `new Class(...)` of a class (see constructions.ts), once per analysis. */
  private constructionsOf(owner: ts.ClassLikeDeclaration): ts.NewExpression[] {
    let found = this.constructions.get(owner);
    if (!found) this.constructions.set(owner, (found = constructionsOf(owner, this.checker, this.names)));
    return found;
  }

  /**
   * The values a destructured name can take: the property of an object literal that the
   * destructured expression is, holds, or that a workspace function returns.
   */
  private destructuredValues(element: ts.BindingElement): ts.Expression[] {
    const pattern = element.parent;
    const holder = pattern.parent;
    const name = propertyName(element.propertyName ?? element.name);
    if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(holder) || !holder.initializer || !name)
      return [];
    return this.propertyValues(holder.initializer, name, 0);
  }

  /**
   * `const { chat } = openai`: a member destructured off a client held in a variable or property
   * (not off what a call returns: `const { content } = await model.invoke(q)` is an answer).
   */
  private destructuredMember(element: ts.BindingElement, depth: number, seen: Set<ts.Node>): ClientOrigin | null {
    const pattern = element.parent;
    const holder = pattern.parent;
    const name = propertyName(element.propertyName ?? element.name);
    if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(holder) || !holder.initializer || !name)
      return null;
    const source = unwrapExpression(holder.initializer);
    if (!ts.isIdentifier(source) && !ts.isPropertyAccessExpression(source)) return null;
    const owner = this.traceAt(source, depth + 1, seen);
    return owner ? { ...owner, members: [...(owner.members ?? []), name] } : null;
  }

  /** The declared type of a destructured property, read from the annotation of what is destructured. */
  private bindingType(element: ts.BindingElement): ts.TypeNode | undefined {
    const pattern = element.parent;
    if (!ts.isObjectBindingPattern(pattern)) return undefined;
    const holder = pattern.parent;
    if (!(ts.isParameter(holder) || ts.isVariableDeclaration(holder)) || !holder.type) return undefined;
    const name = propertyName(element.propertyName ?? element.name);
    return name ? this.memberType(holder.type, name, 0) : undefined;
  }

  /** The type node of property `name` of a type literal, an interface or an alias of one. */
  private memberType(type: ts.TypeNode, name: string, depth: number): ts.TypeNode | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isTypeLiteralNode(type)) return propertyType(type.members, name);
    if (ts.isIntersectionTypeNode(type)) {
      for (const member of type.types) {
        const found = this.memberType(member, name, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    if (!ts.isTypeReferenceNode(type)) return undefined;
    const declaration = declarationOf(
      ts.isIdentifier(type.typeName) ? type.typeName : type.typeName.right,
      this.checker,
    );
    if (declaration && ts.isInterfaceDeclaration(declaration)) return propertyType(declaration.members, name);
    if (declaration && ts.isTypeAliasDeclaration(declaration))
      return this.memberType(declaration.type, name, depth + 1);
    return undefined;
  }

  /** `this.client = new OpenAI()` in a constructor, or `let client; client = new OpenAI()`. */
  private fromAssignments(
    declaration: ts.Declaration,
    depth: number,
    seen: Set<ts.Node>,
    skipDerived = false,
  ): ClientOrigin | null {
    const found: ClientOrigin[] = [];
    for (const value of this.assignedValuesOf(declaration, skipDerived)) {
      const origin = this.traceAt(value, depth + 1, seen);
      if (origin) found.push(origin);
    }
    return withAlternatives(found);
  }

  /** What the workspace assigns to a variable or member (`this.client = ...` in its class). */
  private assignedValuesOf(declaration: ts.Declaration, skipDerived = false): ts.Expression[] {
    // A JavaScript member is declared by its first assignment (`this.client = ...`).
    const assignment = assignmentOf(declaration);
    const name = assignment
      ? assignedName(assignment.left)
      : propertyName((declaration as ts.NamedDeclaration).name as ts.PropertyName | undefined);
    if (!name) return [];
    const scope =
      ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration) || assignment
        ? classOf(declaration)
        : declaration.getSourceFile();
    if (!scope) return [];
    const values: ts.Expression[] = [];
    for (const assignment of assignmentsIn(scope)) {
      if (!isAssignmentOperator(assignment.operatorToken.kind) || assignedName(assignment.left) !== name) continue;
      // A variable of the same name in another function is another variable.
      if (ts.isIdentifier(assignment.left) && declarationOf(assignment.left, this.checker) !== declaration) continue;
      if (skipDerived && mentionsIdentifier(assignment.right, name)) continue;
      values.push(assignment.right);
    }
    return values;
  }

  /**
   * A variable or member typed as a client and given a `new` of a class the audit cannot name
   * (`this.model = new registry[key].Constructor(config)`): the declared type says what it is, the
   * construction with which options it was built, so they are read there rather than assumed to
   * be the SDK's defaults.
   */
  private withUnnamedConstruction(typed: ClientOrigin, declaration: ts.Declaration): ClientOrigin {
    if (typed.construction) return typed;
    const initializer =
      ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)
        ? declaration.initializer
        : undefined;
    const values = [...(initializer ? [initializer] : []), ...this.assignedValuesOf(declaration)];
    const construction = values
      .map((value) => unwrapExpression(value))
      .find((value): value is ts.NewExpression => ts.isNewExpression(value));
    if (!construction) return typed;
    return {
      ...typed,
      options: resolveObjectLiteral(construction.arguments?.[0], this.checker),
      argumentObjects: this.argumentObjects(construction),
      construction,
    };
  }

  private fromTypeNode(type: ts.TypeNode, depth = 0): ClientOrigin | null {
    if (depth > MAX_DEPTH) return null;
    if (ts.isTypeReferenceNode(type)) {
      const name = type.typeName;
      const expression = ts.isIdentifier(name) ? name : name.right;
      const symbol = (expression ? this.sdkSymbol(expression) : undefined) ?? namespacedSdkType(name);
      // A client class, or a model type (`model: BaseChatModel`): built out of sight, a model all the same.
      if (symbol && (isClientClass(symbol.entry, symbol.name) || symbol.entry.modelTypes?.includes(symbol.name))) {
        return { entry: symbol.entry, constructedBy: symbol.name, wrappers: [], recognisedBy: symbol.recognisedBy };
      }
      const resource = this.resourceType(name);
      if (resource) return resource;
      // `type Gateway = OpenAI`
      const declaration = symbol ? undefined : declarationOf(expression, this.checker);
      if (declaration && ts.isTypeAliasDeclaration(declaration)) return this.fromTypeNode(declaration.type, depth + 1);
    }
    if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) {
      for (const member of type.types) {
        const origin = this.fromTypeNode(member, depth + 1);
        if (origin) return origin;
      }
    }
    return null;
  }

  /**
   * A resource of a client named through the client class's namespace: `OpenAI.Chat.Completions`,
   * `Anthropic.Messages`. Such an object is the client's member of that name (`openai.chat.completions`)
   * handed on apart from it, so its path is the start of an operation's, as for `const models = ai.models`.
   */
  private resourceType(name: ts.EntityName): ClientOrigin | null {
    const segments: string[] = [];
    let left: ts.EntityName = name;
    while (ts.isQualifiedName(left)) {
      segments.unshift(left.right.text);
      left = left.left;
    }
    if (segments.length === 0) return null;
    const client = this.sdkSymbol(left);
    if (!client || !isClientClass(client.entry, client.name)) return null;
    const members = segments.map((segment) => segment.charAt(0).toLowerCase() + segment.slice(1));
    return {
      entry: client.entry,
      constructedBy: client.name,
      wrappers: [],
      recognisedBy: client.recognisedBy,
      members,
    };
  }

  /** Last resort: ask the checker what the expression's type is declared by. */
  private fromType(node: ts.Expression): ClientOrigin | null {
    if (!this.sdkTypes) return null;
    let type: ts.Type;
    try {
      type = this.checker.getTypeAtLocation(node);
    } catch {
      return null;
    }
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    const declaration = symbol?.declarations?.[0];
    const pkg = declaration ? packageOfFile(declaration.getSourceFile().fileName) : undefined;
    const entry = pkg ? sdkForModuleSpecifier(pkg, this.catalog) : undefined;
    if (!entry || !symbol) return null;
    const name = symbol.getName();
    if (!isClientClass(entry, name) && !entry.clientClasses.some((client) => typeExtends(type, client, this.checker)))
      return null;
    return { entry, constructedBy: name, wrappers: [], recognisedBy: 'type' };
  }
}

/** `vscode.LanguageModelChat` where `vscode` is a namespace import of a catalogue package. */
function namespacedSdkType(
  name: ts.EntityName,
): { entry: SdkCatalogEntry; name: string; recognisedBy: 'syntax' } | undefined {
  if (!ts.isQualifiedName(name) || !ts.isIdentifier(name.left)) return undefined;
  const imported = importsOf(name.getSourceFile()).get(name.left.text);
  if (!imported || (imported.imported !== '*' && imported.imported !== 'require')) return undefined;
  const entry = sdkForModuleSpecifier(imported.module);
  return entry ? { entry, name: name.right.text, recognisedBy: 'syntax' } : undefined;
}

function propertyType(members: ts.NodeArray<ts.TypeElement>, name: string): ts.TypeNode | undefined {
  const member = members.find(
    (candidate) => ts.isPropertySignature(candidate) && propertyName(candidate.name) === name,
  );
  return member && ts.isPropertySignature(member) ? member.type : undefined;
}

/** A declaration in a package's typings rather than in the workspace. */
function isLibraryDeclaration(declaration: ts.Declaration): boolean {
  return packageOfFile(declaration.getSourceFile().fileName) !== undefined;
}

/**
 * A module specifier that names a package: not relative, absolute, a subpath import (`#lib`) or a
 * path alias the program did not resolve (`@/lib/llm`, `~/server/ai`).
 */
function isPackageSpecifier(module: string): boolean {
  return !/^(?:[./#]|[@~]\/|node:)/.test(module);
}

/** `sdk.client.make()` where `sdk` is imported from a package: its methods are not the workspace's. */
function rootImportedFromPackage(expression: ts.Expression): boolean {
  const root = accessChain(expression).root;
  if (!ts.isIdentifier(root)) return false;
  const module = importsOf(root.getSourceFile()).get(root.text)?.module;
  return module !== undefined && !/^[./#]/.test(module);
}

/**
 * The first origin found, with the others as its alternatives (the same value made in several
 * places). A catalogued SDK's client comes before a possible OpenAI-compatible one: what is known
 * of it holds for the branch that builds it.
 */
function withAlternatives(found: readonly ClientOrigin[]): ClientOrigin | null {
  const known = (origin: ClientOrigin) => origin.entry.ownLayer !== 'client';
  const [first, ...others] = [...found.filter(known), ...found.filter((origin) => !known(origin))];
  if (!first) return null;
  return others.length > 0 ? { ...first, alternatives: others } : first;
}

function withWrapper(origin: ClientOrigin, name: string, call: ts.CallExpression | ts.NewExpression): ClientOrigin {
  return { ...origin, wrappers: [{ name, call }, ...origin.wrappers] };
}

function isClientClass(entry: SdkCatalogEntry, name: string): boolean {
  return entry.clientClasses.includes(name) || !!entry.clientFactories?.includes(name);
}

function defaultExportName(entry: SdkCatalogEntry): string | undefined {
  return entry.clientExport ?? entry.clientClasses[0];
}

function isDefaultingOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken;
}

function calleeName(callee: ts.Expression): string {
  const chain = accessChain(callee);
  const rootName = ts.isIdentifier(chain.root) ? [chain.root.text] : [];
  return [...rootName, ...chain.names].join('.') || callee.getText();
}

/** The body of the function a name refers to, declared or held by a variable. */
function functionBodyOf(name: ts.Identifier, checker: ts.TypeChecker): ts.ConciseBody | undefined {
  const declaration = declarationOf(name, checker);
  return declaration ? functionBody(declaration) : undefined;
}

function functionBody(declaration: ts.Declaration): ts.ConciseBody | undefined {
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration.body;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const initializer = unwrapExpression(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer.body;
  }
  return undefined;
}

/**
 * The promise a callback's first parameter is the value of: `promise.then((value) => ...)` (the
 * receiver of `.then`, whose resolved value a workspace function's returned literal gives).
 */
function thenReceiver(parameter: ts.ParameterDeclaration): ts.Expression | undefined {
  const fn = parameter.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters[0] !== parameter) return undefined;
  let argument: ts.Node = fn;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== argument) return undefined;
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'then' ? callee.expression : undefined;
}

function classOf(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  return current;
}

/** The name a workspace member or object property is set to (`generateText = generateText`, `{ embed }`). */
function memberAlias(declaration: ts.Declaration): ts.Expression | undefined {
  if (ts.isShorthandPropertyAssignment(declaration)) return declaration.name;
  const value =
    ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration) ? declaration.initializer : undefined;
  const named = value && unwrapExpression(value);
  return named && (ts.isIdentifier(named) || ts.isPropertyAccessExpression(named)) ? named : undefined;
}

/** A JavaScript property declared by its assignment: `this.client = new X()`. */
function assignmentOf(declaration: ts.Declaration): ts.BinaryExpression | undefined {
  const node: ts.Node = ts.isPropertyAccessExpression(declaration) ? declaration.parent : declaration;
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? node : undefined;
}

/**
 * What a subclass's construction hands its SDK base class as options: the first argument of the
 * constructor's `super(...)`, or of the `new` itself where the class has no constructor or passes
 * a parameter on.
 */
function superOptions(subclass: ts.ClassLikeDeclaration, construction: ts.NewExpression): ts.Expression | undefined {
  const constructor = subclass.members.find(
    (member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && !!member.body,
  );
  if (!constructor?.body) return construction.arguments?.[0];
  for (const statement of constructor.body.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) continue;
    const call = statement.expression;
    if (call.expression.kind !== ts.SyntaxKind.SuperKeyword) continue;
    const [argument] = call.arguments;
    const passed =
      argument && ts.isIdentifier(argument)
        ? constructor.parameters.findIndex(
            (parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === argument.text,
          )
        : -1;
    return passed >= 0 ? construction.arguments?.[passed] : argument;
  }
  return undefined;
}

/** The values an options object gives (`{ llm: model }`, `{ client }`). */
function optionValues(options: ts.ObjectLiteralExpression | undefined): ts.Expression[] {
  return (options?.properties ?? []).flatMap((property) =>
    ts.isPropertyAssignment(property)
      ? [property.initializer]
      : ts.isShorthandPropertyAssignment(property)
        ? [property.name]
        : [],
  );
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}

function assignedName(left: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(left)) return left.name.text;
  if (ts.isIdentifier(left)) return left.text;
  return undefined;
}

export function typeExtends(type: ts.Type, className: string, checker: ts.TypeChecker, depth = 0): boolean {
  if (depth > 6) return false;
  const symbol = type.getSymbol();
  if (symbol?.getName() === className) return true;
  if (!(type.flags & ts.TypeFlags.Object) || !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface)) {
    const target = (type as ts.TypeReference).target;
    if (target && target !== type) return typeExtends(target, className, checker, depth + 1);
    return false;
  }
  const bases = checker.getBaseTypes(type as ts.InterfaceType) ?? [];
  return bases.some((base) => typeExtends(base, className, checker, depth + 1));
}

/**
 * The SDK class another package exports under its own name (`OpenAIClient` of `@langchain/openai`
 * is the `openai` SDK's `OpenAI`): the SDK and the class's name there.
 */
function reexportedClient(
  spec: string,
  imported: string,
  catalog: readonly SdkCatalogEntry[],
): { entry: SdkCatalogEntry; name: string; tracedBy?: string } | undefined {
  for (const entry of catalog) {
    const found = entry.reexportedBy?.find((reexport) => reexport.module === spec && reexport.name === imported);
    if (found) return { entry, name: found.as, ...(found.tracedBy ? { tracedBy: found.tracedBy } : {}) };
  }
  return undefined;
}

function isThisParameter(parameter: ts.ParameterDeclaration): boolean {
  return ts.isIdentifier(parameter.name) && parameter.name.text === 'this';
}
