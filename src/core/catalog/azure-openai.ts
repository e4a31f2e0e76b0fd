import type { OperationShape, SdkCatalogEntry } from './types';

/** `client.getChatCompletions(deploymentName, messages, options)`: the options are the third argument. */
function deploymentMethod(name: string, streaming: boolean, output: OperationShape['output']): OperationShape {
  return { name, kind: 'method', path: [name], streaming, output, paramsArg: 2, requestArg: 2 };
}

/**
 * The client options: the third argument (`new OpenAIClient(endpoint, credential, options)`), or
 * the second for an OpenAI key alone (`new OpenAIClient(new OpenAIKeyCredential(key), options)`).
 */
function clientOption(path: string[]): { site: 'client'; path: string[]; argument: number }[] {
  return [
    { site: 'client', path, argument: 2 },
    { site: 'client', path, argument: 1 },
  ];
}

/**
 * The Azure OpenAI client library before 2.0 (`@azure/openai` 1.0.0-beta.x; 2.x only adds types to
 * the `openai` package's `AzureOpenAI`), not installed: read from the published 1.0.0-beta.13
 * (types/openai.d.ts:1616-1713) and its pipeline, @azure/core-rest-pipeline 1.13.0. Every request
 * goes through that pipeline's default retry policy and its HTTP client, which sets no timeout
 * unless the request has one (nodeHttpClient.js:71: `if (request.timeout > 0)`).
 */
export const AZURE_OPENAI: SdkCatalogEntry<'azure-openai'> = {
  id: 'azure-openai',
  displayName: 'Azure OpenAI (@azure/openai 1.x)',
  packages: ['@azure/openai'],
  clientClasses: ['OpenAIClient'],
  operations: [
    { ...deploymentMethod('getChatCompletions', false, 'text'), usage: { field: 'usage' } },
    deploymentMethod('streamChatCompletions', true, 'stream'),
    { ...deploymentMethod('getCompletions', false, 'text'), usage: { field: 'usage' } },
    deploymentMethod('streamCompletions', true, 'stream'),
    deploymentMethod('getEmbeddings', false, 'embedding'),
    deploymentMethod('getImages', false, 'image'),
    deploymentMethod('getAudioTranscription', false, 'text'),
    deploymentMethod('getAudioTranslation', false, 'text'),
  ],
  retry: {
    // constants.js:4 `DEFAULT_RETRY_POLICY_COUNT = 3`; the client's `retryOptions.maxRetries`.
    defaultRetries: 3,
    paths: clientOption(['retryOptions', 'maxRetries']),
    // exponentialRetryStrategy.js: 1 s doubling to 64 s, with jitter; retry-after honoured.
    backoff: 'exponential-jitter',
    // Throttling (429/503 with retry-after), 408 and 5xx but 501/505, and system errors.
    predicate: 'retryable',
  },
  timeout: {
    defaultMs: null,
    // `requestOptions.timeout` is the request's: each attempt of the pipeline gets it again.
    paths: [{ site: 'request', path: ['requestOptions', 'timeout'] }],
    signalPaths: [{ site: 'request', path: ['abortSignal'] }],
    // Whether the request timeout also ends a stream that stalls was not checked: assume not.
    coversStream: false,
  },
  // GetChatCompletionsOptions.maxTokens (openai.d.ts:1132), GetCompletionsOptions.maxTokens (:1212).
  maxTokens: [{ site: 'request', path: ['maxTokens'] }],
  // The model is the deployment, the first argument: not an option.
  model: [],
  // ChatChoice.finishReason.
  finishReasonFields: ['finishReason'],
  // Not installed: no fix writes an option the analyser cannot check against the package's types.
  fixes: { timeout: [], retries: [], signal: [], maxTokens: [] },
};
