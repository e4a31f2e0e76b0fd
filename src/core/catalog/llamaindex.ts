import type { SdkCatalogEntry } from './types';

/**
 * LlamaIndex.TS (`llamaindex`, provider packages `@llamaindex/*`): `llm.chat({ messages, stream })`,
 * `llm.complete({ prompt, stream })` on an LLM class (`new OpenAI({ model, maxRetries, timeout })` from
 * `@llamaindex/openai`), or on the model held by `Settings.llm`. Not installed; defaults as the project's SDK facts give them (10 retries,
 * 60 s per attempt for the OpenAI-backed classes).
 */
export const LLAMAINDEX: SdkCatalogEntry<'llamaindex'> = {
  id: 'llamaindex',
  displayName: 'LlamaIndex.TS',
  packages: ['llamaindex'],
  packagePrefixes: ['@llamaindex/'],
  clientClasses: ['OpenAI', 'Anthropic', 'Gemini', 'Groq', 'Ollama', 'MistralAI', 'DeepSeekLLM', 'OpenAIAgent'],
  // The app's configured model: `Settings.llm = new OpenAI({...})` once, `Settings.llm.chat(...)` anywhere.
  clientHolders: [{ export: 'Settings', member: 'llm' }],
  operations: [
    { name: 'chat', kind: 'method', path: ['chat'], streaming: 'option', output: 'text' },
    { name: 'complete', kind: 'method', path: ['complete'], streaming: 'option', output: 'text' },
  ],
  retry: {
    defaultRetries: 10,
    paths: [{ site: 'client', path: ['maxRetries'] }],
    backoff: 'exponential-jitter',
    predicate: 'retryable',
  },
  timeout: {
    defaultMs: 60_000,
    paths: [{ site: 'client', path: ['timeout'] }],
    signalPaths: [],
    coversStream: false,
  },
  maxTokens: [{ site: 'client', path: ['maxTokens'] }],
  model: [{ site: 'client', path: ['model'] }],
  finishReasonFields: [],
  fixes: {
    timeout: [],
    retries: [{ site: 'client', path: ['maxRetries'] }],
    signal: [],
    maxTokens: [{ site: 'client', path: ['maxTokens'] }],
  },
};
