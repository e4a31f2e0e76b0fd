import { MODEL_HTTP } from '../catalog/http';
import { CATALOG } from '../catalog/index';

/**
 * A cheap text test run before parsing: a file that names no model SDK package, no model endpoint
 * (host or path) and sends no HTTP payload that names a model cannot contain a model call of its
 * own. (It may still be parsed later as a caller of one.) It must never hide a real call, so it is a
 * loose superset of what detection recognises.
 */
let cached: Prefilter | undefined;

interface Prefilter {
  sdkOrEndpoint: RegExp;
  /** Packages imported for more than their model calls, each with the words a call needs (`prefilterWords`). */
  wordedPackages: { packages: RegExp; words: RegExp }[];
  payload: RegExp[];
}

/**
 * A function or method named like fetch declared here (`async fetch(url, init) {`,
 * `const fetchWithRetry = async (`, generic or not: `function fetchJson<T>(`): a fetch shim, whose own fetch is the model call when its
 * callers (in other files) pass model endpoints.
 */
const FETCH_SHIM =
  /\bfunction\s*\*?\s*\w*fetch\w*\s*(?:<[^(){};]*>\s*)?\(|\b\w*fetch\w*\s*=\s*(?:async\s*)?(?:function\b|(?:<[^(){};]*>\s*)?\(|\w+\s*=>)|^\s*(?:(?:public|protected|private|static|override)\s+)*(?:async\s+)?\w*fetch\w*\s*(?:<[^(){};]*>\s*)?\([^()]*\)\s*(?::[^{;]*)?\{/im;

const FETCH_WORD = /fetch/i;

/**
 * @param declaredModules the packages of the model functions the config declares (`models`): a file
 * that imports one is read like one that imports an SDK.
 */
export function mayContainModelCall(text: string, declaredModules: readonly string[] = []): boolean {
  cached ??= buildPrefilter();
  return (
    cached.sdkOrEndpoint.test(text) ||
    cached.wordedPackages.some(({ packages, words }) => packages.test(text) && words.test(text)) ||
    declaredModules.some((module) => importsModule(text, module)) ||
    cached.payload.every((pattern) => pattern.test(text)) ||
    // Every shim form names fetch: the plain search rules most files out before the slow pattern.
    (FETCH_WORD.test(text) && FETCH_SHIM.test(text))
  );
}

function buildPrefilter(): Prefilter {
  const alternatives = new Set<string>();
  const wordedPackages: Prefilter['wordedPackages'] = [];
  for (const entry of CATALOG) {
    const imports = [
      ...entry.packages.map((name) => `['"]${escape(name)}(?:/[^'"]*)?['"]`),
      ...(entry.packagePrefixes ?? []).map((prefix) => `['"]${escape(prefix)}`),
    ];
    if (entry.prefilterWords)
      wordedPackages.push({
        packages: new RegExp(imports.join('|')),
        words: new RegExp(`\\b(?:${entry.prefilterWords.map(escape).join('|')})\\b`),
      });
    else for (const pattern of imports) alternatives.add(pattern);
    for (const pattern of entry.urlPatterns ?? []) alternatives.add(pattern.source);
  }
  for (const pattern of MODEL_HTTP.endpoints) alternatives.add(asTextPattern(pattern));
  return {
    sdkOrEndpoint: new RegExp([...alternatives].join('|')),
    wordedPackages,
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
  return pattern.source.replace(/^\\\//, '(?:\\/|[\'"`])').split('(?:$|[?#])').join('(?![\\w-])');
}

function importsModule(text: string, module: string): boolean {
  return (
    text.includes(`'${module}'`) ||
    text.includes(`"${module}"`) ||
    text.includes(`'${module}/`) ||
    text.includes(`"${module}/`)
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
