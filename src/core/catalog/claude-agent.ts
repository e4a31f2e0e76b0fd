import type { SdkCatalogEntry } from './types';

/**
 * Claude Agent SDK (`@anthropic-ai/claude-agent-sdk`; `@anthropic-ai/claude-code` before the rename):
 * `query({ prompt, options })` runs Claude Code and yields its messages as they come. Not installed:
 * the package ships the CLI.
 */
export const CLAUDE_AGENT: SdkCatalogEntry<'claude-agent'> = {
  id: 'claude-agent',
  displayName: 'Claude Agent SDK',
  packages: ['@anthropic-ai/claude-agent-sdk', '@anthropic-ai/claude-code'],
  clientClasses: [],
  operations: [{ name: 'query', kind: 'function', path: ['query'], streaming: true, output: 'stream' }],
  retry: {
    // Claude Code retries API errors up to 10 times (`CLAUDE_CODE_MAX_RETRIES`, default 10), with
    // exponential backoff from 0.5 s.
    defaultRetries: 10,
    paths: [],
    backoff: 'exponential-jitter',
    predicate: 'retryable',
  },
  timeout: {
    // The CLI's Anthropic client keeps its 600 s default unless `API_TIMEOUT_MS` is set.
    defaultMs: 600_000,
    paths: [],
    // `options.abortController` (a controller, not a signal) aborts the query.
    signalPaths: [{ site: 'params', path: ['options', 'abortController'] }],
    coversStream: false,
  },
  maxTokens: [],
  model: [{ site: 'params', path: ['options', 'model'] }],
  finishReasonFields: ['subtype'],
  fixes: { timeout: [], retries: [], signal: [], maxTokens: [] },
};
