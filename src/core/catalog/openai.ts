import { posthogClients } from './posthog';
import { stainlessFixes, STAINLESS_TRANSIENT_ERRORS } from './stainless';
import type { OperationShape, SdkCatalogEntry } from './types';

/**
 * OpenAI Node SDK (`openai`), verified against 6.49.0. Every fact below was read from the installed
 * package; docs/sdk-facts-verified.md has the line numbers.
 */
export const OPENAI: SdkCatalogEntry<'openai'> = {
  id: 'openai',
  displayName: 'OpenAI',
  // `openai-edge`: the fetch port of openai 3's API that edge routes used (same classes and methods).
  packages: ['openai', 'openai-edge'],
  versionPackage: 'openai',
  // index.d.ts: `OpenAI` (also the default export), `AzureOpenAI`, `BedrockOpenAI` share one surface;
  // openai 3 and openai-edge: `new OpenAIApi(new Configuration({ apiKey }))`.
  clientClasses: ['OpenAI', 'AzureOpenAI', 'BedrockOpenAI', 'OpenAIApi'],
  // @langchain/openai 1.5.8 dist/index.d.ts:36-37: `import { OpenAI as OpenAIClient } from "openai"`,
  // exported as `OpenAIClient` (its own `OpenAI` is a LangChain model class).
  reexportedBy: [
    { module: '@langchain/openai', name: 'OpenAIClient', as: 'OpenAI' },
    ...posthogClients('openai', 'OpenAI', ['OpenAI']),
    ...posthogClients('openai', 'AzureOpenAI', ['AzureOpenAI']),
  ],
  operations: [
    {
      name: 'chat.completions.create',
      kind: 'method',
      path: ['chat', 'completions', 'create'],
      streaming: 'option',
      output: 'text',
      requestArg: 1,
      usage: { field: 'usage' },
      // helpers/zod.d.ts:67 `zodResponseFormat(zodObject, name)` (since 4.55.0, CHANGELOG.md:2953);
      // `parse` is `beta.chat.completions.parse` before 5.0.0 ("promote beta completions methods to
      // GA", CHANGELOG.md:1447). The result's `choices[].message.parsed` holds the parsed value.
      structuredFix: [
        {
          operation: 'chat.completions.parse',
          option: 'response_format',
          helper: { module: 'openai/helpers/zod', name: 'zodResponseFormat' },
          text: ['message', 'content'],
          parsed: 'parsed',
          versions: { since: '5.0.0' },
        },
        {
          operation: 'beta.chat.completions.parse',
          option: 'response_format',
          helper: { module: 'openai/helpers/zod', name: 'zodResponseFormat' },
          text: ['message', 'content'],
          parsed: 'parsed',
          versions: { since: '4.55.0', until: '5.0.0' },
        },
      ],
    },
    {
      name: 'chat.completions.parse',
      kind: 'method',
      path: ['chat', 'completions', 'parse'],
      versions: { since: '5.0.0' },
      streaming: false,
      output: 'structured',
      requestArg: 1,
      usage: { field: 'usage' },
    },
    {
      // lib/EventStream.js:268: the stream helpers emit a failure as `'error'` and reject their
      // promises and iterator with it (ChatCompletionStream, the runners, ResponseStream).
      name: 'chat.completions.stream',
      kind: 'method',
      path: ['chat', 'completions', 'stream'],
      streaming: true,
      output: 'stream',
      requestArg: 1,
      errorEvent: 'error',
    },
    {
      name: 'chat.completions.runTools',
      kind: 'method',
      path: ['chat', 'completions', 'runTools'],
      streaming: 'option',
      output: 'text',
      requestArg: 1,
      errorEvent: 'error',
    },
    // openai v4 only: removed in v5 and absent from the installed 6.49.0; kept so v4 code bases are recognised.
    {
      name: 'beta.chat.completions.parse',
      kind: 'method',
      path: ['beta', 'chat', 'completions', 'parse'],
      versions: { until: '5.0.0' },
      streaming: false,
      output: 'structured',
      requestArg: 1,
    },
    {
      name: 'beta.chat.completions.stream',
      kind: 'method',
      path: ['beta', 'chat', 'completions', 'stream'],
      versions: { until: '5.0.0' },
      streaming: true,
      output: 'stream',
      requestArg: 1,
      errorEvent: 'error',
    },
    {
      name: 'responses.create',
      kind: 'method',
      path: ['responses', 'create'],
      streaming: 'option',
      output: 'text',
      requestArg: 1,
      usage: { field: 'usage' },
      fixes: { maxTokens: [{ site: 'params', path: ['max_output_tokens'] }] },
    },
    {
      name: 'responses.parse',
      kind: 'method',
      path: ['responses', 'parse'],
      streaming: false,
      output: 'structured',
      requestArg: 1,
      usage: { field: 'usage' },
      fixes: { maxTokens: [{ site: 'params', path: ['max_output_tokens'] }] },
    },
    {
      name: 'responses.stream',
      kind: 'method',
      path: ['responses', 'stream'],
      streaming: true,
      output: 'stream',
      requestArg: 1,
      errorEvent: 'error',
      fixes: { maxTokens: [{ site: 'params', path: ['max_output_tokens'] }] },
    },
    // openai 3.x and openai-edge (apps written before openai 4, August 2023).
    ...openaiV3Methods(),
    // The Assistants API (deprecated for the Responses API, still in many apps): a run of an
    // assistant on a thread (beta/threads/runs/runs.d.ts:59-79, threads.d.ts:50-64). The thread id
    // comes first; the answer is read from the thread's messages once the run completes.
    ...assistantRuns(),
    {
      name: 'completions.create',
      kind: 'method',
      path: ['completions', 'create'],
      streaming: 'option',
      output: 'text',
      requestArg: 1,
      usage: { field: 'usage' },
      fixes: { maxTokens: [{ site: 'params', path: ['max_tokens'] }] },
    },
    {
      name: 'embeddings.create',
      kind: 'method',
      path: ['embeddings', 'create'],
      streaming: false,
      output: 'embedding',
      requestArg: 1,
      usage: { field: 'usage' },
    },
    {
      // A moderation check (`results[0].flagged`): a model call, billed and failing like the others.
      name: 'moderations.create',
      kind: 'method',
      path: ['moderations', 'create'],
      streaming: false,
      output: 'moderation',
      requestArg: 1,
    },
    {
      name: 'images.generate',
      kind: 'method',
      path: ['images', 'generate'],
      streaming: 'option',
      output: 'image',
      requestArg: 1,
    },
    {
      name: 'images.edit',
      kind: 'method',
      path: ['images', 'edit'],
      streaming: 'option',
      output: 'image',
      requestArg: 1,
    },
    {
      name: 'audio.transcriptions.create',
      kind: 'method',
      path: ['audio', 'transcriptions', 'create'],
      streaming: 'option',
      output: 'text',
      requestArg: 1,
      // The text is as long as the audio: no output-token limit applies.
      tokenCap: false,
    },
    {
      name: 'audio.translations.create',
      kind: 'method',
      path: ['audio', 'translations', 'create'],
      streaming: false,
      output: 'text',
      requestArg: 1,
      // The text is as long as the audio: no output-token limit applies.
      tokenCap: false,
    },
    {
      name: 'audio.speech.create',
      kind: 'method',
      path: ['audio', 'speech', 'create'],
      streaming: false,
      output: 'audio',
      requestArg: 1,
    },
  ],
  retry: {
    // openai/client.js:173: `this.maxRetries = options.maxRetries ?? 2`.
    defaultRetries: 2,
    paths: [
      { site: 'client', path: ['maxRetries'] },
      { site: 'request', path: ['maxRetries'] },
    ],
    // openai/client.js:610: 0.5 s doubling, capped at 8 s, minus up to 25 % jitter.
    backoff: 'exponential-jitter',
    // openai/client.js:558: connection errors, 408, 409, 429, >= 500 (or `x-should-retry`).
    predicate: 'retryable',
    // core/error.js: the connection and timeout errors (the others carry a status).
    transientErrors: STAINLESS_TRANSIENT_ERRORS,
  },
  timeout: {
    // openai/client.js:747: `OpenAI.DEFAULT_TIMEOUT = 600000; // 10 minutes`, per attempt; timed-out attempts are retried.
    defaultMs: 600_000,
    paths: [
      { site: 'client', path: ['timeout'] },
      { site: 'request', path: ['timeout'] },
    ],
    signalPaths: [
      { site: 'request', path: ['signal'] },
      // internal/request-options.d.ts: `fetchOptions` are merged into the fetch init; its signal is honoured too.
      { site: 'request', path: ['fetchOptions', 'signal'] },
      { site: 'client', path: ['fetchOptions', 'signal'] },
    ],
    // openai/client.js:531-557: the timer is cleared in `finally` once `fetch` resolves, i.e. at the
    // response headers. Neither a streamed body nor a non-streamed body read is bounded by it.
    coversStream: false,
  },
  maxTokens: [
    // chat/completions.d.ts: `max_completion_tokens` (current; new in 4.60.0, CHANGELOG.md "add o1
    // models") and `max_tokens` (deprecated, still sent).
    { site: 'params', path: ['max_completion_tokens'], versions: { since: '4.60.0' } },
    { site: 'params', path: ['max_tokens'] },
    // responses.d.ts: `max_output_tokens`.
    { site: 'params', path: ['max_output_tokens'] },
  ],
  model: [{ site: 'params', path: ['model'] }],
  // No `telemetry`: the SDK's `logLevel`/`logger` client options only log request lines; the rules count
  // them as partial observability, not as structured telemetry.
  structuredOutput: {
    // openai/helpers/zod.d.ts:67-103 and openai/helpers/standard-schema.d.ts:76-102 (the Standard Schema
    // variants are new in 6.x).
    helpers: [
      'zodResponseFormat',
      'zodTextFormat',
      'zodFunction',
      'zodResponsesFunction',
      'standardResponseFormat',
      'standardTextFormat',
      'standardFunction',
      'standardResponsesFunction',
    ],
    // These paths exist only when a JSON schema is given (`type: 'json_schema'`); the server constrains
    // the output, the client does not re-check it unless `.parse()` is used.
    paths: [
      { site: 'params', path: ['response_format', 'json_schema'] },
      { site: 'params', path: ['text', 'format', 'schema'] },
    ],
    operations: ['chat.completions.parse', 'responses.parse', 'beta.chat.completions.parse'],
  },
  // Chat: `choices[].finish_reason`; Responses: `status` ('incomplete') and `incomplete_details.reason`.
  finishReasonFields: ['finish_reason', 'status', 'incomplete_details'],
  // Chat completions (the operations without their own recipe): `max_completion_tokens` where the
  // installed version has it, else `max_tokens`.
  fixes: stainlessFixes([
    { site: 'params', path: ['max_completion_tokens'], versions: { since: '4.60.0' } },
    { site: 'params', path: ['max_tokens'] },
  ]),
  fallbackModels: ['gpt-4o-mini', 'gpt-4.1-mini'],
  aiSdkProviders: ['openai'],
};

/** `beta.threads.runs.*(threadId, body, options)` and `beta.threads.createAndRun*(body, options)`. */
function assistantRuns(): OperationShape[] {
  const run = (
    path: string[],
    streaming: OperationShape['streaming'],
    onThread: boolean,
    tokenCap?: false,
  ): OperationShape => ({
    name: ['beta', 'threads', ...path].join('.'),
    kind: 'method',
    path: ['beta', 'threads', ...path],
    streaming,
    output: streaming === true ? 'stream' : 'text',
    paramsArg: onThread ? 1 : 0,
    requestArg: onThread ? 2 : 1,
    ...(tokenCap === false ? { tokenCap } : {}),
    // The streaming ones return an AssistantStream, an EventStream (see `chat.completions.stream`).
    ...(streaming === true ? { errorEvent: 'error' } : {}),
  });
  return [
    run(['runs', 'create'], 'option', true),
    run(['runs', 'createAndPoll'], false, true),
    run(['runs', 'stream'], true, true),
    run(['runs', 'createAndStream'], true, true),
    run(['createAndRun'], 'option', false),
    run(['createAndRunPoll'], false, false),
    run(['createAndRunStream'], true, false),
    // A run that waits for tool outputs goes on generating once they are submitted; its token
    // limit is the run's, set when it was created (the submission takes none). The runs resource
    // of openai 5 takes `(runId, params, options)`, the position of a run's thread id and body
    // above; openai 4 took `(threadId, runId, body, options)`, whose body is then not read.
    run(['runs', 'submitToolOutputs'], 'option', true, false),
    run(['runs', 'submitToolOutputsAndPoll'], false, true, false),
    run(['runs', 'submitToolOutputsStream'], true, true, false),
  ];
}

/**
 * openai 3.x (`OpenAIApi`, axios) and openai-edge (its fetch port): `openai.createChatCompletion(
 * params, options)`; openai 3 answers with axios's response (the body in `data`), openai-edge with
 * fetch's `Response`. Neither retries, and neither sets a timeout: axios's default is none and
 * fetch has none. The options are axios's config (openai 3.3.0 `api.ts:3804`) or fetch's init
 * (openai-edge 1.2.2 `types/api.d.ts:15`, `RequestConfig = RequestInit`), so no one timeout
 * option fits both: no timeout or retry fix is offered. Not installed; read from `npm pack`.
 */
function openaiV3Methods(): OperationShape[] {
  const v3 = (
    name: string,
    streaming: OperationShape['streaming'],
    output: OperationShape['output'],
  ): OperationShape => ({
    name,
    kind: 'method',
    path: [name],
    streaming,
    output,
    requestArg: 1,
    versions: { until: '4.0.0' },
    defaults: { retries: 0, timeoutMs: null },
    fixes: {
      timeout: [],
      streamTimeout: [],
      retries: [],
      signal: [],
      maxTokens: output === 'text' ? [{ site: 'params', path: ['max_tokens'] }] : [],
    },
  });
  return [
    v3('createChatCompletion', 'option', 'text'),
    v3('createCompletion', 'option', 'text'),
    v3('createEmbedding', false, 'embedding'),
    v3('createImage', false, 'image'),
    v3('createModeration', false, 'moderation'),
  ];
}
