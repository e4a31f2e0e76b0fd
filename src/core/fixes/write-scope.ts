import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Where a fix may write: inside the audited root, by its path and by where the disk really puts
 * it. The second matters because discovery follows symlinked folders (a monorepo's shared code):
 * `src/shared -> /elsewhere/shared` is audited, but a fix or the helper module written through it
 * would land outside the workspace. Used when a fix is built (the helper module), by `--fix`
 * before it writes, and by the editor before it applies a fix.
 *
 * Returns why `file` is out of bounds, as the end of a sentence ("... is outside the audited
 * folder"), or undefined when it may be written.
 */
export function writeScopeProblem(root: string, file: string): string | undefined {
  if (!isInside(path.resolve(root), path.resolve(file))) return 'is outside the audited folder';
  const realRoot = realLocation(root);
  const real = realLocation(file);
  if (!isInside(realRoot, real))
    return `is outside the audited folder through a symbolic link (it resolves to ${real})`;
  return undefined;
}

/** `target` is strictly below `folder` (not the folder itself). */
function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The real path of `file`, which may not exist yet (a file a fix creates, a virtual root): the
 * real path of its nearest existing folder, with the rest of the path appended. A dangling link
 * on the way counts where it points: creating the missing folder would create it there.
 */
function realLocation(file: string, hops = 0): string {
  const missing: string[] = [];
  let current = path.resolve(file);
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...missing);
    } catch {
      const target = hops < MAX_LINK_HOPS ? danglingLinkTarget(current) : undefined;
      if (target !== undefined) return path.join(realLocation(target, hops + 1), ...missing);
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(file);
      missing.unshift(path.basename(current));
      current = parent;
    }
  }
}

/** Symlinks followed for a dangling chain before giving up (the kernel's own limit is 40). */
const MAX_LINK_HOPS = 40;

function danglingLinkTarget(file: string): string | undefined {
  try {
    return fs.lstatSync(file).isSymbolicLink() ? path.resolve(path.dirname(file), fs.readlinkSync(file)) : undefined;
  } catch {
    return undefined;
  }
}
