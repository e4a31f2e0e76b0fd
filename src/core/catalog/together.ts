import { stainlessFixes, stainlessLimits, stainlessMethod } from './stainless';
import type { SdkCatalogEntry } from './types';

/**
 * Together AI SDK (`together-ai`), verified against 0.52.0: a Stainless client (client.js:85/95:
 * `timeout ?? DEFAULT_TIMEOUT` = 60 000 ms, `maxRetries ?? 2`), OpenAI-shaped resources.
 */
export const TOGETHER: SdkCatalogEntry<'together'> = {
  id: 'together',
  displayName: 'Together AI',
  packages: ['together-ai'],
  clientClasses: ['Together'],
  operations: [
    stainlessMethod(['chat', 'completions', 'create'], 'option', 'text', { usage: { field: 'usage' } }),
    stainlessMethod(['completions', 'create'], 'option', 'text', { usage: { field: 'usage' } }),
    stainlessMethod(['embeddings', 'create'], false, 'embedding'),
    stainlessMethod(['images', 'generate'], false, 'image'),
  ],
  ...stainlessLimits(2, 60_000),
  // resources/chat/completions.d.ts:347.
  maxTokens: [{ site: 'params', path: ['max_tokens'] }],
  model: [{ site: 'params', path: ['model'] }],
  // resources/chat/completions.d.ts:388/473: `response_format: { type: 'json_schema', json_schema }`.
  structuredOutput: { paths: [{ site: 'params', path: ['response_format', 'json_schema'] }] },
  finishReasonFields: ['finish_reason'],
  fixes: stainlessFixes([{ site: 'params', path: ['max_tokens'] }]),
  aiSdkProviders: ['togetherai'],
};
