import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('retry-all-errors', {
  valid: [
    {
      name: 'does not report p-retry with a retryable-status predicate',
      code: `import OpenAI, { APIError } from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0 });
const RETRYABLE_STATUS = new Set([408, 409, 429, 500, 502, 503, 504]);

export async function translate(text: string): Promise<string> {
  const completion = await pRetry(
    () =>
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Translate to French: ' + text }],
      }),
    {
      retries: 3,
      shouldRetry: ({ error }) => error instanceof APIError && RETRYABLE_STATUS.has(error.status ?? 0),
    },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report a loop that rethrows errors other than rate limits',
      code: `import OpenAI, { RateLimitError } from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';

const client = new OpenAI({ maxRetries: 0 });

export async function translate(text: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Translate to French: ' + text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      if (!(error instanceof RateLimitError)) throw error;
      await sleep(2 ** attempt * 1_000);
    }
  }
  throw new Error('still rate limited after 3 attempts');
}
`,
    },
    {
      name: 'does not report the SDK retries, which skip errors that cannot succeed',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 4 });

export async function translate(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Translate to French: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report a cockatiel policy that handles only rate limits',
      code: `import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import OpenAI, { RateLimitError } from 'openai';

const client = new OpenAI({ maxRetries: 0 });
const retryPolicy = retry(
  handleWhen((error) => error instanceof RateLimitError),
  { maxAttempts: 3, backoff: new ExponentialBackoff() },
);

export async function translate(text: string): Promise<string> {
  const completion = await retryPolicy.execute(({ signal }) =>
    client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Translate to French: ' + text }] },
      { signal },
    ),
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports a for loop that retries whatever the error',
      code: `import OpenAI from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';

const client = new OpenAI({ maxRetries: 0 });

export async function translate(text: string): Promise<string> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Translate to French: ' + text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      lastError = error;
      await sleep(2 ** attempt * 500);
    }
  }
  throw new Error('translation failed', { cause: lastError });
}
`,
      errors: [
        {
          messageId: 'retriesEverything',
          // On the loop header: the predicate goes into this loop, not the call.
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 48,
          data: { layer: 'for loop', callName: 'chat.completions.create' },
        },
      ],
      output: `import OpenAI from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';

const client = new OpenAI({ maxRetries: 0 });

export async function translate(text: string): Promise<string> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Translate to French: ' + text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      if (!isRetryableModelError(error)) throw error;
      lastError = error;
      await sleep(2 ** attempt * 500);
    }
  }
  throw new Error('translation failed', { cause: lastError });
}

/**
 * Rate limits, timeouts, conflicts, server and network errors may pass on a later attempt; bad
 * requests, authentication and quota errors never do, so retrying them only costs time and money.
 */
function isRetryableModelError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  const code = 'code' in error ? error.code : undefined;
  if (code === 'insufficient_quota') return false;
  if (status !== undefined) return status === 408 || status === 409 || status === 429 || status >= 500;
  return error instanceof Error && /ECONNRESET|ETIMEDOUT|ECONNREFUSED|EAI_AGAIN|EPIPE|socket hang up|fetch failed|network|timed? ?out/i.test(\`\${error.name} \${error.message} \${String(code ?? '')}\`);
}
`,
    },
    {
      name: 'reports p-retry without a shouldRetry predicate',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0 });

export async function translate(text: string): Promise<string> {
  const completion = await pRetry(
    () =>
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Translate to French: ' + text }],
      }),
    { retries: 3 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        { messageId: 'retriesEverything', line: 7, column: 28, endLine: 7, endColumn: 34, data: { layer: 'p-retry' } },
      ],
      output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0 });

export async function translate(text: string): Promise<string> {
  const completion = await pRetry(
    () =>
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Translate to French: ' + text }],
      }),
    { retries: 3, shouldRetry: ({ error }) => isRetryableModelError(error) },
  );
  return completion.choices[0]?.message.content ?? '';
}

/**
 * Rate limits, timeouts, conflicts, server and network errors may pass on a later attempt; bad
 * requests, authentication and quota errors never do, so retrying them only costs time and money.
 */
function isRetryableModelError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  const code = 'code' in error ? error.code : undefined;
  if (code === 'insufficient_quota') return false;
  if (status !== undefined) return status === 408 || status === 409 || status === 429 || status >= 500;
  return error instanceof Error && /ECONNRESET|ETIMEDOUT|ECONNREFUSED|EAI_AGAIN|EPIPE|socket hang up|fetch failed|network|timed? ?out/i.test(\`\${error.name} \${error.message} \${String(code ?? '')}\`);
}
`,
    },
    {
      name: 'reports a cockatiel policy built with handleAll',
      code: `import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });
const retryPolicy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });

export async function translate(text: string): Promise<string> {
  const completion = await retryPolicy.execute(({ signal }) =>
    client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Translate to French: ' + text }] },
      { signal },
    ),
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [{ messageId: 'retriesEverything', line: 8, column: 28, endLine: 8, endColumn: 47 }],
      output: `import { ExponentialBackoff, retry, handleWhen } from 'cockatiel';
import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });
const retryPolicy = retry(handleWhen(isRetryableModelError), { maxAttempts: 3, backoff: new ExponentialBackoff() });

export async function translate(text: string): Promise<string> {
  const completion = await retryPolicy.execute(({ signal }) =>
    client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Translate to French: ' + text }] },
      { signal },
    ),
  );
  return completion.choices[0]?.message.content ?? '';
}

/**
 * Rate limits, timeouts, conflicts, server and network errors may pass on a later attempt; bad
 * requests, authentication and quota errors never do, so retrying them only costs time and money.
 */
function isRetryableModelError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  const code = 'code' in error ? error.code : undefined;
  if (code === 'insufficient_quota') return false;
  if (status !== undefined) return status === 408 || status === 409 || status === 429 || status >= 500;
  return error instanceof Error && /ECONNRESET|ETIMEDOUT|ECONNREFUSED|EAI_AGAIN|EPIPE|socket hang up|fetch failed|network|timed? ?out/i.test(\`\${error.name} \${error.message} \${String(code ?? '')}\`);
}
`,
    },
  ],
});
