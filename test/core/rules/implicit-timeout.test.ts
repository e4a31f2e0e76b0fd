import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('implicit-timeout', {
  valid: [
    {
      name: 'does not report a call with a timeout request option',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answerFaq(question: string): Promise<string> {
  const completion = await client.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] },
    { timeout: 20_000 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report a call whose client sets a timeout',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic({ timeout: 45_000 });

export async function headline(story: string): Promise<unknown> {
  return anthropic.messages.create({
    model: 'claude-haiku-4-5',
    max_tokens: 50,
    messages: [{ role: 'user', content: 'Write a headline for: ' + story }],
  });
}
`,
    },
    {
      name: 'does not report an SDK with no default timeout (missing-timeout reports it)',
      code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function summarizeTicket(ticket: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: 'Summarize this support ticket: ' + ticket,
  });
  return text;
}
`,
    },
    {
      name: 'does not report a stream the default timeout does not cover (missing-timeout reports it)',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function tell(topic: string): Promise<string> {
  let story = '';
  try {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'A story about ' + topic }],
    });
    for await (const chunk of stream) {
      story += chunk.choices[0]?.delta.content ?? '';
    }
  } catch (error) {
    console.error('story stream failed', error);
    throw error;
  }
  return story;
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports the OpenAI default: 10 min per attempt x 3 attempts = about 30 min',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answerFaq(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'sdkDefaultTimeoutRetried',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 58,
          data: { perAttempt: '10 min', attempts: 3, worstCase: '30 min', label: 'OpenAI SDK default' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answerFaq(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  }, { timeout: 30000 });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'reports the Groq default: 1 min per attempt x 3 attempts = about 3 min',
      code: `import Groq from 'groq-sdk';

const groq = new Groq();

export async function answerFaq(question: string): Promise<string> {
  const completion = await groq.chat.completions.create({
    model: 'llama-3.3-70b-versatile',
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'sdkDefaultTimeoutRetried',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 56,
          data: { perAttempt: '1 min', attempts: 3, worstCase: '3 min' },
        },
      ],
      output: `import Groq from 'groq-sdk';

const groq = new Groq();

export async function answerFaq(question: string): Promise<string> {
  const completion = await groq.chat.completions.create({
    model: 'llama-3.3-70b-versatile',
    messages: [{ role: 'user', content: question }],
  }, { timeout: 30000 });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'reports the default timeout of a single attempt when retries are off',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });

export async function answerFaq(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'sdkDefaultTimeout',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 58,
          data: { perAttempt: '10 min' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });

export async function answerFaq(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  }, { timeout: 30000 });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'reports a default timeout under unlimited retries as having no upper bound',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0 });

export async function answerFaq(question: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }),
    { retries: Infinity },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'sdkDefaultTimeoutUnbounded',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 41,
          data: { perAttempt: '10 min' },
        },
      ],
      output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0 });

export async function answerFaq(question: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }, { timeout: 30000 }),
    { retries: Infinity },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'reports a default timeout under retries whose limit is read at run time as having an unknown worst case',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0 });

export async function answerFaq(question: string, retries: number): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }),
    { retries },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'sdkDefaultTimeoutUnknownAttempts',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 41,
          data: { perAttempt: '10 min' },
        },
      ],
      output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0 });

export async function answerFaq(question: string, retries: number): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }, { timeout: 30000 }),
    { retries },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: "reports Mistral's 5 min default, which it does not retry",
      code: `import { Mistral } from '@mistralai/mistralai';

const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY ?? '' });

export async function answerFaq(question: string): Promise<unknown> {
  const response = await mistral.chat.complete({
    model: 'mistral-small-latest',
    messages: [{ role: 'user', content: question }],
  });
  return response.choices[0]?.message.content;
}
`,
      errors: [
        {
          messageId: 'sdkDefaultTimeout',
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 47,
          data: { perAttempt: '5 min' },
        },
      ],
      output: `import { Mistral } from '@mistralai/mistralai';

const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY ?? '' });

export async function answerFaq(question: string): Promise<unknown> {
  const response = await mistral.chat.complete({
    model: 'mistral-small-latest',
    messages: [{ role: 'user', content: question }],
  }, { timeoutMs: 30000 });
  return response.choices[0]?.message.content;
}
`,
    },
    {
      name: "reports ChatOpenAIResponses bounded only by the OpenAI client's 10 min default it builds",
      code: `import { ChatOpenAIResponses } from '@langchain/openai';

const model = new ChatOpenAIResponses({ model: 'gpt-4o-mini', maxRetries: 1 });

export async function answer(question: string): Promise<unknown> {
  const reply = await model.invoke(question);
  return reply.content;
}
`,
      errors: [
        {
          messageId: 'sdkDefaultTimeoutRetried',
          line: 6,
          column: 23,
          endLine: 6,
          endColumn: 35,
          data: { perAttempt: '10 min', attempts: 2, worstCase: '20 min' },
        },
      ],
      output: `import { ChatOpenAIResponses } from '@langchain/openai';

const model = new ChatOpenAIResponses({ model: 'gpt-4o-mini', maxRetries: 1 });

export async function answer(question: string): Promise<unknown> {
  const reply = await model.invoke(question, { timeout: 30000 });
  return reply.content;
}
`,
    },
  ],
});
