import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('retry-without-backoff', {
  valid: [
    {
      name: 'does not report a retry loop that sleeps with exponential backoff',
      code: `import OpenAI from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';

const client = new OpenAI({ maxRetries: 0 });

export async function translate(text: string): Promise<string> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Translate to French: ' + text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      lastError = error;
      await sleep(2 ** attempt * 500 + Math.random() * 250);
    }
  }
  throw new Error('translation failed', { cause: lastError });
}
`,
    },
    {
      name: 'does not report a retry loop that waits a fixed delay',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });

export async function translate(text: string): Promise<string> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Translate to French: ' + text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
  throw new Error('translation failed', { cause: lastError });
}
`,
    },
    {
      name: 'does not report a retry library, which brings its own backoff',
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
    },
    {
      name: 'does not report the SDK retries alone',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function translate(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Translate to French: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports a caller loop with no delay that only one of two callers puts around the call',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });

async function draft(prompt: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
  return completion.choices[0]?.message.content ?? '';
}

export async function draftPatiently(prompt: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await draft(prompt);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

export async function draftOnce(prompt: string): Promise<string> {
  return draft(prompt);
}
`,
      errors: [
        {
          messageId: 'noDelay',
          line: 11,
          column: 3,
          data: { layer: 'for loop', callName: 'chat.completions.create', attempts: '3' },
        },
      ],
      output: null,
    },
    {
      name: 'reports a for loop that re-calls at once after a failure',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });

export async function translate(text: string): Promise<string> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Translate to French: ' + text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error('translation failed', { cause: lastError });
}
`,
      errors: [
        {
          messageId: 'noDelay',
          // On the loop header: the delay goes into this loop, not the call.
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 48,
          data: { layer: 'for loop', callName: 'chat.completions.create', attempts: '3' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });

export async function translate(text: string): Promise<string> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Translate to French: ' + text }],
      });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      if (!isRetryableModelError(error)) throw error;
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(8000, 500 * 2 ** attempt)));
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
      name: 'reports a while loop with an attempt counter and no delay',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic({ maxRetries: 0 });

export async function headline(story: string): Promise<unknown> {
  let attempts = 0;
  while (attempts < 5) {
    attempts++;
    try {
      return await anthropic.messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'Write a headline for: ' + story }],
      });
    } catch (error) {
      if (attempts === 5) throw error;
    }
  }
  return undefined;
}
`,
      errors: [
        {
          messageId: 'noDelay',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 23,
          data: { callName: 'messages.create', attempts: '5' },
        },
      ],
      output: null,
    },
    {
      name: 'reports recursion that asks again at once, up to a depth',
      code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function slogan(product: string, attempt = 1): Promise<string> {
  try {
    const { text } = await generateText({
      model: openai('gpt-4o-mini'),
      maxRetries: 0,
      prompt: 'Write a slogan for ' + product,
    });
    return text;
  } catch (error) {
    if (attempt >= 3) throw error;
    return slogan(product, attempt + 1);
  }
}
`,
      errors: [
        {
          messageId: 'noDelay',
          // On the recursive call, where the wait goes.
          line: 14,
          column: 12,
          endLine: 14,
          endColumn: 40,
          data: { callName: 'generateText', attempts: '3' },
        },
      ],
      output: null,
    },
  ],
});
