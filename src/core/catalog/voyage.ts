import { FERN_RETRY_PATHS, fernTimeout } from './fern';
import type { OperationShape, SdkCatalogEntry } from './types';

/** `client.embed(request, requestOptions)`: the request first, then `{ timeoutInSeconds, maxRetries, abortSignal }`. */
function method(name: string): OperationShape {
  return { name, kind: 'method', path: [name], streaming: false, output: 'embedding', requestArg: 1 };
}

/**
 * Voyage AI (`voyageai`, Fern-generated like Cohere's), not installed: read from the published
 * 0.4.0 (`npm pack`; dist/cjs/Client.d.ts:25-68, Client.js:89-90, core/fetcher/requestWithRetries.js).
 * Embeddings and reranking only: scores and vectors, no text to validate or cap.
 */
export const VOYAGE: SdkCatalogEntry<'voyage'> = {
  id: 'voyage',
  displayName: 'Voyage AI',
  packages: ['voyageai'],
  clientClasses: ['VoyageAIClient'],
  operations: [method('embed'), method('multimodalEmbed'), method('contextualizedEmbed'), method('rerank')],
  retry: {
    // requestWithRetries.js:15 `DEFAULT_MAX_RETRIES = 2`.
    defaultRetries: 2,
    paths: FERN_RETRY_PATHS,
    // 1 s doubling to 60 s with jitter; retry-after honoured (requestWithRetries.js:13-50).
    backoff: 'exponential-jitter',
    // 408, 429 and 5xx only (requestWithRetries.js:56).
    predicate: 'retryable',
  },
  // Client.js:89: `(requestOptions.timeoutInSeconds ?? this._options.timeoutInSeconds ?? 60) * 1000`.
  timeout: fernTimeout(60_000),
  maxTokens: [],
  model: [{ site: 'params', path: ['model'] }],
  finishReasonFields: [],
  // Not installed: no fix writes an option the analyser cannot check against the package's types.
  fixes: { timeout: [], retries: [], signal: [], maxTokens: [] },
};
