import { importKeys, moduleKeys } from './importers';

/**
 * Which files import which, from a text scan of import specifiers (a superset of the real edges:
 * path aliases match by base name). The caller search uses it to ask the checker only about calls
 * in files that can reach the called function's file: a file that does not import it, directly or
 * through others, cannot hold a value declared there.
 */
export class ImportGraph {
  /** Module key → files whose imports name it. */
  private readonly importersByKey = new Map<string, Set<string>>();
  private readonly keysByFile = new Map<string, string[]>();
  private readonly closures = new Map<string, ReadonlySet<string>>();

  constructor(texts?: Iterable<[string, string]>) {
    if (texts) for (const [file, text] of texts) this.set(file, text);
  }

  /** Adds or updates a file's imports. */
  set(file: string, text: string): void {
    this.delete(file);
    this.closures.clear();
    const keys = [...new Set(importKeys(file, text))];
    this.keysByFile.set(file, keys);
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
    this.closures.clear();
  }

  /** The file itself and every file that imports it, directly or through other files. */
  reaching(file: string): ReadonlySet<string> {
    const cached = this.closures.get(file);
    if (cached) return cached;
    const reached = new Set([file]);
    const queue = [file];
    while (queue.length > 0) {
      const current = queue.pop() as string;
      for (const key of moduleKeys(current)) {
        for (const importer of this.importersByKey.get(key) ?? []) {
          if (reached.has(importer)) continue;
          reached.add(importer);
          queue.push(importer);
        }
      }
    }
    this.closures.set(file, reached);
    return reached;
  }
}
