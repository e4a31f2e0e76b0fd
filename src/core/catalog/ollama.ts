import type { SdkCatalogEntry } from './types';

/**
 * Ollama JS (`ollama`), verified against 0.6.4 (sources in node_modules/ollama/src).
 */
export const OLLAMA: SdkCatalogEntry<'ollama'> = {
  id: 'ollama',
  displayName: 'Ollama',
  packages: ['ollama'],
  // src/browser.ts:385 / src/index.ts:65: `export default new Ollama()`.
  clientExport: 'ollama',
  clientClasses: ['Ollama'],
  operations: [
    // browser.ts:152-176, 133-150: `stream: true` returns an AbortableAsyncIterator.
    { name: 'chat', kind: 'method', path: ['chat'], streaming: 'option', output: 'text' },
    { name: 'generate', kind: 'method', path: ['generate'], streaming: 'option', output: 'text' },
    { name: 'embed', kind: 'method', path: ['embed'], streaming: false, output: 'embedding' },
    { name: 'embeddings', kind: 'method', path: ['embeddings'], streaming: false, output: 'embedding' },
  ],
  retry: {
    // No retry anywhere in the client; there is nothing to configure.
    defaultRetries: 0,
    paths: [],
    backoff: 'none',
    predicate: 'all',
  },
  timeout: {
    // No timeout; the constructor takes `{ host, fetch, proxy, headers }` only.
    defaultMs: null,
    paths: [],
    // Non-streaming calls take no signal (browser.ts:111-113); a stream is stopped by the iterator's
    // `.abort()` or the client's `abort()` (browser.ts:58). Only a custom `fetch` can bound a call.
    signalPaths: [],
    coversStream: false,
  },
  // interfaces.ts:30: `options.num_predict`.
  maxTokens: [{ site: 'params', path: ['options', 'num_predict'] }],
  model: [{ site: 'params', path: ['model'] }],
  structuredOutput: {
    // interfaces.ts:57: `format: string | object`. A JSON schema object constrains the output; the
    // string 'json' only asks for JSON, so the analyser should not count it as a schema.
    paths: [{ site: 'params', path: ['format'] }],
  },
  // dist/browser.d.ts:173: `done_reason`.
  finishReasonFields: ['done_reason'],
  // No per-request signal or timeout (only a custom `fetch`), no retries.
  fixes: {
    timeout: [],
    retries: [],
    signal: [],
    maxTokens: [{ site: 'params', path: ['options', 'num_predict'] }],
  },
  fallbackModels: ['llama3.2', 'qwen2.5'],
};
