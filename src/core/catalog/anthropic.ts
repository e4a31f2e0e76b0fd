import { stainlessFixes, STAINLESS_TRANSIENT_ERRORS } from './stainless';
import type { SdkCatalogEntry } from './types';
import { posthogClients } from './posthog';

/**
 * Anthropic TypeScript SDK (`@anthropic-ai/sdk`), verified against 1.13.0. See
 * docs/sdk-facts-verified.md for line numbers.
 */
export const ANTHROPIC: SdkCatalogEntry<'anthropic'> = {
  id: 'anthropic',
  displayName: 'Anthropic',
  // The Bedrock and Vertex packages are not installed: their clients subclass `BaseAnthropic` and
  // share its options and defaults (names from their READMEs).
  packages: ['@anthropic-ai/sdk', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk'],
  clientClasses: ['Anthropic', 'BaseAnthropic', 'AnthropicBedrock', 'AnthropicVertex'],
  reexportedBy: posthogClients('anthropic', 'Anthropic', ['Anthropic']),
  operations: [
    {
      name: 'messages.create',
      kind: 'method',
      path: ['messages', 'create'],
      streaming: 'option',
      output: 'text',
      requestArg: 1,
      usage: { field: 'usage' },
    },
    {
      // lib/MessageStream.js:60: a failure is emitted as `'error'`; the iterator and the
      // `final*()` promises reject with it too.
      name: 'messages.stream',
      kind: 'method',
      path: ['messages', 'stream'],
      streaming: true,
      output: 'stream',
      requestArg: 1,
      errorEvent: 'error',
    },
    {
      name: 'messages.parse',
      kind: 'method',
      path: ['messages', 'parse'],
      streaming: false,
      output: 'structured',
      requestArg: 1,
      usage: { field: 'usage' },
    },
    {
      name: 'beta.messages.create',
      kind: 'method',
      path: ['beta', 'messages', 'create'],
      streaming: 'option',
      output: 'text',
      requestArg: 1,
      usage: { field: 'usage' },
    },
    {
      name: 'beta.messages.stream',
      kind: 'method',
      path: ['beta', 'messages', 'stream'],
      streaming: true,
      output: 'stream',
      requestArg: 1,
      errorEvent: 'error',
    },
    {
      name: 'beta.messages.parse',
      kind: 'method',
      path: ['beta', 'messages', 'parse'],
      streaming: false,
      output: 'structured',
      requestArg: 1,
      usage: { field: 'usage' },
    },
    {
      name: 'beta.messages.toolRunner',
      kind: 'method',
      path: ['beta', 'messages', 'toolRunner'],
      streaming: 'option',
      output: 'text',
      requestArg: 1,
      fixes: { maxTokens: [] },
    },
    // Legacy Text Completions: gone from 1.13.0 (no resources/completions), kept for 0.x code bases.
    {
      name: 'completions.create',
      kind: 'method',
      path: ['completions', 'create'],
      // The legacy Text Completions API: in 0.x, absent from the installed 1.13.0.
      versions: { until: '1.0.0' },
      streaming: 'option',
      output: 'text',
      requestArg: 1,
      fixes: { maxTokens: [{ site: 'params', path: ['max_tokens_to_sample'], versions: { until: '1.0.0' } }] },
    },
  ],
  retry: {
    // client.js:170: `options.maxRetries ?? 2`.
    defaultRetries: 2,
    paths: [
      { site: 'client', path: ['maxRetries'] },
      { site: 'request', path: ['maxRetries'] },
    ],
    // client.js:915: 0.5 s doubling, capped at 8 s, minus up to 25 % jitter.
    backoff: 'exponential-jitter',
    // client.js:848: connection errors and timeouts, 408, 409, 429, >= 500 (529 overloaded included).
    predicate: 'retryable',
    // core/error.js: the connection and timeout errors (the others carry a status).
    transientErrors: STAINLESS_TRANSIENT_ERRORS,
  },
  timeout: {
    // client.js:1052: `BaseAnthropic.DEFAULT_TIMEOUT = 600000`, per attempt. With no timeout set, a
    // non-streaming `messages.create` whose `max_tokens` exceeds 21 333 throws before sending
    // (client.js:925, resources/messages/messages.js:252).
    defaultMs: 600_000,
    paths: [
      { site: 'client', path: ['timeout'] },
      { site: 'request', path: ['timeout'] },
    ],
    signalPaths: [
      { site: 'request', path: ['signal'] },
      { site: 'request', path: ['fetchOptions', 'signal'] },
      { site: 'client', path: ['fetchOptions', 'signal'] },
    ],
    // client.js:795-802: the timer wraps the bare `fetch` and is cleared when it resolves (headers).
    coversStream: false,
  },
  // Required by `messages.create` (not optional); `max_tokens_to_sample` is the legacy completions name.
  maxTokens: [
    { site: 'params', path: ['max_tokens'] },
    { site: 'params', path: ['max_tokens_to_sample'], versions: { until: '1.0.0' } },
  ],
  model: [{ site: 'params', path: ['model'] }],
  // client.d.ts:177 / internal/request-options.d.ts:119: built-in OpenTelemetry spans. They are emitted
  // by default whenever the app registers a tracer provider; `openTelemetry: false` turns them off, so
  // the analyser must read the value, not just the presence.
  telemetry: [
    { site: 'client', path: ['openTelemetry'] },
    { site: 'request', path: ['openTelemetry'] },
  ],
  structuredOutput: {
    // helpers/zod.d.ts:12, helpers/json-schema.d.ts:12, helpers/beta/*.d.ts.
    helpers: [
      'zodOutputFormat',
      'jsonSchemaOutputFormat',
      'betaZodOutputFormat',
      'betaJSONSchemaOutputFormat',
      'betaStandardSchemaOutputFormat',
      'betaZodTool',
      'betaStandardSchemaTool',
    ],
    // messages.d.ts:3958: `output_config.format: { type: 'json_schema', schema }` (server-constrained).
    paths: [{ site: 'params', path: ['output_config', 'format', 'schema'] }],
    operations: ['messages.parse', 'beta.messages.parse'],
  },
  // messages.d.ts:3851: `stop_reason` ('max_tokens', 'refusal', ...).
  finishReasonFields: ['stop_reason'],
  fixes: stainlessFixes([{ site: 'params', path: ['max_tokens'] }]),
  fallbackModels: ['claude-haiku-4-5', 'claude-sonnet-4-5'],
  aiSdkProviders: ['anthropic'],
};
