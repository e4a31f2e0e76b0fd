import { stainlessFixes, STAINLESS_TRANSIENT_ERRORS } from './stainless';
import type { SdkCatalogEntry } from './types';

/**
 * Groq SDK (`groq-sdk`), verified against 1.6.0. Same Stainless core as OpenAI, different defaults.
 */
export const GROQ: SdkCatalogEntry<'groq'> = {
  id: 'groq',
  displayName: 'Groq',
  packages: ['groq-sdk'],
  clientClasses: ['Groq'],
  operations: [
    {
      name: 'chat.completions.create',
      kind: 'method',
      path: ['chat', 'completions', 'create'],
      streaming: 'option',
      output: 'text',
      requestArg: 1,
      usage: { field: 'usage' },
    },
    {
      name: 'embeddings.create',
      kind: 'method',
      path: ['embeddings', 'create'],
      streaming: false,
      output: 'embedding',
      requestArg: 1,
    },
    {
      name: 'audio.transcriptions.create',
      kind: 'method',
      path: ['audio', 'transcriptions', 'create'],
      streaming: false,
      output: 'text',
      requestArg: 1,
      // The text is as long as the audio: no output-token limit applies.
      tokenCap: false,
    },
    {
      name: 'audio.translations.create',
      kind: 'method',
      path: ['audio', 'translations', 'create'],
      streaming: false,
      output: 'text',
      requestArg: 1,
      // The text is as long as the audio: no output-token limit applies.
      tokenCap: false,
    },
    {
      name: 'audio.speech.create',
      kind: 'method',
      path: ['audio', 'speech', 'create'],
      streaming: false,
      output: 'audio',
      requestArg: 1,
    },
  ],
  retry: {
    // groq-sdk/client.js:81: `options.maxRetries ?? 2`.
    defaultRetries: 2,
    paths: [
      { site: 'client', path: ['maxRetries'] },
      { site: 'request', path: ['maxRetries'] },
    ],
    // groq-sdk/client.js: same 0.5 s .. 8 s backoff with jitter as OpenAI.
    backoff: 'exponential-jitter',
    // groq-sdk/client.js: connection errors, 408, 409, 429, >= 500.
    predicate: 'retryable',
    // core/error.js: the connection and timeout errors (the others carry a status).
    transientErrors: STAINLESS_TRANSIENT_ERRORS,
  },
  timeout: {
    // groq-sdk/client.js:485: `Groq.DEFAULT_TIMEOUT = 60000; // 1 minute`, per attempt.
    defaultMs: 60_000,
    paths: [
      { site: 'client', path: ['timeout'] },
      { site: 'request', path: ['timeout'] },
    ],
    signalPaths: [
      { site: 'request', path: ['signal'] },
      { site: 'request', path: ['fetchOptions', 'signal'] },
    ],
    // groq-sdk/client.js:317: the timer is cleared once `fetch` resolves (headers).
    coversStream: false,
  },
  // chat/completions.d.ts:1634 `max_completion_tokens`, :1640 `max_tokens` (deprecated).
  maxTokens: [
    { site: 'params', path: ['max_completion_tokens'] },
    { site: 'params', path: ['max_tokens'] },
  ],
  model: [{ site: 'params', path: ['model'] }],
  structuredOutput: {
    // No helpers in the SDK; chat/completions.d.ts:1689 `response_format: { type: 'json_schema', json_schema }`.
    paths: [{ site: 'params', path: ['response_format', 'json_schema'] }],
  },
  finishReasonFields: ['finish_reason'],
  fixes: stainlessFixes([{ site: 'params', path: ['max_completion_tokens'] }]),
  fallbackModels: ['llama-3.1-8b-instant', 'llama-3.3-70b-versatile'],
  aiSdkProviders: ['groq'],
};
