import { OPENAI } from './openai';
import { NO_FIXES } from './declared';
import type { SdkCatalogEntry } from './types';

/** The OpenAI operations whose whole path names a model request whoever's client makes it. */
const MODEL_REQUEST_PATHS = new Set([
  'chat.completions.create',
  'completions.create',
  'embeddings.create',
  'responses.create',
]);

/**
 * A client of a package the catalogue does not name, constructed by the workspace (`new TokenJS()`,
 * `new Portkey({ virtualKey })`) and called the OpenAI way (`client.chat.completions.create({ model,
 * messages })`): gateways and multi-provider libraries copy that surface. Their own retries and
 * timeout are not known here, so the profile says the library's default applies and leaves its
 * value unknown instead of assuming OpenAI's; the request's options are read like OpenAI's.
 * client-origin.ts gives a construction this entry only when no other entry owns its package.
 */
export const OPENAI_COMPATIBLE: SdkCatalogEntry<'openai-compatible'> = {
  id: 'openai-compatible',
  displayName: 'OpenAI-compatible client',
  ownLayer: 'client',
  packages: [],
  versionPackage: null,
  clientClasses: [],
  // Without OpenAI's structured-output helpers and option recipes, which are that package's.
  operations: OPENAI.operations
    .filter((shape) => MODEL_REQUEST_PATHS.has(shape.name))
    .map(({ structuredFix: _structured, fixes: _fixes, versions: _versions, ...shape }) => shape),
  retry: {
    defaultRetries: 'unknown',
    // The OpenAI names: an explicit `maxRetries` on the client or the request is a stated decision.
    paths: OPENAI.retry.paths,
    backoff: 'unknown',
    predicate: 'unknown',
  },
  timeout: {
    defaultMs: 'unknown',
    // OpenAI's names, and the gateway clients' `requestTimeout` (Portkey's, in ms).
    paths: [...OPENAI.timeout.paths, { site: 'client', path: ['requestTimeout'] }],
    signalPaths: OPENAI.timeout.signalPaths,
    coversStream: false,
  },
  maxTokens: OPENAI.maxTokens.map(({ versions: _versions, ...path }) => path),
  model: OPENAI.model,
  finishReasonFields: OPENAI.finishReasonFields,
  fixes: NO_FIXES,
};
