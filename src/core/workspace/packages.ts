import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The workspace's own packages (a monorepo's `packages/*`, `apps/*`), found from their package.json.
 * Their imports by package name (`@acme/shared/src/server`) point at build output (`dist/`) that
 * a source checkout does not have, and there is no `node_modules` link to follow: the audit maps
 * them to the source files, so callers in other packages are found.
 */
interface WorkspacePackage {
  name: string;
  dir: string;
  /** `exports` subpath → target (`./src/server` → `./dist/src/server/index.js`), `.` for the root. */
  exports: Map<string, string>;
  main?: string;
}

const packageByDir = new Map<string, WorkspacePackage | null>();
/** Name → every package seen with it (several workspaces can be open in one process). */
const packagesByName = new Map<string, WorkspacePackage[]>();
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The package a file belongs to: the nearest package.json above it (outside node_modules). */
function packageOf(file: string): WorkspacePackage | undefined {
  const start = path.dirname(file);
  const known = nearestByDir.get(start);
  if (known !== undefined) return known ?? undefined;
  const found = findPackage(start);
  nearestByDir.set(start, found ?? null);
  return found;
}

/** Folder → the package it belongs to (null: none), for the folders files were asked about. */
const nearestByDir = new Map<string, WorkspacePackage | null>();

function findPackage(start: string): WorkspacePackage | undefined {
  let dir = start;
  for (let hops = 0; hops < 32; hops++) {
    if (dir.includes(`${path.sep}node_modules${path.sep}`) || dir.endsWith(`${path.sep}node_modules`)) return undefined;
    const known = packageByDir.get(dir);
    if (known !== undefined) {
      if (known) return known;
    } else {
      const found = readPackage(dir);
      packageByDir.set(dir, found);
      if (found) return found;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function readPackage(dir: string): WorkspacePackage | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
  } catch {
    return null;
  }
  try {
    const manifest = JSON.parse(text) as { name?: unknown; main?: unknown; types?: unknown; exports?: unknown };
    if (typeof manifest.name !== 'string' || manifest.name.length === 0) return null;
    const exports = new Map<string, string>();
    const add = (subpath: string, target: unknown): void => {
      const resolved = exportTarget(target);
      if (resolved) exports.set(subpath, resolved);
    };
    if (typeof manifest.exports === 'string') add('.', manifest.exports);
    else if (manifest.exports && typeof manifest.exports === 'object') {
      for (const [key, target] of Object.entries(manifest.exports as Record<string, unknown>)) {
        if (key.startsWith('.')) add(key, target);
        else add('.', manifest.exports);
      }
    }
    const main =
      typeof manifest.types === 'string'
        ? manifest.types
        : typeof manifest.main === 'string'
          ? manifest.main
          : undefined;
    const found: WorkspacePackage = { name: manifest.name, dir, exports, ...(main ? { main } : {}) };
    const named = packagesByName.get(found.name) ?? [];
    named.push(found);
    packagesByName.set(found.name, named);
    return found;
  } catch {
    return null;
  }
}

/** `{ import: "./dist/x.js", types: "./dist/x.d.ts" }` → one path. */
function exportTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (!target || typeof target !== 'object') return undefined;
  const conditions = target as Record<string, unknown>;
  for (const key of ['types', 'import', 'require', 'default', 'node']) {
    const value = exportTarget(conditions[key]);
    if (value) return value;
  }
  return undefined;
}

/** The workspace package an import specifier names, and the subpath after its name. */
function packageFor(specifier: string, importer: string): { pkg: WorkspacePackage; subpath: string } | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const segments = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const named = packagesByName.get(segments.slice(0, nameLength).join('/')) ?? [];
  // The one in the importer's own workspace: the longest folder it shares with the importer.
  let pkg: WorkspacePackage | undefined;
  let shared = -1;
  for (const candidate of named) {
    const length = commonPrefixLength(candidate.dir, importer);
    if (length > shared) {
      pkg = candidate;
      shared = length;
    }
  }
  if (!pkg) return undefined;
  return { pkg, subpath: segments.slice(nameLength).join('/') };
}

function commonPrefixLength(a: string, b: string): number {
  const left = a.split(path.sep);
  const right = b.split(path.sep);
  let index = 0;
  while (index < left.length && index < right.length && left[index] === right[index]) index++;
  return index;
}

/**
 * The source file an import of a workspace package names: its `exports` or `main` target mapped
 * from build output back to source (`dist/src/x.js` → `src/x.ts`), else the subpath itself.
 */
export function resolveWorkspaceImport(
  specifier: string,
  importer: string,
  exists: (file: string) => boolean,
): string | undefined {
  const found = packageFor(specifier, importer);
  if (!found) return undefined;
  const { pkg, subpath } = found;
  const targets: string[] = [];
  const exported = pkg.exports.get(subpath ? `./${subpath}` : '.');
  if (exported) targets.push(...sourceCandidates(exported));
  if (!subpath && pkg.main) targets.push(...sourceCandidates(pkg.main));
  // `@acme/shared/lib/browser`, a subpath into the build output: its source (`src/browser`).
  if (subpath) targets.push(...sourceCandidates(subpath), `src/${subpath}`);
  else targets.push('src/index', 'index');
  for (const target of targets) {
    const base = path.resolve(pkg.dir, target);
    for (const candidate of [
      base,
      ...SOURCE_EXTENSIONS.map((ext) => base + ext),
      ...SOURCE_EXTENSIONS.map((ext) => path.join(base, `index${ext}`)),
    ]) {
      if (SOURCE_EXTENSIONS.includes(path.extname(candidate)) && !candidate.endsWith('.d.ts') && exists(candidate))
        return candidate;
    }
  }
  return undefined;
}

/** `./dist/src/server/index.js` → `src/server/index`, `dist/src/server/index`, `src/server/index` without `src`. */
function sourceCandidates(target: string): string[] {
  const withoutExtension = target.replace(/^\.\//, '').replace(/(?:\.d)?\.[cm]?[jt]sx?$/, '');
  const withoutBuild = withoutExtension.replace(/^(?:dist|build|lib|out)\//, '');
  return [...new Set([withoutBuild, `src/${withoutBuild}`, withoutExtension])];
}

/** The names a file answers to as part of its package: `@acme/shared/src/server/index`, `@acme/shared/src/server`, `@acme/shared`. */
export function packageKeys(file: string): string[] {
  const pkg = packageOf(file);
  if (!pkg) return [];
  const relative = path
    .relative(pkg.dir, file)
    .split(path.sep)
    .join('/')
    .replace(/\.[cm]?[jt]sx?$/, '');
  const keys = [`${pkg.name}/${relative}`];
  if (relative.endsWith('/index')) keys.push(`${pkg.name}/${relative.slice(0, -'/index'.length)}`);
  if (relative.startsWith('src/')) keys.push(`${pkg.name}/${relative.slice(4)}`);
  // `src/browser/index.ts` answers to `@acme/shared/browser` (and, built, `@acme/shared/lib/browser`).
  if (relative.startsWith('src/') && relative.endsWith('/index'))
    keys.push(`${pkg.name}/${relative.slice(4, -'/index'.length)}`);
  if (relative === 'index' || relative === 'src/index') keys.push(pkg.name);
  return keys.map((key) => `pkg:${key}`);
}

/**
 * The keys a bare import specifier answers to when it may name a workspace package; a subpath into
 * its build output (`@acme/shared/lib/browser`) also as the source it was built from
 * (`@acme/shared/browser`, which `src/browser` answers to).
 */
export function packageImportKeys(specifier: string): string[] {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return [];
  const name = specifier.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/$/, '');
  const built = /^((?:@[^/]+\/)?[^/]+)\/(?:dist|build|lib|out)\/(.+)$/.exec(name);
  return built ? [`pkg:${name}`, `pkg:${built[1]}/${built[2]}`] : [`pkg:${name}`];
}
