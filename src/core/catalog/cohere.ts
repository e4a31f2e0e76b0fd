import { FERN_RETRY_PATHS, fernTimeout } from './fern';
import type { SdkCatalogEntry } from './types';

/**
 * Cohere SDK (`cohere-ai`, Fern-generated), verified against 8.1.0.
 */
export const COHERE: SdkCatalogEntry<'cohere'> = {
  id: 'cohere',
  displayName: 'Cohere',
  packages: ['cohere-ai'],
  // index.d.ts: `CohereClient` (CustomClient), `CohereClientV2`; aws.d.ts (`cohere-ai/aws`): Bedrock,
  // Sagemaker and Aws clients with the same methods.
  clientClasses: [
    'CohereClient',
    'CohereClientV2',
    'BedrockClient',
    'BedrockClientV2',
    'SagemakerClient',
    'SagemakerClientV2',
    'AwsClient',
    'AwsClientV2',
  ],
  operations: [
    {
      name: 'chat',
      kind: 'method',
      path: ['chat'],
      streaming: false,
      output: 'text',
      requestArg: 1,
      // The v1 client's response has `meta.billedUnits`, not `usage`.
      usage: { field: 'usage', clients: ['CohereClientV2'] },
    },
    { name: 'chatStream', kind: 'method', path: ['chatStream'], streaming: true, output: 'stream', requestArg: 1 },
    { name: 'generate', kind: 'method', path: ['generate'], streaming: false, output: 'text', requestArg: 1 },
    {
      name: 'generateStream',
      kind: 'method',
      path: ['generateStream'],
      streaming: true,
      output: 'stream',
      requestArg: 1,
    },
    { name: 'embed', kind: 'method', path: ['embed'], streaming: false, output: 'embedding', requestArg: 1 },
    // Returns relevance scores, nothing to validate: modelled like embeddings.
    { name: 'rerank', kind: 'method', path: ['rerank'], streaming: false, output: 'embedding', requestArg: 1 },
  ],
  retry: {
    // core/fetcher/requestWithRetries.js:20: `DEFAULT_MAX_RETRIES = 2`.
    defaultRetries: 2,
    paths: FERN_RETRY_PATHS,
    // requestWithRetries.js:17-21,53: 1 s doubling, capped at 60 s, +-10 % jitter; Retry-After capped at 60 s.
    backoff: 'exponential-jitter',
    // requestWithRetries.js:56: only on 408, 429 and >= 500 responses; a thrown connection error or
    // timeout is not retried.
    predicate: 'retryable',
  },
  // Client.js:140: `(requestOptions.timeoutInSeconds ?? options.timeoutInSeconds ?? 300) * 1000`;
  // BaseClient.d.ts: `BaseRequestOptions.abortSignal`.
  timeout: fernTimeout(300_000),
  // v1 ChatRequest.d.ts:174 and v2 V2ChatRequest.d.ts:146 `maxTokens`.
  maxTokens: [{ site: 'params', path: ['maxTokens'] }],
  model: [{ site: 'params', path: ['model'] }],
  structuredOutput: {
    // v2 JsonResponseFormatV2.d.ts:18 `responseFormat.jsonSchema`; v1 JsonResponseFormat `responseFormat.schema`.
    paths: [
      { site: 'params', path: ['responseFormat', 'jsonSchema'] },
      { site: 'params', path: ['responseFormat', 'schema'] },
    ],
  },
  // NonStreamedChatResponse.d.ts:19, V2ChatResponse `finishReason`.
  finishReasonFields: ['finishReason'],
  fixes: {
    timeout: [{ site: 'request', path: ['timeoutInSeconds'], unit: 's', writes: 'number' }],
    // The numeric timeout does not bound a stream; a signal does.
    streamTimeout: [{ site: 'request', path: ['abortSignal'], writes: 'signal' }],
    retries: [{ site: 'request', path: ['maxRetries'] }],
    signal: [{ site: 'request', path: ['abortSignal'] }],
    maxTokens: [{ site: 'params', path: ['maxTokens'] }],
  },
  fallbackModels: ['command-r7b-12-2024', 'command-a-03-2025'],
  aiSdkProviders: ['cohere'],
};
