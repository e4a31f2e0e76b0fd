import type { SdkCatalogEntry } from './types';

/**
 * Raw HTTP calls to model endpoints: `fetch(url, init)` and axios. Recognised by the callee name
 * (the operation's `name`) and a URL matching one of `urlPatterns`.
 *
 * The patterns are joined by their `source` into one RegExp (workspace/prefilter.ts), so they must
 * not rely on flags and must stay self-contained.
 */
export const HTTP: SdkCatalogEntry<'http'> = {
  id: 'http',
  displayName: 'Raw HTTP',
  // `fetch` is global (or from node-fetch/undici); axios is named so its imports reach the analyser.
  packages: ['axios'],
  versionPackage: null,
  clientClasses: [],
  operations: [
    // fetch(url, init): init carries `signal`; the JSON payload is inside `init.body`.
    {
      name: 'fetch',
      kind: 'http',
      path: ['fetch'],
      streaming: false,
      output: 'text',
      paramsArg: 1,
      requestArg: 1,
      fixes: {
        timeout: [{ site: 'request', path: ['signal'], writes: 'signal' }],
        signal: [{ site: 'request', path: ['signal'] }],
      },
    },
    // axios.post(url, data, config): data is the payload (`stream: true` in it streams), config has
    // `timeout` and `signal`.
    {
      name: 'axios.post',
      kind: 'http',
      path: ['axios', 'post'],
      streaming: 'option',
      output: 'text',
      paramsArg: 1,
      requestArg: 2,
    },
    // axios(url, config): the config holds `data`, `timeout` and `signal`.
    { name: 'axios', kind: 'http', path: ['axios'], streaming: false, output: 'text', paramsArg: 1, requestArg: 1 },
  ],
  retry: {
    // Neither fetch nor axios retries on its own (axios-retry and similar are wrappers).
    defaultRetries: 0,
    paths: [],
    backoff: 'none',
    predicate: 'all',
  },
  timeout: {
    // fetch has no timeout; axios' `timeout` defaults to 0 (none).
    defaultMs: null,
    paths: [{ site: 'request', path: ['timeout'] }],
    signalPaths: [{ site: 'request', path: ['signal'] }],
    // A signal (e.g. `AbortSignal.timeout(ms)`) aborts the body read as well.
    coversStream: true,
  },
  // Paths inside the JSON payload: axios' `data` argument directly; for fetch the analyser has to look
  // through `init.body` (usually `JSON.stringify({...})`). One entry per provider wire format.
  maxTokens: [
    { site: 'params', path: ['max_tokens'] },
    { site: 'params', path: ['max_completion_tokens'] },
    { site: 'params', path: ['max_output_tokens'] },
    { site: 'params', path: ['generationConfig', 'maxOutputTokens'] },
    { site: 'params', path: ['options', 'num_predict'] },
    { site: 'params', path: ['inferenceConfig', 'maxTokens'] },
  ],
  model: [{ site: 'params', path: ['model'] }],
  // The wire names of the providers above (OpenAI/Groq/Mistral/OpenRouter, Anthropic, Google, Ollama,
  // Bedrock Converse, Responses API).
  finishReasonFields: ['finish_reason', 'stop_reason', 'finishReason', 'done_reason', 'stopReason', 'status'],
  // axios: a numeric `timeout` in its config; the body's own token option depends on the API called.
  fixes: {
    timeout: [{ site: 'request', path: ['timeout'], writes: 'number' }],
    retries: [],
    signal: [],
    maxTokens: [],
  },
  urlPatterns: [
    /\bapi\.openai\.com\b/,
    // `https://${resource}.openai.azure.com`: the resource name is often a template expression.
    /\.openai\.azure\.com\b/,
    /\bapi\.anthropic\.com\b/,
    /\bgenerativelanguage\.googleapis\.com\b/,
    // Mistral's servers: global, eu, us (@mistralai/mistralai src/lib/config.ts ServerList).
    /\bapi\.(?:eu\.|us\.)?mistral\.ai\b/,
    /\bapi\.groq\.com\b/,
    /\bopenrouter\.ai\/api\b/,
    /\b(?:localhost|127\.0\.0\.1):11434\/api\//,
    // cohere-ai environments.js: https://api.cohere.com (formerly api.cohere.ai).
    /\bapi\.cohere\.(?:com|ai)\b/,
    /\bbedrock-runtime(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com\b/,
  ],
};
