import * as fs from 'node:fs';
import { createRequire, Module } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type * as CoreEntry from './core-entry';

/** The analyser as dist/core.js exports it (types only: nothing of it is in dist/extension.js). */
export type Core = typeof CoreEntry;

/** How the analyser bundle was compiled: from V8's code cache, without one (written later), or plainly. */
type CodeCacheUse = 'used' | 'written later' | 'off';

let loaded: Core | undefined;
/** The folder for the bundle's V8 code cache (the extension's global storage); none: plain `require`. */
let cacheFolder: string | undefined;

/** The cache still to write: once the first load has run, most of what an analysis compiles is in it. */
let unsaved: (() => void) | undefined;
/** When no load ends first (a window with no workspace folder), the cache is written after this. */
const CACHE_WRITE_DELAY_MS = 15_000;

/**
 * Where loadCore keeps the V8 code cache of dist/core.js: compiling the 11 MB bundle (ts-morph,
 * TypeScript) is most of the analyser's load, about a second in a busy extension host, paid by
 * the first file a window opens; with the cache of an earlier window it is a third of that.
 */
export function useCodeCache(folder: string | undefined): void {
  cacheFolder = folder;
}

/**
 * Loads dist/core.js (ts-morph, the TypeScript compiler, the rules and reporters) the first time
 * an analysis needs it, never at activation. The path is computed so that esbuild leaves the
 * `require` alone instead of bundling the core into the extension.
 */
export function loadCore(log?: (message: string) => void): Core {
  if (loaded) return loaded;
  const started = performance.now();
  const bundle = path.join(__dirname, 'core.js');
  let use: CodeCacheUse = 'off';
  const cached = cacheFolder === undefined ? undefined : compileWithCache(bundle, cacheFolder, log);
  if (cached) {
    loaded = runCompiled(bundle, cached.script);
    use = cached.use;
  } else {
    // `require` returns `any`; the declared type is the contract core-entry.ts exports. A computed
    // path on purpose: an import would make esbuild bundle the core into the extension.
    // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-assignment -- lazy load, see above
    const core: Core = require(bundle);
    loaded = core;
  }
  log?.(
    `Loaded the analyser (${path.basename(bundle)}) in ${Math.round(performance.now() - started)} ms (code cache: ${use}).`,
  );
  return loaded;
}

/**
 * Writes the analyser's code cache when this window compiled the bundle without one: called when
 * a folder's first load has run (what it compiled is in the cache), else by a timer. Once.
 */
export function saveCodeCache(): void {
  const save = unsaved;
  unsaved = undefined;
  save?.();
}

/** True once the analyser is loaded (the activation test checks it is not loaded by activation alone). */
export function isCoreLoaded(): boolean {
  return loaded !== undefined;
}

/** The cache file of this bundle (size and time) for this V8: any other is stale. */
function cacheFileOf(bundle: string, folder: string): string {
  const { size, mtimeMs } = fs.statSync(bundle);
  return path.join(folder, `core-${size}-${Math.round(mtimeMs)}-v8-${process.versions.v8}.cache`);
}

/**
 * The bundle compiled with its code cache when there is a valid one; without, it is compiled as
 * `require` would, and its cache is written once the analyser has run a while. Undefined when the
 * bundle cannot be read or compiled this way (then `require` loads it).
 */
function compileWithCache(
  bundle: string,
  folder: string,
  log?: (message: string) => void,
): { script: vm.Script; use: CodeCacheUse } | undefined {
  try {
    const cacheFile = cacheFileOf(bundle, folder);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // No cache yet: this load writes one.
    }
    const source = fs.readFileSync(bundle, 'utf8');
    const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
    if (cachedData && !script.cachedDataRejected) return { script, use: 'used' };
    unsaved = () => writeCache(script, cacheFile, folder, log);
    setTimeout(saveCodeCache, CACHE_WRITE_DELAY_MS).unref();
    return { script, use: 'written later' };
  } catch (error) {
    log?.(`Compiling the analyser with a code cache failed (${describe(error)}); loading it plainly.`);
    return undefined;
  }
}

/** Runs the compiled bundle as Node runs a CommonJS module, and caches it as `require` would. */
function runCompiled(bundle: string, script: vm.Script): Core {
  const module = new Module(bundle);
  module.filename = bundle;
  const requireHere = createRequire(bundle);
  // Registered first, as Node does: a later `require` of the bundle (the test suite's) gets this instance.
  require.cache[bundle] = module;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, requireHere, module, bundle, path.dirname(bundle));
  } catch (error) {
    delete require.cache[bundle];
    throw error;
  }
  module.loaded = true;
  return module.exports as Core;
}

/** Writes the cache (what V8 has compiled of the bundle by now) atomically, dropping stale ones. */
function writeCache(script: vm.Script, cacheFile: string, folder: string, log?: (message: string) => void): void {
  try {
    const data = script.createCachedData();
    fs.mkdirSync(folder, { recursive: true });
    for (const name of fs.readdirSync(folder))
      if (/^core-.*\.cache$/.test(name) && path.join(folder, name) !== cacheFile)
        fs.rmSync(path.join(folder, name), { force: true });
    const partial = `${cacheFile}.${process.pid}.partial`;
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, cacheFile);
    log?.(`Wrote the analyser's code cache (${Math.round(data.length / 1024)} KB) for the next window.`);
  } catch (error) {
    log?.(`Writing the analyser's code cache failed: ${describe(error)}.`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
