import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('unbounded-retry', {
  valid: [
    {
      name: 'does not report p-retry with a finite number of retries',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function classify(text: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }),
    { retries: 3 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report a for loop bounded by an attempt counter',
      code: `import OpenAI from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';

const client = new OpenAI({ maxRetries: 0 });

export async function classify(text: string): Promise<string> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      lastError = error;
      await sleep(2 ** attempt * 500);
    }
  }
  throw new Error('classification failed', { cause: lastError });
}
`,
    },
    {
      name: 'does not report recursion on failure that stops at a depth',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });

export async function classify(text: string, attempt = 1): Promise<string> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: text }],
    });
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    if (attempt >= 3) throw error;
    return classify(text, attempt + 1);
  }
}
`,
    },
    {
      name: 'does not report recursion bounded by a counter field against a limit field',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });

export class Classifier {
  private attempts = 0;
  private readonly max_retries = 3;

  async classify(text: string): Promise<string> {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      if (this.attempts < this.max_retries) {
        this.attempts++;
        return await this.classify(text);
      }
      throw error;
    }
  }
}
`,
    },
    {
      name: 'does not report recursion bounded by a closure counter against an option with a default',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });

export function classifier(options: { maxRetries?: number }) {
  let attempts = 0;
  const classify = async (text: string): Promise<string> => {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      if (attempts < (options.maxRetries ?? 3)) {
        attempts += 1;
        return await classify(text);
      }
      throw error;
    }
  };
  return classify;
}
`,
    },
    {
      name: 'does not report a cockatiel retry policy with maxAttempts',
      code: `import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });
const retryPolicy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });

export async function classify(text: string): Promise<string> {
  const completion = await retryPolicy.execute(({ signal }) =>
    client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }, { signal }),
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report recursion bounded by a counter against a limit read at run time',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });
const settings = { max_retries: Number(process.env.MAX_RETRIES) };

export async function classify(text: string, attempts = 0): Promise<string> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: text }],
    });
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    if (attempts < settings.max_retries) {
      attempts++;
      return await classify(text, attempts);
    }
    throw error;
  }
}
`,
    },
    {
      name: 'does not report a loop bounded by a constructor option',
      code: `import OpenAI from 'openai';

export class Classifier {
  private readonly client = new OpenAI({ maxRetries: 0 });

  constructor(private readonly maxAttempts: number) {}

  async classify(text: string): Promise<string> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      try {
        const completion = await this.client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: text }],
        });
        return completion.choices[0]?.message.content ?? '';
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 500));
      }
    }
    throw new Error('classification failed', { cause: lastError });
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports p-retry with retries: Infinity, at the pRetry call',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function classify(text: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }),
    { retries: Infinity },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'unboundedLayer',
          line: 7,
          column: 28,
          endLine: 7,
          endColumn: 34,
          data: { layer: 'p-retry', callName: 'chat.completions.create' },
        },
      ],
      output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function classify(text: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }),
    { retries: 2, shouldRetry: ({ error }) => isRetryableModelError(error) },
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
      name: 'reports a while (true) retry loop, at its header',
      code: `import OpenAI from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';

const client = new OpenAI({ maxRetries: 0 });

export async function classify(text: string): Promise<string> {
  while (true) {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      console.warn('classification failed; retrying', error);
      await sleep(1_000);
    }
  }
}
`,
      errors: [
        { messageId: 'unboundedLayer', line: 7, column: 3, endLine: 7, endColumn: 15, data: { layer: 'while loop' } },
      ],
      output: `import OpenAI from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';

const client = new OpenAI({ maxRetries: 0 });

export async function classify(text: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      if (attempt >= 3 || !isRetryableModelError(error)) throw error;
      console.warn('classification failed; retrying', error);
      await sleep(1_000);
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
      name: 'reports recursion on failure without a depth, at the recursive call',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });

export async function classify(text: string): Promise<string> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: text }],
    });
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    console.warn('classification failed; asking again', error);
    return classify(text);
  }
}
`,
      errors: [{ messageId: 'unboundedLayer', line: 14, column: 12, endLine: 14, endColumn: 26 }],
      output: null,
    },
    {
      name: 'reports a cockatiel retry policy without maxAttempts (default Infinity), at its execute call',
      code: `import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });
const retryPolicy = retry(handleAll, { backoff: new ExponentialBackoff() });

export async function classify(text: string): Promise<string> {
  const completion = await retryPolicy.execute(({ signal }) =>
    client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }, { signal }),
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'unboundedLayer',
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 47,
          data: { layer: 'cockatiel retry' },
        },
      ],
      output: `import { ExponentialBackoff, retry, handleWhen } from 'cockatiel';
import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });
const retryPolicy = retry(handleWhen(isRetryableModelError), { backoff: new ExponentialBackoff(), maxAttempts: 2 });

export async function classify(text: string): Promise<string> {
  const completion = await retryPolicy.execute(({ signal }) =>
    client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }, { signal }),
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
