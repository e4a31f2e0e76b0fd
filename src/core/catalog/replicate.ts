import type { SdkCatalogEntry } from './types';

/**
 * Replicate (`replicate`), verified against 1.4.0: `replicate.run(model, { input, wait, signal })`,
 * `replicate.stream(model, { input, signal })`, `replicate.predictions.create({...})`. The inputs are
 * the model's own (no common token option).
 */
export const REPLICATE: SdkCatalogEntry<'replicate'> = {
  id: 'replicate',
  displayName: 'Replicate',
  packages: ['replicate'],
  clientClasses: ['Replicate'],
  operations: [
    { name: 'run', kind: 'method', path: ['run'], streaming: false, output: 'text', paramsArg: 1, requestArg: 1 },
    {
      name: 'stream',
      kind: 'method',
      path: ['stream'],
      streaming: true,
      output: 'stream',
      paramsArg: 1,
      requestArg: 1,
    },
    {
      name: 'predictions.create',
      kind: 'method',
      path: ['predictions', 'create'],
      streaming: false,
      output: 'text',
    },
  ],
  retry: {
    // lib/util.js:195-240 `withAutomaticRetries`: up to 5 retries, 0.5 s doubling plus jitter; a POST
    // (a prediction) is retried on 429 only (index.js:280-283).
    defaultRetries: 5,
    paths: [],
    backoff: 'exponential-jitter',
    predicate: 'retryable',
  },
  timeout: {
    // No timeout: `run` waits (blocking, then polling) until the prediction ends.
    defaultMs: null,
    paths: [],
    signalPaths: [{ site: 'params', path: ['signal'] }],
    coversStream: true,
  },
  maxTokens: [],
  model: [],
  finishReasonFields: ['status'],
  fixes: {
    timeout: [{ site: 'params', path: ['signal'], writes: 'signal' }],
    retries: [],
    signal: [{ site: 'params', path: ['signal'] }],
    maxTokens: [],
  },
};
