import * as path from 'node:path';
import { getLibFiles } from '@ts-morph/common';
import type { ts } from 'ts-morph';

/**
 * The language's standard declarations (`Promise`, `Array`, `Map`, `Record`, iterators), without
 * the DOM or any host's globals. Without them the checker cannot say what `await load()` gives,
 * what an element of `T[]` or a `Map<string, Provider>` is, or what a `Record<Role, Model>` holds:
 * every receiver reached through one was `any`, and a call of the workspace's own model wrapper
 * through it went unseen (`const { config } = await loader.load(); config.models.chat.complete()`).
 * ES2022 is the newest edition whose declarations the code we read depends on; the texts are the
 * ones bundled with the compiler (ts-morph ships them without comments, 110 KB in all).
 */
export const STANDARD_LIBRARY = ['lib.es2022.d.ts'];

/**
 * Where the program looks for them: a folder no disk file is read from (the texts are in memory),
 * under `node_modules` so that every check for "declared by a package" counts them as one.
 */
export const STANDARD_LIBRARY_FOLDER = path.join(path.parse(process.cwd()).root, 'node_modules', 'typescript', 'lib');

let texts: Map<string, string> | undefined;

/** The options without the standard declarations (see `LoadOptions.standardLibrary`). */
export function withoutStandardLibrary(options: ts.CompilerOptions): ts.CompilerOptions {
  return { ...options, noLib: true, lib: undefined };
}

/** The text of a standard declaration file by its path, or undefined for any other path. */
export function standardLibraryText(file: string): string | undefined {
  if (path.dirname(path.normalize(file)) !== STANDARD_LIBRARY_FOLDER) return undefined;
  texts ??= new Map(getLibFiles().map((lib) => [lib.fileName, lib.text]));
  return texts.get(path.basename(file));
}
