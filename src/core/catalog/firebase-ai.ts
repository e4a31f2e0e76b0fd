import type { SdkCatalogEntry } from './types';

/**
 * Firebase AI Logic (`firebase/ai`, formerly `firebase/vertexai`): the shapes of `@google/generative-ai`
 * behind a function factory, `getGenerativeModel(getAI(app), { model, generationConfig }, requestOptions)`.
 * Not installed (the firebase package is large): facts from the SDK's sources
 * (`DEFAULT_FETCH_TIMEOUT_MS = 180 * 1000` in its constants; no retries).
 */
export const FIREBASE_AI: SdkCatalogEntry<'firebase-ai'> = {
  id: 'firebase-ai',
  displayName: 'Firebase AI Logic',
  packages: ['firebase/ai', 'firebase/vertexai', 'firebase/vertexai-preview', '@firebase/ai', '@firebase/vertexai'],
  versionPackage: 'firebase',
  clientClasses: ['GenerativeModel'],
  // The model's params (`generationConfig`) are its second argument: `client` options are read from
  // the first object argument of the factory call.
  clientFactories: ['getGenerativeModel'],
  operations: [
    {
      name: 'generateContent',
      kind: 'method',
      path: ['generateContent'],
      streaming: false,
      output: 'text',
      usage: { field: 'usageMetadata' },
    },
    {
      name: 'generateContentStream',
      kind: 'method',
      path: ['generateContentStream'],
      streaming: true,
      output: 'stream',
    },
    { name: 'sendMessage', kind: 'method', path: ['sendMessage'], streaming: false, output: 'text' },
    { name: 'sendMessageStream', kind: 'method', path: ['sendMessageStream'], streaming: true, output: 'stream' },
  ],
  retry: { defaultRetries: 0, paths: [], backoff: 'none', predicate: 'all' },
  timeout: {
    defaultMs: 180_000,
    paths: [],
    signalPaths: [],
    // The default is an abort of the whole fetch, body included.
    coversStream: true,
  },
  maxTokens: [{ site: 'client', path: ['generationConfig', 'maxOutputTokens'] }],
  model: [{ site: 'client', path: ['model'] }],
  structuredOutput: { paths: [{ site: 'client', path: ['generationConfig', 'responseSchema'] }] },
  finishReasonFields: ['finishReason', 'blockReason'],
  // The timeout is the factory's third argument, which no site names: no timeout or signal fix.
  fixes: { timeout: [], retries: [], signal: [], maxTokens: [] },
};
