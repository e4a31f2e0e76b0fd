import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLibFiles, libFolderInMemoryPath } from '@ts-morph/common';
import { ts } from 'ts-morph';

/**
 * The tsconfig a fixture type-checks with: that of the first folder its expect.json lists as
 * `projects` (a SvelteKit fixture's stands in for the config `svelte-kit sync` generates), else
 * its own.
 */
export function fixtureTsconfig(dir: string): string {
  const expectation = JSON.parse(fs.readFileSync(path.join(dir, 'expect.json'), 'utf8')) as { projects?: string[] };
  return path.join(dir, expectation.projects?.[0] ?? '.', 'tsconfig.json');
}

/**
 * An in-process type checker for one fixture project (its tsconfig, the real SDK typings in
 * /work/main/node_modules), where file texts can be swapped without touching the disk. A language
 * service reuses the unchanged files between checks, so checking a variant costs ~100 ms instead of
 * a `tsc` process per variant.
 */
export class FixtureChecker {
  private readonly overlay = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  private readonly extraFiles = new Set<string>();
  private readonly service: ts.LanguageService;
  private readonly disk = new DiskCache();
  readonly rootFiles: string[];

  constructor(readonly tsconfig: string) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      tsconfig,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    if (!parsed) throw new Error(`cannot read ${tsconfig}`);
    this.rootFiles = parsed.fileNames;
    const options = parsed.options;
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => [...this.rootFiles, ...this.extraFiles],
      getScriptVersion: (file) => String(this.versions.get(file) ?? 0),
      getScriptSnapshot: (file) => {
        const text = this.overlay.get(file) ?? LIB_FILES.get(file) ?? this.disk.read(file);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => path.dirname(tsconfig),
      getDefaultLibFileName: (compilerOptions) =>
        path.posix.join(libFolderInMemoryPath, ts.getDefaultLibFileName(compilerOptions)),
      fileExists: (file) => this.overlay.has(file) || LIB_FILES.has(file) || this.disk.fileExists(file),
      readFile: (file) => this.overlay.get(file) ?? LIB_FILES.get(file) ?? this.disk.read(file),
      readDirectory: (...args) => ts.sys.readDirectory(...args),
      directoryExists: (folder) =>
        folder.startsWith(libFolderInMemoryPath) ||
        [...this.overlay.keys()].some((file) => file.startsWith(`${folder}/`)) ||
        this.disk.directoryExists(folder),
      getDirectories: (folder) => ts.sys.getDirectories(folder),
      realpath: (file) => ts.sys.realpath?.(file) ?? file,
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  /** Replaces (or adds) file texts for the next check. */
  set(files: ReadonlyMap<string, string>): void {
    for (const [file, text] of files) {
      this.overlay.set(file, text);
      this.versions.set(file, (this.versions.get(file) ?? 0) + 1);
      if (!this.rootFiles.includes(file)) this.extraFiles.add(file);
    }
  }

  /** Back to the files on disk. */
  reset(): void {
    for (const file of this.overlay.keys()) this.versions.set(file, (this.versions.get(file) ?? 0) + 1);
    this.overlay.clear();
    this.extraFiles.clear();
  }

  /** Is the file part of the checked project now (on disk, or set)? */
  has(file: string): boolean {
    return this.rootFiles.includes(file) || this.extraFiles.has(file);
  }

  /** Every diagnostic of the project's files, as `file: TS<code> message` (no positions: edits move them). */
  diagnostics(): string[] {
    const found: string[] = [];
    for (const file of [...this.rootFiles, ...this.extraFiles]) {
      for (const diagnostic of [
        ...this.service.getSyntacticDiagnostics(file),
        ...this.service.getSemanticDiagnostics(file),
      ]) {
        found.push(
          `${path.basename(file)}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
        );
      }
    }
    return found.sort();
  }

  /** Syntax errors of one file's current text. */
  syntaxErrors(file: string): string[] {
    return this.service
      .getSyntacticDiagnostics(file)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
  }
}

/**
 * The disk as the checks see it, each path read once: nothing on disk changes while a checker
 * lives (variants are overlays), and every new program would otherwise re-read the SDK typings.
 */
class DiskCache {
  private readonly texts = new Map<string, string | undefined>();
  private readonly files = new Map<string, boolean>();
  private readonly folders = new Map<string, boolean>();

  read(file: string): string | undefined {
    if (!this.texts.has(file)) this.texts.set(file, ts.sys.readFile(file));
    return this.texts.get(file);
  }

  fileExists(file: string): boolean {
    return remember(this.files, file, () => ts.sys.fileExists(file));
  }

  directoryExists(folder: string): boolean {
    return remember(this.folders, folder, () => ts.sys.directoryExists(folder));
  }
}

function remember<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  if (!cache.has(key)) cache.set(key, compute());
  return cache.get(key) as T;
}

const LIB_FILES = new Map(
  getLibFiles().map((file) => [path.posix.join(libFolderInMemoryPath, file.fileName), file.text]),
);

/** Diagnostics in `after` that `before` did not have (as a multiset). */
export function newDiagnostics(before: readonly string[], after: readonly string[]): string[] {
  const remaining = new Map<string, number>();
  for (const item of before) remaining.set(item, (remaining.get(item) ?? 0) + 1);
  const added: string[] = [];
  for (const item of after) {
    const count = remaining.get(item) ?? 0;
    if (count > 0) remaining.set(item, count - 1);
    else added.push(item);
  }
  return added;
}

/** Every comment of a file, as written (to check that a fix keeps them), read from the tokens' trivia. */
export function commentsOf(file: string, text: string): string[] {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const byPosition = new Map<number, string>();
  const add = (ranges: ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) byPosition.set(range.pos, text.slice(range.pos, range.end).trim());
  };
  const visit = (node: ts.Node): void => {
    add(ts.getLeadingCommentRanges(text, node.getFullStart()));
    add(ts.getTrailingCommentRanges(text, node.getEnd()));
    for (const child of node.getChildren(sourceFile)) visit(child);
  };
  visit(sourceFile);
  return [...byPosition.values()];
}

/** Comments of `before` that `after` no longer has (as a multiset, whitespace-insensitive: fixes re-indent). */
export function lostComments(file: string, before: string, after: string): string[] {
  const normalize = (comment: string): string => comment.replace(/\s+/g, ' ');
  const remaining = new Map<string, number>();
  for (const comment of commentsOf(file, after).map(normalize))
    remaining.set(comment, (remaining.get(comment) ?? 0) + 1);
  const lost: string[] = [];
  for (const comment of commentsOf(file, before).map(normalize)) {
    const count = remaining.get(comment) ?? 0;
    if (count > 0) remaining.set(comment, count - 1);
    else lost.push(comment);
  }
  return lost;
}
