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
  /**
   * In one scan (global: `mentionsSdkOrEndpoint` reads each match): an SDK package's name after a
   * quote (group `sdk`), which counts where it is imported, or a model host or endpoint path, which
   * counts outside import specifiers.
   */
  sdkOrEndpoint: RegExp;
  /** Packages imported for more than their model calls, each with the words a call needs (`prefilterWords`). */
  wordedPackages: { packages: RegExp; words: RegExp }[];
  payload: RegExp[];
  /** A payload key only model APIs use (`anthropic_version`), enough with an HTTP call beside it. */
  providerBody: RegExp;
  /** An SDK method called by its whole path of two names or more (`.chat.completions.create(`). */
  operationPath: RegExp;
}

/**
 * A function or method named like fetch declared here (`async fetch(url, init) {`,
 * `const fetchWithRetry = async (`, generic or not: `function fetchJson<T>(`): a fetch shim, whose own fetch is the model call when its
 * callers (in other files) pass model endpoints.
 */
const FETCH_SHIM =
  /\bfunction\s*\*?\s*\w*fetch\w*\s*(?:<[^(){};]*>\s*)?\(|\b\w*fetch\w*\s*=\s*(?:async\s*)?(?:function\b|(?:<[^(){};]*>\s*)?\(|\w+\s*=>)|^\s*(?:(?:public|protected|private|static|override)\s+)*(?:async\s+)?\w*fetch\w*\s*(?:<[^(){};]*>\s*)?\([^()]*\)\s*(?::[^{;]*)?\{/im;

const FETCH_WORD = /fetch/i;

/** A call of an HTTP client, or of a function named like one: what a raw model request is sent with. */
const HTTP_CALL = /\b(?:fetch|axios|ky|got|request|post|send)\w*\s*\(/i;

/**
 * A transport whatever its name (`streamJsonLines(request)`, `postJson(url, payload)`): a fetch of
 * a URL held in a variable or a member (`fetch(url, {`, `fetch(config.url, init)`) in a file that
 * sends a payload made elsewhere as JSON (`JSON.stringify(body)`; one written in place is the
 * payload test's). Its own fetch is the model call when its callers pass a model endpoint or payload,
 * and the callers decide it (detect-http.ts); the file has to be read for that to be asked.
 */
const VARIABLE_URL_FETCH = /\bfetch\s*\(\s*[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*,/;
const SENDS_JSON = /\bJSON\.stringify\s*\(\s*[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*\)/;

/**
 * What comes right before the quote of an import's specifier: `from`, `import`,
 * `import(`, `require(`, `declare module` (a comment may stand before the name:
 * `import(/* webpackIgnore: true *\/ 'ai')`). A package's name alone is no import: LLM apps name
 * providers and models in strings everywhere (`provider === "openai"`, `"openai/gpt-4o"`), and each
 * such file, with its importers, joined the program.
 */
const IMPORT_KEYWORD = String.raw`(?:\bfrom|\bimport|\brequire|\bmodule)\s*\(?\s*(?:\/\*[^*]*\*\/\s*)?`;
/** Text that ends inside the specifier of an import (`from '@core/prompts`, `require("./`). */
const IMPORT_SPECIFIER_SO_FAR = new RegExp(`${IMPORT_KEYWORD}['"][^'"\\n]*$`);
/** How far back the import keyword may be (a comment between it and the name included). */
const IMPORT_LOOKBEHIND = 120;

/**
 * @param declaredModules the packages of the model functions the config declares (`models`): a file
 * that imports one is read like one that imports an SDK.
 */
export function mayContainModelCall(text: string, declaredModules: readonly string[] = []): boolean {
  cached ??= buildPrefilter();
  return (
    mentionsSdkOrEndpoint(text, cached.sdkOrEndpoint) ||
    cached.wordedPackages.some(({ packages, words }) => importsAny(text, packages) && words.test(text)) ||
    declaredModules.some((module) => importsModule(text, module)) ||
    cached.payload.every((pattern) => pattern.test(text)) ||
    (cached.providerBody.test(text) && HTTP_CALL.test(text)) ||
    // A helper given the client as an argument (JavaScript, `client: any`) imports no SDK.
    cached.operationPath.test(text) ||
    // Every shim form names fetch: the plain search rules most files out before the slow pattern.
    (FETCH_WORD.test(text) && (FETCH_SHIM.test(text) || (VARIABLE_URL_FETCH.test(text) && SENDS_JSON.test(text))))
  );
}

function buildPrefilter(): Prefilter {
  const packages = new Set<string>();
  const prefixes = new Set<string>();
  const endpoints = new Set<string>();
  const wordedPackages: Prefilter['wordedPackages'] = [];
  for (const entry of CATALOG) {
    const names = entry.packages.map(escape);
    const starts = (entry.packagePrefixes ?? []).map(escape);
    if (entry.prefilterWords)
      wordedPackages.push({
        packages: quotedNames(names, starts),
        words: new RegExp(`\\b(?:${entry.prefilterWords.map(escape).join('|')})\\b`),
      });
    else {
      for (const name of names) packages.add(name);
      for (const start of starts) prefixes.add(start);
    }
    for (const pattern of entry.urlPatterns ?? []) endpoints.add(pattern.source);
  }
  for (const pattern of MODEL_HTTP.endpoints) endpoints.add(asTextPattern(pattern));
  const paths = new Set<string>();
  for (const entry of CATALOG)
    for (const shape of entry.operations)
      if (shape.kind === 'method' && shape.path.length >= 2)
        paths.add(shape.path.map(escape).join(String.raw`\s*\??\.\s*`));
  return {
    operationPath: new RegExp(String.raw`\.\s*(?:${[...paths].join('|')})\s*\(`),
    sdkOrEndpoint: new RegExp(
      [`(?<sdk>${quotedNames([...packages], [...prefixes]).source})`, ...endpoints].join('|'),
      'g',
    ),
    wordedPackages,
    // An HTTP payload with a model and a prompt, whatever the URL: `fetch(url, { body: ... })`.
    payload: [HTTP_CALL, asObjectKey(MODEL_HTTP.bodyModelKeys), asObjectKey(MODEL_HTTP.bodyPromptKeys)],
    providerBody: asObjectKey(MODEL_HTTP.providerBodyKeys),
  };
}

/**
 * An imported SDK package, or a model host or endpoint path outside import specifiers: `import {
 * formatResponse } from '@core/prompts/responses'` names a module, not the Responses API, and
 * every file importing such a module joined the program with its importers.
 */
function mentionsSdkOrEndpoint(text: string, pattern: RegExp): boolean {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    // A package's name counts inside an import, an endpoint outside one.
    const inImport = insideImportSpecifier(text, match.index);
    if (match.groups?.sdk !== undefined ? inImport : !inImport) return true;
  }
  return false;
}

/**
 * Any of the packages (escaped names) or a subpath of one (`openai/helpers/zod`), or a name that
 * starts with one of the prefixes (`@ai-sdk/`), as a global pattern from the opening quote on: a
 * quote is rarer than the letters an import keyword starts with, so most files are ruled out by
 * the scan for it, and only a name found is checked for the import before it. The end every name
 * shares is written once: the pattern is compiled on the first file an analysis reads (the first
 * file a window opens), and each copy of it cost compile time there (9 ms against 3 ms).
 */
function quotedNames(names: readonly string[], prefixes: readonly string[]): RegExp {
  // A Deno specifier adds a version: `npm:openai@4.20.0`, `https://esm.sh/openai@4?target=deno`.
  const packages = names.length > 0 ? [`(?:${names.join('|')})(?:@[^/'"?]*)?(?:[/?][^'"]*)?['"]`] : [];
  return new RegExp(`['"]${DENO_PREFIX}(?:${[...packages, ...prefixes].join('|')})`, 'g');
}

/** What Deno code (Supabase edge functions) puts before an npm package's name (see `npmModule`). */
const DENO_PREFIX = String.raw`(?:npm:|https?:\/\/(?:esm\.sh|esm\.run|cdn\.skypack\.dev|cdn\.jsdelivr\.net\/npm|unpkg\.com|deno\.land\/x)\/)?`;

/** Whether one of the names `pattern` finds is imported. */
function importsAny(text: string, pattern: RegExp): boolean {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text))
    if (insideImportSpecifier(text, match.index)) return true;
  return false;
}

/** Whether the character at `index` is inside the specifier of an import (its opening quote included). */
function insideImportSpecifier(text: string, index: number): boolean {
  return IMPORT_SPECIFIER_SO_FAR.test(text.slice(Math.max(0, index - IMPORT_LOOKBEHIND), index + 1));
}
/**
 * One of `keys` where an object literal has it: `{ model: m`, `, messages }`, `"prompt":`. A payload
 * detection reads is an object literal with these keys; the words alone are in every file of an
 * LLM app (`this.model`, `messages.push(...)`).
 */
function asObjectKey(keys: readonly string[]): RegExp {
  const names = keys.join('|');
  return new RegExp(`[{,]\\s*(?:${names})\\s*[,}]|\\b(?:${names})\\s*:|['"](?:${names})['"]\\s*\\]?\\s*:`);
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
