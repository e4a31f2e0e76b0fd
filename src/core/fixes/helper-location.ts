import * as path from 'node:path';
import type { ts } from 'ts-morph';
import { DEFAULT_CONFIG } from '../config';

/**
 * Where the orchestration helper goes and how a file imports it, following the project rather
 * than assuming a layout: a project without `src/` (a Next.js app with `app/` and `lib/`) gets
 * `lib/ai/call-model.ts`, not a new `src/` folder; a project with a tsconfig `paths` alias for
 * the folder (`"@/*": ["./*"]`) imports it as `@/lib/ai/call-model`, as its own code does.
 */

/** The helper's path for projects whose code is not under `src/`. */
const NO_SRC_HELPER_PATH = 'lib/ai/call-model.ts';

/**
 * The configured path, or, where the default is in effect and the file being fixed is not under
 * `<root>/src/`, the same module under `lib/`.
 */
export function helperModulePath(root: string, fixedFile: string, configured: string): string {
  if (configured !== DEFAULT_CONFIG.helperModulePath) return configured;
  const first = path.relative(root, fixedFile).split(path.sep)[0];
  return first === 'src' ? configured : NO_SRC_HELPER_PATH;
}

/**
 * `@/lib/ai/call-model` when a `paths` pattern `<prefix>*` maps to a folder holding the helper;
 * undefined when none does (the caller then writes a relative specifier). `paths` resolve against
 * `baseUrl`, or the tsconfig's folder without one (TypeScript keeps it as `pathsBasePath`).
 */
export function aliasSpecifier(helperFile: string, options: ts.CompilerOptions, root: string): string | undefined {
  const paths = options.paths;
  if (!paths) return undefined;
  const base = options.baseUrl ?? (typeof options.pathsBasePath === 'string' ? options.pathsBasePath : root);
  let best: string | undefined;
  for (const [pattern, targets] of Object.entries(paths)) {
    if (!pattern.endsWith('*') || pattern.indexOf('*') !== pattern.length - 1) continue;
    const prefix = pattern.slice(0, -1);
    for (const target of targets) {
      if (!target.endsWith('*') || target.indexOf('*') !== target.length - 1) continue;
      const folder = path.resolve(base, target.slice(0, -1));
      const inside = path.relative(folder, helperFile);
      if (inside.startsWith('..') || path.isAbsolute(inside)) continue;
      const specifier = `${prefix}${inside.split(path.sep).join('/')}`.replace(/\.(?:[cm]?ts|tsx)$/, '');
      // The shortest alias reads best (`@/lib/...` over `@root/src/lib/...`).
      if (best === undefined || specifier.length < best.length) best = specifier;
      break;
    }
  }
  return best;
}
