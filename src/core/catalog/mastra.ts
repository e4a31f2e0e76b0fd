import type { OperationShape, SdkCatalogEntry, StreamErrors } from './types';

/**
 * `agent.stream(...)` (chunk-GSQD3QNR.js, the loop's `processOutputStream`): an error of the model
 * is enqueued as an `{ type: 'error' }` chunk and handed to `options.onError`; the result's
 * promises (`text`, `usage`, `finishReason`) then reject with it and its text stream just ends.
 * Nothing is logged and nothing throws where the call is made.
 */
const STREAM_ERRORS: StreamErrors = {
  callback: { site: 'params', path: ['onError'] },
  withoutCallback: "the stream ends; awaiting the result's text rejects",
  errorPart: { field: 'type', value: 'error' },
};

/** `agent.generate(messages, options)`: the messages first, the execution options second. */
function agentMethod(name: string, streaming: boolean): OperationShape {
  return {
    name,
    kind: 'method',
    path: [name],
    streaming,
    output: streaming ? 'stream' : 'text',
    paramsArg: 1,
    requestArg: 1,
    ...(streaming ? { streamErrors: STREAM_ERRORS } : { usage: { field: 'usage' } }),
  };
}

/**
 * Mastra (`@mastra/core`), not installed: read from the published @mastra/core 0.24.9 (`npm pack`:
 * dist/agent/agent.d.ts, agent/types.d.ts, agent/agent.types.d.ts, and the agent and loop code in
 * dist/chunk-GSQD3QNR.js). An agent (`new Agent({ name, instructions, model })`, or one a `Mastra`
 * instance registers: `mastra.getAgent('name')`) runs its model in a loop of steps:
 * `agent.generate(messages, options)` and `agent.stream(messages, options)`, with the `Legacy` and
 * `VNext` names of the same. `generate` throws the model's error (after `console.error`); `stream`
 * puts it in the stream.
 */
export const MASTRA: SdkCatalogEntry<'mastra'> = {
  id: 'mastra',
  displayName: 'Mastra',
  packages: ['@mastra/core'],
  // `Mastra` holds the registered agents: what its `getAgent('name')` returns is one of them (which
  // one, and so its options, is not followed).
  clientClasses: ['Agent', 'Mastra'],
  // mastra/index.d.ts: `getAgent(name)`, `getAgentById(id)`; its workflows, vectors and the rest are
  // not agents (a workflow run's `stream` is not an agent's).
  derivedOnlyBy: { Mastra: ['getAgent', 'getAgentById'] },
  operations: [
    agentMethod('generate', false),
    agentMethod('stream', true),
    agentMethod('generateVNext', false),
    agentMethod('streamVNext', true),
    agentMethod('generateLegacy', false),
    agentMethod('streamLegacy', true),
  ],
  retry: {
    // The model step's p-retry: `retries: modelSettings?.maxRetries ?? 2`, p-retry's own backoff
    // (1 s, factor 2, no jitter), `shouldRetry`: an APICallError's `isRetryable`, any other error yes.
    defaultRetries: 2,
    paths: [{ site: 'params', path: ['modelSettings', 'maxRetries'] }],
    backoff: 'exponential',
    predicate: 'retryable',
    // `new Agent({ maxRetries })` (default 0): `executeStreamWithFallbackModels` runs each model's
    // step again up to that many times, around the step's own retries, with no wait.
    constructionLayer: {
      option: 'maxRetries',
      counts: 'retries',
      backoff: 'none',
      predicate: 'all',
      label: 'Mastra agent maxRetries',
    },
  },
  timeout: {
    // No default; the call's `abortSignal` (or `modelSettings.abortSignal`) reaches the model's
    // request, so it also bounds a stream.
    defaultMs: null,
    paths: [],
    signalPaths: [
      { site: 'params', path: ['abortSignal'] },
      { site: 'params', path: ['modelSettings', 'abortSignal'] },
    ],
    coversStream: true,
  },
  // AI SDK 5 call settings (`modelSettings: CallSettings`); the legacy methods take `maxTokens`.
  maxTokens: [
    { site: 'params', path: ['modelSettings', 'maxOutputTokens'] },
    { site: 'params', path: ['maxTokens'] },
  ],
  model: [{ site: 'client', path: ['model'] }],
  // agent.types.d.ts: `telemetry?: TelemetrySettings` (`isEnabled`).
  telemetry: [{ site: 'params', path: ['telemetry'] }],
  structuredOutput: {
    // `structuredOutput: { schema }`, or the deprecated `output: schema` that generate turns into it.
    paths: [
      { site: 'params', path: ['structuredOutput', 'schema'] },
      { site: 'params', path: ['output'] },
    ],
  },
  finishReasonFields: ['finishReason'],
  // Not installed: no fix writes an option the analyser cannot check against the package's types
  // (a stream's `onError`, the catalogue's `streamErrors`, is written untyped, as its callback is).
  fixes: { timeout: [], retries: [], signal: [], maxTokens: [] },
};
