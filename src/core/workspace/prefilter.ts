import { MODEL_HTTP } from '../catalog/http';
import { CATALOG } from '../catalog/index';

/**
 * A cheap text test run before parsing: a file that names no model SDK package, no model endpoint
 * (host or path) and sends no HTTP payload that names a model cannot contain a model call of its
 * own. (It may still be parsed later as a caller of one.) It must never hide a real call, so it is a
 * loose superset of what detection recognises.
 */
let cached: { sdkOrEndpoint: RegExp; payload: RegExp[] } | undefined;

export function mayContainModelCall(text: string): boolean {
  cached ??= buildPrefilter();
  return cached.sdkOrEndpoint.test(text) || cached.payload.every((pattern) => pattern.test(text));
}

function buildPrefilter(): { sdkOrEndpoint: RegExp; payload: RegExp[] } {
  const alternatives = new Set<string>();
  for (const entry of CATALOG) {
    for (const name of entry.packages) alternatives.add(`['"]${escape(name)}(?:/[^'"]*)?['"]`);
    for (const prefix of entry.packagePrefixes ?? []) alternatives.add(`['"]${escape(prefix)}`);
    for (const pattern of entry.urlPatterns ?? []) alternatives.add(pattern.source);
  }
  for (const pattern of MODEL_HTTP.endpoints) alternatives.add(asTextPattern(pattern));
  return {
    sdkOrEndpoint: new RegExp([...alternatives].join('|')),
    // An HTTP payload with a model and a prompt, whatever the URL: `fetch(url, { body: ... })`.
    payload: [
      /\b(?:fetch|axios|ky|got|request|post|send)\w*\s*\(/i,
      new RegExp(`\\b(?:${MODEL_HTTP.bodyModelKeys.join('|')})\\b`),
      new RegExp(`\\b(?:${MODEL_HTTP.bodyPromptKeys.join('|')})\\b`),
    ],
  };
}

/**
 * An endpoint pattern as it appears in source text: the path may be relative
 * (`new URL("api/chat", base)`) and ends at a quote or a template part rather than at the end of
 * the URL.
 */
function asTextPattern(pattern: RegExp): string {
  return pattern.source
    .replace(/^\\\//, '(?:\\/|[\'"`])')
    .split('(?:$|[?#])')
    .join('(?![\\w-])');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
