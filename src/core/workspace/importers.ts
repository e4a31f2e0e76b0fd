import * as path from 'node:path';

const IMPORT_SPECIFIER = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;

/**
 * Files that import one of the given files, by a text scan of their import specifiers. This is how
 * the audit finds callers without parsing the whole workspace: a function defined in a file with
 * model calls can only be called from files that import that file.
 */
export function findImporters(
  targets: ReadonlySet<string>,
  texts: ReadonlyMap<string, string>,
  exclude: ReadonlySet<string>,
): string[] {
  const keys = new Set<string>();
  for (const target of targets) for (const key of moduleKeys(target)) keys.add(key);
  if (keys.size === 0) return [];
  const importers: string[] = [];
  for (const [file, text] of texts) {
    if (exclude.has(file)) continue;
    IMPORT_SPECIFIER.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = IMPORT_SPECIFIER.exec(text))) {
      const specifier = match[1];
      if (!specifier.startsWith('.') && !specifier.startsWith('@/') && !specifier.startsWith('~/') && !specifier.startsWith('#')) continue;
      const resolved = specifier.startsWith('.') ? stripExtension(path.resolve(path.dirname(file), specifier)) : undefined;
      if (resolved ? keys.has(resolved) : keys.has(`name:${lastSegment(specifier)}`)) {
        importers.push(file);
        break;
      }
    }
  }
  return importers;
}

/** The ways a file can be named in an import: `/abs/dir/file`, `/abs/dir` for an index file, plus its base name for path aliases. */
function moduleKeys(file: string): string[] {
  const withoutExtension = stripExtension(file);
  const keys = [withoutExtension, `name:${path.basename(withoutExtension)}`];
  if (path.basename(withoutExtension) === 'index') {
    keys.push(path.dirname(file), `name:${path.basename(path.dirname(file))}`);
  }
  return keys;
}

function stripExtension(file: string): string {
  return file.replace(/\.(?:[cm]?[jt]sx?)$/, '');
}

function lastSegment(specifier: string): string {
  // `#client` (a package.json subpath import) names the module `client`.
  const segments = stripExtension(specifier.replace(/^#/, '')).split('/');
  return segments[segments.length - 1];
}
