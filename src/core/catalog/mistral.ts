import { SPEAKEASY_BACKOFF, SPEAKEASY_TRANSIENT_ERRORS } from './speakeasy';
import type { OperationShape, SdkCatalogEntry } from './types';

/**
 * Mistral SDK (`@mistralai/mistralai`, Speakeasy-generated), verified against 2.7.0 (sources shipped in
 * node_modules/@mistralai/mistralai/src).
 */
export const MISTRAL: SdkCatalogEntry<'mistral'> = {
  id: 'mistral',
  displayName: 'Mistral',
  packages: ['@mistralai/mistralai'],
  // src/sdk/sdk.ts:22. The 0.x default-export `MistralClient` now throws in its constructor
  // (src/sdk/oldclient.ts), but apps written for 0.x still call its methods (below).
  clientClasses: ['Mistral', 'MistralClient'],
  operations: [
    ...mistralClientMethods(),
    {
      name: 'chat.complete',
      kind: 'method',
      path: ['chat', 'complete'],
      streaming: false,
      output: 'text',
      requestArg: 1,
      usage: { field: 'usage' },
    },
    { name: 'chat.stream', kind: 'method', path: ['chat', 'stream'], streaming: true, output: 'stream', requestArg: 1 },
    // src/sdk/chat.ts:30: parses the response back into the zod `responseFormat`.
    {
      name: 'chat.parse',
      kind: 'method',
      path: ['chat', 'parse'],
      streaming: false,
      output: 'structured',
      requestArg: 1,
    },
    // src/sdk/chat.ts:54: streams JSON events, does not parse them.
    {
      name: 'chat.parseStream',
      kind: 'method',
      path: ['chat', 'parseStream'],
      streaming: true,
      output: 'stream',
      requestArg: 1,
    },
    {
      name: 'fim.complete',
      kind: 'method',
      path: ['fim', 'complete'],
      streaming: false,
      output: 'text',
      requestArg: 1,
    },
    { name: 'fim.stream', kind: 'method', path: ['fim', 'stream'], streaming: true, output: 'stream', requestArg: 1 },
    {
      name: 'agents.complete',
      kind: 'method',
      path: ['agents', 'complete'],
      streaming: false,
      output: 'text',
      requestArg: 1,
    },
    {
      name: 'agents.stream',
      kind: 'method',
      path: ['agents', 'stream'],
      streaming: true,
      output: 'stream',
      requestArg: 1,
    },
    {
      name: 'embeddings.create',
      kind: 'method',
      path: ['embeddings', 'create'],
      streaming: false,
      output: 'embedding',
      requestArg: 1,
    },
  ],
  retry: {
    // src/funcs/chatComplete.ts:110-112: `options?.retries || client._options.retryConfig || { strategy: "none" }`.
    defaultRetries: 0,
    // Both values are RetryConfig objects, not counts: `{ strategy: 'backoff', backoff?, retryConnectionErrors? }`
    // retries until `backoff.maxElapsedTime` (1 h by default, src/lib/retries.ts:15-20), i.e. bounded by time, not attempts.
    paths: [
      { site: 'client', path: ['retryConfig'], counts: 'config' },
      { site: 'request', path: ['retries'], counts: 'config' },
    ],
    backoffConfig: SPEAKEASY_BACKOFF,
    // models/errors/httpclienterrors: `name = "ConnectionError"`, `name = "RequestTimeoutError"`.
    transientErrors: SPEAKEASY_TRANSIENT_ERRORS,
    // src/lib/retries.ts:112: `initialInterval * x ** exponent + random * 1000`, capped at maxInterval.
    backoff: 'exponential-jitter',
    // chatComplete.ts:113: `retryCodes` default 429, 500, 502, 503, 504; connection errors only with
    // `retryConnectionErrors: true`.
    predicate: 'retryable',
  },
  timeout: {
    // src/funcs/chatComplete.ts:124: `options?.timeoutMs || client._options.timeoutMs || 300000`
    // (`||`: an explicit 0 also falls back to 300 000).
    defaultMs: 300_000,
    // The same line in every operation of earlier releases (funcs/*.ts, read from the published
    // packages): `|| -1` up to 2.1.2, which sets no timer (lib/sdks.ts: only `timeoutMs > 0` makes
    // the signal); `|| 30000` in 2.2.0-2.2.1; `|| 60000` in 2.2.5-2.2.6; `|| 300000` from 2.3.0.
    defaultMsByVersion: [
      { versions: { until: '2.2.0' }, ms: null },
      { versions: { since: '2.2.0', until: '2.2.5' }, ms: 30_000 },
      { versions: { since: '2.2.5', until: '2.3.0' }, ms: 60_000 },
    ],
    // One deadline for the whole call, retries included: src/lib/sdks.ts:202-205 makes the
    // `AbortSignal.timeout(timeoutMs)` once, in `_createRequest` (sdks.ts:120), and `_do` retries
    // `request.clone()`, which keeps that signal (sdks.ts:254). Also in 1.x (`createRequest$`). Later Speakeasy
    // generators make the signal per attempt inside the retry loop (@openrouter/sdk 1.3.19).
    defaultDeadline: true,
    paths: [
      { site: 'client', path: ['timeoutMs'], deadline: true },
      { site: 'request', path: ['timeoutMs'], deadline: true },
    ],
    // src/lib/sdks.ts:31-58: RequestOptions is flattened RequestInit, so `signal` sits at top level;
    // `fetchOptions` is the deprecated spelling. A caller signal replaces the timeout (sdks.ts:202).
    signalPaths: [
      { site: 'request', path: ['signal'] },
      { site: 'request', path: ['fetchOptions', 'signal'] },
    ],
    // src/lib/sdks.ts:202-205: `AbortSignal.timeout(timeoutMs)` is the fetch signal, so it also bounds
    // reading the (streamed) body.
    coversStream: true,
  },
  // src/models/components/chatcompletionrequest.ts:138 `maxTokens`.
  maxTokens: [{ site: 'params', path: ['maxTokens'] }],
  model: [{ site: 'params', path: ['model'] }],
  structuredOutput: {
    // `chat.parse` is the zod helper; `responseFormat.jsonSchema` (responseformat.ts:28) is server-constrained.
    paths: [{ site: 'params', path: ['responseFormat', 'jsonSchema'] }],
    operations: ['chat.parse'],
  },
  // src/models/components/chatcompletionchoice.ts:34.
  finishReasonFields: ['finishReason'],
  fixes: {
    // `timeoutMs` aborts the request including a streamed body (lib/http.ts: the timer is a signal).
    timeout: [{ site: 'request', path: ['timeoutMs'], writes: 'number' }],
    retries: [],
    signal: [{ site: 'request', path: ['signal'] }],
    maxTokens: [{ site: 'params', path: ['maxTokens'] }],
  },
  fallbackModels: ['mistral-small-latest', 'mistral-medium-latest'],
  aiSdkProviders: ['mistral'],
};

/**
 * The 0.x client (`new MistralClient(apiKey, endpoint, maxRetries = 5, timeout = 120)`, default
 * export): `client.chat({ model, messages })`, `chatStream`, `embeddings`, `completion`,
 * `completionStream`. It makes up to 5 attempts on 429 and 5xx with exponential backoff, each under
 * `AbortSignal.timeout(120 s)` (0.5.0 `src/client.js:70-80,121,132,184`; `npm pack`). Its limits are
 * positional constructor arguments, which the option paths do not read: the defaults stand.
 */
function mistralClientMethods(): OperationShape[] {
  const v0 = (name: string, streaming: boolean, output: OperationShape['output']): OperationShape => ({
    name,
    kind: 'method',
    path: [name],
    streaming,
    output,
    versions: { until: '1.0.0' },
    defaults: { retries: 4, timeoutMs: 120_000 },
    fixes: {
      timeout: [],
      streamTimeout: [],
      retries: [],
      signal: [],
      maxTokens: [{ site: 'params', path: ['maxTokens'] }],
    },
  });
  return [
    v0('chat', false, 'text'),
    v0('chatStream', true, 'stream'),
    v0('completion', false, 'text'),
    v0('completionStream', true, 'stream'),
    v0('embeddings', false, 'embedding'),
  ];
}
