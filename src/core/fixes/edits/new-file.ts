import * as path from 'node:path';

/**
 * A file a fix creates, at a path relative to the audited root that must stay inside it (config
 * `helperModulePath` is validated the same way when the config is read). Applying it creates the
 * file, leaves an identical one alone, and refuses to overwrite different content (fixes/apply.ts).
 */
export function newFileInRoot(root: string, relativePath: string, text: string): { path: string; text: string } | undefined {
  const file = path.resolve(root, relativePath);
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return { path: file, text };
}
