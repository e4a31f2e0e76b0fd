import * as path from 'node:path';
import { packageImportKeys, packageKeys } from './packages';
import type { PathAliases } from './path-aliases';

const IMPORT_SPECIFIER = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;

/*
 * How files name each other in imports, from a text scan (no parse): the keys an import specifier
 * resolves to and the keys a file answers to. `ImportGraph` joins the two; a function defined in a
 * file with model calls can only be called from files that import that file.
 */

/**
 * The module key of each project-local import specifier of a file (see `moduleKeys`). With the
 * tsconfig's `paths`, an aliased specifier names exactly the files the compiler would resolve it to.
 */
export function* importKeys(file: string, text: string, aliases?: PathAliases): Generator<string> {
  const pattern = new RegExp(IMPORT_SPECIFIER.source, 'g');
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text))) {
    const specifier = match[1];
    const aliased = specifier.startsWith('.') ? undefined : aliases?.resolve(specifier);
    if (specifier.startsWith('.')) yield stripExtension(path.resolve(path.dirname(file), specifier));
    else if (aliased) for (const target of aliased) yield stripExtension(target);
    else if (specifier.startsWith('@/') || specifier.startsWith('~/') || specifier.startsWith('#'))
      yield `name:${lastSegment(specifier)}`;
    else {
      // `@acme/shared/src/server`: a workspace package's file, when one answers to that name.
      yield* packageImportKeys(specifier);
    }
  }
}

/** The ways a file can be named in an import: `/abs/dir/file`, `/abs/dir` for an index file, plus its base name for path aliases. */
export function moduleKeys(file: string): string[] {
  const withoutExtension = stripExtension(file);
  const keys = [withoutExtension, `name:${path.basename(withoutExtension)}`];
  if (path.basename(withoutExtension) === 'index') {
    keys.push(path.dirname(file), `name:${path.basename(path.dirname(file))}`);
  }
  keys.push(...packageKeys(file));
  return keys;
}

function stripExtension(file: string): string {
  // `types.d.ts` is imported as `./types` (or `./types.js`), like `types.ts`.
  return file.replace(/(?:\.d)?\.(?:[cm]?[jt]sx?)$/, '');
}

function lastSegment(specifier: string): string {
  // `#client` (a package.json subpath import) names the module `client`.
  const segments = stripExtension(specifier.replace(/^#/, '')).split('/');
  return segments[segments.length - 1];
}
