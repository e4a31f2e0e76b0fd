import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileGlob, matchesAny } from './glob';
import type { SkippedFile } from '../types';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Build output: code compiled from the project's source, which an audit of the source would count twice. */
const BUILD_OUTPUT_FOLDERS = new Set(['dist', 'out', 'build']);

/** Folders that never hold the project's own source. */
const IGNORED_FOLDERS = new Set([
  'node_modules',
  'dist',
  'out',
  'build',
  '.git',
  '.next',
  '.turbo',
  'coverage',
  '.vscode-test',
]);

/**
 * Dot folders that hold source: Remix's and React Router's server-only and client-only modules
 * (`app/lib/.server/llm.ts`). Every other dot folder is tooling (`.git`, `.cache`, `.storybook`).
 */
const SOURCE_DOT_FOLDERS = new Set(['.server', '.client']);

/** A folder an audit does not walk into: never the project's own source. */
function isSkippedFolder(name: string): boolean {
  return IGNORED_FOLDERS.has(name) || (name.startsWith('.') && !SOURCE_DOT_FOLDERS.has(name));
}

/** How many build-output folders an audit that found no source names. */
const MAX_BUILD_OUTPUT_NAMED = 5;

const TEST_FILE = /(?:^|\/)(?:__mocks__|__tests__)\/|\.(?:test|spec)\.[cm]?[jt]sx?$/;

export interface DiscoverOptions {
  root: string;
  paths: string[];
  exclude: string[];
  ignoreTests: boolean;
  signal?: AbortSignal;
}

export interface Discovered {
  files: string[];
  /**
   * The workspace's own declaration files (`types.d.ts`) under the same rules: never audited (no
   * code runs in them), but an interface declared in one is how code reaches its implementations.
   */
  declarations: string[];
  skipped: SkippedFile[];
}

const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/** `types.d.ts`, `legacy.d.mts`: declarations only, no code that runs. */
export function isDeclarationFile(file: string): boolean {
  return DECLARATION_FILE.test(file);
}

export function isSourceFile(file: string): boolean {
  if (isDeclarationFile(file)) return false;
  return SOURCE_EXTENSIONS.includes(path.extname(file));
}

/**
 * Whether an audit of `root` would read `file`: a source file inside the root, in no ignored or
 * dot folder, not excluded, and not a test file when tests are ignored. The editor's live
 * diagnostics follow the same rule, so an open file shows what the workspace audit would show.
 */
export function wouldAudit(
  root: string,
  file: string,
  options: { exclude: readonly string[]; ignoreTests: boolean },
): boolean {
  const relativePath = toRelative(root, file);
  if (relativePath === '.' || relativePath.startsWith('../') || path.isAbsolute(relativePath)) return false;
  if (!isSourceFile(file)) return false;
  if (
    relativePath
      .split('/')
      .slice(0, -1)
      .some((segment) => isSkippedFolder(segment))
  )
    return false;
  if (matchesAny(relativePath, options.exclude.map(compileGlob))) return false;
  return !(options.ignoreTests && isTestFile(relativePath));
}

export function isTestFile(relativePath: string): boolean {
  return TEST_FILE.test(relativePath);
}

export function toRelative(root: string, file: string): string {
  const relative = path.relative(root, file).split(path.sep).join('/');
  return relative === '' ? '.' : relative;
}

/**
 * Lists the source files under the given paths. Unreadable folders and symlink loops are skipped
 * with a reason instead of failing the audit.
 */
export function discoverFiles(options: DiscoverOptions): Discovered {
  const excludes = options.exclude.map(compileGlob);
  const files: string[] = [];
  const declarations: string[] = [];
  const skipped: SkippedFile[] = [];
  /** Real path of each folder visited -> the path it was visited under. */
  const seenDirectories = new Map<string, string>();
  /** Real path of each file listed -> its index in `files` and whether it was reached through a symlink. */
  const seenFiles = new Map<string, { index: number; viaLink: boolean }>();
  /** Symlinked folders, walked after the real ones so that files are listed under their own names. */
  const linkedFolders: string[] = [];
  /** Build-output folders passed over: named when nothing else holds source (an npm package's `dist`). */
  const buildOutput: string[] = [];
  /** The root, and folders the user named even outside it: a symlink found while walking stays within them. */
  const allowed = [options.root, ...options.paths].map(realPathOr);
  /** The real path of a link that leads out (a link to `/` would walk the whole machine), if it does. */
  const leavesRoot = (link: string): string | undefined => {
    const real = realPathOr(link);
    return allowed.some((folder) => isWithin(folder, real)) ? undefined : real;
  };

  const wouldRead = (file: string): boolean => {
    const relative = toRelative(options.root, file);
    if (matchesAny(relative, excludes)) return false;
    return !(options.ignoreTests && isTestFile(relative));
  };
  const wouldAudit = (file: string): boolean => isSourceFile(file) && wouldRead(file);

  /** `known`: the file's real path when the walk knows it (a plain entry of a folder whose real path is known). */
  const consider = (file: string, viaLink = false, known?: string): void => {
    if (isDeclarationFile(file)) {
      if (!viaLink && wouldRead(file)) declarations.push(file);
      return;
    }
    if (!wouldAudit(file)) return;
    let real = known ?? file;
    if (known === undefined) {
      try {
        real = fs.realpathSync(file);
      } catch {
        // Reading it will say why.
      }
    }
    const seen = seenFiles.get(real);
    if (seen) {
      // One file under two names (a symlink): audited once, under its own name.
      if (seen.viaLink && !viaLink) {
        files[seen.index] = file;
        seenFiles.set(real, { index: seen.index, viaLink });
      }
      return;
    }
    seenFiles.set(real, { index: files.length, viaLink });
    files.push(file);
  };

  /**
   * `known`: the folder's real path when the walk knows it. A plain (not symlinked) entry of a folder
   * whose real path is R has the real path R/name: resolving each of 2 000 files again took a
   * dozen `lstat`s apiece.
   */
  const visit = (directory: string, known?: string): void => {
    if (options.signal?.aborted) return;
    let real: string;
    try {
      real = known ?? fs.realpathSync(directory);
    } catch (error) {
      skipped.push({ file: directory, reason: `cannot resolve folder: ${describeError(error)}` });
      return;
    }
    const first = seenDirectories.get(real);
    if (first !== undefined) {
      skipped.push({
        file: directory,
        reason: isLoop(directory, real)
          ? 'symlink loop (folder already visited)'
          : `symlink to a folder already audited (${toRelative(options.root, first)})`,
      });
      return;
    }
    seenDirectories.set(real, directory);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      skipped.push({ file: directory, reason: `cannot read folder: ${describeError(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      const relative = toRelative(options.root, full);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      const isLink = entry.isSymbolicLink();
      if (isLink) {
        try {
          const stat = fs.statSync(full);
          isDirectory = stat.isDirectory();
          isFile = stat.isFile();
        } catch (error) {
          // Only worth a line when it would have been audited (not a dangling `docs/logo.png`).
          if (wouldAudit(full)) skipped.push({ file: full, reason: `broken symlink: ${describeError(error)}` });
          continue;
        }
      }
      if (isDirectory) {
        if (isSkippedFolder(entry.name)) {
          if (BUILD_OUTPUT_FOLDERS.has(entry.name)) buildOutput.push(full);
          continue;
        }
        if (matchesAny(relative, excludes)) continue;
        const outside = isLink ? leavesRoot(full) : undefined;
        if (outside !== undefined) skipped.push({ file: full, reason: outsideReason('folder', outside) });
        else if (isLink) linkedFolders.push(full);
        else visit(full, path.join(real, entry.name));
      } else if (isFile) {
        const outside = isLink && wouldAudit(full) ? leavesRoot(full) : undefined;
        if (outside !== undefined) skipped.push({ file: full, reason: outsideReason('file', outside) });
        else consider(full, isLink, isLink ? undefined : path.join(real, entry.name));
      }
    }
  };

  for (const target of options.paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch (error) {
      skipped.push({ file: target, reason: `cannot read: ${describeError(error)}` });
      continue;
    }
    if (stat.isDirectory()) visit(target);
    else if (stat.isFile()) consider(target);
    // A FIFO would block the read forever, a device (`/dev/zero`) would never end.
    else skipped.push({ file: target, reason: `not a regular file (${specialKind(stat)})` });
  }
  for (let folder = linkedFolders.shift(); folder !== undefined; folder = linkedFolders.shift()) visit(folder);
  // Nothing but build output here: say where the code is, or "0 files" reads as a broken audit.
  if (files.length === 0)
    for (const folder of buildOutput.slice(0, MAX_BUILD_OUTPUT_NAMED))
      skipped.push({
        file: folder,
        reason: 'build output, not audited, and no source outside it: name the folder to audit what it holds',
      });
  // A declaration file beside a source of the same name (`client.d.ts` next to `client.js`) is
  // generated from it: the source is what the audit reads, and the pair would be one module twice.
  const sources = new Set(files.map((file) => file.replace(/\.[cm]?[jt]sx?$/, '')));
  const ownDeclarations = declarations.filter((file) => !sources.has(file.replace(DECLARATION_FILE, '')));
  return { files, declarations: ownDeclarations, skipped };
}

export function specialKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file or folder';
}

function realPathOr(target: string): string {
  try {
    return fs.realpathSync(target);
  } catch {
    return path.resolve(target);
  }
}

function isWithin(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function outsideReason(kind: 'file' | 'folder', real: string): string {
  return `symlink to a ${kind} outside the audited root (${real}); not followed`;
}

/** A folder whose real path contains the folder holding it: following it would never end. */
function isLoop(directory: string, real: string): boolean {
  let parent: string;
  try {
    parent = fs.realpathSync(path.dirname(directory));
  } catch {
    return false;
  }
  return isWithin(real, parent);
}

export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const messages: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      ENOENT: 'no such file or folder',
      ELOOP: 'too many symbolic links',
      EISDIR: 'is a folder',
    };
    return messages[error.code] ?? error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
