import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { PathAliases } from './path-aliases';
import { OPTIONS_ONLY_HOST } from './tsconfig';

/** How a package's own tsconfig resolves the imports of its files: its `paths` and where they start. */
export interface PackageConfig {
  /** The tsconfig.json or jsconfig.json. */
  file: string;
  /** `paths`, `baseUrl` and the folder `paths` resolve from, to lay over the workspace's options. */
  resolution: Pick<ts.CompilerOptions, 'paths' | 'baseUrl' | 'pathsBasePath'>;
  aliases: PathAliases;
}

/**
 * The tsconfig (or jsconfig) nearest each file below the workspace root, where it names path
 * aliases. A monorepo's packages each have their own (`apps/web/tsconfig.json` with `"paths": {
 * "@/*": ["./*"] }`) and the root's, if there is one, names none of them: without these every
 * `@/utils/llms` import of the app resolves to nothing, and the calls through it are lost.
 * Only the options that decide module resolution are read; a config that cannot be read, or that
 * names no aliases, leaves its files to the nearest one above it that does, else the root's options.
 */
export class PackageConfigs {
  /** By folder: the config that applies there, or null for the root's. */
  private readonly byFolder = new Map<string, PackageConfig | null>();
  private readonly byFile = new Map<string, PackageConfig | null>();

  constructor(private readonly root: string) {}

  /** The package config that applies to `file`, or undefined where the workspace's own options do. */
  of(file: string): PackageConfig | undefined {
    const visited: string[] = [];
    let found: PackageConfig | null = null;
    for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
      const known = this.byFolder.get(folder);
      if (known !== undefined) {
        found = known;
        break;
      }
      // The root's config is the workspace's options themselves; above it nothing applies.
      if (folder === this.root || !folder.startsWith(this.root + path.sep) || path.dirname(folder) === folder) break;
      visited.push(folder);
      const config = configIn(folder);
      // One that cannot be read or names no aliases: the one above it may (the package's own).
      found = config ? this.read(config) : null;
      if (found) break;
    }
    for (const folder of visited) this.byFolder.set(folder, found);
    return found ?? undefined;
  }

  private read(file: string): PackageConfig | null {
    const known = this.byFile.get(file);
    if (known !== undefined) return known;
    const config = readPackageConfig(file);
    this.byFile.set(file, config);
    return config;
  }
}

function configIn(folder: string): string | undefined {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const file = path.join(folder, name);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

function readPackageConfig(file: string): PackageConfig | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const read = ts.parseConfigFileTextToJson(file, text);
  if (read.error) return null;
  // An `extends` that does not resolve (a shared config package not installed) is reported by the
  // parse and skipped; the options the file sets itself still hold.
  const parsed = ts.parseJsonConfigFileContent(read.config, OPTIONS_ONLY_HOST, path.dirname(file), undefined, file);
  const options = parsed.options as ts.CompilerOptions & { pathsBasePath?: string };
  const aliases = PathAliases.of(options);
  if (!aliases) return null;
  return {
    file,
    resolution: { paths: options.paths, baseUrl: options.baseUrl, pathsBasePath: options.pathsBasePath },
    aliases,
  };
}
