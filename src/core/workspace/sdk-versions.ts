import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SdkVersion } from '../types';
import { escapeRegExp } from '../regexp';

/** Lockfiles larger than this are not read (a version is then taken from `package.json`). */
const MAX_LOCKFILE_BYTES = 32 * 1024 * 1024;

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * The installed version of an SDK package as seen from a source file, the way the workspace's own
 * tooling would resolve it: the nearest `package.json` that declares the package (a monorepo
 * package, then the root), the version its lockfile pins (npm, pnpm, yarn), else the version in
 * `node_modules`, else the lowest version the declared range allows. Files are only read, never
 * run; what cannot be read or parsed counts as absent. Memoised per folder and package, so one
 * instance serves one analysis.
 */
export class SdkVersions {
  private readonly files = new Map<string, ReadFile>();
  private readonly found = new Map<string, SdkVersion | undefined>();

  of(pkg: string, fromFile: string): SdkVersion | undefined {
    return this.fromFolder(pkg, path.dirname(fromFile));
  }

  private fromFolder(pkg: string, folder: string): SdkVersion | undefined {
    const key = `${folder}\0${pkg}`;
    if (this.found.has(key)) return this.found.get(key);
    const declared = this.declaredRange(pkg, folder);
    let result: SdkVersion | undefined;
    if (declared !== undefined) {
      const installed = this.fromNodeModules(pkg, folder);
      result =
        this.fromLockfile(pkg, folder, declared) ??
        (installed && allowedBy(declared, installed.version) ? installed : undefined) ??
        lowestInRange(pkg, declared);
    } else {
      const parent = path.dirname(folder);
      result = parent === folder ? this.fromNodeModules(pkg, folder) : this.fromFolder(pkg, parent);
    }
    this.found.set(key, result);
    return result;
  }

  private declaredRange(pkg: string, folder: string): string | undefined {
    const manifest = this.json(path.join(folder, 'package.json'));
    for (const field of DEPENDENCY_FIELDS) {
      const dependencies = manifest?.[field];
      if (isRecord(dependencies) && typeof dependencies[pkg] === 'string') return dependencies[pkg];
    }
    return undefined;
  }

  /** The lockfile at or above the declaring folder that pins the package. */
  private fromLockfile(pkg: string, folder: string, range: string): SdkVersion | undefined {
    for (let dir = folder; ; dir = path.dirname(dir)) {
      const importer = path.relative(dir, folder).split(path.sep).join('/');
      const version =
        this.npmLock(pkg, dir, importer) ??
        this.lookup(path.join(dir, 'pnpm-lock.yaml'), `${pkg}\0${importer}`, (text) =>
          pnpmLock(text, pkg, importer || '.'),
        ) ??
        this.lookup(path.join(dir, 'yarn.lock'), `${pkg}\0${range}`, (text) => yarnLock(text, pkg, range));
      if (version) return { package: pkg, version, source: 'lockfile' };
      if (path.dirname(dir) === dir) return undefined;
    }
  }

  /**
   * npm's lockfile: the importer's own `node_modules/<pkg>`, or, for a workspace member the lockfile
   * lists (`packages["packages/web"]`), the hoisted root copy. A folder the lockfile does not list is
   * another project: the root's copy says nothing about it.
   */
  private npmLock(pkg: string, lockDir: string, importer: string): string | undefined {
    const lock = [path.join(lockDir, 'package-lock.json'), path.join(lockDir, 'npm-shrinkwrap.json')].find(
      (file) => this.read(file).text !== undefined,
    );
    if (lock === undefined) return undefined;
    const entry = (key: string) => this.lookup(lock, `npm\0${key}`, (text) => npmLockVersion(text, key));
    const keys = importer
      ? [`${importer}/node_modules/${pkg}`, ...(entry(importer) !== undefined ? [`node_modules/${pkg}`] : [])]
      : [`node_modules/${pkg}`];
    for (const key of keys) {
      const version = entry(key);
      if (version) return version;
    }
    return undefined;
  }

  private fromNodeModules(pkg: string, folder: string): SdkVersion | undefined {
    for (let dir = folder; ; dir = path.dirname(dir)) {
      const manifest = this.json(path.join(dir, 'node_modules', pkg, 'package.json'));
      if (typeof manifest?.version === 'string')
        return { package: pkg, version: manifest.version, source: 'node_modules' };
      if (path.dirname(dir) === dir) return undefined;
    }
  }

  private json(file: string): Record<string, unknown> | undefined {
    return this.read(file).json;
  }

  /** A search of a text lockfile, remembered with the file (a regular expression over megabytes). */
  private lookup(file: string, key: string, search: (text: string) => string | undefined): string | undefined {
    const read = this.read(file);
    if (read.text === undefined) return undefined;
    if (!read.lookups.has(key)) read.lookups.set(key, search(read.text));
    return read.lookups.get(key);
  }

  /** Read once per instance; parsed once per process while the file's size and time stay the same. */
  private read(file: string): ReadFile {
    const cached = this.files.get(file);
    if (cached) return cached;
    const read = readFile(file);
    this.files.set(file, read);
    return read;
  }
}

interface ReadFile {
  readonly text?: string;
  readonly lookups: Map<string, string | undefined>;
  /** Parsed on first use: most files are read only as text (pnpm, yarn). */
  readonly json?: Record<string, unknown>;
}

/**
 * Lockfiles are large (megabytes) and the editor analyses after every keystroke: parsing them again
 * each time cost more than the rest of an edit's analysis. A changed file (an install) has a new
 * size or modification time and is read again.
 */
const readFiles = new Map<string, { stamp: string; read: ReadFile }>();

function readFile(file: string): ReadFile {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    readFiles.delete(file);
    return unreadable();
  }
  if (!stat.isFile() || stat.size > MAX_LOCKFILE_BYTES) return unreadable();
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const cached = readFiles.get(file);
  if (cached?.stamp === stamp) return cached.read;
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return unreadable();
  }
  const read = lazyJson(text);
  readFiles.set(file, { stamp, read });
  return read;
}

function lazyJson(text: string): ReadFile {
  let parsed: { value: Record<string, unknown> | undefined } | undefined;
  return {
    text,
    lookups: new Map(),
    get json() {
      parsed ??= { value: parseRecord(text) };
      return parsed.value;
    },
  };
}

function unreadable(): ReadFile {
  return { lookups: new Map() };
}

function parseRecord(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * npm's lockfile (v2, v3): `packages[key].version`, `''` for an entry without one (a workspace
 * member's), undefined for none. Found in the text rather than parsed: a lockfile is megabytes of
 * JSON, read on the way to the first diagnostics of a window, and parsed it stayed in memory for
 * the session many times its size. Keys are paths (`node_modules/openai`), unique in the file.
 */
function npmLockVersion(text: string, key: string): string | undefined {
  const quoted = `${JSON.stringify(key)}:`;
  for (let at = text.indexOf(quoted); at >= 0; at = text.indexOf(quoted, at + 1)) {
    let open = at + quoted.length;
    while (open < text.length && /\s/.test(text.charAt(open))) open++;
    if (text.charAt(open) !== '{') continue;
    const close = closingBrace(text, open);
    const entry = close < 0 ? undefined : parseRecord(text.slice(open, close + 1));
    if (!entry) return undefined;
    return typeof entry.version === 'string' ? entry.version : '';
  }
  return undefined;
}

/** The index of the `}` that closes the object opening at `open` (strings skipped), or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text.charAt(index);
    if (char === '"') {
      for (index++; index < text.length && text.charAt(index) !== '"'; index++)
        if (text.charAt(index) === '\\') index++;
    } else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return index;
  }
  return -1;
}

/** pnpm-lock.yaml (v6 to v9): the importer's (`.`, `packages/web`) `<pkg>: { specifier, version }`. */
function pnpmLock(text: string, pkg: string, importer: string): string | undefined {
  if (!text) return undefined;
  const start = new RegExp(`^  '?${escapeRegExp(importer)}'?:$`, 'm').exec(text);
  if (!start) return undefined;
  const rest = text.slice(start.index + start[0].length);
  const end = /^ {0,2}\S/m.exec(rest);
  const block = end ? rest.slice(0, end.index) : rest;
  const name = escapeRegExp(pkg);
  const match = new RegExp(`\\n\\s+'?${name}'?:\\n\\s+specifier: [^\\n]*\\n\\s+version: '?(\\d[^\\s'(]*)`).exec(block);
  return match?.[1];
}

/** yarn.lock (classic and berry): the block whose header names the package with the declared range. */
function yarnLock(text: string, pkg: string, range: string): string | undefined {
  if (!text) return undefined;
  const name = escapeRegExp(pkg);
  const header = new RegExp(`^"?${name}@(?:npm:)?${escapeRegExp(range)}"?[,:]`, 'm');
  const block = header.exec(text);
  if (!block) return undefined;
  const version = /\n\s+version:? "?(\d[^"\s]*)"?/.exec(text.slice(block.index));
  return version?.[1];
}

/** `^4.2.0`, `~4.2`, `4.x`, `>=4 <6`, `4.2.0`: the lowest version allowed; tags and URLs: unknown. */
/**
 * Whether the declared range can have installed this version: a copy in a `node_modules` above
 * with another major (`^4.21.0` declared, 5.3.0 hoisted for another package) is not this
 * package's. Only caret, tilde and exact ranges say their major; any other range allows it.
 */
function allowedBy(range: string, version: string): boolean {
  const match = /^[\^~=]?\s*v?(\d+)/.exec(range.trim());
  const installed = /^v?(\d+)/.exec(version.trim());
  return !match || !installed || match[1] === installed[1];
}

function lowestInRange(pkg: string, range: string): SdkVersion | undefined {
  const match = /^(?:[\^~]|>=?|=)?\s*v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?/.exec(range.trim());
  if (!match) return undefined;
  const part = (value: string | undefined): string => (value === undefined || /[xX*]/.test(value) ? '0' : value);
  return { package: pkg, version: `${match[1]}.${part(match[2])}.${part(match[3])}`, source: 'package.json' };
}
