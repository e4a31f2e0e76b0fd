import type { OperationShape, SdkCatalogEntry, StreamErrors } from './types';

/** A top-level AI SDK function: its one options object is both `params` and `request`. */
function fn(
  name: string,
  streaming: boolean,
  output: OperationShape['output'],
  more: Partial<OperationShape> = {},
): OperationShape {
  return { name, kind: 'function', path: [name], streaming, output, ...more };
}

/**
 * `generateObject`/`streamObject` accept `timeout` in their types but ignore it (ai 6.0.326
 * dist/index.js:11725, :12124): only `abortSignal` bounds them.
 */
const IGNORES_TIMEOUT: Partial<OperationShape> = { ignores: ['timeout'] };

/**
 * streamText/streamObject never throw while read: errors go to `onError`, whose default is
 * `console.error(error)` (dist/index.mjs:7443, :12104), and into the full stream as `{ type: 'error' }`
 * parts (stream-text.ts `TextStreamPart`).
 */
const STREAM_ERRORS: StreamErrors = {
  callback: { site: 'params', path: ['onError'] },
  withoutCallback: 'the SDK logs it to the console',
  errorPart: { field: 'type', value: 'error' },
  // ai 6 index.d.ts:2298 (UIMessageStreamOptions.onError: "error message to include in the data
  // stream") and :4349 (createUIMessageStream's onError); ai 4 named them getErrorMessage on the
  // result's data-stream methods and onError on createDataStream / createDataStreamResponse.
  uiStream: {
    methods: [
      { name: 'toUIMessageStream', argument: 0, option: 'onError' },
      { name: 'toUIMessageStreamResponse', argument: 0, option: 'onError' },
      { name: 'pipeUIMessageStreamToResponse', argument: 1, option: 'onError' },
      { name: 'toDataStream', argument: 0, option: 'getErrorMessage' },
      { name: 'toDataStreamResponse', argument: 0, option: 'getErrorMessage' },
      { name: 'pipeDataStreamToResponse', argument: 1, option: 'getErrorMessage' },
    ],
    functions: [
      { name: 'createUIMessageStream', option: 'onError' },
      { name: 'createDataStream', option: 'onError' },
      { name: 'createDataStreamResponse', option: 'onError' },
    ],
  },
};

/**
 * Agent methods take no per-call retry option and no signal a fix could add; an agent's stream
 * options have no `onAbort` (AgentStreamParameters, index.d.ts:3527).
 */
const AGENT_FIXES: OperationShape['fixes'] = {
  retries: [],
  signal: [],
  maxTokens: [],
  timeout: [],
  streamIdleAbortCallback: [],
};

/**
 * The functions that make a UI stream from an `execute` callback (`createUIMessageStream({
 * execute, onError })`): they run it and catch what it throws or rejects with, sending the client
 * what `onError` makes of it, or a generic message without it (ai 6 dist/index.mjs
 * createUIMessageStream's `try { execute(...) } catch`, ai 4 createDataStream's the same).
 */
export const UI_STREAM_MAKERS = { module: 'ai', functions: STREAM_ERRORS.uiStream!.functions };

/**
 * Callbacks the SDK awaits inside a call that is not streamed, so that what they throw rejects that
 * call (ai 6 dist: `parseAndValidateObjectResultWithRepair` awaits `repairText` in generateObject,
 * the step loop of generateText awaits `prepareStep`). Streamed calls run them inside the stream.
 */
export const AWAITED_CALLBACKS = {
  module: 'ai',
  byFunction: {
    generateObject: ['experimental_repairText'],
    generateText: ['prepareStep', 'experimental_prepareStep'],
  } as Readonly<Record<string, readonly string[]>>,
};

/**
 * Vercel AI SDK (`ai`, providers `@ai-sdk/*`), verified against ai 6.0.326 (its own
 * @ai-sdk/provider-utils 4.0.65) and @ai-sdk/openai 3.0.141.
 */
export const VERCEL_AI: SdkCatalogEntry<'vercel-ai'> = {
  id: 'vercel-ai',
  displayName: 'Vercel AI SDK',
  // Community providers that plug into the same functions (not installed).
  packages: ['ai', '@openrouter/ai-sdk-provider', 'ollama-ai-provider', 'ollama-ai-provider-v2', 'workers-ai-provider'],
  versionPackage: 'ai',
  packagePrefixes: ['@ai-sdk/'],
  // src/agent/tool-loop-agent.ts:32: `new ToolLoopAgent(settings)`; settings are CallSettings without
  // `abortSignal` (tool-loop-agent-settings.ts:38), so they are the `client` site for Agent calls.
  clientClasses: ['ToolLoopAgent', 'Experimental_Agent', 'Agent'],
  // Provider functions and creators. Verified: `openai`/`createOpenAI` (@ai-sdk/openai),
  // `gateway`/`createGateway`, `customProvider`, `createProviderRegistry`, `wrapLanguageModel` (ai).
  // The other providers are not installed: names from their published packages.
  clientFactories: [
    'openai',
    'createOpenAI',
    'gateway',
    'createGateway',
    'customProvider',
    'experimental_customProvider',
    'createProviderRegistry',
    'experimental_createProviderRegistry',
    'wrapLanguageModel',
    'anthropic',
    'createAnthropic',
    'google',
    'createGoogleGenerativeAI',
    'vertex',
    'createVertex',
    'azure',
    'createAzure',
    'mistral',
    'createMistral',
    'groq',
    'createGroq',
    'cohere',
    'createCohere',
    'bedrock',
    'createAmazonBedrock',
    'xai',
    'createXai',
    'deepseek',
    'createDeepSeek',
    'createOpenAICompatible',
    'openrouter',
    'createOpenRouter',
    'ollama',
    'createOllama',
    'cerebras',
    'createCerebras',
    'togetherai',
    'createTogetherAI',
    'fireworks',
    'createFireworks',
    'perplexity',
    'createPerplexity',
    'deepinfra',
    'createDeepInfra',
    'huggingface',
    'createHuggingFace',
    'baseten',
    'createBaseten',
    'vercel',
    'createVercel',
    'vertexAnthropic',
    'createVertexAnthropic',
    'replicate',
    'createReplicate',
    'fal',
    'createFal',
    'luma',
    'createLuma',
    'elevenlabs',
    'createElevenLabs',
    'deepgram',
    'createDeepgram',
    'assemblyai',
    'createAssemblyAI',
    'lmnt',
    'createLMNT',
    'hume',
    'createHume',
    'revai',
    'createRevai',
    'gladia',
    'createGladia',
    'moonshotai',
    'createMoonshotAI',
    // workers-ai-provider (Cloudflare's, for a Worker's `env.AI` binding): `createWorkersAI({ binding })`.
    'createWorkersAI',
  ],
  operations: [
    fn('generateText', false, 'text', { usage: { field: 'usage' } }),
    fn('streamText', true, 'stream', { streamErrors: STREAM_ERRORS }),
    fn('generateObject', false, 'structured', { ...IGNORES_TIMEOUT, usage: { field: 'usage' } }),
    fn('streamObject', true, 'stream', { ...IGNORES_TIMEOUT, streamErrors: STREAM_ERRORS }),
    fn('embed', false, 'embedding'),
    fn('embedMany', false, 'embedding'),
    fn('generateImage', false, 'image'),
    fn('experimental_generateImage', false, 'image'),
    fn('experimental_generateSpeech', false, 'audio'),
    fn('experimental_transcribe', false, 'text', { tokenCap: false }),
    // The stable names of the experimental functions in later majors.
    fn('transcribe', false, 'text', { tokenCap: false, versions: { since: '7.0.0' } }),
    fn('generateSpeech', false, 'audio', { versions: { since: '7.0.0' } }),
    // Returns scores, nothing to validate: modelled like embeddings.
    fn('rerank', false, 'embedding'),
    // React Server Components: `streamUI({ model, messages, text, tools })` from `ai/rsc` (ai 3.1-4)
    // and `@ai-sdk/rsc` (2.0.288 dist/index.d.ts:162: the same call settings as streamText).
    fn('streamUI', true, 'stream', { versions: { until: '5.0.0' } }),
    // src/agent/tool-loop-agent.ts:138/159: `agent.generate({...})` / `agent.stream({...})`.
    {
      name: 'Agent.generate',
      kind: 'method',
      path: ['generate'],
      streaming: false,
      output: 'text',
      fixes: AGENT_FIXES,
    },
    // AgentStreamParameters take no `onError` (index.d.ts:3527): the agent's streamText keeps its
    // default, unless its result (a StreamTextResult, :3598) becomes a UI stream with one.
    {
      name: 'Agent.stream',
      kind: 'method',
      path: ['stream'],
      streaming: true,
      output: 'stream',
      fixes: AGENT_FIXES,
      streamErrors: {
        withoutCallback: STREAM_ERRORS.withoutCallback,
        errorPart: STREAM_ERRORS.errorPart,
        uiStream: STREAM_ERRORS.uiStream,
      },
    },
  ],
  retry: {
    // src/util/prepare-retries.ts:41: `maxRetries ?? 2`.
    defaultRetries: 2,
    paths: [
      { site: 'params', path: ['maxRetries'] },
      { site: 'client', path: ['maxRetries'] },
    ],
    // provider-utils retry-with-exponential-backoff.ts:38-40: 2 s initial, factor 2, no jitter;
    // retry-after headers honoured when below 60 s (ai src/util/retry-with-exponential-backoff.ts:52).
    backoff: 'exponential',
    // Only `APICallError`/`GatewayError` with `isRetryable === true`; final error is `RetryError`.
    predicate: 'retryable',
  },
  timeout: {
    // No default: nothing bounds a call unless `abortSignal` or `timeout` is given.
    defaultMs: null,
    // src/prompt/call-settings.ts:8-10: `timeout: number | { totalMs?, stepMs?, chunkMs? }` (there is no
    // `firstChunkMs` in 6.0.326). `chunkMs` is an idle timeout between stream chunks, not a total.
    // generateObject/streamObject accept `timeout` in their types but ignore it (dist/index.js:11725,
    // :12124; not modelled: docs/sdk-facts-verified.md, Vercel AI SDK).
    // Deadlines: dist/index.mjs:4586-4597 merges `AbortSignal.timeout(totalMs)` and the step's
    // controller into one signal before `prepareRetries`, so every retry shares them. The object's
    // fields first: `timeout` itself is read only when it is a number.
    paths: [
      { site: 'params', path: ['timeout', 'totalMs'], deadline: true },
      { site: 'params', path: ['timeout', 'stepMs'], deadline: true },
      { site: 'params', path: ['timeout'], deadline: true },
      { site: 'client', path: ['timeout', 'totalMs'], deadline: true },
      { site: 'client', path: ['timeout', 'stepMs'], deadline: true },
      { site: 'client', path: ['timeout'], deadline: true },
    ],
    signalPaths: [{ site: 'params', path: ['abortSignal'] }],
    // stream-text.ts:593-611: the total timeout becomes `AbortSignal.timeout` merged into the stream's
    // signal, so an explicit timeout bounds the whole stream.
    coversStream: true,
    // `chunkMs` (streamText, from ai 6.0.24: CHANGELOG "per-chunk timeouts for streamText"): the timer
    // restarts on every chunk (dist/index.mjs resetChunkTimeout in the step stream's transform), so it
    // first runs once the provider's stream has started.
    idlePaths: [{ site: 'params', path: ['timeout', 'chunkMs'], versions: { since: '6.0.24' } }],
  },
  // src/prompt/call-settings.ts:65: `maxOutputTokens` from ai 5.0; ai 4.x calls it `maxTokens` (and
  // ignores `maxOutputTokens`).
  maxTokens: [
    { site: 'params', path: ['maxOutputTokens'], versions: { since: '5.0.0' } },
    { site: 'client', path: ['maxOutputTokens'], versions: { since: '5.0.0' } },
    { site: 'params', path: ['maxTokens'], versions: { until: '5.0.0' } },
  ],
  model: [
    { site: 'params', path: ['model'] },
    { site: 'client', path: ['model'] },
  ],
  // generate-text.ts:319: `experimental_telemetry: { isEnabled: true }` (no non-experimental name in
  // 6.0.326); `isEnabled` defaults to false, so the value must be read.
  // ai 7 made it stable as `telemetry` (on by default once an integration is registered).
  telemetry: [
    { site: 'params', path: ['experimental_telemetry'], versions: { until: '7.0.0' } },
    { site: 'client', path: ['experimental_telemetry'], versions: { until: '7.0.0' } },
    { site: 'params', path: ['telemetry'], versions: { since: '7.0.0' } },
    { site: 'client', path: ['telemetry'], versions: { since: '7.0.0' } },
  ],
  structuredOutput: {
    // `output: Output.object({ schema })` (also the older `experimental_output`); written as called.
    helpers: ['Output.object', 'Output.array', 'Output.choice'],
    // generateObject/streamObject `schema`.
    paths: [{ site: 'params', path: ['schema'] }],
    operations: ['generateObject', 'streamObject'],
  },
  // generate-text-result.ts:100/105.
  finishReasonFields: ['finishReason', 'rawFinishReason'],
  fixes: {
    // A signal: `timeout` is ignored by generateObject/streamObject and absent before ai 5.
    timeout: [{ site: 'params', path: ['abortSignal'], writes: 'signal' }],
    streamIdleTimeout: [{ site: 'params', path: ['timeout', 'chunkMs'], versions: { since: '6.0.24' } }],
    // A stalled chunk aborts the stream's merged signal: streamText calls `onAbort({ steps })`, sends
    // an `abort` part and closes the stream; `onError` is not called (dist/index.mjs, the stream's
    // `pull`: `isAbortError(error) && abortSignal.aborted` -> `abort()`). `onAbort` is from ai 5.0.0
    // (CHANGELOG "add streamText onAbort callback").
    streamIdleAbortCallback: [{ site: 'params', path: ['onAbort'], versions: { since: '5.0.0' } }],
    retries: [{ site: 'params', path: ['maxRetries'] }],
    signal: [{ site: 'params', path: ['abortSignal'] }],
    maxTokens: [
      { site: 'params', path: ['maxOutputTokens'], versions: { since: '5.0.0' } },
      { site: 'params', path: ['maxTokens'], versions: { until: '5.0.0' } },
    ],
  },
};
