import * as path from 'node:path';
import type { ts } from 'ts-morph';

/**
 * The `paths` of the workspace's tsconfig (`"@core/*": ["./src/core/*"]`), the way the compiler
 * resolves them for the analysed program: a specifier that matches a pattern names the files its
 * targets name, and nothing else. Without them the import graph can only guess an alias by the
 * file's base name, which links an `@/shared/api` import to every `api.ts` of the workspace and
 * links `@core/api` (no `@/` prefix) to nothing at all.
 */
export class PathAliases {
  private constructor(
    private readonly patterns: readonly AliasPattern[],
    private readonly base: string,
  ) {}

  /** The aliases of compiler options parsed from a tsconfig, or undefined when it has none. */
  static of(options: ts.CompilerOptions): PathAliases | undefined {
    const paths = options.paths;
    // The compiler resolves targets from `baseUrl`, else from the tsconfig's folder (`pathsBasePath`).
    const base = options.baseUrl ?? (options as { pathsBasePath?: string }).pathsBasePath;
    if (!paths || typeof base !== 'string') return undefined;
    const patterns: AliasPattern[] = [];
    for (const [pattern, targets] of Object.entries(paths)) {
      const star = pattern.indexOf('*');
      if (star !== pattern.lastIndexOf('*')) continue;
      patterns.push({
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? undefined : pattern.slice(star + 1),
        targets: targets.filter((target) => typeof target === 'string'),
      });
    }
    return patterns.length > 0 ? new PathAliases(patterns, base) : undefined;
  }

  /**
   * The absolute paths (without extension) an aliased specifier can name, or undefined when no
   * pattern matches it. As in the compiler, an exact pattern wins, then the longest prefix.
   */
  resolve(specifier: string): string[] | undefined {
    let best: { pattern: AliasPattern; rest: string } | undefined;
    for (const pattern of this.patterns) {
      if (pattern.suffix === undefined) {
        if (pattern.prefix === specifier) return this.targetsOf(pattern, '');
        continue;
      }
      const matches =
        specifier.length >= pattern.prefix.length + pattern.suffix.length &&
        specifier.startsWith(pattern.prefix) &&
        specifier.endsWith(pattern.suffix);
      if (matches && (!best || pattern.prefix.length > best.pattern.prefix.length))
        best = { pattern, rest: specifier.slice(pattern.prefix.length, specifier.length - pattern.suffix.length) };
    }
    return best && this.targetsOf(best.pattern, best.rest);
  }

  private targetsOf(pattern: AliasPattern, rest: string): string[] {
    return pattern.targets.map((target) => path.resolve(this.base, target.replace('*', rest)));
  }
}

interface AliasPattern {
  prefix: string;
  /** After the `*`; undefined for a pattern without one (an exact name). */
  suffix: string | undefined;
  targets: readonly string[];
}
