import * as path from 'node:path';
import type * as CoreEntry from './core-entry';

/** The analyser as dist/core.js exports it (types only: nothing of it is in dist/extension.js). */
export type Core = typeof CoreEntry;

let loaded: Core | undefined;

/**
 * Loads dist/core.js (ts-morph, the TypeScript compiler, the rules and reporters) the first time
 * an analysis needs it, never at activation. The path is computed so that esbuild leaves the
 * `require` alone instead of bundling the core into the extension.
 */
export function loadCore(log?: (message: string) => void): Core {
  if (loaded) return loaded;
  const started = performance.now();
  const bundle = path.join(__dirname, 'core.js');
  // `require` returns `any`; the declared type is the contract core-entry.ts exports. A computed
  // path on purpose: an import would make esbuild bundle the core into the extension.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-assignment -- lazy load, see above
  const core: Core = require(bundle);
  loaded = core;
  log?.(`Loaded the analyser (${path.basename(bundle)}) in ${Math.round(performance.now() - started)} ms.`);
  return loaded;
}

/** True once the analyser is loaded (the activation test checks it is not loaded by activation alone). */
export function isCoreLoaded(): boolean {
  return loaded !== undefined;
}
