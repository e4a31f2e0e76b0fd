import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/**
 * The project's own formatter (Prettier or Biome, installed in the workspace and configured
 * there), so that a fixed file that was formatter-clean stays formatter-clean: the layout of what a
 * fix inserts (line width, argument hugging) is the formatter's decision, not one we can imitate.
 *
 * The formatter is the workspace's copy, loaded from its `node_modules`, with the workspace's
 * configuration (and `.editorconfig`, `.prettierignore` as the formatter reads them). Nothing of ours
 * decides the layout, and a file the formatter does not leave as it is (not formatted with it, or
 * ignored) is never reformatted: only files already clean are formatted again after the fix.
 */
export interface ProjectFormatter {
  name: 'Prettier' | 'Biome';
  /** The formatted text, or undefined when the formatter cannot format this file (parse error, ignored). */
  format(text: string): Promise<string | undefined>;
}

const PRETTIER_CONFIGS = [
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.json5',
  '.prettierrc.yaml',
  '.prettierrc.yml',
  '.prettierrc.toml',
  '.prettierrc.js',
  '.prettierrc.cjs',
  '.prettierrc.mjs',
  '.prettierrc.ts',
  'prettier.config.js',
  'prettier.config.cjs',
  'prettier.config.mjs',
  'prettier.config.ts',
];
const BIOME_CONFIGS = ['biome.json', 'biome.jsonc'];

/** The smallest part of the Prettier 3 API we use, as the workspace's copy exposes it. */
interface PrettierApi {
  format(text: string, options: Record<string, unknown>): Promise<string>;
  resolveConfig(file: string, options: { editorconfig: boolean }): Promise<Record<string, unknown> | null>;
  getFileInfo(
    file: string,
    options: { ignorePath: string[] },
  ): Promise<{ ignored: boolean; inferredParser: string | null }>;
}

/**
 * The formatter that governs `file`: the nearest folder (up to `root`) with a Prettier or Biome
 * configuration decides which one, and the formatter must be installed where Node would find it
 * from the file. Undefined when the project configures none or has not installed it.
 */
export function formatterFor(file: string, root: string): ProjectFormatter | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (PRETTIER_CONFIGS.some((name) => fs.existsSync(path.join(dir, name))) || hasPrettierKey(dir))
      return prettierFormatter(file, dir);
    const biome = BIOME_CONFIGS.find((name) => fs.existsSync(path.join(dir, name)));
    if (biome) return biomeFormatter(file, dir);
    if (dir === root || path.dirname(dir) === dir || !isInside(dir, root)) return undefined;
  }
}

/**
 * The text a fix produced, formatted by the project's formatter when the file was clean under it
 * before the fix; otherwise exactly `after`. Never throws: a formatter that fails leaves `after`.
 */
export async function keepFormatted(
  file: string,
  root: string,
  before: string | undefined,
  after: string,
): Promise<string> {
  const formatter = formatterFor(file, root);
  if (!formatter) return after;
  try {
    // A new file (the helper module) follows the configuration; an existing one only if it did before.
    if (before !== undefined && (await formatter.format(before)) !== before) return after;
    return (await formatter.format(after)) ?? after;
  } catch {
    return after;
  }
}

function prettierFormatter(file: string, configDir: string): ProjectFormatter | undefined {
  const prettier = loadFrom<PrettierApi>(path.dirname(file), 'prettier');
  if (!prettier || typeof prettier.format !== 'function') return undefined;
  return {
    name: 'Prettier',
    async format(text) {
      const ignorePath = [path.join(configDir, '.prettierignore')];
      const info = await prettier.getFileInfo(file, { ignorePath });
      if (info.ignored || !info.inferredParser) return undefined;
      const options = (await prettier.resolveConfig(file, { editorconfig: true })) ?? {};
      try {
        return await prettier.format(text, { ...options, filepath: file });
      } catch {
        return undefined;
      }
    },
  };
}

function biomeFormatter(file: string, configDir: string): ProjectFormatter | undefined {
  const binary = resolveFrom(path.dirname(file), '@biomejs/biome/bin/biome');
  if (!binary) return undefined;
  return {
    name: 'Biome',
    // A process per run: Biome has no stable in-process API in the workspace's copy.
    format(text) {
      const run = spawnSync(process.execPath, [binary, 'format', `--stdin-file-path=${file}`], {
        cwd: configDir,
        input: text,
        encoding: 'utf8',
        timeout: 20_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      // A parse error exits non-zero.
      return Promise.resolve(run.status === 0 && typeof run.stdout === 'string' ? run.stdout : undefined);
    },
  };
}

function hasPrettierKey(dir: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    return json.prettier !== undefined;
  } catch {
    return false;
  }
}

function resolveFrom(dir: string, request: string): string | undefined {
  try {
    return createRequire(path.join(dir, 'noop.js')).resolve(request);
  } catch {
    return undefined;
  }
}

const loaded = new Map<string, unknown>();

/** The workspace's copy of a package (each resolved path loaded once per process). */
function loadFrom<T>(dir: string, request: string): T | undefined {
  const resolved = resolveFrom(dir, request);
  if (!resolved) return undefined;
  if (!loaded.has(resolved)) {
    try {
      loaded.set(resolved, createRequire(resolved)(resolved));
    } catch {
      loaded.set(resolved, undefined);
    }
  }
  return loaded.get(resolved) as T | undefined;
}

function isInside(dir: string, root: string): boolean {
  const relative = path.relative(root, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
