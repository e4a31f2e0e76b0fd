import type { OperationShape, SdkCatalogEntry } from './types';

/** `client.send(new <Name>(input), { abortSignal, requestTimeout })`: input is the command's argument. */
function command(name: string, streaming: boolean, output: OperationShape['output']): OperationShape {
  return { name, kind: 'command', path: [name], streaming, output, paramsArg: 0, requestArg: 1 };
}

/** The aggregated client's methods: `runtime.converse(input, options)`. */
function method(name: string, streaming: boolean, output: OperationShape['output']): OperationShape {
  return { name, kind: 'method', path: [name], streaming, output, paramsArg: 0, requestArg: 1 };
}

/** InvokeModel's body is the model provider's own JSON (a string or bytes): no token option to write. */
const INVOKE_FIXES: OperationShape['fixes'] = { maxTokens: [] };

/**
 * Agents and knowledge-base answers (`@aws-sdk/client-bedrock-agent-runtime`): the model and its
 * token limit are the agent's or the knowledge base's configuration, not the request's.
 */
const AGENT_SHAPE: Partial<OperationShape> = { tokenCap: false, fixes: { maxTokens: [] } };

/**
 * AWS Bedrock Runtime (`@aws-sdk/client-bedrock-runtime`), verified against 3.1164.0 with
 * @smithy/core (retry) and @smithy/node-http-handler 4.14.2. Bedrock Agent Runtime
 * (`@aws-sdk/client-bedrock-agent-runtime`, verified against 3.1178.0)
 * is the same Smithy client: its runtime config builds the same NodeHttp2Handler
 * (dist-cjs/index.js:3707) and takes the same retry settings.
 */
export const BEDROCK: SdkCatalogEntry<'bedrock'> = {
  id: 'bedrock',
  displayName: 'AWS Bedrock',
  packages: ['@aws-sdk/client-bedrock-runtime', '@aws-sdk/client-bedrock-agent-runtime'],
  // `BedrockRuntimeClient` takes commands; `BedrockRuntime` (dist-types/BedrockRuntime.d.ts) adds methods.
  clientClasses: ['BedrockRuntimeClient', 'BedrockRuntime', 'BedrockAgentRuntimeClient', 'BedrockAgentRuntime'],
  operations: [
    { ...command('ConverseCommand', false, 'text'), usage: { field: 'usage' } },
    command('ConverseStreamCommand', true, 'stream'),
    // Titan and Cohere embedding models answer InvokeModel too (`{ embedding }`, `{ embeddings }`).
    { ...command('InvokeModelCommand', false, 'text'), fixes: INVOKE_FIXES, outputFromUse: true },
    { ...command('InvokeModelWithResponseStreamCommand', true, 'stream'), fixes: INVOKE_FIXES },
    { ...method('converse', false, 'text'), usage: { field: 'usage' } },
    method('converseStream', true, 'stream'),
    { ...method('invokeModel', false, 'text'), fixes: INVOKE_FIXES },
    { ...method('invokeModelWithResponseStream', true, 'stream'), fixes: INVOKE_FIXES },
    // Agent runtime (dist-types/commands): an agent's answer arrives as a stream of chunks.
    { ...command('InvokeAgentCommand', true, 'stream'), ...AGENT_SHAPE },
    { ...command('InvokeInlineAgentCommand', true, 'stream'), ...AGENT_SHAPE },
    { ...command('RetrieveAndGenerateCommand', false, 'text'), ...AGENT_SHAPE },
    { ...command('RetrieveAndGenerateStreamCommand', true, 'stream'), ...AGENT_SHAPE },
    { ...method('invokeAgent', true, 'stream'), ...AGENT_SHAPE },
    { ...method('retrieveAndGenerate', false, 'text'), ...AGENT_SHAPE },
    { ...method('retrieveAndGenerateStream', true, 'stream'), ...AGENT_SHAPE },
  ],
  retry: {
    // @smithy/core dist-es/submodules/retry/util-retry/config.js: `DEFAULT_MAX_ATTEMPTS = 3` (standard
    // mode) = 2 retries; read at dist-cjs/index.js:2106 `config?.maxAttempts ?? loadConfig(...)`
    // (the AWS_MAX_ATTEMPTS environment variable or the shared config file can change it).
    defaultRetries: 2,
    paths: [{ site: 'client', path: ['maxAttempts'], counts: 'attempts' }],
    // util-retry/DefaultRetryBackoffStrategy.js: `random * min(50 ms * 2 ** i, 20 s)` (full jitter;
    // 1 s base for throttling errors, retries-2026-config.js).
    backoff: 'exponential-jitter',
    // Throttling, transient and 5xx errors only.
    predicate: 'retryable',
    // dist-cjs/index.js: service exceptions with their `name` set (`name = "ThrottlingException"`).
    transientErrors: [
      'ThrottlingException',
      'ServiceUnavailableException',
      'InternalServerException',
      'ModelNotReadyException',
    ],
  },
  timeout: {
    // No timeout: the default `defaultsMode` ('legacy') sets none, and the runtime client builds a
    // NodeHttp2Handler (dist-cjs/index.js:2108) with no `requestTimeout`.
    defaultMs: null,
    paths: [
      // `requestHandler: { requestTimeout }` (an options object or a handler instance).
      { site: 'client', path: ['requestHandler', 'requestTimeout'] },
      // @smithy/types http.d.ts:103-110: `send`'s HttpHandlerOptions also take `requestTimeout`.
      { site: 'request', path: ['requestTimeout'] },
    ],
    signalPaths: [{ site: 'request', path: ['abortSignal'] }],
    // A handler instance (`requestHandler: new NodeHttpHandler({ ... })`), per attempt:
    handlers: [
      // @smithy/node-http-handler dist-types/node-http2-handler.d.ts: `requestTimeout`, "the maximum
      // time in milliseconds that a stream may remain idle before it is closed" (the runtime
      // client's own handler, which an options object configures).
      { option: 'requestHandler', classes: ['NodeHttp2Handler'], timeouts: [{ name: 'requestTimeout' }] },
      {
        option: 'requestHandler',
        classes: ['NodeHttpHandler'],
        timeouts: [
          // @smithy/types dist-types/http/httpHandlerInitialization.d.ts (NodeHttpHandlerOptions):
          // `socketTimeout`, the time a socket may stay idle (dist-es/set-socket-timeout.js rejects
          // with a TimeoutError); `requestTimeout` "If exceeded, a warning will be emitted unless
          // throwOnRequestTimeout=true, in which case a TimeoutError will be thrown"
          // (dist-es/set-request-timeout.js): alone it bounds nothing. `connectionTimeout` bounds
          // only the connection phase.
          { name: 'socketTimeout' },
          { name: 'requestTimeout', requires: 'throwOnRequestTimeout' },
        ],
      },
    ],
    // node-http-handler NodeHttp2Handler.handle: `requestTimeout` is `clientHttp2Stream.setTimeout`, an
    // inactivity timeout ("no activity for N ms") that stays armed while the response streams. It stops
    // a stalled stream, not a slow one.
    coversStream: true,
  },
  // Converse: `inferenceConfig.maxTokens` (models_0.d.ts:1682). InvokeModel carries the provider's own
  // JSON in `body` (often `JSON.stringify({ max_tokens })`), which an option path cannot reach.
  maxTokens: [{ site: 'params', path: ['inferenceConfig', 'maxTokens'] }],
  model: [{ site: 'params', path: ['modelId'] }],
  structuredOutput: {
    // models_0.d.ts:3237 `outputConfig.textFormat: { type, structure: { jsonSchema } }` (Converse).
    paths: [{ site: 'params', path: ['outputConfig', 'textFormat'] }],
  },
  // Converse `stopReason` (models_0.d.ts:3822); InvokeModel bodies carry the provider's own field.
  finishReasonFields: ['stopReason', 'stop_reason'],
  fixes: {
    timeout: [{ site: 'request', path: ['abortSignal'], writes: 'signal' }],
    // @smithy's `maxAttempts` counts the first call.
    retries: [{ site: 'client', path: ['maxAttempts'], counts: 'attempts' }],
    signal: [{ site: 'request', path: ['abortSignal'] }],
    maxTokens: [{ site: 'params', path: ['inferenceConfig', 'maxTokens'] }],
  },
  fallbackModels: ['anthropic.claude-3-haiku-20240307-v1:0', 'amazon.nova-lite-v1:0'],
  aiSdkProviders: ['bedrock'],
};
