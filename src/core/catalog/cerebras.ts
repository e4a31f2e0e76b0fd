import { stainlessFixes, stainlessLimits, stainlessMethod } from './stainless';
import type { SdkCatalogEntry } from './types';

/**
 * Cerebras Cloud SDK (`@cerebras/cerebras_cloud_sdk`), verified against 1.91.0: a Stainless client
 * (core.js:133: `maxRetries = 2, timeout = 60000`), OpenAI-shaped chat completions.
 */
export const CEREBRAS: SdkCatalogEntry<'cerebras'> = {
  id: 'cerebras',
  displayName: 'Cerebras',
  packages: ['@cerebras/cerebras_cloud_sdk'],
  clientClasses: ['Cerebras'],
  operations: [
    // No `usage` for the log fix: the result type is a union with `ErrorChunkResponse`, which has none
    // (resources/chat/completions.d.ts), so `completion.usage` does not type-check.
    stainlessMethod(['chat', 'completions', 'create'], 'option', 'text'),
    stainlessMethod(['completions', 'create'], 'option', 'text', {
      fixes: { maxTokens: [{ site: 'params', path: ['max_tokens'] }] },
    }),
  ],
  ...stainlessLimits(2, 60_000),
  // resources/chat/completions.d.ts:413-420: `max_completion_tokens` and the older `max_tokens`.
  maxTokens: [
    { site: 'params', path: ['max_completion_tokens'] },
    { site: 'params', path: ['max_tokens'] },
  ],
  model: [{ site: 'params', path: ['model'] }],
  structuredOutput: { paths: [{ site: 'params', path: ['response_format', 'json_schema'] }] },
  finishReasonFields: ['finish_reason'],
  fixes: stainlessFixes([{ site: 'params', path: ['max_completion_tokens'] }]),
  fallbackModels: ['llama3.1-8b', 'llama-3.3-70b'],
  aiSdkProviders: ['cerebras'],
};
