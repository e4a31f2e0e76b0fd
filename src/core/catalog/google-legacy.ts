import type { SdkCatalogEntry } from './types';
import { GENERATION_CONFIG_OPTIONS } from './google-generation-config';

/**
 * Legacy Google Generative AI SDK (`@google/generative-ai`, deprecated). Not installed: facts from
 * the package's source on GitHub (google-gemini/generative-ai-js, src/models/generative-model.ts
 * and src/requests/request.ts); docs/sdk-facts-verified.md lists them.
 *
 * `new GoogleGenerativeAI(apiKey)` takes a string; the options live on
 * `genAI.getGenerativeModel(modelParams, requestOptions)`, which is therefore listed as a factory: its
 * first object argument (model, generationConfig) is the `client` site. Its second argument
 * (`requestOptions: { timeout }`, from 0.2.0: "add request timeout configuration" in the package's
 * CHANGELOG.md) is merged under every call's own request options (generative-model.ts:
 * `{ ...this._requestOptions, ...requestOptions }`), and `startChat` hands it to the chat.
 */
export const GOOGLE_LEGACY: SdkCatalogEntry<'google-legacy'> = {
  id: 'google-legacy',
  displayName: 'Google Generative AI (legacy)',
  packages: ['@google/generative-ai'],
  clientClasses: ['GoogleGenerativeAI', 'GenerativeModel'],
  clientFactories: ['getGenerativeModel'],
  operations: [
    // generative-model.ts: `generateContent(request, requestOptions: SingleRequestOptions = {})`.
    {
      name: 'generateContent',
      kind: 'method',
      path: ['generateContent'],
      streaming: false,
      output: 'text',
      requestArg: 1,
    },
    {
      name: 'generateContentStream',
      kind: 'method',
      path: ['generateContentStream'],
      streaming: true,
      output: 'stream',
      requestArg: 1,
    },
    {
      name: 'embedContent',
      kind: 'method',
      path: ['embedContent'],
      streaming: false,
      output: 'embedding',
      requestArg: 1,
    },
    {
      name: 'batchEmbedContents',
      kind: 'method',
      path: ['batchEmbedContents'],
      streaming: false,
      output: 'embedding',
      requestArg: 1,
    },
    // `model.startChat(...)` returns a ChatSession: `sendMessage(request, requestOptions)`.
    // The chat's generation config is `startChat`'s, not the message's: no token limit to write here.
    {
      name: 'sendMessage',
      kind: 'method',
      path: ['sendMessage'],
      streaming: false,
      output: 'text',
      requestArg: 1,
      fixes: { maxTokens: [] },
    },
    {
      name: 'sendMessageStream',
      kind: 'method',
      path: ['sendMessageStream'],
      streaming: true,
      output: 'stream',
      requestArg: 1,
      fixes: { maxTokens: [] },
    },
  ],
  retry: {
    // request.ts makeRequest: one `fetch`, no retry loop anywhere.
    defaultRetries: 0,
    paths: [],
    backoff: 'none',
    predicate: 'all',
  },
  timeout: {
    // request.ts buildFetchOptions: a timer only when `requestOptions.timeout >= 0`; no default.
    defaultMs: null,
    paths: [
      { site: 'request', path: ['timeout'] },
      // The model's `requestOptions`: `genAI.getGenerativeModel(modelParams, { timeout })` (gen-ai.ts),
      // `new GenerativeModel(apiKey, modelParams, { timeout })`.
      { site: 'client', path: ['timeout'], argument: 1, clients: ['getGenerativeModel'], versions: { since: '0.2.0' } },
      { site: 'client', path: ['timeout'], argument: 2, clients: ['GenerativeModel'], versions: { since: '0.2.0' } },
    ],
    signalPaths: [{ site: 'request', path: ['signal'] }],
    // The timer is never cleared, so it aborts a body still streaming.
    coversStream: true,
  },
  ...GENERATION_CONFIG_OPTIONS,
  // `response.candidates[].finishReason`, `response.promptFeedback.blockReason`.
  finishReasonFields: ['finishReason', 'blockReason'],
  fixes: {
    // The per-call second argument (`SingleRequestOptions: { timeout, signal }`) exists from 0.15.0;
    // before, every call takes one argument and only `getGenerativeModel`'s request options time it out.
    timeout: [{ site: 'request', path: ['timeout'], writes: 'number', versions: { since: '0.15.0' } }],
    retries: [],
    signal: [{ site: 'request', path: ['signal'], versions: { since: '0.15.0' } }],
    maxTokens: [{ site: 'params', path: ['generationConfig', 'maxOutputTokens'] }],
  },
};
