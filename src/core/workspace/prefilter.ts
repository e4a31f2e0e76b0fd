import { CATALOG } from '../catalog/index';

/**
 * A cheap text test run before parsing: a file that names no model SDK package, no SDK client and
 * no model endpoint cannot contain a model call of its own. (It may still be parsed later as a
 * caller of one.)
 */
let cached: RegExp | undefined;

export function mayContainModelCall(text: string): boolean {
  cached ??= buildPrefilter();
  return cached.test(text);
}

function buildPrefilter(): RegExp {
  const alternatives = new Set<string>();
  for (const entry of CATALOG) {
    for (const name of entry.packages) alternatives.add(`['"]${escape(name)}(?:/[^'"]*)?['"]`);
    for (const prefix of entry.packagePrefixes ?? []) alternatives.add(`['"]${escape(prefix)}`);
    for (const pattern of entry.urlPatterns ?? []) alternatives.add(pattern.source);
  }
  return new RegExp([...alternatives].join('|'));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
