import { importKeys, moduleKeys } from './importers';
import type { PathAliases } from './path-aliases';

/**
 * Which files import which, from a text scan of import specifiers (a superset of the real edges:
 * path aliases match by base name). The audit uses it to include the files that import files with
 * model calls (their callers), and the caller search uses it to ask the checker only about calls
 * in files that can reach the called function's file: a file that does not import it, directly or
 * through others, cannot hold a value declared there.
 */
export class ImportGraph {
  /** Module key → files whose imports name it. */
  private readonly importersByKey = new Map<string, Set<string>>();
  private readonly keysByFile = new Map<string, string[]>();
  /** Module key → files it names (a file has several: its path, its folder for an index file, its base name). */
  private readonly filesByKey = new Map<string, Set<string>>();
  private readonly closures = new Map<string, ReadonlySet<string>>();
  /** Memoised `importersOf` (the include and caller searches ask about the same files again and again). */
  private readonly importers = new Map<string, readonly string[]>();
  /** Memoised `importedBy` (each edit walks down the edited file's imports a few hops). */
  private readonly imported = new Map<string, readonly string[]>();
  /** Memoised `moduleKeys`: a file's names depend only on its path and its package. */
  private readonly namesOfFile = new Map<string, string[]>();

  /**
   * @param aliasesOf the `paths` a file's imports resolve with in the analysed program: its
   * package's tsconfig's, or the workspace's
   */
  constructor(
    texts?: Iterable<[string, string]>,
    private readonly aliasesOf: (file: string) => PathAliases | undefined = () => undefined,
  ) {
    if (texts) for (const [file, text] of texts) this.set(file, text);
  }

  /** Adds or updates a file's imports. */
  set(file: string, text: string): void {
    const keys = [...new Set(importKeys(file, text, this.aliasesOf(file)))];
    // Typing rarely touches the imports: then every edge, and every answer given, still holds.
    if (sameKeys(this.keysByFile.get(file), keys)) return;
    this.delete(file);
    this.forgetQueries();
    this.keysByFile.set(file, keys);
    for (const key of this.namesOf(file)) {
      const files = this.filesByKey.get(key);
      if (files) files.add(file);
      else this.filesByKey.set(key, new Set([file]));
    }
    for (const key of keys) {
      const importers = this.importersByKey.get(key);
      if (importers) importers.add(file);
      else this.importersByKey.set(key, new Set([file]));
    }
  }

  delete(file: string): void {
    const keys = this.keysByFile.get(file);
    if (!keys) return;
    this.keysByFile.delete(file);
    for (const key of keys) this.importersByKey.get(key)?.delete(file);
    for (const key of this.namesOf(file)) this.filesByKey.get(key)?.delete(file);
    this.forgetQueries();
  }

  /** The files whose imports name `file` directly. */
  importersOf(file: string): readonly string[] {
    const cached = this.importers.get(file);
    if (cached) return cached;
    const importers = new Set<string>();
    for (const key of this.namesOf(file))
      for (const importer of this.importersByKey.get(key) ?? []) importers.add(importer);
    importers.delete(file);
    const result = [...importers];
    this.importers.set(file, result);
    return result;
  }

  /** The files of the graph that `file` imports directly. */
  importedBy(file: string): readonly string[] {
    const cached = this.imported.get(file);
    if (cached) return cached;
    const imported = new Set<string>();
    for (const key of this.keysByFile.get(file) ?? [])
      for (const target of this.filesByKey.get(key) ?? []) imported.add(target);
    imported.delete(file);
    const result = [...imported];
    this.imported.set(file, result);
    return result;
  }

  /** The files of the graph one import specifier of `file` names (`./validation`, `@acme/config`). */
  filesNamed(file: string, specifier: string): string[] {
    const found = new Set<string>();
    for (const key of importKeys(file, `from '${specifier}'`, this.aliasesOf(file)))
      for (const target of this.filesByKey.get(key) ?? []) if (target !== file) found.add(target);
    return [...found];
  }

  private namesOf(file: string): string[] {
    let names = this.namesOfFile.get(file);
    if (!names) {
      names = moduleKeys(file);
      this.namesOfFile.set(file, names);
    }
    return names;
  }

  private forgetQueries(): void {
    this.closures.clear();
    this.importers.clear();
    this.imported.clear();
  }

  /** The file itself and every file that imports it, directly or through other files. */
  reaching(file: string): ReadonlySet<string> {
    const cached = this.closures.get(file);
    if (cached) return cached;
    const reached = new Set([file]);
    const queue = [file];
    while (queue.length > 0) {
      for (const importer of this.importersOf(queue.pop() as string)) {
        if (reached.has(importer)) continue;
        reached.add(importer);
        queue.push(importer);
      }
    }
    this.closures.set(file, reached);
    return reached;
  }
}

function sameKeys(known: readonly string[] | undefined, keys: readonly string[]): boolean {
  return known !== undefined && known.length === keys.length && known.every((key, index) => key === keys[index]);
}
