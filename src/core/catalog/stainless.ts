import type { FixRecipes, OptionPath } from './types';

/**
 * The fix recipes shared by the Stainless-generated SDKs (OpenAI, Anthropic, Groq and the
 * OpenAI-shaped providers): a per-request `timeout` in the second argument, which stops at the
 * response headers, so a stream gets a `signal` instead; `maxRetries` and `signal` there too.
 */
export function stainlessFixes(maxTokens: OptionPath[]): FixRecipes {
  return {
    timeout: [{ site: 'request', path: ['timeout'], writes: 'number' }],
    streamTimeout: [{ site: 'request', path: ['signal'], writes: 'signal' }],
    retries: [{ site: 'request', path: ['maxRetries'] }],
    signal: [{ site: 'request', path: ['signal'] }],
    maxTokens,
  };
}
