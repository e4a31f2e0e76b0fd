import * as os from 'node:os';
import * as path from 'node:path';
import { loadBundle } from '../runtime/code-cache';
import type * as CliMain from './main';

/*
 * dist/cli.js: loads the CLI (dist/cli-main.js, with the TypeScript compiler) through V8's code
 * cache, kept in the user's cache folder. Without it every run compiles the 8 MB bundle and,
 * lazily, each compiler function it calls: 0.2-0.4 s of a real repository's audit. This file
 * stays small: it is compiled plainly on every run.
 */

/**
 * The folder of the code cache: `ORCHESTRATION_AUDIT_CODE_CACHE` (a folder, or `off`), else the
 * platform's per-user cache folder. Per user, not the shared temp folder: a cache is code V8 runs.
 */
export function codeCacheFolder(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const setting = env.ORCHESTRATION_AUDIT_CODE_CACHE?.trim();
  if (setting === 'off' || setting === '0') return undefined;
  if (setting) return path.resolve(setting);
  const home = homeFolder();
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || (home && path.join(home, 'AppData', 'Local'));
    return local ? path.join(local, 'orchestration-audit', 'Cache') : undefined;
  }
  if (platform === 'darwin') return home && path.join(home, 'Library', 'Caches', 'orchestration-audit');
  const cacheHome = env.XDG_CACHE_HOME || (home && path.join(home, '.cache'));
  return cacheHome ? path.join(cacheHome, 'orchestration-audit') : undefined;
}

function homeFolder(): string | undefined {
  try {
    return os.homedir() || undefined;
  } catch {
    // No home (a service account without one): no default cache.
    return undefined;
  }
}

if (require.main === module) {
  const cli = loadBundle<typeof CliMain>(path.join(__dirname, 'cli-main.js'), codeCacheFolder(process.env));
  cli.exports.main({ audited: cli.save });
}
