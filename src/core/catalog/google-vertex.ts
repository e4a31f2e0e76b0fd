import type { OperationShape, SdkCatalogEntry } from './types';
import { GENERATION_CONFIG_OPTIONS } from './google-generation-config';

/** A model's method: its one argument is the request (no per-call request options in 1.12.0). */
function modelMethod(name: string, streaming: boolean, more: Partial<OperationShape> = {}): OperationShape {
  return { name, kind: 'method', path: [name], streaming, output: streaming ? 'stream' : 'text', ...more };
}

/**
 * Vertex AI SDK for Node (`@google-cloud/vertexai`, superseded by `@google/genai`), not installed:
 * read from the published 1.12.0 (`npm pack`; build/src/vertex_ai.d.ts, models/generative_models.d.ts,
 * functions/post_request.js). `new VertexAI({ project, location })` takes no model options; the model
 * comes from `vertexAI.getGenerativeModel(modelParams, requestOptions)` (also on `vertexAI.preview`),
 * hence a factory whose first object argument is the `client` site. Its calls take the request
 * only, and `startChat(...)` makes a chat whose `sendMessage`/`sendMessageStream` share the model's
 * request options.
 */
export const GOOGLE_VERTEX: SdkCatalogEntry<'google-vertex'> = {
  id: 'google-vertex',
  displayName: 'Vertex AI (@google-cloud/vertexai)',
  packages: ['@google-cloud/vertexai'],
  clientClasses: ['VertexAI', 'GenerativeModel', 'GenerativeModelPreview'],
  clientFactories: ['getGenerativeModel', 'getGenerativeModelFromCachedContent'],
  operations: [
    modelMethod('generateContent', false),
    modelMethod('generateContentStream', true),
    // The chat's generation config is `startChat`'s: no token limit to write on the message.
    modelMethod('sendMessage', false, { fixes: { maxTokens: [] } }),
    modelMethod('sendMessageStream', true, { fixes: { maxTokens: [] } }),
  ],
  retry: {
    // functions/post_request.js: one `fetch`, no retry anywhere in the package.
    defaultRetries: 0,
    paths: [],
    backoff: 'none',
    predicate: 'all',
  },
  timeout: {
    // post_request.js getFetchOptions: a timer only when `requestOptions.timeout` is set (>= 0).
    defaultMs: null,
    paths: [{ site: 'client', path: ['timeout'], argument: 1, clients: ['getGenerativeModel'] }],
    signalPaths: [],
    // The timer is never cleared, so it also aborts a body still streaming.
    coversStream: true,
  },
  ...GENERATION_CONFIG_OPTIONS,
  // `response.candidates[].finishReason`.
  finishReasonFields: ['finishReason'],
  // Not installed: no fix writes an option the analyser cannot check against the package's types.
  fixes: { timeout: [], retries: [], signal: [], maxTokens: [] },
};
