import type { OperationShape, SdkCatalogEntry } from './types';

/** `client.chatCompletion(args, options)`, and the same task as a function: `chatCompletion(args, options)`. */
function task(
  name: string,
  streaming: boolean,
  output: OperationShape['output'],
  kind: 'method' | 'function',
): OperationShape {
  const shape: OperationShape = { name, kind, path: [name], streaming, output, paramsArg: 0, requestArg: 1 };
  // Text generation takes its limit in `parameters.max_new_tokens`.
  if (name.startsWith('textGeneration'))
    shape.fixes = { maxTokens: [{ site: 'params', path: ['parameters', 'max_new_tokens'] }] };
  return shape;
}

const TASKS: [string, boolean, OperationShape['output']][] = [
  ['chatCompletion', false, 'text'],
  ['chatCompletionStream', true, 'stream'],
  ['textGeneration', false, 'text'],
  ['textGenerationStream', true, 'stream'],
  ['featureExtraction', false, 'embedding'],
  ['textToImage', false, 'image'],
];

/**
 * Hugging Face Inference (`@huggingface/inference`), verified against 4.13.30: `new InferenceClient(token)`
 * (`HfInference` before 3.x) with one method per task, each also exported as a function.
 */
export const HUGGINGFACE: SdkCatalogEntry<'huggingface'> = {
  id: 'huggingface',
  displayName: 'Hugging Face Inference',
  packages: ['@huggingface/inference'],
  clientClasses: ['InferenceClient', 'HfInference', 'InferenceClientEndpoint'],
  operations: [
    ...TASKS.map(([name, streaming, output]) => task(name, streaming, output, 'method')),
    ...TASKS.map(([name, streaming, output]) => task(name, streaming, output, 'function')),
  ],
  retry: {
    // dist/esm/utils/request.js:32: a 503 is requested again, with no limit and no delay, unless
    // `retry_on_error: false`.
    defaultRetries: Infinity,
    paths: [{ site: 'request', path: ['retry_on_error'], counts: 'switch' }],
    backoff: 'none',
    predicate: 'retryable',
  },
  timeout: {
    defaultMs: null,
    paths: [],
    // types.d.ts:25: `options.signal`.
    signalPaths: [{ site: 'request', path: ['signal'] }],
    coversStream: true,
  },
  maxTokens: [
    { site: 'params', path: ['max_tokens'] },
    { site: 'params', path: ['parameters', 'max_new_tokens'] },
  ],
  model: [{ site: 'params', path: ['model'] }],
  finishReasonFields: ['finish_reason'],
  fixes: {
    timeout: [{ site: 'request', path: ['signal'], writes: 'signal' }],
    retries: [],
    signal: [{ site: 'request', path: ['signal'] }],
    maxTokens: [{ site: 'params', path: ['max_tokens'] }],
  },
  aiSdkProviders: ['huggingface'],
};
