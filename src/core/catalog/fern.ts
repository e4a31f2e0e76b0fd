import type { OptionPath, SdkCatalogEntry } from './types';

/**
 * Fern-generated SDKs (Cohere, Voyage AI) take `maxRetries` on the client or per request (the
 * request's first), in `requestWithRetries` (cohere-ai 8.1.0, voyageai 0.4.0
 * core/fetcher/requestWithRetries.js).
 */
export const FERN_RETRY_PATHS: OptionPath[] = [
  { site: 'client', path: ['maxRetries'] },
  { site: 'request', path: ['maxRetries'] },
];

/**
 * Their timeout: `timeoutInSeconds` on the request, else on the client, else the SDK's default, per
 * attempt; the request's `abortSignal`. The timer is cleared as soon as `fetch` resolves, with the
 * headers (cohere-ai core/fetcher/makeRequest.js:56-57), so it does not bound a stream.
 */
export function fernTimeout(defaultMs: number): SdkCatalogEntry['timeout'] {
  return {
    defaultMs,
    paths: [
      { site: 'client', path: ['timeoutInSeconds'], unit: 's' },
      { site: 'request', path: ['timeoutInSeconds'], unit: 's' },
    ],
    signalPaths: [{ site: 'request', path: ['abortSignal'] }],
    coversStream: false,
  };
}
