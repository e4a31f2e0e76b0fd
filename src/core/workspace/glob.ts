/**
 * Minimal glob matching for `exclude` patterns (`**`, `*`, `?`, `{a,b}`), on `/`-separated paths
 * relative to the audited root. A pattern without a slash matches at any depth, as in .gitignore.
 */
export function globToRegExp(pattern: string): RegExp {
  const normalized = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  // A trailing slash only says "a folder" (`generated/`): as in .gitignore it does not anchor.
  const anchored = normalized.replace(/\/+$/, '').includes('/') && !normalized.startsWith('**/');
  const source = globSource(normalized);
  const prefix = anchored ? '^' : '^(?:.*/)?';
  // A pattern naming a folder also excludes everything below it.
  return new RegExp(`${prefix}${source.replace(/\/$/, '')}(?:/.*)?$`);
}

function globSource(normalized: string): string {
  let source = '';
  let index = 0;
  while (index < normalized.length) {
    const char = normalized[index];
    if (char === '*' && normalized[index + 1] === '*') {
      const slashAfter = normalized[index + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      index += slashAfter ? 3 : 2;
      continue;
    }
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const close = normalized.indexOf('}', index);
      if (close > index) {
        // Each alternative is a glob itself: `{*.gen.ts,vendor/**}`.
        const options = normalized
          .slice(index + 1, close)
          .split(',')
          .map(globSource);
        source += `(?:${options.join('|')})`;
        index = close + 1;
        continue;
      }
      source += '\\{';
    } else source += escapeRegExp(char);
    index++;
  }
  return source;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}

export function matchesAny(relativePath: string, patterns: RegExp[]): boolean {
  return patterns.some((pattern) => pattern.test(relativePath));
}
