import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { STANDARD_LIBRARY } from './standard-library';

export interface CompilerSetup {
  options: ts.CompilerOptions;
  /** The tsconfig used, or null when none was found or it could not be used. */
  tsconfig: string | null;
  /** The tsconfig.json or jsconfig.json found at the root, usable or not: the file `problems` are about. */
  found: string | null;
  /** Problems with the tsconfig, reported as warnings; the audit goes on with defaults. */
  problems: string[];
}

/**
 * Options the analyser needs, whatever the project says: no emit, the language's standard
 * declarations but not the DOM's or a host's (see standard-library.ts: `lib.dom.d.ts` alone was
 * most of the program's load time, and no answer needs it), and JavaScript allowed.
 */
const FORCED: ts.CompilerOptions = {
  noEmit: true,
  noLib: false,
  lib: STANDARD_LIBRARY,
  types: [],
  allowJs: true,
  checkJs: false,
  skipLibCheck: true,
  skipDefaultLibCheck: true,
  noResolve: false,
};

const FALLBACK: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  jsx: ts.JsxEmit.Preserve,
  esModuleInterop: true,
};

/**
 * Reads the config and what it extends, but lists no directory: the audit picks its files itself,
 * and TypeScript would otherwise walk every folder the config includes to list the files it
 * matches (the walk of the whole workspace, on the way to a window's first diagnostics).
 */
export const OPTIONS_ONLY_HOST: ts.ParseConfigHost = {
  useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
  fileExists: (file) => ts.sys.fileExists(file),
  readFile: (file) => ts.sys.readFile(file),
  readDirectory: () => [],
};

export function compilerSetup(root: string): CompilerSetup {
  const tsconfig = findConfig(root);
  if (!tsconfig) return { options: { ...FALLBACK, ...FORCED }, tsconfig: null, found: null, problems: [] };
  const problems: string[] = [];
  const read = ts.readConfigFile(tsconfig, (file) => fs.readFileSync(file, 'utf8'));
  if (read.error) {
    problems.push(`${flatten(read.error)}${position(read.error, tsconfig)}; using default compiler options`);
    return { options: { ...FALLBACK, ...FORCED }, tsconfig: null, found: tsconfig, problems };
  }
  const config = withoutMissingSvelteKitConfig(read.config, path.dirname(tsconfig), problems);
  const parsed = ts.parseJsonConfigFileContent(config, OPTIONS_ONLY_HOST, path.dirname(tsconfig), undefined, tsconfig);
  for (const error of parsed.errors) {
    // "No inputs were found" only means the include globs matched nothing; we pick files ourselves.
    if (error.code === 18003) continue;
    problems.push(`${flatten(error)}${position(error, tsconfig)}`);
  }
  const options: ts.CompilerOptions = { ...FALLBACK, ...parsed.options, ...FORCED };
  // A moduleResolution the bundled TypeScript does not know would make every import unresolved.
  if (options.moduleResolution === undefined) options.moduleResolution = FALLBACK.moduleResolution;
  return { options, tsconfig, found: tsconfig, problems };
}

/** The config SvelteKit generates (`svelte-kit sync`, on install or dev) for the project's tsconfig to extend. */
const SVELTE_KIT_CONFIG = '.svelte-kit/tsconfig.json';

/**
 * What that generated config gives a SvelteKit app, for a checkout where it was never generated:
 * the `$lib` alias of `src/lib` (every module of the app imports through it) and bundler
 * resolution. Without it no `$lib/...` import resolves and the app's modules stand apart.
 */
const SVELTE_KIT_DEFAULTS = {
  module: 'esnext',
  moduleResolution: 'bundler',
  paths: { $lib: ['./src/lib'], '$lib/*': ['./src/lib/*'] },
};

/**
 * A tsconfig extending SvelteKit's generated config where it is missing: the project's own
 * options over SvelteKit's defaults, and a problem that says so.
 */
function withoutMissingSvelteKitConfig(config: unknown, folder: string, problems: string[]): unknown {
  if (typeof config !== 'object' || config === null) return config;
  const {
    extends: extended,
    compilerOptions,
    ...rest
  } = config as {
    extends?: unknown;
    compilerOptions?: Record<string, unknown>;
  };
  const bases: unknown[] = Array.isArray(extended) ? (extended as unknown[]) : [extended];
  const generated = bases.find(
    (base) => typeof base === 'string' && path.normalize(base).replace(/^\.\//, '') === SVELTE_KIT_CONFIG,
  );
  if (generated === undefined || fs.existsSync(path.join(folder, SVELTE_KIT_CONFIG))) return config;
  problems.push(
    `${SVELTE_KIT_CONFIG} is not generated yet (\`svelte-kit sync\` makes it); using SvelteKit's defaults ($lib is src/lib)`,
  );
  const others = bases.filter((base) => base !== generated && base !== undefined);
  return {
    ...rest,
    ...(others.length > 0 ? { extends: Array.isArray(extended) ? others : others[0] } : {}),
    compilerOptions: { ...SVELTE_KIT_DEFAULTS, ...compilerOptions },
  };
}

function findConfig(root: string): string | null {
  const candidate = path.join(root, 'tsconfig.json');
  if (fs.existsSync(candidate)) return candidate;
  const js = path.join(root, 'jsconfig.json');
  return fs.existsSync(js) ? js : null;
}

/** ` (line 1, column 25)` when the diagnostic points into a file, with the file's name when it is another one (an extended config). */
function position(diagnostic: ts.Diagnostic, tsconfig: string): string {
  if (!diagnostic.file || diagnostic.start === undefined) return '';
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const other =
    path.resolve(diagnostic.file.fileName) === path.resolve(tsconfig) ? '' : `${diagnostic.file.fileName}, `;
  return ` (${other}line ${line + 1}, column ${character + 1})`;
}

function flatten(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, '; ');
}
