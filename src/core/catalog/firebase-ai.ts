import type { OperationShape, SdkCatalogEntry } from './types';

/**
 * Per-call options, `generateContent(request, { timeout, signal })`: `SingleRequestOptions extends
 * RequestOptions` with `signal` (packages/ai/src/types/requests.ts), new in @firebase/ai 2.7.0 ("Add
 * support for AbortSignal", packages/ai/CHANGELOG.md), which firebase 12.8.0 bundles.
 */
const PER_CALL = { versions: { since: '12.8.0' } };

/** A model or chat method: `model.generateContent(request, singleRequestOptions)`. */
function method(
  name: string,
  streaming: boolean,
  output: OperationShape['output'],
  more: Partial<OperationShape> = {},
): OperationShape {
  return { name, kind: 'method', path: [name], streaming, output, requestArg: 1, ...more };
}

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
    method('generateContent', false, 'text', { usage: { field: 'usageMetadata' } }),
    method('generateContentStream', true, 'stream'),
    // ChatSession.sendMessage takes no per-call options (packages/ai/src/methods/chat-session.ts), its
    // stream does.
    method('sendMessage', false, 'text', { requestArg: undefined, fixes: { timeout: [], signal: [] } }),
    method('sendMessageStream', true, 'stream'),
  ],
  retry: { defaultRetries: 0, paths: [], backoff: 'none', predicate: 'all' },
  timeout: {
    defaultMs: 180_000,
    paths: [
      { site: 'request', path: ['timeout'] },
      // The model's own `RequestOptions`, `getGenerativeModel(ai, modelParams, { timeout })`, the third
      // argument in every version (packages/vertexai/src/api.ts in the first firebase/vertexai-preview,
      // packages/ai/src/api.ts now), as of `new GenerativeModel(ai, modelParams, requestOptions)`: it
      // times out every call of that model; a per-call `timeout` replaces it.
      { site: 'client', path: ['timeout'], argument: 2 },
    ],
    signalPaths: [{ site: 'request', path: ['signal'] }],
    // The default is an abort of the whole fetch, body included.
    coversStream: true,
  },
  maxTokens: [{ site: 'client', path: ['generationConfig', 'maxOutputTokens'] }],
  model: [{ site: 'client', path: ['model'] }],
  structuredOutput: { paths: [{ site: 'client', path: ['generationConfig', 'responseSchema'] }] },
  finishReasonFields: ['finishReason', 'blockReason'],
  // Per call from firebase 12.8.0; before, only the factory's third argument times a call out, which
  // the fixes do not write. A signal, not `timeout`: a per-call `timeout` replaces the
  // model's own (`getGenerativeModel`'s third argument), which a signal only shortens.
  fixes: {
    timeout: [{ site: 'request', path: ['signal'], writes: 'signal', ...PER_CALL }],
    signal: [{ site: 'request', path: ['signal'], ...PER_CALL }],
    retries: [],
    maxTokens: [],
  },
};
