import type { SdkCatalogEntry } from './types';
import { posthogClients } from './posthog';

/**
 * Google Gen AI SDK (`@google/genai`), verified against 2.32.0. Calls take one parameters object;
 * per-request options live in its `config` (`config.httpOptions`, `config.abortSignal`).
 */
export const GOOGLE: SdkCatalogEntry<'google'> = {
  id: 'google',
  displayName: 'Google Gen AI',
  packages: ['@google/genai'],
  clientClasses: ['GoogleGenAI'],
  reexportedBy: posthogClients('gemini', 'GoogleGenAI', ['GoogleGenAI', 'Gemini']),
  operations: [
    {
      name: 'models.generateContent',
      kind: 'method',
      path: ['models', 'generateContent'],
      streaming: false,
      output: 'text',
      usage: { field: 'usageMetadata' },
    },
    {
      name: 'models.generateContentStream',
      kind: 'method',
      path: ['models', 'generateContentStream'],
      streaming: true,
      output: 'stream',
    },
    {
      name: 'models.embedContent',
      kind: 'method',
      path: ['models', 'embedContent'],
      streaming: false,
      output: 'embedding',
    },
    {
      name: 'models.generateImages',
      kind: 'method',
      path: ['models', 'generateImages'],
      streaming: false,
      output: 'image',
    },
    { name: 'models.editImage', kind: 'method', path: ['models', 'editImage'], streaming: false, output: 'image' },
    // `ai.chats.create({ model, config })` returns a Chat (node.d.ts:1918); these run on it.
    {
      name: 'sendMessage',
      kind: 'method',
      path: ['sendMessage'],
      streaming: false,
      output: 'text',
      usage: { field: 'usageMetadata' },
    },
    { name: 'sendMessageStream', kind: 'method', path: ['sendMessageStream'], streaming: true, output: 'stream' },
    // Not modelled: `ai.interactions.create(params, options)` (node.d.ts:6148) is a separate Speakeasy
    // client with its own defaults (4 retries, `timeout_ms`); it does not fit this entry's defaults.
  ],
  retry: {
    // dist/node/index.cjs:14106-14131: with no `retryOptions` the request is sent once. When
    // `retryOptions` is present but `attempts` is not, 5 attempts are made (index.cjs:13718
    // DEFAULT_RETRY_ATTEMPTS; not modelled: docs/sdk-facts-verified.md, Google Gen AI).
    defaultRetries: 0,
    paths: [
      // node.d.ts:8765: `attempts` counts the first call ("If 0 or 1, it means no retries").
      { site: 'client', path: ['httpOptions', 'retryOptions', 'attempts'], counts: 'attempts' },
      // Per-request httpOptions are merged over the client's (index.cjs:13942, patchHttpOptions).
      { site: 'params', path: ['config', 'httpOptions', 'retryOptions', 'attempts'], counts: 'attempts' },
    ],
    // index.cjs:13718-13722, 14136: p-retry, 1 s initial, factor 2, max 60 s, randomized.
    backoff: 'exponential-jitter',
    // index.cjs:13723: 408, 429, 500, 502, 503, 504 (overridable with `retryOptions.httpStatusCodes`).
    predicate: 'retryable',
  },
  timeout: {
    // No default timeout.
    defaultMs: null,
    paths: [
      // node.d.ts:8691: `HttpOptions.timeout` in ms, per attempt.
      { site: 'client', path: ['httpOptions', 'timeout'] },
      { site: 'params', path: ['config', 'httpOptions', 'timeout'] },
    ],
    signalPaths: [{ site: 'params', path: ['config', 'abortSignal'] }],
    // index.cjs:14095-14110 (createAttemptSignal, 13680): the attempt's timer stays armed while the body
    // is consumed, so a timeout also bounds a streamed response.
    coversStream: true,
  },
  maxTokens: [{ site: 'params', path: ['config', 'maxOutputTokens'] }],
  model: [{ site: 'params', path: ['model'] }],
  structuredOutput: {
    // node.d.ts:6354-6381: `responseMimeType: 'application/json'` with `responseSchema` or
    // `responseJsonSchema` (server-constrained; the SDK does not re-validate).
    paths: [
      { site: 'params', path: ['config', 'responseSchema'] },
      { site: 'params', path: ['config', 'responseJsonSchema'] },
    ],
  },
  // `candidates[].finishReason` (node.d.ts:1775); `promptFeedback.blockReason` when the prompt is blocked.
  finishReasonFields: ['finishReason', 'blockReason'],
  fixes: {
    timeout: [{ site: 'params', path: ['config', 'abortSignal'], writes: 'signal' }],
    retries: [],
    signal: [{ site: 'params', path: ['config', 'abortSignal'] }],
    maxTokens: [{ site: 'params', path: ['config', 'maxOutputTokens'] }],
  },
  fallbackModels: ['gemini-2.5-flash-lite', 'gemini-2.5-flash'],
  aiSdkProviders: ['google', 'vertex'],
};
