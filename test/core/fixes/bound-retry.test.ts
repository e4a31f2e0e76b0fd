import { fixTests } from './support/fix-tester';

const WHILE_TRUE = `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0, timeout: 15_000 });

export async function keywords(text: string): Promise<string[]> {
  while (true) {
    try {
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 50, messages: [{ role: 'user', content: text }] });
      return (completion.choices[0]?.message.content ?? '').split(',');
    } catch (error) {
      console.warn('keyword extraction failed, retrying', error);
    }
  }
}
`;

fixTests('fix: Bound the retry', [
  {
    name: 'while (true): attempt counter with a limit, retryable errors only, backoff with jitter',
    ruleId: 'unbounded-retry',
    fix: 'bound-retry',
    safe: false,
    code: WHILE_TRUE,
    output: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0, timeout: 15_000 });

export async function keywords(text: string): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 50, messages: [{ role: 'user', content: text }] });
      return (completion.choices[0]?.message.content ?? '').split(',');
    } catch (error) {
      if (attempt >= 3 || !isRetryableModelError(error)) throw error;
      console.warn('keyword extraction failed, retrying', error);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(8000, 500 * 2 ** (attempt - 1))));
    }
  }
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
    name: 'the same fix from retry-without-backoff',
    ruleId: 'retry-without-backoff',
    fix: 'bound-retry',
    code: WHILE_TRUE,
    output: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0, timeout: 15_000 });

export async function keywords(text: string): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 50, messages: [{ role: 'user', content: text }] });
      return (completion.choices[0]?.message.content ?? '').split(',');
    } catch (error) {
      if (attempt >= 3 || !isRetryableModelError(error)) throw error;
      console.warn('keyword extraction failed, retrying', error);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(8000, 500 * 2 ** (attempt - 1))));
    }
  }
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
    name: 'a bounded for loop that retries every error at once: predicate and backoff',
    ruleId: 'retry-all-errors',
    fix: 'bound-retry',
    code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0, timeout: 15_000 });

export async function classify(text: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 5, messages: [{ role: 'user', content: text }] });
      return completion.choices[0]?.message.content ?? 'ham';
    } catch {
      console.warn('retrying');
    }
  }
  return 'ham';
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0, timeout: 15_000 });

export async function classify(text: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 5, messages: [{ role: 'user', content: text }] });
      return completion.choices[0]?.message.content ?? 'ham';
    } catch (error) {
      if (!isRetryableModelError(error)) throw error;
      console.warn('retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(8000, 500 * 2 ** attempt)));
    }
  }
  return 'ham';
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
    name: 'p-retry: shouldRetry with the retryable-error predicate',
    ruleId: 'retry-all-errors',
    fix: 'bound-retry',
    code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0, timeout: 20_000 });

export async function notes(commits: string): Promise<string> {
  const completion = await pRetry(() => client.chat.completions.create({ model: 'gpt-4o', max_completion_tokens: 800, messages: [{ role: 'user', content: commits }] }), {
    retries: 2,
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0, timeout: 20_000 });

export async function notes(commits: string): Promise<string> {
  const completion = await pRetry(() => client.chat.completions.create({ model: 'gpt-4o', max_completion_tokens: 800, messages: [{ role: 'user', content: commits }] }), {
    retries: 2,
    shouldRetry: ({ error }) => isRetryableModelError(error),
  });
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
    name: 'p-retry: retries: Infinity becomes a bound',
    ruleId: 'unbounded-retry',
    fix: 'bound-retry',
    code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0, timeout: 20_000 });

export async function notes(commits: string): Promise<string> {
  const completion = await pRetry(() => client.chat.completions.create({ model: 'gpt-4o', max_completion_tokens: 800, messages: [{ role: 'user', content: commits }] }), { retries: Infinity });
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0, timeout: 20_000 });

export async function notes(commits: string): Promise<string> {
  const completion = await pRetry(() => client.chat.completions.create({ model: 'gpt-4o', max_completion_tokens: 800, messages: [{ role: 'user', content: commits }] }), { retries: 2, shouldRetry: ({ error }) => isRetryableModelError(error) });
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
    name: 'cockatiel: maxAttempts and handleWhen(predicate) where the policy is built',
    ruleId: 'unbounded-retry',
    fix: 'bound-retry',
    code: `import OpenAI from 'openai';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';

const client = new OpenAI({ maxRetries: 0, timeout: 20_000 });
const untilItWorks = retry(handleAll, { backoff: new ExponentialBackoff() });

export async function rewrite(post: string): Promise<string> {
  const completion = await untilItWorks.execute(() =>
    client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 300, messages: [{ role: 'user', content: post }] }),
  );
  return completion.choices[0]?.message.content ?? post;
}
`,
    output: `import OpenAI from 'openai';
import { ExponentialBackoff, retry, handleWhen } from 'cockatiel';

const client = new OpenAI({ maxRetries: 0, timeout: 20_000 });
const untilItWorks = retry(handleWhen(isRetryableModelError), { backoff: new ExponentialBackoff(), maxAttempts: 2 });

export async function rewrite(post: string): Promise<string> {
  const completion = await untilItWorks.execute(() =>
    client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 300, messages: [{ role: 'user', content: post }] }),
  );
  return completion.choices[0]?.message.content ?? post;
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
]);
