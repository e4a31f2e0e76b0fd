import type { OptionPath, SdkCatalogEntry } from './types';

/** The orchestration module's model block, where v2 configs set the model, its limits and params. */
const MODEL = ['promptTemplating', 'model'];

/** `requestConfig.signal` (http-client-types.d.ts:162 `CustomRequestConfig` picks `signal`). */
const REQUEST_SIGNAL: OptionPath[] = [{ site: 'request', path: ['signal'] }];

/**
 * SAP AI SDK orchestration client (`@sap-ai-sdk/orchestration`), verified against 2.16.0:
 * `new OrchestrationClient(config, deploymentConfig?, destination?)`, then
 * `chatCompletion(request?, requestConfig?)` or `stream(request?, signal?, options?, requestConfig?)`.
 *
 * The client itself neither retries nor times out (the Cloud SDK's http-client sends axios
 * `timeout: 0`; core's 1 201 s agent timeout is a socket idle timeout). The orchestration service
 * calls the model on the caller's behalf and does both: `LLMModelDetails` (llm-model-details.d.ts)
 * documents `max_retries` default 2 and `timeout` default 600 s, set in the client's config.
 * The positional `signal` of `stream` is not an options object, so it is not read here.
 */
export const SAP_AI: SdkCatalogEntry<'sap-ai'> = {
  id: 'sap-ai',
  displayName: 'SAP AI Core',
  packages: ['@sap-ai-sdk/orchestration'],
  clientClasses: ['OrchestrationClient', 'OrchestrationEmbeddingClient'],
  operations: [
    {
      name: 'chatCompletion',
      kind: 'method',
      path: ['chatCompletion'],
      streaming: false,
      output: 'text',
      requestArg: 1,
    },
    { name: 'stream', kind: 'method', path: ['stream'], streaming: true, output: 'stream', requestArg: 3 },
    { name: 'embed', kind: 'method', path: ['embed'], streaming: false, output: 'embedding', requestArg: 1 },
  ],
  retry: {
    defaultRetries: 2,
    paths: [{ site: 'client', path: [...MODEL, 'max_retries'] }],
    backoff: 'unknown',
    predicate: 'unknown',
  },
  timeout: {
    defaultMs: 600_000,
    paths: [{ site: 'client', path: [...MODEL, 'timeout'], unit: 's' }],
    signalPaths: REQUEST_SIGNAL,
    // A server-side limit on the model's answer, streamed or not.
    coversStream: true,
  },
  maxTokens: [
    { site: 'client', path: [...MODEL, 'params', 'max_completion_tokens'] },
    { site: 'client', path: [...MODEL, 'params', 'max_tokens'] },
  ],
  model: [{ site: 'client', path: [...MODEL, 'name'] }],
  finishReasonFields: ['getFinishReason'],
  // The options live in a nested config the caller often builds elsewhere: no fix writes into it.
  fixes: { timeout: [], retries: [], signal: [], maxTokens: [] },
};
