import type { FixRecipes, OperationShape, OptionPath, SdkCatalogEntry } from './types';

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

/** A method of a Stainless client: `client.chat.completions.create(params, requestOptions)`. */
export function stainlessMethod(
  path: string[],
  streaming: OperationShape['streaming'],
  output: OperationShape['output'],
  more: Partial<OperationShape> = {},
): OperationShape {
  return { name: path.join('.'), kind: 'method', path, streaming, output, requestArg: 1, ...more };
}

/**
 * The connection and timeout errors of a Stainless client (core/error.js: `APIConnectionError`,
 * `APIConnectionTimeoutError`; the others carry an HTTP status). OpenAI's and Groq's set no `name`,
 * so they are known by their class's name; Anthropic's set it (`_errorName`).
 */
export const STAINLESS_TRANSIENT_ERRORS = ['APIConnectionError', 'APIConnectionTimeoutError'];

/** Retries and timeouts of a Stainless client: `maxRetries` and `timeout` on the client and per request. */
export function stainlessLimits(defaultRetries: number, defaultMs: number): Pick<SdkCatalogEntry, 'retry' | 'timeout'> {
  return {
    retry: {
      defaultRetries,
      paths: [
        { site: 'client', path: ['maxRetries'] },
        { site: 'request', path: ['maxRetries'] },
      ],
      // Connection errors, 408, 409, 429 and >= 500, exponential backoff with jitter.
      backoff: 'exponential-jitter',
      predicate: 'retryable',
      transientErrors: STAINLESS_TRANSIENT_ERRORS,
    },
    timeout: {
      defaultMs,
      paths: [
        { site: 'client', path: ['timeout'] },
        { site: 'request', path: ['timeout'] },
      ],
      signalPaths: [{ site: 'request', path: ['signal'] }],
      // The timer stops once the response headers arrive.
      coversStream: false,
    },
  };
}
