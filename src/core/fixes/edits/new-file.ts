import * as path from 'node:path';
import { writeScopeProblem } from '../write-scope';

/**
 * A file a fix creates, at a path relative to the audited root that must stay inside it, also
 * once symlinks are resolved (config `helperModulePath` is validated the same way, by its text,
 * when the config is read). Applying it creates the file, leaves an identical one alone, and
 * refuses to overwrite different content (fixes/apply.ts).
 */
export function newFileInRoot(root: string, relativePath: string, text: string): { path: string; text: string } | undefined {
  const file = path.resolve(root, relativePath);
  if (writeScopeProblem(root, file)) return undefined;
  return { path: file, text };
}
