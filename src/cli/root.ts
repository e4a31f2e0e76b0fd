import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './args';

const PROJECT_MARKERS = ['package.json', 'tsconfig.json'];

/** Absolute paths of the targets; each must exist (a typo must not audit nothing and pass). */
export function resolveTargets(paths: readonly string[], cwd: string): string[] {
  return paths.map((target) => {
    const absolute = path.resolve(cwd, target);
    if (!fs.existsSync(absolute)) throw new UsageError(`no such file or folder: ${target}`);
    return absolute;
  });
}

/**
 * The audit root: `--root` when given; otherwise the nearest folder, at or above the common
 * folder of the targets, that has a package.json or tsconfig.json (where config, tsconfig and
 * node_modules live); otherwise the first target's folder.
 */
export function resolveRoot(targets: readonly string[], explicitRoot: string | undefined, cwd: string): string {
  if (explicitRoot !== undefined) {
    const root = path.resolve(cwd, explicitRoot);
    if (!isDirectory(root)) throw new UsageError(`--root is not a folder: ${explicitRoot}`);
    for (const target of targets) {
      if (!isInside(root, target))
        throw new UsageError(`${path.relative(cwd, target) || target} is outside --root ${explicitRoot}`);
    }
    return root;
  }
  const folders = targets.map((target) => (isDirectory(target) ? target : path.dirname(target)));
  const common = commonFolder(folders);
  for (let folder = common; ; folder = path.dirname(folder)) {
    if (PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(folder, marker)))) return folder;
    if (path.dirname(folder) === folder) break;
  }
  return folders[0] ?? cwd;
}

function commonFolder(folders: readonly string[]): string {
  const [first, ...rest] = folders;
  if (first === undefined) return path.parse(process.cwd()).root;
  let common = first;
  for (const folder of rest) {
    while (!isInside(common, folder)) common = path.dirname(common);
  }
  return common;
}

function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}
