import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { sdkForModuleSpecifier } from '../catalog/index';
import { OBSERVABILITY_PACKAGES, RETRY_LIBRARIES } from '../catalog/wrappers';
import { packageOfFile } from '../imports';
import { scriptKindOf } from './script-kind';
import type { PackageConfig } from './package-configs';
import { resolveWorkspaceImport } from './packages';
import { STANDARD_LIBRARY, STANDARD_LIBRARY_FOLDER, standardLibraryText } from './standard-library';

/** Packages whose declarations the analyser asks the checker about (beyond the SDKs themselves). */
const WRAPPER_PACKAGES = new Set([...RETRY_LIBRARIES.map((library) => library.module), ...OBSERVABILITY_PACKAGES]);

export interface ProgramHostOptions {
  options: ts.CompilerOptions;
  /** Workspace files the program may pull in through imports (besides the files set on the host). */
  isIncluded: (file: string) => boolean;
  /** Load the declaration files of model SDKs and wrapper libraries (see `sdkTypes` in the config). */
  sdkTypes: boolean;
  /** The package's own tsconfig, whose path aliases a monorepo package's imports resolve with. */
  packageConfigOf?: (file: string) => PackageConfig | undefined;
}

/**
 * Builds the TypeScript programs the analysis runs on, keeping everything that survives an edit:
 * parsed and bound source files, module resolutions and package.json lookups. A new program after
 * an edit reparses only the edited file; the checker binds only that file again.
 *
 * Module resolution is narrowed to what the analyser reads: the workspace files it chose to include
 * and, with `sdkTypes`, the declarations of model SDKs and wrapper libraries. Left alone,
 * TypeScript follows every import: on a 2 000-file workspace it pulled in 1 400 unrelated workspace
 * files and 2 800 declaration files of other packages, for types the analyser never asks about.
 */
export class ProgramHost {
  /** Workspace files the host was given, with their current text. */
  private readonly texts = new Map<string, string>();
  /** Folders holding the files the host was given. */
  private readonly directories = new Set<string>();
  /** Parsed files (workspace and declarations), reused by every program until their text changes. */
  private readonly parsed = new Map<string, ts.SourceFile>();
  /** Files the parser gave up on (a stack overflow on pathological input), with the reason. */
  private readonly parseFailures = new Map<string, string>();
  private resolutionCache: ts.ModuleResolutionCache;
  /** Per package config: the options its files' imports resolve with, and their own cache. */
  private readonly packageResolution = new Map<
    PackageConfig,
    { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache }
  >();
  private readonly host: ts.CompilerHost;
  private program: ts.Program | undefined;
  /**
   * A text changed, or a file came or went, since the last program. Comparing every root with the
   * last program instead cost more than a millisecond per edit, asked several times per edit.
   */
  private stale = true;
  private readonly compilerOptions: ts.CompilerOptions;
  private clearFileSystemCache: () => void = () => undefined;

  constructor(private readonly settings: ProgramHostOptions) {
    this.compilerOptions = withoutModuleFormatLookups(settings.options);
    const currentDirectory = process.cwd();
    this.resolutionCache = ts.createModuleResolutionCache(currentDirectory, (name) => name, this.compilerOptions);
    this.host = this.createCompilerHost(currentDirectory);
  }

  /** Sets a workspace file's text (new or changed); the next program parses it again. */
  setFile(file: string, text: string): void {
    if (this.texts.get(file) === text && this.parsed.has(file)) return;
    const isNew = !this.texts.has(file);
    this.texts.set(file, text);
    for (let directory = path.dirname(file); !this.directories.has(directory); directory = path.dirname(directory)) {
      this.directories.add(directory);
      if (path.dirname(directory) === directory) break;
    }
    this.parsed.delete(file);
    this.parseFailures.delete(file);
    this.stale = true;
    // A new file can satisfy imports that failed to resolve before.
    if (isNew && this.program) this.forgetResolutions();
  }

  removeFile(file: string): void {
    if (!this.texts.delete(file)) return;
    this.parsed.delete(file);
    this.parseFailures.delete(file);
    this.stale = true;
    this.forgetResolutions();
  }

  /** Files appeared or went away: resolve imports (and look for package.json files) afresh. */
  private forgetResolutions(): void {
    this.resolutionCache.clear();
    this.packageResolution.clear();
    this.clearFileSystemCache();
  }

  /** Why the parser gave up on a file, if it did (the file is then left out of the program). */
  parseFailure(file: string): string | undefined {
    return this.parseFailures.get(file);
  }

  /** Parses a file ahead of the next program, so that a long load can pause between files. */
  prepare(file: string): void {
    const impliedNodeFormat = ts.getImpliedNodeFormatForFile(
      file,
      this.resolutionCache.getPackageJsonInfoCache(),
      this.host,
      this.compilerOptions,
    );
    this.host.getSourceFile(file, {
      languageVersion: this.compilerOptions.target ?? ts.ScriptTarget.ES2022,
      impliedNodeFormat,
      jsDocParsingMode: this.host.jsDocParsingMode,
    });
  }

  /** Whether `program` is the one `getProgram` gives now (no text changed since it was built). */
  holds(program: ts.Program): boolean {
    return this.program === program && !this.stale;
  }

  /** The program over the current texts: rebuilt only when a text changed since the last one. */
  getProgram(): ts.Program {
    if (this.program && !this.stale) return this.program;
    const rootNames = [...this.texts.keys()].filter((file) => !this.parseFailures.has(file));
    this.program = ts.createProgram({
      rootNames,
      options: this.compilerOptions,
      host: this.host,
      oldProgram: this.program,
    });
    // A file the parser gave up on while this program was built is left out of the next one.
    this.stale = rootNames.some((file) => this.parseFailures.has(file));
    return this.program;
  }

  private createCompilerHost(currentDirectory: string): ts.CompilerHost {
    const base = ts.createCompilerHost(this.compilerOptions, true);
    const readText = (file: string): string | undefined =>
      this.texts.get(file) ?? standardLibraryText(file) ?? readIfExists(file);
    // Every new program asks again which package.json files and folders exist above each file.
    const fileExists = memo((file) => base.fileExists(file));
    const directoryExists = memo((directory) => base.directoryExists?.(directory) ?? fs.existsSync(directory));
    this.clearFileSystemCache = () => {
      fileExists.clear();
      directoryExists.clear();
    };
    return {
      ...base,
      getCurrentDirectory: () => currentDirectory,
      getDefaultLibLocation: () => STANDARD_LIBRARY_FOLDER,
      getDefaultLibFileName: () => path.join(STANDARD_LIBRARY_FOLDER, STANDARD_LIBRARY[0]),
      getSourceFile: (file, languageVersionOrOptions) => this.sourceFile(file, languageVersionOrOptions, readText),
      fileExists: (file) => this.texts.has(file) || standardLibraryText(file) !== undefined || fileExists(file),
      // In-memory files (tests, unsaved editor buffers) may live in folders that are not on disk.
      directoryExists: (directory) => this.directories.has(stripTrailingSlash(directory)) || directoryExists(directory),
      readFile: (file) => readText(file),
      getModuleResolutionCache: () => this.resolutionCache,
      resolveModuleNameLiterals: (literals, containingFile, redirectedReference, options, containingSourceFile) => {
        const own = this.resolutionFor(containingFile, options);
        return literals.map((literal) => {
          const mode = ts.getModeForUsageLocation(containingSourceFile, literal, options);
          const resolved = ts.resolveModuleName(
            literal.text,
            containingFile,
            own?.options ?? options,
            this.host,
            own?.cache ?? this.resolutionCache,
            redirectedReference,
            mode,
          );
          if (resolved.resolvedModule && this.isRelevant(resolved.resolvedModule)) return resolved;
          // A sibling package of a monorepo, imported by name, with no node_modules link or build output.
          const source = resolved.resolvedModule
            ? undefined
            : resolveWorkspaceImport(literal.text, containingFile, (file) => this.isIncludedOrText(file));
          return source
            ? {
                resolvedModule: {
                  resolvedFileName: source,
                  extension: extensionOf(source),
                  isExternalLibraryImport: false,
                },
              }
            : { resolvedModule: undefined };
        });
      },
      writeFile: () => undefined,
      // Annotations are read from comment text; JSDoc is parsed only where it carries types (JS files).
      jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo,
    };
  }

  /**
   * How the imports of a file under a package's own tsconfig resolve: the program's options with
   * that config's path aliases, and a cache of their own (a directory's cached answers hold for
   * one set of aliases). Undefined where the program's options apply.
   */
  private resolutionFor(
    file: string,
    options: ts.CompilerOptions,
  ): { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache } | undefined {
    const config = this.settings.packageConfigOf?.(file);
    if (!config) return undefined;
    let found = this.packageResolution.get(config);
    if (!found) {
      const merged = { ...options, ...config.resolution };
      found = { options: merged, cache: ts.createModuleResolutionCache(process.cwd(), (name) => name, merged) };
      this.packageResolution.set(config, found);
    }
    return found;
  }

  private sourceFile(
    file: string,
    languageVersionOrOptions: ts.ScriptTarget | ts.CreateSourceFileOptions,
    readText: (file: string) => string | undefined,
  ): ts.SourceFile | undefined {
    const cached = this.parsed.get(file);
    const options =
      typeof languageVersionOrOptions === 'object'
        ? languageVersionOrOptions
        : { languageVersion: languageVersionOrOptions };
    if (cached && (options.impliedNodeFormat === undefined || cached.impliedNodeFormat === options.impliedNodeFormat))
      return cached;
    if (this.parseFailures.has(file)) return undefined;
    const text = readText(file);
    if (text === undefined) return undefined;
    let sourceFile: ts.SourceFile;
    try {
      sourceFile = ts.createSourceFile(file, text, options, false, scriptKindOf(file));
    } catch (error) {
      // The compiler's own parser gave up (a stack overflow on pathological input): leave the file out.
      return this.giveUp(file, `cannot be parsed: ${describeCompilerFailure(error)}`);
    }
    const links = mayHoldLongChain(text) ? longestChain(sourceFile) : 0;
    if (links > MAX_CHAIN_LINKS)
      return this.giveUp(
        file,
        `cannot be analysed: a call chain of more than ${MAX_CHAIN_LINKS} links (generated code?)`,
      );
    let bindFailure = bindAlone(sourceFile, this.compilerOptions);
    if (bindFailure && !binderWarm) {
      // The binder's frames are larger before V8 optimises it: a file that overflows a cold binder
      // (the first files of a process) binds once it is warm, as it did when the checker bound the
      // libraries first. Warm it once, then bind a fresh parse (the failed one is half bound).
      warmUpBinder(this.compilerOptions);
      sourceFile = ts.createSourceFile(file, text, options, false, scriptKindOf(file));
      bindFailure = bindAlone(sourceFile, this.compilerOptions);
    }
    if (bindFailure) return this.giveUp(file, `cannot be analysed: ${bindFailure}`);
    this.parsed.set(file, sourceFile);
    return sourceFile;
  }

  private giveUp(file: string, reason: string): undefined {
    this.parseFailures.set(file, reason);
    this.parsed.delete(file);
    return undefined;
  }

  private isIncludedOrText(file: string): boolean {
    return this.texts.has(file) || this.settings.isIncluded(file);
  }

  private isRelevant(resolved: ts.ResolvedModuleFull): boolean {
    const file = resolved.resolvedFileName;
    const pkg = packageOfFile(file);
    if (pkg === undefined) return this.texts.has(file) || this.settings.isIncluded(file) || file.endsWith('.d.ts');
    if (!this.settings.sdkTypes) return false;
    return sdkForModuleSpecifier(pkg) !== undefined || WRAPPER_PACKAGES.has(pkg);
  }
}

/**
 * The compiler's binder: internal, but exported by the TypeScript bundle ts-morph ships (a test
 * fails if a new version drops it; without it files are bound by the checker, as before).
 */
const bindSourceFile = (
  ts as unknown as { bindSourceFile?: (file: ts.SourceFile, options: ts.CompilerOptions) => void }
).bindSourceFile;

/** Bound already: binding it again only runs the binder's reset of its own state. */
const RESET_FILE = ts.createSourceFile('reset.ts', '', ts.ScriptTarget.Latest);
bindSourceFile?.(RESET_FILE, {});

let binderWarm = false;

/**
 * Binds a workspace file on its own, before any checker sees it. The checker binds every file of
 * the program when it is created, and the binder recurses once per link of a call chain: a
 * generated `.then()` chain of a few hundred links can overflow the stack there, which would take
 * the whole program (every file) down. Bound here, such a file is left out with a reason; the
 * checker skips files that are already bound.
 */
function bindAlone(sourceFile: ts.SourceFile, options: ts.CompilerOptions): string | undefined {
  if (sourceFile.isDeclarationFile || !bindSourceFile) return undefined;
  try {
    bindSourceFile(sourceFile, options);
    return undefined;
  } catch (error) {
    // The binder keeps its state in variables it resets only when a file ends normally: left as
    // they are, the next file's nodes would get parents from this one.
    bindSourceFile(RESET_FILE, options);
    return describeCompilerFailure(error);
  }
}

/** Binds a small file with a few hundred branches a few times, so that V8 optimises the binder. */
function warmUpBinder(options: ts.CompilerOptions): void {
  binderWarm = true;
  const text = `function warm(a) {\n${'  if (a) { a = a.then((v) => v); }\n'.repeat(200)}}\n`;
  for (let round = 0; round < 20; round++)
    bindAlone(ts.createSourceFile('warm.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS), options);
}

/**
 * The checker recurses through several frames per link of a call chain (`a.then(f).then(g)...`)
 * and overflows the stack a few hundred links in; worse, a checker that overflowed once is left in
 * a state where it fails on other files too. Hand-written chains (query builders, schemas) stay
 * far below this bound; a generated chain beyond it is left out with a reason.
 */
const MAX_CHAIN_LINKS = 250;

/**
 * Whether the text has enough `(`, `.` and `[` for a chain of more than MAX_CHAIN_LINKS links:
 * each call, member access and element access of a chain takes one. Most files have fewer in
 * all, and counting characters costs far less than walking their syntax tree.
 */
function mayHoldLongChain(text: string): boolean {
  const needed = 2 * MAX_CHAIN_LINKS + 2;
  let found = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code === 0x28 || code === 0x2e || code === 0x5b) && ++found >= needed) return true;
  }
  return false;
}

/** The most call/member links nested in one expression, counted without recursion. */
function longestChain(sourceFile: ts.SourceFile): number {
  let longest = 0;
  // Two parallel stacks and one visitor: a pair per node would be garbage for the collector.
  const nodes: ts.Node[] = [sourceFile];
  const depths: number[] = [0];
  let links = 0;
  const push = (child: ts.Node): void => {
    nodes.push(child);
    depths.push(links);
  };
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    const depth = depths.pop() as number;
    const kind = node.kind;
    const isLink =
      kind === ts.SyntaxKind.CallExpression ||
      kind === ts.SyntaxKind.PropertyAccessExpression ||
      kind === ts.SyntaxKind.ElementAccessExpression;
    links = isLink ? depth + 1 : 0;
    if (links > longest) longest = links;
    if (longest > 2 * MAX_CHAIN_LINKS + 2) break;
    ts.forEachChild(node, push);
  }
  // A link is a call and the member access it calls: two nodes.
  return Math.floor(longest / 2);
}

/** One line a user can act on: a stack overflow is the code's shape, not a bug to report. */
function describeCompilerFailure(error: unknown): string {
  if (error instanceof RangeError) return 'nested or chained too deeply for the TypeScript compiler (stack overflow)';
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/**
 * Node16 and NodeNext make TypeScript look for the package.json above every file, on every new
 * program, to learn whether it is ESM or CommonJS: after an edit that costs more than reparsing the
 * edited file. Nothing the analyser reads depends on the module format, and Bundler resolution finds
 * the same files (relative imports with or without `.js`, package `exports`, `require` in JS).
 */
function extensionOf(file: string): ts.Extension {
  const extension = path.extname(file);
  const known = Object.values(ts.Extension) as string[];
  return (known.includes(extension) ? extension : ts.Extension.Ts) as ts.Extension;
}

function withoutModuleFormatLookups(options: ts.CompilerOptions): ts.CompilerOptions {
  const resolution = options.moduleResolution;
  if (resolution !== ts.ModuleResolutionKind.Node16 && resolution !== ts.ModuleResolutionKind.NodeNext) return options;
  return {
    ...options,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    [PROJECT_RESOLUTION]: resolution,
  };
}

/** Where the project's own moduleResolution is kept when the program runs with Bundler's. */
const PROJECT_RESOLUTION = 'orchestrationAuditProjectModuleResolution';

/**
 * The moduleResolution the project compiles with: what code the fixes write must satisfy (under
 * Node16 and NodeNext an ES module's relative imports name the file), not the program's.
 */
export function projectModuleResolution(options: ts.CompilerOptions): ts.ModuleResolutionKind | undefined {
  const kept = options[PROJECT_RESOLUTION];
  return typeof kept === 'number' ? kept : options.moduleResolution;
}

/** A string question's answers, computed once each (a path's existence, a package's import). */
export function memo(compute: (key: string) => boolean): ((key: string) => boolean) & { clear(): void } {
  const known = new Map<string, boolean>();
  const lookup = (target: string): boolean => {
    let value = known.get(target);
    if (value === undefined) {
      value = compute(target);
      known.set(target, value);
    }
    return value;
  };
  return Object.assign(lookup, { clear: () => known.clear() });
}

function stripTrailingSlash(directory: string): string {
  return directory.length > 1 && directory.endsWith('/') ? directory.slice(0, -1) : directory;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(path.resolve(file), 'utf8');
  } catch {
    return undefined;
  }
}
