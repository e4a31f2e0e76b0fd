import type { ImportGraph } from './import-graph';

/*
 * A package's index re-exports what its modules declare (`export * from './validation'`). When an
 * analysed file imports a type through the index (`import { ConfigResult } from '@acme/config'`),
 * the index is in the program but the module declaring the type may not be, and then every value
 * of that type is `any` to the checker: a model wrapper called through one is not seen. These
 * read, from the text alone, what a file imports by name, what it declares and what it re-exports,
 * so that the audit can add the modules between the index and the declaration.
 */

/** `import { A, type B, C as D } from 'x'` (also `import type { ... }` and a default beside). */
const NAMED_IMPORT = /\bimport\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g;
/** `export * from 'x'`, `export { A, B as C } from 'x'`, `export type { A } from 'x'`. */
const REEXPORT = /\bexport\s+(?:type\s+)?(?:\*|\{([^}]*)\})\s*from\s*['"]([^'"]+)['"]/g;
/** A name the file declares and exports itself (not `export default class X`: that is imported as the default). */
const EXPORTED_DECLARATION =
  /\bexport\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:interface|type|class|enum|function\*?|const|let|var|namespace)\s+([A-Za-z_$][\w$]*)/g;
/** `export { A, B as C }` without `from`: names declared in the file, exported at the end. */
const EXPORT_LIST = /\bexport\s+(?:type\s+)?\{([^}]*)\}(?!\s*from)/g;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export interface NamedImport {
  specifier: string;
  /** The names as the imported module exports them (`C` of `C as D`). */
  names: string[];
}

export function namedImports(text: string): NamedImport[] {
  const found: NamedImport[] = [];
  for (const match of text.matchAll(NAMED_IMPORT))
    found.push({ specifier: match[2], names: pairs(match[1]).map((pair) => pair.left) });
  return found;
}

/** The names a file exports from its own declarations. */
export function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(EXPORTED_DECLARATION)) names.add(match[1]);
  // `export { A as B }`: B is what importers name.
  for (const match of text.matchAll(EXPORT_LIST)) for (const pair of pairs(match[1])) names.add(pair.right);
  return names;
}

export interface Reexport {
  specifier: string;
  /** For `export { ... } from`: each name exported, with the name it has in the module it comes from. */
  names?: Map<string, string>;
}

export function reexports(text: string): Reexport[] {
  const found: Reexport[] = [];
  for (const match of text.matchAll(REEXPORT)) {
    if (match[1] === undefined) {
      found.push({ specifier: match[2] });
      continue;
    }
    const names = new Map<string, string>();
    for (const pair of pairs(match[1])) names.set(pair.right, pair.left);
    found.push({ specifier: match[2], names });
  }
  return found;
}

/**
 * `A, type B, C as D`: each name with the name `as` gives it (its own when none). In an import the
 * left is the module's export; in an export list, the left is the file's own name.
 */
function pairs(list: string): { left: string; right: string }[] {
  const result: { left: string; right: string }[] = [];
  for (const raw of list.split(',')) {
    const parts = raw
      .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      .trim()
      .replace(/^type\s+/, '')
      .split(/\s+as\s+/);
    const left = parts[0]?.trim();
    const right = (parts[1] ?? parts[0])?.trim();
    if (left && right && IDENTIFIER.test(left) && IDENTIFIER.test(right)) result.push({ left, right });
  }
  return result;
}

/**
 * The files to add so that the names the included files import by name resolve: for an import
 * from an included file that does not declare the name but re-exports it, the files the
 * re-exports lead through and the one declaring it. Only through included files: an import from a
 * file outside the program resolves to nothing, and following every one would pull the workspace in.
 */
export function reexportedDeclarations(
  included: ReadonlySet<string>,
  texts: ReadonlyMap<string, string>,
  graph: ImportGraph,
): Set<string> {
  const barrels = new Map<string, boolean>();
  const isBarrel = (file: string): boolean => {
    let known = barrels.get(file);
    if (known === undefined) barrels.set(file, (known = REEXPORTS.test(texts.get(file) ?? '')));
    return known;
  };
  /** Per file, what it exports by name: the files after it on the way to the declaration ([] for its own). */
  const maps = new Map<string, Map<string, string[]>>();
  const exportsOf = (file: string): Map<string, string[]> => {
    const known = maps.get(file);
    if (known) return known;
    const map = new Map<string, string[]>();
    maps.set(file, map); // a cycle of re-exports sees what is found so far
    const text = texts.get(file) ?? '';
    for (const name of exportedNames(text)) map.set(name, []);
    if (!isBarrel(file)) return map;
    for (const reexport of reexports(text))
      for (const target of graph.filesNamed(file, reexport.specifier)) {
        const inner = exportsOf(target);
        const names = reexport.names ?? new Map([...inner.keys()].map((name) => [name, name]));
        for (const [exported, original] of names) {
          const chain = inner.get(original);
          if (chain && !map.has(exported)) map.set(exported, [target, ...chain]);
        }
      }
    return map;
  };
  const added = new Set<string>();
  for (const file of included) {
    const text = texts.get(file);
    if (text === undefined || file.endsWith('.d.ts')) continue;
    for (const { specifier, names } of namedImports(text))
      for (const target of graph.filesNamed(file, specifier)) {
        if (!included.has(target) || !isBarrel(target)) continue;
        const exported = exportsOf(target);
        for (const name of names) for (const link of exported.get(name) ?? []) if (!included.has(link)) added.add(link);
      }
  }
  return added;
}

/** Whether a file re-exports anything (most files do not: they are skipped at once). */
const REEXPORTS = /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})\s*from\b/;
