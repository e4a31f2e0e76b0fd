import type { OperationShape, SdkCatalogEntry } from './types';

function fn(name: string, streaming: boolean, output: OperationShape['output']): OperationShape {
  return { name, kind: 'function', path: [name], streaming, output };
}

/**
 * xsAI (`xsai` and its `@xsai/*` packages), verified against 0.4.4: small functions over an
 * OpenAI-compatible API, `generateText({ baseURL, apiKey, model, messages, abortSignal, ... })`; unknown
 * camelCase options are sent snake_cased (`maxTokens` → `max_tokens`). No retries, no timeout.
 */
export const XSAI: SdkCatalogEntry<'xsai'> = {
  id: 'xsai',
  displayName: 'xsAI',
  packages: ['xsai'],
  packagePrefixes: ['@xsai/'],
  clientClasses: [],
  operations: [
    fn('generateText', false, 'text'),
    fn('streamText', true, 'stream'),
    fn('generateObject', false, 'structured'),
    fn('streamObject', true, 'stream'),
    fn('embed', false, 'embedding'),
    fn('embedMany', false, 'embedding'),
    fn('generateImage', false, 'image'),
    fn('generateSpeech', false, 'audio'),
    { ...fn('generateTranscription', false, 'text'), tokenCap: false },
  ],
  retry: { defaultRetries: 0, paths: [], backoff: 'none', predicate: 'all' },
  timeout: {
    defaultMs: null,
    paths: [],
    // @xsai/shared: `CommonRequestOptions.abortSignal`.
    signalPaths: [{ site: 'params', path: ['abortSignal'] }],
    coversStream: true,
  },
  maxTokens: [
    { site: 'params', path: ['maxTokens'] },
    { site: 'params', path: ['max_tokens'] },
    { site: 'params', path: ['maxCompletionTokens'] },
  ],
  model: [{ site: 'params', path: ['model'] }],
  structuredOutput: { paths: [{ site: 'params', path: ['schema'] }], operations: ['generateObject', 'streamObject'] },
  finishReasonFields: ['finishReason'],
  fixes: {
    timeout: [{ site: 'params', path: ['abortSignal'], writes: 'signal' }],
    retries: [],
    signal: [{ site: 'params', path: ['abortSignal'] }],
    maxTokens: [{ site: 'params', path: ['maxTokens'] }],
  },
};
