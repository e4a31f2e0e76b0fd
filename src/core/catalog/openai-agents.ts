import type { SdkCatalogEntry } from './types';

/**
 * OpenAI Agents SDK (`@openai/agents`), verified against 0.20.0: `run(agent, input, options)` or
 * `new Runner().run(agent, input, options)`; options `{ stream, signal, maxTurns }`. The default
 * provider builds a plain `new OpenAI({...})` (agents-openai openaiProvider.js:68), whose defaults apply
 * to every model request of the run.
 */
export const OPENAI_AGENTS: SdkCatalogEntry<'openai-agents'> = {
  id: 'openai-agents',
  displayName: 'OpenAI Agents',
  packages: ['@openai/agents', '@openai/agents-core', '@openai/agents-openai'],
  clientClasses: ['Runner'],
  operations: [
    { name: 'run', kind: 'function', path: ['run'], streaming: 'option', output: 'text', paramsArg: 2, requestArg: 2 },
    {
      name: 'Runner.run',
      kind: 'method',
      path: ['run'],
      streaming: 'option',
      output: 'text',
      paramsArg: 2,
      requestArg: 2,
    },
  ],
  retry: { defaultRetries: 2, paths: [], backoff: 'exponential-jitter', predicate: 'retryable' },
  timeout: {
    defaultMs: 600_000,
    paths: [],
    // run.d.ts:188: `signal`.
    signalPaths: [{ site: 'request', path: ['signal'] }],
    coversStream: false,
  },
  // The token limit is the agent's `modelSettings.maxTokens`, not a run option.
  maxTokens: [],
  model: [],
  finishReasonFields: [],
  fixes: {
    timeout: [],
    retries: [],
    signal: [{ site: 'request', path: ['signal'] }],
    maxTokens: [],
  },
};
