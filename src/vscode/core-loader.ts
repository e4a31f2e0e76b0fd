import * as path from 'node:path';
import { loadBundle } from '../runtime/code-cache';
import { startCpuClock } from './cpu-clock';
import type * as CoreEntry from './core-entry';

/** The analyser as dist/core.js exports it (types only: nothing of it is in dist/extension.js). */
export type Core = typeof CoreEntry;

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
 * load alone instead of bundling the core into the extension.
 */
export function loadCore(log?: (message: string) => void): Core {
  if (loaded) return loaded;
  const clock = startCpuClock();
  const bundle = path.join(__dirname, 'core.js');
  // `exports` is the contract core-entry.ts declares: the bundle is built from it.
  const core = loadBundle<Core>(bundle, cacheFolder, log);
  loaded = core.exports;
  if (core.use === 'written later') {
    unsaved = core.save;
    setTimeout(saveCodeCache, CACHE_WRITE_DELAY_MS).unref();
  }
  log?.(`Loaded the analyser (${path.basename(bundle)}) in ${clock.elapsed()}; code cache: ${core.use}.`);
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
