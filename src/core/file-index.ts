import { ts } from 'ts-morph';
import { propertyName, unwrapExpression, walk } from './ast';
import { importsOf } from './imports';

/**
 * What the caller search and the client tracer look up by name in a file, from one walk of it: the
 * calls by callee name, the names passed as arguments (`retry(load)`), the class methods by name and
 * the `new` expressions by class name. Parsed files outlive programs (an edit reparses only the
 * edited file), so the index of every other file is built once and reused after each edit. Without
 * it, each name asked about walked every file whose text mentions it: for a common method name
 * (`create`, `run`), most of the workspace, once per name.
 */
export interface FileIndex {
  calls: ReadonlyMap<string, readonly ts.CallExpression[]>;
  /** Every call expression of the file, in source order: detection reads them from here, not from a walk of its own. */
  allCalls: readonly ts.CallExpression[];
  passed: ReadonlyMap<string, readonly ts.Identifier[]>;
  /** Methods declared in a class body (not object literal methods), by name. */
  classMethods: ReadonlyMap<string, readonly ts.MethodDeclaration[]>;
  /** `new Name(...)` and `new ns.Name(...)`, by the last name of the callee. */
  constructions: ReadonlyMap<string, readonly ts.NewExpression[]>;
  /** Names written as elements of an array literal (`[clean, summarise, save]`). */
  listed: ReadonlyMap<string, readonly ts.Identifier[]>;
  /**
   * Where a name's elements are taken one by one: `for (const step of steps)`, and
   * `steps.map(...)`, `steps.forEach(...)` and the like, by the name iterated.
   */
  iterated: ReadonlyMap<string, readonly (ts.ForOfStatement | ts.CallExpression)[]>;
  /**
   * Names declared with a type written as a plain reference (`completer: ChatHandler`, `completer?:
   * ChatHandler`, `const send: Transport = ...`), by the type's name: where a function type alias
   * of the workspace is held, and so called.
   */
  typed: ReadonlyMap<string, readonly ts.Identifier[]>;
}

/** Array methods that hand each element to their callback. */
const ELEMENT_METHODS = new Set(['map', 'forEach', 'flatMap', 'reduce', 'some', 'every', 'filter', 'find']);

const fileIndexes = new WeakMap<ts.SourceFile, FileIndex>();

export function fileIndexOf(file: ts.SourceFile): FileIndex {
  const cached = fileIndexes.get(file);
  if (cached) return cached;
  const calls = new Map<string, ts.CallExpression[]>();
  const allCalls: ts.CallExpression[] = [];
  const passed = new Map<string, ts.Identifier[]>();
  const classMethods = new Map<string, ts.MethodDeclaration[]>();
  const constructions = new Map<string, ts.NewExpression[]>();
  const listed = new Map<string, ts.Identifier[]>();
  const iterated = new Map<string, (ts.ForOfStatement | ts.CallExpression)[]>();
  const typed = new Map<string, ts.Identifier[]>();
  const aliases = importAliases(file);
  // A name imported under another (`import { act as runAct }`, a default import) is also indexed
  // under the name it has where it is declared: the caller search asks by that name.
  const addNamed = <T>(map: Map<string, T[]>, name: string, item: T, callee: ts.Expression): void => {
    add(map, name, item);
    const original = ts.isIdentifier(callee) ? aliases.get(name) : undefined;
    if (original !== undefined && original !== name) add(map, original, item);
  };
  walk(file, (node) => {
    if (ts.isCallExpression(node)) {
      allCalls.push(node);
      for (const argument of node.arguments)
        if (ts.isIdentifier(argument)) addNamed(passed, argument.text, argument, argument);
      const callee = unwrapExpression(node.expression);
      const name = lastName(callee);
      if (name) addNamed(calls, name, node, callee);
      if (ts.isPropertyAccessExpression(callee) && ELEMENT_METHODS.has(callee.name.text)) {
        const receiver = unwrapExpression(callee.expression);
        if (ts.isIdentifier(receiver)) add(iterated, receiver.text, node);
      }
    } else if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements)
        if (ts.isIdentifier(element)) addNamed(listed, element.text, element, element);
    } else if (
      (ts.isParameter(node) ||
        ts.isPropertySignature(node) ||
        ts.isPropertyDeclaration(node) ||
        ts.isVariableDeclaration(node)) &&
      node.type &&
      ts.isTypeReferenceNode(node.type) &&
      ts.isIdentifier(node.type.typeName) &&
      ts.isIdentifier(node.name)
    ) {
      add(typed, node.type.typeName.text, node.name);
    } else if (ts.isForOfStatement(node)) {
      const source = unwrapExpression(node.expression);
      if (ts.isIdentifier(source)) add(iterated, source.text, node);
    } else if (ts.isNewExpression(node)) {
      const callee = unwrapExpression(node.expression);
      const name = lastName(callee);
      if (name) addNamed(constructions, name, node, callee);
    } else if (ts.isMethodDeclaration(node) && ts.isClassLike(node.parent)) {
      const name = propertyName(node.name);
      if (name) add(classMethods, name, node);
    }
  });
  const index = { calls, allCalls, passed, classMethods, constructions, listed, iterated, typed };
  fileIndexes.set(file, index);
  return index;
}

/**
 * The file's local names for what it imports under another name, each with the name it is
 * exported as (`importsOf`): `import { act as runAct }` and `const { act: runAct } =
 * require('./act')` give `runAct` -> `act`; a default import gives `DEFAULT_EXPORT`. A namespace
 * or a whole module (`* as ai`, `require('x')`) is called through its members, by their names.
 */
function importAliases(file: ts.SourceFile): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const [local, { imported }] of importsOf(file))
    if (imported !== local && imported !== '*' && imported !== 'require') aliases.set(local, imported);
  return aliases;
}

/** The index's name for the calls of a module's default export made through a default import. */
export const DEFAULT_EXPORT = 'default';

/**
 * `f` of `f(...)` and `a.b.f(...)`, `f` of `a['f'](...)`, and for a computed key
 * (`providers[name](...)`, `this.handlers[kind](...)`) the holder's name as `computedCallKey` makes it.
 */
function lastName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee)) {
    const key = callee.argumentExpression;
    if (ts.isStringLiteralLike(key)) return key.text;
    const holder = lastName(unwrapExpression(callee.expression));
    return holder === undefined ? undefined : computedCallKey(holder);
  }
  return undefined;
}

/** The index's name for the calls of a member of `holder` chosen by a computed key: never an identifier. */
export function computedCallKey(holder: string): string {
  return `${holder}[]`;
}

function add<T>(map: Map<string, T[]>, name: string, item: T): void {
  const list = map.get(name);
  if (list) list.push(item);
  else map.set(name, [item]);
}
