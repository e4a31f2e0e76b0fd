import type { FixRecipes, OperationShape, SdkCatalogEntry } from './types';

function http(
  name: string,
  shape: Pick<
    OperationShape,
    | 'paramsArg'
    | 'requestArg'
    | 'bodyPath'
    | 'otherBodyKeys'
    | 'urlInOptions'
    | 'defaults'
    | 'fixes'
    | 'websocket'
    | 'streamErrors'
  > & {
    streaming?: OperationShape['streaming'];
  },
): OperationShape {
  // `stream: true` in the payload asks every model API for a streamed answer.
  return { name, kind: 'http', path: name.split('.'), streaming: 'option', output: 'text', ...shape };
}

/** gaxios' `request(options)`: one options object with `url`, `method`, the payload, `timeout` and `signal`. */
const GAXIOS_REQUEST: Pick<OperationShape, 'paramsArg' | 'requestArg' | 'bodyPath' | 'otherBodyKeys' | 'urlInOptions'> =
  {
    paramsArg: 0,
    requestArg: 0,
    bodyPath: ['data'],
    otherBodyKeys: ['body'],
    urlInOptions: true,
  };

/** fetch, the SSE client, undici and got take an `AbortSignal` as `signal` in their request options. */
const SIGNAL_FIXES: FixRecipes = {
  timeout: [{ site: 'request', path: ['signal'], writes: 'signal' }],
  signal: [{ site: 'request', path: ['signal'] }],
};

/**
 * Raw HTTP calls to model endpoints: an HTTP client call (`HTTP_CLIENTS`) whose URL, payload or
 * headers say it is a model request (`MODEL_HTTP`). `urlPatterns` are the providers' hosts.
 *
 * The patterns are joined by their `source` into one RegExp (workspace/prefilter.ts), so they must
 * not rely on flags and must stay self-contained.
 */
export const HTTP: SdkCatalogEntry<'http'> = {
  id: 'http',
  displayName: 'Raw HTTP',
  // No SDK retries or times out a raw request: the layer is the request (`fetch`).
  ownLayer: 'operation',
  // `fetch` is global; the HTTP client packages are named so that their imports reach the analyser.
  packages: [
    'axios',
    'ky',
    'got',
    'undici',
    'node-fetch',
    'cross-fetch',
    '@microsoft/fetch-event-source',
    'google-auth-library',
    'gaxios',
  ],
  versionPackage: null,
  clientClasses: [],
  operations: [
    // fetch(url, init) and fetch-compatible functions: init carries `signal`; the JSON payload is `init.body`.
    http('fetch', { paramsArg: 1, requestArg: 1, bodyPath: ['body'], fixes: SIGNAL_FIXES }),
    // axios.post(url, data, config): data is the payload (`stream: true` in it streams), config has
    // `timeout` and `signal`.
    http('axios.post', { paramsArg: 1, requestArg: 2 }),
    // axios(url, config) and axios.request(config): the config holds `data`, `timeout` and `signal`.
    http('axios', { paramsArg: 1, requestArg: 1, bodyPath: ['data'], urlInOptions: true }),
    // google-auth-library's clients (`new GoogleAuth()`, what its `getClient()` gives, `new
    // OAuth2Client()`, `new JWT()`) and gaxios, which they send with: `request({ url, method, data,
    // timeout, signal })`. Vertex AI's REST endpoints are called this way. gaxios retries only when
    // the request asks (`retry`, `retryConfig`), and then never a POST unless `httpMethodsToRetry`
    // names it (gaxios src/retry.ts); google-auth-library keeps its retrying config to its own
    // token requests (authclient.ts `RETRY_CONFIG`: "not a part of the default transporter
    // config"). `timeout` defaults to none.
    // The payload is `data`, or since gaxios 7 also `body` (fetch's name, usually a JSON string).
    http('authClient.request', { ...GAXIOS_REQUEST }),
    http('gaxios.request', { ...GAXIOS_REQUEST }),
    // ky.post(url, options) and got.post(url, options): the payload is `options.json`.
    // ky (readme, `timeout`: "Default: 10000"; `retry` methods exclude POST) bounds each request by
    // 10 s and does not retry a POST; got (`retry.methods` exclude POST, no default timeout) neither.
    http('ky.post', { paramsArg: 1, requestArg: 1, bodyPath: ['json'], defaults: { timeoutMs: 10_000 } }),
    http('got.post', { paramsArg: 1, requestArg: 1, bodyPath: ['json'], fixes: SIGNAL_FIXES }),
    // undici's request(url, options): `options.body`, `signal`. Its dispatcher gives up after 300 s
    // without response headers or between body chunks (lib/dispatcher/client.js: `headersTimeout`
    // and `bodyTimeout` default to 300e3).
    http('undici.request', {
      paramsArg: 1,
      requestArg: 1,
      bodyPath: ['body'],
      defaults: { timeoutMs: 300_000 },
      fixes: SIGNAL_FIXES,
    }),
    // @microsoft/fetch-event-source: fetch's init plus event callbacks; always a stream. Every
    // failure (the request's, a non-stream answer's from the default `onopen`, a callback's) goes
    // to `onerror`, and it reconnects unless `onerror` throws (lib/esm/fetch.js `create`: `onerror`'s
    // return, or `DefaultRetryInterval` (1 s) when it returns nothing, is the wait before the next
    // attempt; a throw rejects the returned promise). Without one it reconnects forever and the
    // promise never rejects.
    http('fetchEventSource', {
      streaming: true,
      paramsArg: 1,
      requestArg: 1,
      bodyPath: ['body'],
      defaults: { retries: Infinity },
      fixes: SIGNAL_FIXES,
      streamErrors: {
        callback: { site: 'request', path: ['onerror'] },
        withoutCallback: 'reconnects after it, forever',
        throwingCallbackRejects: true,
      },
    }),
    // A websocket to a realtime endpoint: each `send(JSON.stringify({...}))` is a request whose
    // answer streams back as events.
    // A message has no timeout or signal of its own.
    http('WebSocket.send', {
      streaming: true,
      paramsArg: 0,
      requestArg: 1,
      fixes: { timeout: [], signal: [] },
      websocket: true,
    }),
  ],
  retry: {
    // Neither fetch nor axios retries on its own (axios-retry and similar are wrappers).
    defaultRetries: 0,
    paths: [],
    backoff: 'none',
    predicate: 'all',
    // `AbortSignal.timeout(ms)` aborts a fetch with a DOMException named `TimeoutError`.
    transientErrors: ['TimeoutError'],
  },
  timeout: {
    // fetch has no timeout; axios' `timeout` defaults to 0 (none).
    defaultMs: null,
    // got's `timeout: { request }` first: its `timeout` is an object, axios' and ky's a number.
    paths: [
      { site: 'request', path: ['timeout', 'request'] },
      { site: 'request', path: ['timeout'] },
      // An axios instance's default: `axios.create({ timeout })`.
      { site: 'client', path: ['timeout'] },
    ],
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
    // Replicate's predictions: the model's own inputs under `input` (`max_tokens`, or
    // `max_new_tokens` for many open models).
    { site: 'params', path: ['input', 'max_tokens'] },
    { site: 'params', path: ['input', 'max_new_tokens'] },
    // llama.cpp's server: `n_predict` (-1, the default, generates until the context is full).
    { site: 'params', path: ['n_predict'] },
    // Hugging Face's Text Generation Inference (native `/generate`, `/generate_stream`).
    { site: 'params', path: ['parameters', 'max_new_tokens'] },
  ],
  model: [{ site: 'params', path: ['model'] }],
  // The wire names of the providers above (OpenAI/Groq/Mistral/OpenRouter, Anthropic, Google, Ollama,
  // Bedrock Converse, Responses API, llama.cpp's server).
  finishReasonFields: [
    'finish_reason',
    'stop_reason',
    'finishReason',
    'done_reason',
    'stopReason',
    'status',
    'stop_type',
  ],
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
    // OpenAI-compatible hosts of open models, called with fetch as often as through the openai SDK.
    /\bapi\.(?:together\.xyz|deepseek\.com|x\.ai|fireworks\.ai|perplexity\.ai|cerebras\.ai|deepinfra\.com)\b/,
  ],
};

/**
 * An HTTP client function as the code calls it: the module it is imported from (`null`: a global),
 * the export (`default` for a default import), an optional member (`axios.post`), and the
 * operation above it is reported as.
 */
interface HttpClient {
  module: string | null;
  /**
   * Forks republished under other names with the same API (`@fortaine/fetch-event-source`, which
   * many chat front ends use for `@microsoft/fetch-event-source`).
   */
  forks?: RegExp;
  export: string;
  member?: string;
  operation: string;
}

/** Is `module` the client's package, or one of its forks? */
export function fromClientModule(client: HttpClient, module: string): boolean {
  return client.module === module || !!client.forks?.test(module);
}

export const HTTP_CLIENTS: readonly HttpClient[] = [
  { module: null, export: 'fetch', operation: 'fetch' },
  { module: 'node-fetch', export: 'default', operation: 'fetch' },
  { module: 'cross-fetch', export: 'default', operation: 'fetch' },
  { module: 'undici', export: 'fetch', operation: 'fetch' },
  { module: 'undici', export: 'request', operation: 'undici.request' },
  { module: 'axios', export: 'default', operation: 'axios' },
  { module: 'axios', export: 'default', member: 'request', operation: 'axios' },
  { module: 'axios', export: 'default', member: 'post', operation: 'axios.post' },
  { module: 'ky', export: 'default', member: 'post', operation: 'ky.post' },
  { module: 'got', export: 'default', member: 'post', operation: 'got.post' },
  {
    module: '@microsoft/fetch-event-source',
    forks: /^(?:@[\w.-]+\/)?fetch-event-source$/,
    export: 'fetchEventSource',
    operation: 'fetchEventSource',
  },
  { module: 'gaxios', export: 'request', operation: 'gaxios.request' },
];

/**
 * Packages whose objects send requests with `request(options)`: an instance of any class they
 * export (`new GoogleAuth()`, `new Gaxios()`), or what the `derivedBy` methods of one give back
 * (`await auth.getClient()`), reported as the package's operation.
 */
export const REQUEST_CLIENTS = {
  packages: [
    { module: 'google-auth-library', operation: 'authClient.request' },
    { module: 'gaxios', operation: 'gaxios.request' },
  ],
  derivedBy: ['getClient', 'getIdTokenClient', 'fromJSON', 'fromAPIKey', 'fromStream'],
} as const;

/**
 * What makes an HTTP request a model request, as data. The URL texts these patterns see have `*`
 * where a part is computed (`${base}/chat/completions` → `*\/chat/completions`).
 */
export const MODEL_HTTP = {
  /** Endpoint paths of model APIs, whatever the host (proxies, gateways, self-hosted servers). */
  endpoints: [
    // OpenAI-compatible chat, legacy and fill-in-the-middle completions (OpenAI, Azure, Groq,
    // Mistral, OpenRouter, vLLM, LM Studio, DeepSeek, ...).
    /\/(?:chat\/|fim\/)?completions\/?(?:$|[?#])/,
    // OpenAI Responses API (create; `/responses/{id}` retrieves a stored one).
    /\/responses\/?(?:$|[?#])/,
    /\/embeddings\/?(?:$|[?#])/,
    /\/moderations\/?(?:$|[?#])/,
    /\/images\/(?:generations|edits|variations)\/?(?:$|[?#])/,
    /\/audio\/(?:transcriptions|translations|speech)\/?(?:$|[?#])/,
    // Realtime sessions (websocket).
    /\/realtime\/?(?:$|[?#])/,
    // Azure OpenAI deployments: every operation under it is a model call.
    /\/openai\/deployments\//,
    // Anthropic Messages API.
    /\/v1\/messages\/?(?:$|[?#])/,
    // Ollama.
    /\/api\/(?:chat|generate|embed|embeddings)\/?(?:$|[?#])/,
    // Google Gemini and Vertex AI; `predictLongRunning` starts a video generation (Veo), whose
    // operation is then polled with GETs (not model calls).
    /:(?:generateContent|streamGenerateContent|embedContent|batchEmbedContents|predict|predictLongRunning|rawPredict|streamRawPredict)\b/,
    // Cohere v1/v2 chat and embed.
    /\/v[12]\/(?:chat|embed|generate|rerank)\/?(?:$|[?#])/,
    // Bedrock Runtime over HTTP.
    /\/model\/[^/]+\/(?:converse|converse-stream|invoke|invoke-with-response-stream)\/?(?:$|[?#])/,
    // LLM app platforms' chat and completion APIs (Dify and its clones).
    /\/(?:chat|completion)-messages\/?(?:$|[?#])/,
    // Replicate: a prediction of a model or deployment (`/v1/predictions/{id}` polls one: not a call).
    /\/v1\/(?:models\/[^/]+\/[^/]+\/|deployments\/[^/]+\/[^/]+\/)?predictions\/?(?:$|[?#])/,
    // Cloudflare Workers AI over REST: `/accounts/{id}/ai/run/@cf/meta/llama-3.1-8b-instruct`.
    /\/ai\/run\/@(?:cf|hf)\//,
    // ... and the same with the model in a variable, on Cloudflare's own API host.
    /\bapi\.cloudflare\.com\/client\/v4\/accounts\/[^/]+\/ai\/run\//,
    // Native (not OpenAI-compatible) APIs of providers in China: MiniMax's chat completions
    // (`/v1/text/chatcompletion_v2`), Alibaba DashScope's generation and embedding services
    // (`/api/v1/services/aigc/text-generation/generation`; its `/api/v1/files` uploads are not
    // calls), Baidu Qianfan's ERNIE endpoints (`/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/...`).
    /\bapi\.minimaxi?\.(?:chat|com|io)\/v1\/text\/chatcompletion/,
    /\bdashscope(?:-intl)?\.aliyuncs\.com\/api\/v1\/services\/(?:aigc|embeddings|rerank)\//,
    /\baip\.baidubce\.com\/rpc\/2\.0\/ai_custom\//,
    // fal.ai's model endpoints: a run (`https://fal.run/fal-ai/flux/dev`) or a submission to its queue
    // (`https://queue.fal.run/fal-ai/flux/dev`); `.../requests/{id}/status` and the result are polls.
    /\b(?:queue\.)?fal\.run\/(?![^?#]*\/requests(?:$|[?#/]))/,
    // llama.cpp's server (and llamafile) native completion and fill-in-the-middle endpoints
    // (tools/server/README.md: `POST /completion`, `POST /infill`). Not an app's `/api/completion`
    // route (the AI SDK's `useCompletion` default), which only its own server answers.
    /(?<!\/api)\/(?:completion|infill)\/?(?:$|[?#])/,
    // Hugging Face's self-hosted servers: Text Embeddings Inference (`POST /embed`, `/embed_all`,
    // `/embed_sparse`) and Text Generation Inference's streaming generation (`POST /generate_stream`;
    // its bare `/generate` is too common a path to say so alone).
    /\/embed(?:_all|_sparse)?\/?(?:$|[?#])/,
    /\/generate_stream\/?(?:$|[?#])/,
  ],
  /**
   * Endpoints whose answer is an embedding, or relevance scores of a reranker (read as the SDKs'
   * `rerank` operations are): no output tokens to bound, no text to validate.
   */
  embeddingEndpoints: [
    /\/embeddings?\/?(?:$|[?#])/,
    /\/embed(?:_all|_sparse)?\/?(?:$|[?#])/,
    /:(?:embedContent|batchEmbedContents)\b/,
    /\bdashscope(?:-intl)?\.aliyuncs\.com\/api\/v1\/services\/embeddings\//,
    /\/rerank\/?(?:$|[?#])/,
    // DashScope's reranker (`/api/v1/services/rerank/text-rerank/text-rerank`), on any host.
    /\/services\/rerank\//,
    // Vertex AI's `:predict` of an embedding model (`text-embedding-005`, `multimodalembedding@001`).
    /embedding[^/:]*:predict\b/,
  ],
  /**
   * Endpoints whose answer is an image (or a video job): OpenAI-compatible image generation and
   * fal.ai's models. No output tokens to bound, no finish reason to read.
   */
  imageEndpoints: [/\/images\/(?:generations|edits|variations)\/?(?:$|[?#])/, /\b(?:queue\.)?fal\.run\//],
  /** Endpoints whose answer is a moderation verdict (OpenAI's `/v1/moderations`): typed flags, no text. */
  moderationEndpoints: [/\/moderations\/?(?:$|[?#])/],
  /** Model-list, metadata and health endpoints: requests to them are not model calls. */
  notModelCalls: [
    /\/models(?:$|[?#/])/,
    /\/api\/(?:tags|show|ps|version|pull|push|delete|copy)(?:$|[?#])/,
    /\/(?:health|healthz|ping|status|version)(?:$|[?#])/,
    /\/(?:files|batches|fine_tuning|uploads|assistants|vector_stores)(?:$|[?#/])/,
    // The Assistants API's threads and their messages are stored state; a thread's `runs` prompt the model.
    /\/threads(?:\/[^/?#]*(?:\/messages(?:\/[^/?#]*)?)?)?\/?(?:$|[?#])/,
    /(?:\/count_tokens|:countTokens)(?:$|[?#])/,
    // Accounts, keys, credits and usage on a provider's host.
    /\/(?:auth|keys?|credits|usage|account|billing|organization)(?:$|[?#/])/,
  ],
  /**
   * A URL relative to the page or the process (`/api/chat`, `api/generate`): the app's own server,
   * whose route handler makes the model call, not a model API.
   */
  sameOrigin: /^(?![a-z][a-z0-9+.-]*:|\/\/|\*)/i,
  /** A JSON payload with one of these ... */
  bodyModelKeys: ['model'],
  /** ... and one of these is a model request, whatever the URL. */
  bodyPromptKeys: ['messages', 'prompt', 'input', 'contents', 'system_prompt', 'system'],
  /**
   * Payload keys only model APIs use: enough by themselves. Claude on Vertex AI and Bedrock takes
   * the model in the URL and its API version in the body (`anthropic_version`, which
   * @anthropic-ai/vertex-sdk 0.x client.js and bedrock-sdk client.js add to every request).
   */
  providerBodyKeys: ['anthropic_version'],
  /** Headers only model APIs use: enough by themselves. */
  providerHeaders: ['anthropic-version', 'x-goog-api-key', 'openai-beta', 'openai-organization'],
  /** Credentials headers: a model request only when the payload also names a `model`. */
  credentialHeaders: ['authorization', 'x-api-key', 'api-key'],
  /** Websocket classes whose `send` on a model endpoint is a model request. */
  websocketClasses: [
    { module: null, export: 'WebSocket' },
    { module: 'ws', export: 'default' },
    { module: 'ws', export: 'WebSocket' },
    { module: 'isomorphic-ws', export: 'default' },
    { module: 'undici', export: 'WebSocket' },
  ],
  /**
   * A function named like fetch (`customFetch`, `fetchWithRetry`, a fetch handed out by a factory)
   * whose declaration the audit cannot read is taken to be fetch-compatible: `(url, init)`.
   */
  fetchLikeName: /fetch/i,
} as const;

/**
 * Connection agents a request is sent through: node's `http.Agent`/`https.Agent`, the proxy agents
 * built on them (`HttpsProxyAgent`), undici's `Agent`/`ProxyAgent` given as a `dispatcher`. Built
 * with a socket timeout (node: `timeout`, idle time on the socket; undici: `headersTimeout`,
 * `bodyTimeout`), they end every request sent through them that stalls that long: the workspace's
 * fetch wrapper that builds one bounds the time of the model calls made through it.
 */
export const HTTP_AGENTS = {
  /** The class names, by their last identifier (`new https.Agent`, `new HttpsProxyAgent`). */
  classes: /Agent$/,
  timeoutOptions: ['timeout', 'headersTimeout', 'bodyTimeout'],
  /** Request options that carry the agent: node-fetch and node's `agent`, undici's `dispatcher`. */
  requestOptions: ['agent', 'dispatcher'],
} as const;
