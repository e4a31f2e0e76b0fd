import { SPEAKEASY_BACKOFF, SPEAKEASY_TRANSIENT_ERRORS } from './speakeasy';
import type { SdkCatalogEntry } from './types';

/**
 * OpenRouter TypeScript SDK (`@openrouter/sdk`, Speakeasy-generated), verified against 1.3.19.
 * `chat.send({ chatRequest: {...} }, options)`; per-request options `{ retries, timeoutMs, fetchOptions }`.
 */
export const OPENROUTER: SdkCatalogEntry<'openrouter'> = {
  id: 'openrouter',
  displayName: 'OpenRouter',
  packages: ['@openrouter/sdk'],
  clientClasses: ['OpenRouter'],
  operations: [
    {
      name: 'chat.send',
      kind: 'method',
      path: ['chat', 'send'],
      streaming: 'option',
      streamOption: ['chatRequest', 'stream'],
      output: 'text',
      requestArg: 1,
    },
    {
      name: 'embeddings.generate',
      kind: 'method',
      path: ['embeddings', 'generate'],
      streaming: false,
      output: 'embedding',
      requestArg: 1,
    },
  ],
  retry: {
    // funcs/chatSend.js:46-58: unless `retries` is given, back off from 0.5 s (x1.5, at most 60 s)
    // on 5XX and connection errors until an hour has passed: 76 retries at the most (failures that
    // come at once, no jitter), what `{ strategy: 'backoff' }` with the default backoff gives.
    defaultRetries: 76,
    // Both are RetryConfig objects (lib/retries.d.ts): `{ strategy: 'none' }` or `{ strategy: 'backoff', backoff? }`.
    paths: [
      { site: 'client', path: ['retryConfig'], counts: 'config' },
      { site: 'request', path: ['retries'], counts: 'config' },
    ],
    backoffConfig: SPEAKEASY_BACKOFF,
    // models/errors/httpclienterrors: `name = "ConnectionError"`, `name = "RequestTimeoutError"`.
    transientErrors: SPEAKEASY_TRANSIENT_ERRORS,
    backoff: 'exponential-jitter',
    predicate: 'retryable',
  },
  timeout: {
    // funcs/chatSend.js:69: `timeoutMs ?? client timeoutMs ?? -1` (none).
    defaultMs: null,
    paths: [
      { site: 'client', path: ['timeoutMs'] },
      { site: 'request', path: ['timeoutMs'] },
    ],
    signalPaths: [{ site: 'request', path: ['fetchOptions', 'signal'] }],
    // lib/sdks.js:178-186: `_do` makes a new `AbortSignal.timeout(timeoutMs)` for each attempt inside
    // the retry loop: the timeout is per attempt, multiplied by the retries. It is the fetch's signal,
    // so it bounds the body too.
    coversStream: true,
  },
  // models/chatrequest.d.ts:139/143.
  maxTokens: [
    { site: 'params', path: ['chatRequest', 'maxCompletionTokens'] },
    { site: 'params', path: ['chatRequest', 'maxTokens'] },
  ],
  model: [{ site: 'params', path: ['chatRequest', 'model'] }],
  finishReasonFields: ['finishReason'],
  fixes: {
    timeout: [{ site: 'request', path: ['timeoutMs'], writes: 'number' }],
    retries: [],
    signal: [],
    maxTokens: [{ site: 'params', path: ['chatRequest', 'maxCompletionTokens'] }],
  },
  aiSdkProviders: ['openrouter'],
};
