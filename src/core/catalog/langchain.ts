import type { OperationShape, SdkCatalogEntry } from './types';

/** A Runnable/model method: `model.invoke(input, config)`; the config (timeout, signal) is argument 1. */
function method(name: string, streaming: boolean, output: OperationShape['output']): OperationShape {
  return { name, kind: 'method', path: [name], streaming, output, paramsArg: 0, requestArg: 1 };
}

/** Embeddings take no per-call config: no timeout, signal or token limit to write. */
function embedding(name: string): OperationShape {
  return {
    name,
    kind: 'method',
    path: [name],
    streaming: false,
    output: 'embedding',
    fixes: { timeout: [], streamTimeout: [], signal: [] },
  };
}

/**
 * LangChain JS (`@langchain/core` and the `@langchain/*` provider packages, `langchain`), verified
 * against @langchain/core 1.4.0 and @langchain/openai 1.5.8.
 */
export const LANGCHAIN: SdkCatalogEntry<'langchain'> = {
  id: 'langchain',
  displayName: 'LangChain',
  packages: ['langchain', '@langchain/core'],
  versionPackage: '@langchain/core',
  packagePrefixes: ['@langchain/'],
  // Chat models, completion LLMs and embeddings. Verified in @langchain/openai 1.5.8 (index.d.ts): ChatOpenAI,
  // ChatOpenAIResponses, ChatOpenAICompletions, AzureChatOpenAI (+ Responses/Completions), OpenAI,
  // AzureOpenAI, OpenAIEmbeddings, AzureOpenAIEmbeddings. The other providers are not installed.
  clientClasses: [
    'ChatOpenAI',
    'ChatOpenAIResponses',
    'ChatOpenAICompletions',
    'AzureChatOpenAI',
    'AzureChatOpenAIResponses',
    'AzureChatOpenAICompletions',
    'ChatAnthropic',
    'ChatGoogleGenerativeAI',
    'ChatVertexAI',
    'ChatMistralAI',
    'ChatGroq',
    'ChatOllama',
    'ChatBedrockConverse',
    'ChatCohere',
    'ChatXAI',
    'ChatDeepSeek',
    // Other provider packages (@langchain/*, @langchain/community): not installed, names from their packages.
    'ChatGoogle',
    'ChatFireworks',
    'ChatTogetherAI',
    'ChatCerebras',
    'ChatPerplexity',
    'ChatOpenRouter',
    'ChatDeepInfra',
    'ChatCloudflareWorkersAI',
    'ChatWatsonx',
    'ChatNovitaAI',
    'ChatHuggingFace',
    'ChatBedrock',
    'BedrockChat',
    'ChatNVIDIA',
    'ChatLlamaCpp',
    'ChatWebLLM',
    'ChatZhipuAI',
    'ChatMoonshot',
    'ChatAlibabaTongyi',
    'ChatBaiduQianfan',
    'Ollama',
    'HuggingFaceInference',
    'OpenAI',
    'AzureOpenAI',
    'OpenAIEmbeddings',
    'AzureOpenAIEmbeddings',
    'GoogleGenerativeAIEmbeddings',
    'MistralAIEmbeddings',
    'CohereEmbeddings',
    'OllamaEmbeddings',
    'BedrockEmbeddings',
  ],
  // `initChatModel('openai:gpt-4o', { maxRetries })`: the model is the first (string) argument, the
  // constructor options the second. `createAgent({ model, middleware })` (langchain v1) builds an agent
  // whose `invoke` calls the model.
  clientFactories: ['initChatModel', 'createAgent'],
  // `invoke`/`stream`/`batch` belong to every Runnable: only these types' are model calls. Verified in
  // @langchain/core 1.4.0: language_models/base.d.ts:160,173,177 (`LanguageModelLike` is the Runnable
  // interface of a model), chat_models.d.ts:117,329, llms.d.ts:17,84, embeddings.d.ts:7,28.
  modelTypes: [
    'BaseLanguageModel',
    'BaseLanguageModelInterface',
    'LanguageModelLike',
    'BaseChatModel',
    'SimpleChatModel',
    'BaseLLM',
    'LLM',
    'Embeddings',
    'EmbeddingsInterface',
  ],
  operations: [
    method('invoke', false, 'text'),
    method('stream', true, 'stream'),
    method('batch', false, 'text'),
    method('streamEvents', true, 'stream'),
    method('streamLog', true, 'stream'),
    // chat_models.d.ts:291: `generate(messages[][], options)`.
    method('generate', false, 'text'),
    // Legacy (removed from @langchain/core 1.x, still in 0.x code bases).
    { ...method('call', false, 'text'), versions: { until: '1.0.0' } },
    { ...method('predict', false, 'text'), versions: { until: '1.0.0' } },
    { ...method('predictMessages', false, 'text'), versions: { until: '1.0.0' } },
    // Embeddings: `embedQuery(text)` / `embedDocuments(texts)` take no per-call config.
    embedding('embedQuery'),
    embedding('embedDocuments'),
  ],
  retry: {
    // core/dist/utils/async_caller.js:182: `this.maxRetries = params.maxRetries ?? 6`. The wrapped
    // provider SDK is built with `maxRetries: 0` (openai/dist/chat_models/base.js:315).
    defaultRetries: 6,
    paths: [
      { site: 'client', path: ['maxRetries'] },
      // language_models/base.d.ts:107: per-call override (new in core 1.x).
      { site: 'request', path: ['maxRetries'] },
    ],
    // Vendored p-retry (core/dist/utils/p-retry/index.js): 1 s initial, factor 2, `randomize: true`.
    backoff: 'exponential-jitter',
    // async_caller.js:12-23,131-160: no retry on 400-407, 409, 413, aborts, `insufficient_quota` or
    // quota-exhausted 429s; a 429 is retried only when its retry-after is at most 60 s.
    predicate: 'retryable',
    // runnables/base.js:43-48,836-851 (@langchain/core 1.4.0): `withRetry({ stopAfterAttempt })` wraps
    // the model in a RunnableRetry, `maxAttemptNumber = 3` by default, p-retry with `retries:
    // maxAttemptNumber - 1, randomize: true` and no predicate: every error is retried.
    derived: [
      {
        method: 'withRetry',
        countOption: 'stopAfterAttempt',
        counts: 'attempts',
        defaultAttempts: 3,
        backoff: 'exponential-jitter',
        predicate: 'all',
        label: 'LangChain withRetry',
      },
    ],
  },
  // runnables/base.js:70: `withFallbacks(fields)` returns a RunnableWithFallbacks that tries each
  // fallback runnable in turn when the model's call throws.
  fallbackMethods: ['withFallbacks'],
  timeout: {
    // LangChain itself has none; the provider client it builds may.
    defaultMs: null,
    // @langchain/openai 1.5.8 chat_models/base.js:314: every BaseChatOpenAI subclass (ChatOpenAI,
    // ChatOpenAIResponses, ChatOpenAICompletions, the Azure ones) builds `new OpenAI({ timeout:
    // this.timeout })`, so the OpenAI SDK's 600 s per-attempt default applies when unset. ChatAnthropic
    // builds an Anthropic client the same way.
    defaultMsByClient: {
      ChatOpenAI: 600_000,
      ChatOpenAIResponses: 600_000,
      ChatOpenAICompletions: 600_000,
      AzureChatOpenAI: 600_000,
      AzureChatOpenAIResponses: 600_000,
      AzureChatOpenAICompletions: 600_000,
      OpenAI: 600_000,
      AzureOpenAI: 600_000,
      OpenAIEmbeddings: 600_000,
      AzureOpenAIEmbeddings: 600_000,
      ChatAnthropic: 600_000,
    },
    paths: [
      // Constructor `timeout`, handed to the provider SDK (per attempt, not covering the body for OpenAI).
      { site: 'client', path: ['timeout'] },
      // runnables/types.d.ts:61: per-call `timeout` becomes `AbortSignal.timeout` (runnables/config.js:105-113),
      // which the AsyncCaller's retries share (utils/async_caller.js:202): one deadline.
      { site: 'request', path: ['timeout'], deadline: true },
    ],
    signalPaths: [{ site: 'request', path: ['signal'] }],
    // The per-call timeout is a signal and bounds the stream; the constructor timeout (the OpenAI SDK's)
    // does not. Conservative: false.
    coversStream: false,
  },
  maxTokens: [
    // openai/dist/chat_models/base.js:250: `maxCompletionTokens ?? maxTokens`.
    { site: 'client', path: ['maxTokens'] },
    { site: 'client', path: ['maxCompletionTokens'] },
    // ChatGoogleGenerativeAI / ChatVertexAI, ChatOllama (not installed).
    { site: 'client', path: ['maxOutputTokens'], clients: ['ChatGoogleGenerativeAI', 'ChatVertexAI', 'ChatGoogle'] },
    { site: 'client', path: ['numPredict'], clients: ['ChatOllama', 'Ollama'] },
  ],
  // openai/dist/chat_models/base.js:232: `fields.model ?? fields.modelName`.
  model: [
    { site: 'client', path: ['model'] },
    { site: 'client', path: ['modelName'] },
  ],
  // Tracing is usually switched on by environment (LANGSMITH_TRACING), not in code; per-call
  // `callbacks` may or may not log. Nothing here counts as telemetry by itself.
  structuredOutput: {
    // `model.withStructuredOutput(schema)` (a method); `StructuredOutputParser` validates with zod.
    helpers: ['withStructuredOutput', 'StructuredOutputParser'],
  },
  // In `response_metadata` of the AIMessage: OpenAI `finish_reason`, Anthropic `stop_reason`,
  // Google `finishReason`, Ollama `done_reason`.
  finishReasonFields: ['finish_reason', 'stop_reason', 'finishReason', 'done_reason'],
  fixes: {
    // runnables/config.js:105-113: the per-call `timeout` becomes an `AbortSignal.timeout`.
    timeout: [{ site: 'request', path: ['timeout'], writes: 'number' }],
    streamTimeout: [{ site: 'request', path: ['signal'], writes: 'signal' }],
    // The model's constructor option: LangChain's own caller retries.
    retries: [{ site: 'client', path: ['maxRetries'] }],
    // No signal recipe: the helper's signal would have to reach every provider the runnable wraps.
    signal: [],
    maxTokens: [{ site: 'client', path: ['maxTokens'] }],
  },
};
