import * as path from 'node:path';
import { writeScopeProblem } from '../write-scope';

/**
 * A file a fix creates, at a path relative to the audited root that must stay inside it, also
 * once symlinks are resolved (config `helperModulePath` is validated the same way, by its text,
 * when the config is read). Applying it creates the file, leaves an identical one alone, and
 * refuses to overwrite different content (fixes/apply.ts).
 */
export function newFileInRoot(
  root: string,
  relativePath: string,
  text: string,
  analysis?: object,
): { path: string; text: string } | undefined {
  const file = path.resolve(root, relativePath);
  if (scopeProblem(root, file, analysis)) return undefined;
  return { path: file, text };
}

/**
 * Asked once per analysis (`analysis` is any object that lives as long as one): every call offers
 * the helper fix at the same path, and resolving it on disk costs more than the rest of the fix.
 * Applying a fix checks the scope again, so a folder relinked meanwhile is still caught.
 */
const problemsByAnalysis = new WeakMap<object, Map<string, string | undefined>>();

function scopeProblem(root: string, file: string, analysis: object | undefined): string | undefined {
  if (!analysis) return writeScopeProblem(root, file);
  let known = problemsByAnalysis.get(analysis);
  if (!known) problemsByAnalysis.set(analysis, (known = new Map<string, string | undefined>()));
  const key = `${root}\0${file}`;
  if (!known.has(key)) known.set(key, writeScopeProblem(root, file));
  return known.get(key);
}
