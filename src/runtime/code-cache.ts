import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import { createRequire, Module } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/*
 * Loads one of our own bundles (dist/core.js for the extension, dist/cli-main.js for the CLI) with
 * V8's code cache. Both hold the TypeScript compiler: compiling them is a tenth of a CLI audit of
 * a real repository and most of the extension's first analysis, and V8 compiles each compiler
 * function again, lazily, in every process. A cache written after a run holds those functions too.
 *
 * No workspace file ever passes through here: the only text compiled is the bundle beside the
 * caller, and V8 rejects a cache made for other text or another V8 (then the bundle compiles
 * plainly and a new cache is written).
 */

/** How the bundle was compiled: from its code cache, without one (written by `save`), or plainly. */
type CodeCacheUse = 'used' | 'written later' | 'off';

export interface LoadedBundle<T> {
  exports: T;
  use: CodeCacheUse;
  /** Writes the cache of what V8 has compiled of the bundle by now; once, and only if none was used. */
  save: () => void;
}

/**
 * Runs `bundle` as `require` would, compiled with its code cache from `folder` when there is a
 * valid one. Without a folder, or when the bundle cannot be compiled this way, it is required
 * plainly. Never throws for the cache's sake; `log` hears what happened to it.
 */
export function loadBundle<T>(
  bundle: string,
  folder: string | undefined,
  log?: (message: string) => void,
): LoadedBundle<T> {
  const compiled = folder === undefined ? undefined : compileWithCache(bundle, folder, log);
  if (!compiled) {
    // A computed path on purpose: the bundle is ours, beside the caller, and must not be bundled into it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    const exports = require(bundle) as T;
    return { exports, use: 'off', save: () => undefined };
  }
  const exports = runCompiled<T>(bundle, compiled.script);
  let unsaved = compiled.use === 'written later';
  return {
    exports,
    use: compiled.use,
    save: () => {
      if (!unsaved) return;
      unsaved = false;
      writeCache(compiled.script, bundle, compiled.cacheFile, log);
    },
  };
}

/** The cache file of this bundle (name, size and time) for this V8: any other is stale. */
function cacheFileOf(bundle: string, folder: string): string {
  const { size, mtimeMs } = fs.statSync(bundle);
  return path.join(folder, `${stemOf(bundle)}-${size}-${Math.round(mtimeMs)}-v8-${process.versions.v8}.cache`);
}

function stemOf(bundle: string): string {
  return path.basename(bundle, path.extname(bundle));
}

function compileWithCache(
  bundle: string,
  folder: string,
  log?: (message: string) => void,
): { script: vm.Script; use: CodeCacheUse; cacheFile: string } | undefined {
  try {
    const cacheFile = cacheFileOf(bundle, folder);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // No cache yet: `save` writes one.
    }
    const source = readSource(bundle);
    // A shebang (the CLI's) is not JavaScript inside the module wrapper; a comment keeps the offsets.
    const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
    const script = new vm.Script(Module.wrap(body), { filename: bundle, cachedData });
    const use: CodeCacheUse = cachedData && !script.cachedDataRejected ? 'used' : 'written later';
    return { script, use, cacheFile };
  } catch (error) {
    log?.(`Compiling ${path.basename(bundle)} with a code cache failed (${describe(error)}); loading it plainly.`);
    return undefined;
  }
}

/**
 * The bundle's text. The bundles are ASCII (esbuild escapes the rest; test/runtime checks it), and
 * ASCII read as Latin-1 is the same text without UTF-8 decoding: 2 ms instead of 15-20 ms for the
 * 7.7 MB analyser, on the path to the first diagnostics of a window. Anything else is read as UTF-8.
 */
function readSource(bundle: string): string {
  const bytes = fs.readFileSync(bundle);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** Runs the compiled bundle as Node runs a CommonJS module, and caches it as `require` would. */
function runCompiled<T>(bundle: string, script: vm.Script): T {
  const module = new Module(bundle);
  module.filename = bundle;
  module.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(
    path.dirname(bundle),
  );
  const requireHere = createRequire(bundle);
  // Registered first, as Node does: a later `require` of the bundle (a test's) gets this instance.
  require.cache[bundle] = module;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, requireHere, module, bundle, path.dirname(bundle));
  } catch (error) {
    delete require.cache[bundle];
    throw error;
  }
  module.loaded = true;
  return module.exports as T;
}

/** Writes the cache atomically (a rename), dropping this bundle's stale ones. */
function writeCache(script: vm.Script, bundle: string, cacheFile: string, log?: (message: string) => void): void {
  try {
    const data = script.createCachedData();
    const folder = path.dirname(cacheFile);
    fs.mkdirSync(folder, { recursive: true });
    const stale = new RegExp(`^${escapeRegExp(stemOf(bundle))}-\\d+-\\d+-v8-.*\\.cache$`);
    for (const name of fs.readdirSync(folder))
      if (stale.test(name) && path.join(folder, name) !== cacheFile)
        fs.rmSync(path.join(folder, name), { force: true });
    const partial = `${cacheFile}.${process.pid}.partial`;
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, cacheFile);
    log?.(`Wrote the code cache of ${path.basename(cacheFile)} (${Math.round(data.length / 1024)} KB).`);
  } catch (error) {
    log?.(`Writing the code cache failed: ${describe(error)}.`);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
