import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('retry-amplification', {
  valid: [
    {
      name: 'does not report an outer layer over an SDK set to one attempt',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function summarize(document: string): Promise<string> {
  const completion = await pRetry(
    () =>
      client.chat.completions.create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Summarize: ' + document }] },
        { maxRetries: 0 },
      ),
    { retries: 5 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report a single SDK layer',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 9 });

export async function summarize(document: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + document }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report nested layers below the threshold (3 x 3 = 9)',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function summarize(document: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: document }] }),
    { retries: 2 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report 18 attempts when the threshold is 20',
      options: { threshold: 20 },
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function summarize(document: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: document }] }),
    { retries: 5 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report unbounded nesting, which unbounded-retry reports',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function summarize(document: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: document }] }),
    { retries: Infinity },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports p-retry 6 x OpenAI SDK default 3 = 18 attempts',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function summarize(document: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: document }] }),
    { retries: 5 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'amplified',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 41,
          data: { attempts: 18, layers: 'p-retry 6 × OpenAI SDK default 3' },
        },
      ],
      output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function summarize(document: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: document }] }, { maxRetries: 0 }),
    { retries: 5 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'reports a for loop of 4 around the Anthropic SDK default of 3',
      code: `import Anthropic from '@anthropic-ai/sdk';
import { setTimeout as sleep } from 'node:timers/promises';

const anthropic = new Anthropic();

export async function headline(story: string): Promise<unknown> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await anthropic.messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'Write a headline for: ' + story }],
      });
    } catch (error) {
      lastError = error;
      await sleep(2 ** attempt * 1_000);
    }
  }
  throw new Error('headline failed', { cause: lastError });
}
`,
      errors: [{ messageId: 'amplified', line: 10, column: 20, endLine: 10, endColumn: 45, data: { attempts: 12 } }],
      output: `import Anthropic from '@anthropic-ai/sdk';
import { setTimeout as sleep } from 'node:timers/promises';

const anthropic = new Anthropic();

export async function headline(story: string): Promise<unknown> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await anthropic.messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'Write a headline for: ' + story }],
      }, { maxRetries: 0 });
    } catch (error) {
      lastError = error;
      await sleep(2 ** attempt * 1_000);
    }
  }
  throw new Error('headline failed', { cause: lastError });
}
`,
    },
    {
      name: "reports LangChain withRetry of 3 around the chat model's default of 7",
      code: `import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini' });

export async function rewrite(text: string): Promise<unknown> {
  const message = await model.withRetry({ stopAfterAttempt: 3 }).invoke('Rewrite plainly: ' + text);
  return message.content;
}
`,
      errors: [{ messageId: 'amplified', line: 6, column: 25, endLine: 6, endColumn: 72, data: { attempts: 21 } }],
      output: `import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini', maxRetries: 0 });

export async function rewrite(text: string): Promise<unknown> {
  const message = await model.withRetry({ stopAfterAttempt: 3 }).invoke('Rewrite plainly: ' + text);
  return message.content;
}
`,
    },
    {
      name: 'reports explicit layers too when the product reaches a lower threshold',
      options: { threshold: 5 },
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 2 });

export async function summarize(document: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: document }] }),
    { retries: 2 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'amplified',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 41,
          data: { attempts: 9, layers: 'p-retry 3 × OpenAI SDK 3' },
        },
      ],
      output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 2 });

export async function summarize(document: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: document }] }, { maxRetries: 0 }),
    { retries: 2 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
  ],
});
