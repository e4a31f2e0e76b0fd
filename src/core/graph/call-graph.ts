import { ts } from 'ts-morph';
import { thisClassAt } from './this-calls';
import {
  aliasedSymbol,
  declarationOf,
  enclosingFunction,
  extendedClass,
  immediateInvocation,
  isExportedFunction,
  isReturned,
  localFunctionName,
  propertyName,
  returningFunction,
  unionMemberDeclarations,
  unwrapExpression,
  valueHolderOf,
  type ValueHolder,
  walk,
} from '../ast';
import { computedCallKey, DEFAULT_EXPORT, fileIndexOf } from '../file-index';
import { importsOf, packageOfFile } from '../imports';
import { positionsIn, type WorkspaceNames } from '../name-index';
import { phaseClock } from '../phases';
import { callbackInvocations } from './callbacks';
import { InstanceTracer } from './instances';

/**
 * The workspace's call graph, asked backwards: who calls this function? Candidates come from an
 * index of calls by callee name (cheap), and the checker confirms each one resolves to the same
 * declaration: the language service's reference search would be far slower on large workspaces.
 * After an edit most of those answers still hold, and an editor session's memo gives them
 * (`declarationOf` asks it; see `memoOf`).
 *
 * Dynamic dispatch is part of the graph: a method that implements an interface method or overrides
 * a base-class method is also called wherever that interface or base method is called, because
 * that is where its errors and results arrive at run time.
 */
export class CallerIndex {
  private readonly cache = new Map<ts.Node, ts.CallExpression[]>();
  private readonly valueCallers = new Map<ValueHolder, ts.CallExpression[]>();
  private readonly methods = new Map<string, ts.MethodDeclaration[]>();
  /** `methodCallsOn`'s answers, per declaration and list of names (asked once per route). */
  private readonly methodCalls = new Map<ts.Node, Map<string, ts.CallExpression[]>>();
  /** Per function passed by name: each helper's call of it, and the helper calls that passed it. */
  private readonly handing = new Map<ts.Node, Map<ts.CallExpression, Set<ts.CallExpression>>>();
  private instanceTracer: InstanceTracer | undefined;
  /** Calls through each function type alias (see `aliasCallsOf`). */
  private readonly aliasCalls = new Map<ts.Symbol, ts.CallExpression[]>();
  private readonly ancestries = new Map<ts.ClassLikeDeclaration, ts.ClassLikeDeclaration[]>();

  constructor(
    private readonly checker: ts.TypeChecker,
    /** Which of the workspace's files hold a name. */
    private readonly names: WorkspaceNames,
    /** Files that can reach a file through imports; without it every file is asked about. */
    private readonly reaching?: (file: string) => ReadonlySet<string>,
  ) {}

  /** A class and the classes it extends, nearest first. */
  ancestry(owner: ts.ClassLikeDeclaration): readonly ts.ClassLikeDeclaration[] {
    let chain = this.ancestries.get(owner);
    if (!chain) {
      chain = [];
      for (let current: ts.ClassLikeDeclaration | undefined = owner; current && chain.length < 8;) {
        if (chain.includes(current)) break;
        chain.push(current);
        current = extendedClass(current, this.checker);
      }
      this.ancestries.set(owner, chain);
    }
    return chain;
  }

  callersOf(fn: ts.FunctionLikeDeclaration): ts.CallExpression[] {
    return phaseClock.time('callGraph', () => this.callersOfDeclaration(fn));
  }

  private callersOfDeclaration(fn: ts.FunctionLikeDeclaration): ts.CallExpression[] {
    const declaration = declarationNode(fn);
    if (!declaration) return this.callersOfUnnamed(fn);
    const cached = this.cache.get(declaration);
    if (cached) return cached;
    // Cycles through dispatch (an override calling its base) end here.
    this.cache.set(declaration, []);
    const name = callableName(fn);
    const result: ts.CallExpression[] = [];
    // A module's default export is called by whatever name each importer gives it.
    const names = isDefaultExport(declaration) ? [...(name ? [name] : []), DEFAULT_EXPORT] : name ? [name] : [];
    if (names.length > 0) {
      const own = new Set<ts.Node>([declaration, fn, ...overloadsOf(fn, this.checker)]);
      const targets = new Set<ts.Node>([...own, ...dispatchedFrom(fn, this.checker)]);
      const files = new Set([...targets].map((target) => target.getSourceFile().fileName));
      // `(this as any).load()` in the method's class or a base class of it: the cast hides the
      // member from the checker, but `this` is still the instance whose method runs.
      const classes = classChain(fn, this.checker);
      for (const owner of classes) files.add(owner.getSourceFile().fileName);
      const seen = new Set<ts.CallExpression>();
      for (const file of files) {
        for (const call of names.flatMap((each) => this.callsNamed(each, file))) {
          if (seen.has(call)) continue;
          seen.add(call);
          const callee = unwrapExpression(call.expression);
          const nameNode = ts.isPropertyAccessExpression(callee)
            ? callee.name
            : ts.isElementAccessExpression(callee)
              ? callee.argumentExpression
              : callee;
          const resolved = declarationOf(nameNode, this.checker);
          if (!resolved) {
            if (
              ts.isPropertyAccessExpression(callee) &&
              (callsUntypedThis(callee, classes) || unionMemberOf(callee, targets, this.checker))
            )
              result.push(call);
            continue;
          }
          // `super.create()` is bound statically: it calls the base method, never an override of it.
          const dispatches = !(
            ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.SuperKeyword
          );
          if (dispatches ? targets.has(resolved) : own.has(resolved)) {
            // Through an interface, but on an object whose make the code shows: only its own member runs.
            if (own.has(resolved) || !this.holdsOther(callee, fn)) result.push(call);
          } else if (
            dispatches &&
            ts.isPropertyAccessExpression(callee) &&
            unionMemberOf(callee, targets, this.checker)
          )
            result.push(call);
        }
      }
      // `providers[name](input)`: a function an object literal holds runs where the object is indexed.
      for (const call of this.computedCallsOf(fn)) if (!seen.has(call) && !result.includes(call)) result.push(call);
      // `completer(req)` with `completer: ChatHandler`, where this function is a `ChatHandler`.
      for (const call of this.aliasCallsOf(fn)) if (!seen.has(call) && !result.includes(call)) result.push(call);
      // `const steps = [clean, summarise]`, then `for (const step of steps) await step(doc)`.
      for (const call of this.listedCallsOf(declaration, names))
        if (!seen.has(call) && !result.includes(call)) result.push(call);
      // JavaScript hands its objects around untyped, and the caller need not import the class.
      if (name)
        for (const call of this.untypedCallsNaming(fn, name, classes)) if (!result.includes(call)) result.push(call);
      // `withBackoff(load)`: a function passed by name runs where the helper calls its parameter.
      const reaching = this.filesReaching(declaration.getSourceFile().fileName);
      const passedFiles = new Set(names.flatMap((each) => this.names.holding('passed', each, reaching)));
      for (const file of passedFiles) {
        const passedHere = new Set(names.flatMap((each) => fileIndexOf(file).passed.get(each) ?? []));
        for (const argument of passedHere) {
          if (declarationOf(argument, this.checker) !== declaration) continue;
          const found = callbackInvocations(argument.parent as ts.CallExpression, argument, this.checker);
          for (const invocation of found?.invocations ?? []) {
            if (!seen.has(invocation)) result.push(invocation);
            seen.add(invocation);
            const byInvocation = this.handing.get(declaration) ?? new Map<ts.CallExpression, Set<ts.CallExpression>>();
            this.handing.set(declaration, byInvocation);
            const handing = byInvocation.get(invocation) ?? new Set<ts.CallExpression>();
            byInvocation.set(invocation, handing.add(argument.parent as ts.CallExpression));
          }
        }
      }
    }
    this.cache.set(declaration, result);
    return result;
  }

  /**
   * `tool.run()` where `const tool: Tool = { run() { ... } }` (or `= new ShellTool()`): the call
   * goes through the interface, but the object is one the code builds right there, so an
   * implementation written in another object literal or class never runs at it. Only a `const`
   * counts: anything else may hold some other implementation by the time of the call.
   */
  private holdsOther(callee: ts.Expression, fn: ts.FunctionLikeDeclaration): boolean {
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const receiver = unwrapExpression(callee.expression);
    const declaration = ts.isIdentifier(receiver) ? declarationOf(receiver, this.checker) : undefined;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
    const list = declaration.parent;
    if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return false;
    const made = unwrapExpression(declaration.initializer);
    if (ts.isObjectLiteralExpression(made)) {
      const member = ts.isPropertyAssignment(fn.parent) ? fn.parent : fn;
      return member.parent !== made;
    }
    if (!ts.isNewExpression(made)) return false;
    // A method, or an arrow held in a class field (`reply = async () => ...`).
    const owner = ts.isPropertyDeclaration(fn.parent) ? fn.parent.parent : fn.parent;
    const built = aliasedSymbol(made.expression, this.checker)?.declarations?.find(ts.isClassLike);
    if (!built || !ts.isClassLike(owner)) return !!built;
    return !this.ancestry(built).includes(owner);
  }

  /**
   * For a helper's call of its callback parameter (`fn()` in `retry(fn)`), reached as a caller of
   * `fn` passed by name: the calls of the helper that passed it (`retry(load)`). The helper's other
   * calls pass other callbacks.
   */
  handedOnBy(
    fn: ts.FunctionLikeDeclaration,
    invocation: ts.CallExpression,
  ): ReadonlySet<ts.CallExpression> | undefined {
    const declaration = declarationNode(fn);
    return declaration ? this.handing.get(declaration)?.get(invocation) : undefined;
  }

  /**
   * Whether code this analysis cannot see may call the function, so that an error leaving it goes
   * to callers unknown here: it is exported, it overrides or implements a member of a class or
   * interface from outside the workspace (the library calls it), or it is stored on an object
   * (`model.embedQuery = async () => ...`, `return { run: async () => ... }`) whose users call it;
   * not an `on...` event handler, which the runtime calls.
   */
  calledFromOutside(fn: ts.FunctionLikeDeclaration): boolean {
    return isExportedFunction(fn) || extendsOutside(fn, this.checker) || storedOnObject(fn) || handedOutByName(fn);
  }

  /**
   * Calls of the function a variable or class property holds because a helper made it: `export
   * const chat = traceable(async (input) => ...)` called as `chat(input)`, `private run =
   * withLogging(load)` as `this.run()`.
   */
  callersOfValue(holder: ValueHolder): ts.CallExpression[] {
    return phaseClock.time('callGraph', () => {
      const cached = this.valueCallers.get(holder);
      if (cached) return cached;
      const calls = this.callsNamed(holder.name.text, holder.getSourceFile().fileName).filter((call) => {
        const callee = unwrapExpression(call.expression);
        return declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, this.checker) === holder;
      });
      this.valueCallers.set(holder, calls);
      return calls;
    });
  }

  /**
   * The callers of a function no name holds. Invoked where it is written (`return (async function*
   * () { ... })()`): that call. Given back by a workspace factory (`return async (url, init) =>
   * ...`): made by the factory's calls whose values a variable or field holds (`const send =
   * makeFetch(options)`), it runs where that is called (`send(url, init)`).
   */
  private callersOfUnnamed(fn: ts.FunctionLikeDeclaration): ts.CallExpression[] {
    const cached = this.cache.get(fn);
    if (cached) return cached;
    this.cache.set(fn, []);
    const invocation = immediateInvocation(fn);
    const factory = invocation ? undefined : returningFunction(fn);
    const made = invocation
      ? [invocation]
      : factory
        ? this.callersOfDeclaration(factory).flatMap((call) => this.callsOfResult(call, 0))
        : [];
    const calls = invocation ? made : [...new Set([...made, ...this.aliasCallsOf(fn)])];
    this.cache.set(fn, calls);
    return calls;
  }

  /**
   * The calls of the function a factory call makes: where a variable or field holding it is called,
   * or, where the call's function returns it (`getEndpoint: async () => endpointTgi(config)`), where
   * what that function's callers get is held and called, up to two such returns.
   */
  private callsOfResult(call: ts.CallExpression, returns: number): ts.CallExpression[] {
    const holder = valueHolderOf(awaitedFrom(call));
    if (holder) return this.callersOfValue(holder);
    const outer = returns < MAX_RETURNS_FOLLOWED && isReturned(call) ? enclosingFunction(call) : undefined;
    return outer ? this.callersOfDeclaration(outer).flatMap((next) => this.callsOfResult(next, returns + 1)) : [];
  }

  /**
   * The calls that pick `fn` out of the object literal holding it by a computed key: a provider
   * registry (`const completers = { openai: (p) => ..., anthropic: (p) => ... }`, called as
   * `completers[provider](prompt)`) or a class's table of handlers (`this.handlers[kind](input)`).
   * Which member runs is known at run time only: the call is a caller of each of them.
   */
  private computedCallsOf(fn: ts.FunctionLikeDeclaration): ts.CallExpression[] {
    const holder = literalHolder(fn);
    if (!holder) return [];
    return this.callsNamed(computedCallKey(holder.name.text), holder.getSourceFile().fileName).filter((call) => {
      const callee = unwrapExpression(call.expression);
      if (!ts.isElementAccessExpression(callee)) return false;
      const object = unwrapExpression(callee.expression);
      const objectName = ts.isPropertyAccessExpression(object) ? object.name : object;
      return declarationOf(objectName, this.checker) === holder;
    });
  }

  /**
   * Calls through the workspace's function type alias the function is given as: declared with it
   * (`export const openAIChat: ChatHandler = async (req) => ...`), or returned where it is the
   * declared return type (`function tgiEndpoint(config): Endpoint { return async (params) => ...
   * }`). Which function such a call runs is known at run time only: as for an interface's method,
   * each function of the type is its callee. The candidates are the calls of the names declared
   * with the alias (`completer: ChatHandler`, `completer?: ChatHandler`, destructured or not),
   * each confirmed by its callee's type.
   */
  private aliasCallsOf(fn: ts.FunctionLikeDeclaration): ts.CallExpression[] {
    const alias = functionTypeAlias(fn, this.checker);
    if (!alias) return [];
    const cached = this.aliasCalls.get(alias);
    if (cached) return cached;
    const result: ts.CallExpression[] = [];
    this.aliasCalls.set(alias, result);
    const declaredIn = alias.declarations![0].getSourceFile().fileName;
    const names = new Set<string>();
    for (const file of this.names.holding('typed', alias.name, this.filesReaching(declaredIn)))
      for (const declared of fileIndexOf(file).typed.get(alias.name) ?? []) {
        const type = (declared.parent as ts.ParameterDeclaration).type as ts.TypeReferenceNode;
        if (aliasedSymbol(type.typeName, this.checker) === alias) names.add(declared.text);
      }
    for (const name of names)
      for (const call of this.callsNamed(name, declaredIn))
        if (carriesAlias(unwrapExpression(call.expression), alias, this.checker)) result.push(call);
    return result;
  }

  /**
   * The calls of the elements of the arrays that list a function by name, held by a `const`
   * (`const steps = [clean, summarise, save]`): a pipeline run by a loop or an array method over
   * it (`for (const step of steps) doc = await step(doc)`, `steps.map((step) => step(doc))`) calls
   * each of them there.
   */
  private listedCallsOf(declaration: ts.Node, names: readonly string[]): ts.CallExpression[] {
    const reaching = this.filesReaching(declaration.getSourceFile().fileName);
    const result: ts.CallExpression[] = [];
    for (const file of new Set(names.flatMap((each) => this.names.holding('listed', each, reaching)))) {
      for (const element of new Set(names.flatMap((each) => fileIndexOf(file).listed.get(each) ?? []))) {
        if (declarationOf(element, this.checker) !== declaration) continue;
        const holder = valueHolderOf(element.parent);
        if (holder && ts.isVariableDeclarationList(holder.parent) && holder.parent.flags & ts.NodeFlags.Const)
          result.push(...this.elementCalls(holder));
      }
    }
    return result;
  }

  /** Where the elements of the array a `const` holds are called, one by one (see `listedCallsOf`). */
  private elementCalls(holder: ValueHolder): ts.CallExpression[] {
    const name = holder.name.text;
    const result: ts.CallExpression[] = [];
    const files = this.names.holding('iterated', name, this.filesReaching(holder.getSourceFile().fileName));
    for (const file of files) {
      for (const site of fileIndexOf(file).iterated.get(name) ?? []) {
        const source = ts.isForOfStatement(site)
          ? site.expression
          : (site.expression as ts.PropertyAccessExpression).expression;
        if (declarationOf(unwrapExpression(source), this.checker) !== holder) continue;
        const each = elementBinding(site);
        if (!each) continue;
        const visit = (node: ts.Node): void => {
          if (!ts.isCallExpression(node)) return;
          const callee = unwrapExpression(node.expression);
          if (
            ts.isIdentifier(callee) &&
            callee.text === each.name.text &&
            declarationOf(callee, this.checker) === each.declaration
          )
            result.push(node);
        };
        // An arrow's body may be the call itself (`(step) => step(doc)`).
        visit(each.scope);
        walk(each.scope, visit);
      }
    }
    return result;
  }

  /**
   * Calls of `name` in the workspace's JavaScript files whose receiver has no type, for a method
   * `fn` of a JavaScript class: where the receiver's value comes from a construction the code
   * shows (see instances.ts), the calls whose instance runs `fn`; otherwise those whose receiver's
   * name names one of `classes`, the method's class and those it extends (see `receiverNamesClass`).
   */
  private untypedCallsNaming(
    fn: ts.FunctionLikeDeclaration,
    name: string,
    classes: readonly ts.ClassLikeDeclaration[],
  ): ts.CallExpression[] {
    const [owner] = classes;
    if (!owner || !JAVASCRIPT_FILE.test(owner.getSourceFile().fileName)) return [];
    const result: ts.CallExpression[] = [];
    for (const file of this.names.holding('calls', name)) {
      if (!JAVASCRIPT_FILE.test(file.fileName)) continue;
      for (const call of fileIndexOf(file).calls.get(name) ?? []) {
        const callee = unwrapExpression(call.expression);
        if (!ts.isPropertyAccessExpression(callee)) continue;
        // Built from classes whose method is not this one (and from nothing else): not its caller.
        const traced = this.tracedMethods(callee);
        if (traced.methods.some((method) => method === fn)) {
          if (!declarationOf(callee.name, this.checker)) result.push(call);
          continue;
        }
        if (!traced.open) continue;
        const named = receiverNamesClass(callee, classes);
        if (!named || (named === 'word' && !this.soleClassByWord(name, classes))) continue;
        if (!declarationOf(callee.name, this.checker)) result.push(call);
      }
    }
    return result;
  }

  /**
   * The methods an untyped call runs, by the classes its receiver is built from (see
   * instances.ts); `open` where the receiver may be built elsewhere too.
   */
  private tracedMethods(callee: ts.PropertyAccessExpression): {
    methods: ts.FunctionLikeDeclaration[];
    open: boolean;
  } {
    this.instanceTracer ??= new InstanceTracer(this.checker, this.names);
    const tracer = this.instanceTracer;
    const instances = tracer.classesOf(callee.expression);
    const found = instances.classes.map((owner) => tracer.methodOf(owner, callee.name.text));
    const methods = found.filter((method): method is ts.FunctionLikeDeclaration => !!method && method !== 'unknown');
    return { methods: [...new Set(methods)], open: instances.open || found.includes('unknown') };
  }

  /**
   * Whether `classes` (a class and those it extends) hold every JavaScript class with a method
   * `name` whose name ends in the same word as theirs: then `this.chat.send()` can mean no other.
   */
  private soleClassByWord(name: string, classes: readonly ts.ClassLikeDeclaration[]): boolean {
    const words = new Set(classes.map(lastWord));
    return this.javascriptMethods(name).every(
      (method) =>
        !ts.isClassLike(method.parent) || !words.has(lastWord(method.parent)) || classes.includes(method.parent),
    );
  }

  /** The workspace's JavaScript class methods called `name`. */
  private javascriptMethods(name: string): ts.MethodDeclaration[] {
    let methods = this.methods.get(name);
    if (methods) return methods;
    methods = [];
    for (const file of this.names.holding('classMethods', name))
      if (JAVASCRIPT_FILE.test(file.fileName)) methods.push(...(fileIndexOf(file).classMethods.get(name) ?? []));
    this.methods.set(name, methods);
    return methods;
  }

  /**
   * The JavaScript class method an untyped call runs (`this.config.errorHandler.handle(error)`, the
   * `handle` of `ConsoleErrorHandler`): the one class method of that name whose class the receiver's
   * name names, as calls of it are found above.
   */
  untypedMethod(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
    const callee = unwrapExpression(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !JAVASCRIPT_FILE.test(call.getSourceFile().fileName))
      return undefined;
    // The classes the receiver is built from say it; where it may be built elsewhere too, the
    // receiver's name is the guess beside them.
    const traced = this.tracedMethods(callee);
    const name = callee.name.text;
    const named = traced.open
      ? this.javascriptMethods(name).filter((method) => {
          const classes = classChain(method, this.checker);
          const names = receiverNamesClass(callee, classes);
          return names === 'name' || (names === 'word' && this.soleClassByWord(name, classes));
        })
      : [];
    const candidates = new Set([...traced.methods, ...named].filter((method) => method.body));
    return candidates.size === 1 ? [...candidates][0] : undefined;
  }

  /**
   * Calls of a method named one of `names` made directly on the value a name holds (`app.onError(...)`
   * for `app`, declared `const app = new Hono()`), in the declaring file and the files reaching it.
   */
  methodCallsOn(value: ts.Identifier, names: readonly string[]): ts.CallExpression[] {
    const holder = declarationOf(value, this.checker);
    if (!holder) return [];
    const key = names.join(',');
    const known = this.methodCalls.get(holder)?.get(key);
    if (known) return known;
    const result: ts.CallExpression[] = [];
    for (const name of names)
      for (const call of this.callsNamed(name, holder.getSourceFile().fileName)) {
        const callee = unwrapExpression(call.expression);
        if (!ts.isPropertyAccessExpression(callee)) continue;
        const receiver = unwrapExpression(callee.expression);
        if (ts.isIdentifier(receiver) && declarationOf(receiver, this.checker) === holder) result.push(call);
      }
    const byNames = this.methodCalls.get(holder) ?? new Map<string, ts.CallExpression[]>();
    this.methodCalls.set(holder, byNames.set(key, result));
    return result;
  }

  /**
   * The function an argument gives: written in place, or named (`app.use(errorHandler)`, declared
   * here or imported, as a function or a variable holding one).
   */
  functionGiven(argument: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    const value = unwrapExpression(argument);
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
    if (!ts.isIdentifier(value)) return undefined;
    const declaration = declarationOf(value, this.checker);
    if (declaration && ts.isFunctionDeclaration(declaration)) return declaration;
    const initializer =
      declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
        ? unwrapExpression(declaration.initializer)
        : undefined;
    return initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))
      ? initializer
      : undefined;
  }

  /**
   * Calls of a method named `name` given the value a name holds as an argument (`app.route('/admin',
   * admin)` for `admin`), in the declaring file and the files reaching it.
   */
  callsPassing(value: ts.Identifier, name: string): ts.CallExpression[] {
    const holder = declarationOf(value, this.checker);
    if (!holder) return [];
    return this.callsNamed(name, holder.getSourceFile().fileName).filter((call) =>
      call.arguments.some((argument) => {
        const passed = unwrapExpression(argument);
        return ts.isIdentifier(passed) && declarationOf(passed, this.checker) === holder;
      }),
    );
  }

  /** The workspace's calls whose callee's last name is `name`, in files that can reach `declaredIn`. */
  private callsNamed(name: string, declaredIn: string): ts.CallExpression[] {
    const result: ts.CallExpression[] = [];
    for (const file of this.names.holding('calls', name, this.filesReaching(declaredIn)))
      result.push(...(fileIndexOf(file).calls.get(name) ?? []));
    return result;
  }

  /**
   * The files that can reach `declaredIn`, each with its position in the import graph's order (the
   * order callers are listed in); every workspace file when the graph is not known.
   */
  private filesReaching(declaredIn: string): ReadonlyMap<string, number> | undefined {
    const reaching = this.reaching?.(declaredIn);
    return reaching ? positionsIn(reaching) : undefined;
  }
}

/**
 * The name each element gets: the loop's variable (`for (const step of steps)`), or the callback's
 * first parameter (`steps.map((step) => ...)`; `reduce`'s second), with the code it is used in.
 */
function elementBinding(
  site: ts.ForOfStatement | ts.CallExpression,
): { name: ts.Identifier; declaration: ts.Node; scope: ts.Node } | undefined {
  if (ts.isForOfStatement(site)) {
    const list = site.initializer;
    const declaration =
      ts.isVariableDeclarationList(list) && list.declarations.length === 1 ? list.declarations[0] : undefined;
    return declaration && ts.isIdentifier(declaration.name)
      ? { name: declaration.name, declaration, scope: site.statement }
      : undefined;
  }
  const callback = site.arguments[0] && unwrapExpression(site.arguments[0]);
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
  const method = (site.expression as ts.PropertyAccessExpression).name.text;
  const parameter = callback.parameters[method === 'reduce' ? 1 : 0];
  return parameter && ts.isIdentifier(parameter.name)
    ? { name: parameter.name, declaration: parameter, scope: callback.body }
    : undefined;
}

/**
 * The workspace's function type alias a function is given as: its contextual type's alias (a
 * variable's annotation, a declared return type), declared in the workspace as a function type
 * with no type parameters.
 */
function functionTypeAlias(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  let type: ts.Type | undefined;
  try {
    type = checker.getContextualType(fn);
  } catch {
    return undefined;
  }
  // An async factory's declared `Promise<Endpoint>`: the checker's contextual type for what it
  // returns is the awaited type without its alias, so the alias is read off the declaration.
  const alias = type?.aliasSymbol ?? promisedAlias(returningFunction(fn), checker);
  const declaration = alias?.declarations?.[0];
  if (!declaration || !ts.isTypeAliasDeclaration(declaration) || !ts.isFunctionTypeNode(declaration.type))
    return undefined;
  // A generic alias (`Task<A, R>`) is a utility shape any function fits, not a role.
  if (declaration.typeParameters) return undefined;
  return isPackageDeclaration(declaration.getSourceFile()) ? undefined : alias;
}

/** `X` in a function's declared `Promise<X>` return type, when `X` names a type alias. */
function promisedAlias(fn: ts.FunctionLikeDeclaration | undefined, checker: ts.TypeChecker): ts.Symbol | undefined {
  const declared = fn?.type;
  if (!declared || !ts.isTypeReferenceNode(declared) || !ts.isIdentifier(declared.typeName)) return undefined;
  if (declared.typeName.text !== 'Promise' || declared.typeArguments?.length !== 1) return undefined;
  const [inner] = declared.typeArguments;
  return ts.isTypeReferenceNode(inner) ? aliasedSymbol(inner.typeName, checker) : undefined;
}

/** Whether a callee's type is the alias (also optional: `ChatHandler | undefined`). */
function carriesAlias(callee: ts.Expression, alias: ts.Symbol, checker: ts.TypeChecker): boolean {
  let type: ts.Type;
  try {
    type = checker.getTypeAtLocation(callee);
  } catch {
    return false;
  }
  if (type.aliasSymbol === alias) return true;
  return type.isUnion() && type.types.some((member) => member.aliasSymbol === alias);
}

/** The node a reference to the function resolves to. */
/**
 * A member read off a union of classes (`getProvider()` returns `new OpenAiProvider()` in one case,
 * `new GroqProvider()` in another): the checker resolves the name to one class's method, or to
 * none when not every class has it, but the call runs whichever the value is, so each class's
 * method is a target. In JavaScript only, where no interface types such a factory (TypeScript
 * code names one, and its implementers are found through it): asking the checker about every call
 * of the name costs an edit in a large TypeScript workspace more than its budget.
 */
function unionMemberOf(
  callee: ts.PropertyAccessExpression,
  targets: ReadonlySet<ts.Node>,
  checker: ts.TypeChecker,
): boolean {
  if (!JAVASCRIPT_FILE.test(callee.getSourceFile().fileName) || callee.expression.kind === ts.SyntaxKind.ThisKeyword)
    return false;
  const declarations =
    aliasedSymbol(callee.name, checker)?.declarations ?? unionMemberDeclarations(callee, checker) ?? [];
  return declarations.some((declaration) => targets.has(declaration));
}

function declarationNode(fn: ts.FunctionLikeDeclaration): ts.Node | undefined {
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) return fn;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent))
    return parent;
  return undefined;
}

/**
 * A module's default export: `export default function ...`, or a function declared or held by a
 * module-level variable that the file exports with `export default name`.
 */
function isDefaultExport(declaration: ts.Node): boolean {
  if (ts.isFunctionDeclaration(declaration)) {
    const flags = ts.getCombinedModifierFlags(declaration);
    if (flags & ts.ModifierFlags.Export && flags & ts.ModifierFlags.Default) return true;
  }
  const name =
    ts.isFunctionDeclaration(declaration) || ts.isVariableDeclaration(declaration) ? declaration.name : undefined;
  if (!name || !ts.isIdentifier(name)) return false;
  if (ts.isVariableDeclaration(declaration) && !ts.isSourceFile(declaration.parent.parent.parent)) return false;
  return declaration
    .getSourceFile()
    .statements.some(
      (statement) =>
        ts.isExportAssignment(statement) &&
        !statement.isExportEquals &&
        ts.isIdentifier(statement.expression) &&
        statement.expression.text === name.text,
    );
}

/** The name a function is called by: its own, its method's, or the variable or property holding it. */
export function callableName(fn: ts.FunctionLikeDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if (ts.isMethodDeclaration(fn)) return propertyName(fn.name);
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) return propertyName(parent.name);
  return undefined;
}

/** Overload signatures: a reference resolves to the first of them, not to the implementation. */
function overloadsOf(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): ts.Node[] {
  if (!(ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) || !fn.name) return [];
  const symbol = checker.getSymbolAtLocation(fn.name);
  return symbol?.declarations?.filter((declaration) => declaration !== fn) ?? [];
}

/** The class a method belongs to and the classes it extends, nearest first. */
function classChain(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): ts.ClassLikeDeclaration[] {
  const owner = ts.isMethodDeclaration(fn)
    ? fn.parent
    : ts.isPropertyDeclaration(fn.parent)
      ? fn.parent.parent
      : undefined;
  const chain: ts.ClassLikeDeclaration[] = [];
  for (let current = owner; current && ts.isClassLike(current) && chain.length < 8;) {
    if (chain.includes(current)) break;
    chain.push(current);
    current = extendedClass(current, checker);
  }
  return chain;
}

/** `(this as any).name(...)` inside one of `classes` (the checker cannot resolve the member). */
function callsUntypedThis(callee: ts.PropertyAccessExpression, classes: readonly ts.ClassLikeDeclaration[]): boolean {
  if (unwrapExpression(callee.expression).kind !== ts.SyntaxKind.ThisKeyword || classes.length === 0) return false;
  const owner = thisClassAt(callee);
  return !!owner && classes.includes(owner);
}

/** A JavaScript file: the checker knows no types there but the ones it infers. */
export const JAVASCRIPT_FILE = /\.[cm]?jsx?$/;

/**
 * `this.textGenerator.generate()` in JavaScript, where nothing types the receiver: it calls the
 * method of that name of a class the receiver's name names, the way a reader pairs them: the
 * class's whole name (`geminiClient`, `GeminiClient`), or its last two words or more
 * (`textGenerator`, `HostedTextGenerator`), of the class or a class it extends; `'word'` when only
 * the class's last word is named (`this.chat`, `GeminiChat`), which the caller must find unique. A
 * name imported from a package is never the workspace's, and a name that names no class
 * (`this.inner`) stays unknown.
 */
function receiverNamesClass(
  callee: ts.PropertyAccessExpression,
  classes: readonly ts.ClassLikeDeclaration[],
): 'name' | 'word' | undefined {
  if (classes.length === 0 || !JAVASCRIPT_FILE.test(callee.getSourceFile().fileName)) return undefined;
  const words = receiverWords(callee.expression);
  if (!words || words.length === 0) return undefined;
  let named: 'name' | 'word' | undefined;
  for (const owner of classes) {
    const classWords = owner.name ? splitWords(owner.name.text) : [];
    if (words.length > classWords.length) continue;
    if (!words.every((word, index) => word === classWords[classWords.length - words.length + index])) continue;
    if (words.length >= 2 || words.length === classWords.length) return 'name';
    named = 'word';
  }
  return named;
}

/** The class's last word: `chat` for `GeminiChat`. */
function lastWord(owner: ts.ClassLikeDeclaration): string | undefined {
  const words = owner.name ? splitWords(owner.name.text) : [];
  return words[words.length - 1];
}

/** The words of the name a receiver goes by: `generator`, `this.textGenerator`, `this.getTextGenerator()`, `await x`. */
function receiverWords(expression: ts.Expression): string[] | undefined {
  const receiver = unwrapExpression(ts.isAwaitExpression(expression) ? expression.expression : expression);
  if (ts.isIdentifier(receiver)) {
    return importsOf(receiver.getSourceFile()).has(receiver.text) ? undefined : splitWords(receiver.text);
  }
  if (ts.isPropertyAccessExpression(receiver)) return splitWords(receiver.name.text);
  if (ts.isCallExpression(receiver) && receiver.arguments.length === 0) {
    const getter = unwrapExpression(receiver.expression);
    const named = ts.isPropertyAccessExpression(getter) ? getter.name.text : ts.isIdentifier(getter) ? getter.text : '';
    const match = /^get([A-Z]\w*)$/.exec(named);
    return match?.[1] ? splitWords(match[1]) : undefined;
  }
  return undefined;
}

/** `_textGenerator` → `text`, `generator`; `OpenAIClient` → `open`, `ai`, `client`... lower case. */
function splitWords(name: string): string[] {
  return (name.replace(/^[_$#]+/, '').match(/[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])/g) ?? []).map((word) =>
    word.toLowerCase(),
  );
}

/**
 * The interface and base-class members a method stands in for at run time: `implements Api` with
 * `createMessage` in `Api`, or `extends Base` whose `createMessage` it overrides, transitively.
 */
export function dispatchedFrom(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): ts.Node[] {
  if (ts.isObjectLiteralExpression(fn.parent) || ts.isPropertyAssignment(fn.parent)) return typedMember(fn, checker);
  if (ts.isFunctionDeclaration(fn)) return typedMembersHolding(fn, checker);
  if (!ts.isMethodDeclaration(fn) && !(ts.isPropertyDeclaration(fn.parent) && fn.parent.name)) return [];
  const member = ts.isMethodDeclaration(fn) ? fn : (fn.parent as ts.PropertyDeclaration);
  const name = propertyName(member.name);
  const owner = member.parent;
  if (!name || !ts.isClassLike(owner)) return [];
  const result: ts.Node[] = [];
  const seen = new Set<ts.Node>();
  const visit = (declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration, depth: number): void => {
    if (seen.has(declaration) || depth > 8) return;
    seen.add(declaration);
    for (const clause of declaration.heritageClauses ?? []) {
      for (const heritage of clause.types) {
        const symbol = aliasedSymbol(heritage.expression, checker);
        for (const target of symbol?.declarations ?? []) {
          if (!ts.isClassLike(target) && !ts.isInterfaceDeclaration(target)) continue;
          // An installed package's interface (an SDK's) is not the workspace's; a `types.d.ts` of its own is.
          if (isPackageDeclaration(target.getSourceFile())) continue;
          for (const candidate of target.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>) {
            if (candidate.name && propertyName(candidate.name) === name) result.push(candidate);
          }
          visit(target, depth + 1);
        }
      }
    }
  };
  visit(owner, 0);
  return result;
}

/**
 * A function in an object literal typed by a workspace interface (`return { callModel: async () =>
 * ... }` from a factory declared to return `Deps`): it runs wherever `deps.callModel()` is called.
 */
function typedMember(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): ts.Node[] {
  const member = ts.isPropertyAssignment(fn.parent) ? fn.parent : fn;
  const literal = member.parent;
  const name = member.name && propertyName(member.name);
  if (!name || !ts.isObjectLiteralExpression(literal)) return [];
  return interfaceMembersAt(literal, name, checker);
}

/**
 * A function declared by name inside a factory and put in a typed object by that name: `const
 * model: LanguageModel = { complete }; return model;` with `async function complete() {...}`
 * below. It runs where the interface's member is called, as if written in the literal.
 */
function typedMembersHolding(fn: ts.FunctionDeclaration, checker: ts.TypeChecker): ts.Node[] {
  const name = fn.name;
  const scope = name && enclosingFunction(fn)?.body;
  if (!name || !scope) return [];
  const members: ts.Node[] = [];
  walk(scope, (node) => {
    if (!ts.isIdentifier(node) || node === name || node.text !== name.text) return undefined;
    const member = node.parent;
    const key = ts.isShorthandPropertyAssignment(member)
      ? member.name.text
      : ts.isPropertyAssignment(member) && member.initializer === node
        ? propertyName(member.name)
        : undefined;
    if (key && ts.isObjectLiteralExpression(member.parent) && declarationOf(node, checker) === fn)
      members.push(...interfaceMembersAt(member.parent, key, checker));
    return undefined;
  });
  return members;
}

/** The workspace interface members a literal's `name` stands for, by the type the literal is given. */
function interfaceMembersAt(literal: ts.ObjectLiteralExpression, name: string, checker: ts.TypeChecker): ts.Node[] {
  // `withTimeout({ run: () => ... })`: an option handed to the call that runs it (the solver's edge).
  // A constructor's options (`new X({ run })`, `super({ run })`) are kept for its methods to call:
  // the member runs where the interface's member is called.
  let outer: ts.Node = literal.parent;
  while (ts.isParenthesizedExpression(outer)) outer = outer.parent;
  if (ts.isCallExpression(outer) && outer.expression.kind !== ts.SyntaxKind.SuperKeyword) return [];
  const declarations = checker.getContextualType(literal)?.getProperty(name)?.declarations ?? [];
  return declarations.filter(
    (declaration) =>
      !isPackageDeclaration(declaration.getSourceFile()) &&
      (ts.isPropertySignature(declaration) || ts.isMethodSignature(declaration)),
  );
}

/** A method (or arrow property) of a class whose base class or interfaces come from outside the workspace. */
function extendsOutside(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): boolean {
  const member = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyDeclaration(fn.parent) ? fn.parent : undefined;
  if (!member || !ts.isClassLike(member.parent)) return false;
  const seen = new Set<ts.Node>();
  const outside = (declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration, depth: number): boolean => {
    if (seen.has(declaration) || depth > 8) return false;
    seen.add(declaration);
    for (const clause of declaration.heritageClauses ?? []) {
      for (const heritage of clause.types) {
        const targets = (aliasedSymbol(heritage.expression, checker)?.declarations ?? []).filter(
          (target): target is ts.ClassLikeDeclaration | ts.InterfaceDeclaration =>
            ts.isClassLike(target) || ts.isInterfaceDeclaration(target),
        );
        if (targets.some((target) => isPackageDeclaration(target.getSourceFile()))) return true;
        // A package whose types are not loaded: the import names it. A global (`Omit`, `Error`) does not.
        if (targets.length === 0 && importedFromPackage(heritage.expression)) return true;
        if (targets.some((target) => outside(target, depth + 1))) return true;
      }
    }
    return false;
  };
  return outside(member.parent, 0);
}

/** `Embeddings` in `extends Embeddings`, imported (or required) from a package (`@langchain/core/embeddings`). */
function importedFromPackage(expression: ts.Expression): boolean {
  let root: ts.Expression = expression;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return false;
  const module = importsOf(root.getSourceFile()).get(root.text)?.module;
  return module !== undefined && !/^[./]/.test(module);
}

/**
 * The variable or class property whose object literal holds `fn` as a member (`const completers =
 * { openai: async (p) => ..., async anthropic(p) { ... } }`, also through `satisfies` or `as`).
 */
function literalHolder(fn: ts.FunctionLikeDeclaration): ValueHolder | undefined {
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const member =
    ts.isPropertyAssignment(node.parent) && node.parent.initializer === node
      ? node.parent
      : ts.isMethodDeclaration(fn)
        ? fn
        : undefined;
  return member && ts.isObjectLiteralExpression(member.parent) ? valueHolderOf(member.parent) : undefined;
}

/** `obj.name = fn` (not `module.exports`), or `{ name: fn }` / `{ name() {} }` in an object literal. */
function storedOnObject(fn: ts.FunctionLikeDeclaration): boolean {
  if (ts.isMethodDeclaration(fn) && ts.isObjectLiteralExpression(fn.parent))
    return calledByHolder(propertyName(fn.name));
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  // Written in a list (`[async () => ...]`), it is run where the list is read: its callers say.
  return !ts.isArrayLiteralExpression(node.parent) && calledByHolder(keyStoredUnder(node));
}

/**
 * A function declared by name inside another and handed out by that name: put in an object or an
 * array (`return { id, node: classify }`, `[{ run: translate }]`, `{ translate }`) or stored on one
 * (`node.run = classify`). Whoever gets the object calls it, out of sight.
 */
function handedOutByName(fn: ts.FunctionLikeDeclaration): boolean {
  const name = localFunctionName(fn);
  const scope = name && enclosingFunction(fn)?.body;
  if (!name || !scope) return false;
  let handedOut = false;
  walk(scope, (node) => {
    if (handedOut) return false;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text)
      handedOut = calledByHolder(keyStoredUnder(node));
    return undefined;
  });
  return handedOut;
}

/**
 * The key a value is put under on an object: `{ key: value }`, `{ value }`, `holder.key = value`,
 * `holder[key] = value`; '' as an element of an array. Undefined when the value is not put on one.
 */
function keyStoredUnder(value: ts.Node): string | undefined {
  const parent = value.parent;
  if (ts.isShorthandPropertyAssignment(parent)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && parent.initializer === value) return propertyName(parent.name);
  if (ts.isArrayLiteralExpression(parent)) return '';
  if (!ts.isBinaryExpression(parent) || parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  if (parent.right !== value) return undefined;
  if (ts.isPropertyAccessExpression(parent.left)) return parent.left.name.text;
  return ts.isElementAccessExpression(parent.left) ? parent.left.argumentExpression.getText() : undefined;
}

/** Stored under a key, the holder's users call it; not under `on...`: an event's listener, which the runtime calls. */
function calledByHolder(key: string | undefined): boolean {
  return key !== undefined && !/^on[A-Z_a-z]/.test(key);
}

/** A declaration file of an installed package (an SDK's types, the compiler's libraries). */
export function isPackageDeclaration(sourceFile: ts.SourceFile): boolean {
  return sourceFile.isDeclarationFile && packageOfFile(sourceFile.fileName) !== undefined;
}

/** How many functions returning a factory's result are followed to where it is held. */
const MAX_RETURNS_FOLLOWED = 2;

/** `await makeClient()`: the expression whose value a holder takes. */
function awaitedFrom(call: ts.CallExpression): ts.Expression {
  let node: ts.Expression = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isAwaitExpression(node.parent) ? node.parent : node;
}
