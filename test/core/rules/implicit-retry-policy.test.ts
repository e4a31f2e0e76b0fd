import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('implicit-retry-policy', {
  valid: [
    {
      name: 'does not report a call that states maxRetries per request',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function extractActionItems(transcript: string): Promise<unknown> {
  return anthropic.messages.create(
    {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'List the action items in: ' + transcript }],
    },
    { maxRetries: 4 },
  );
}
`,
    },
    {
      name: 'does not report a call whose client states maxRetries',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 3 });

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report a call that turns SDK retries off',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] },
    { maxRetries: 0 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report an SDK that does not retry by default (Google Gen AI)',
      code: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function tagline(product: string): Promise<string | undefined> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: 'Write a tagline for ' + product,
  });
  return response.text;
}
`,
    },
    {
      name: 'does not report an SDK default that an explicit outer retry layer wraps',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }),
    { retries: 2 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports the OpenAI SDK default of 3 attempts',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'sdkDefaultRetries',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 58,
          data: { attempts: 3, retries: 2, layer: 'OpenAI SDK' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  }, { maxRetries: 2 });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'reports the Anthropic SDK default of 3 attempts',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function extractActionItems(transcript: string): Promise<unknown> {
  return anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'List the action items in: ' + transcript }],
  });
}
`,
      errors: [
        {
          messageId: 'sdkDefaultRetries',
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 35,
          data: { attempts: 3, retries: 2 },
        },
      ],
      output: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function extractActionItems(transcript: string): Promise<unknown> {
  return anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'List the action items in: ' + transcript }],
  }, { maxRetries: 2 });
}
`,
    },
    {
      name: 'reports the Vercel AI SDK default maxRetries of generateText',
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
      errors: [
        {
          messageId: 'sdkDefaultRetries',
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 38,
          data: { attempts: 3, retries: 2, layer: 'Vercel AI SDK' },
        },
      ],
      output: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function summarizeTicket(ticket: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: 'Summarize this support ticket: ' + ticket,
    maxRetries: 2,
  });
  return text;
}
`,
    },
    {
      name: "reports LangChain's default of 7 attempts on a chat model",
      code: `import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini' });

export async function rewrite(text: string): Promise<unknown> {
  const message = await model.invoke('Rewrite in plain English: ' + text);
  return message.content;
}
`,
      errors: [
        {
          messageId: 'sdkDefaultRetries',
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 37,
          data: { attempts: 7, retries: 6 },
        },
      ],
      output: `import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini', maxRetries: 6 });

export async function rewrite(text: string): Promise<unknown> {
  const message = await model.invoke('Rewrite in plain English: ' + text);
  return message.content;
}
`,
    },
    {
      name: 'reports the Bedrock client default of 3 attempts',
      code: `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

const bedrock = new BedrockRuntimeClient({ region: 'us-east-1' });

export async function answer(question: string): Promise<unknown> {
  const response = await bedrock.send(
    new ConverseCommand({
      modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      messages: [{ role: 'user', content: [{ text: question }] }],
    }),
  );
  return response.output;
}
`,
      errors: [
        {
          messageId: 'sdkDefaultRetries',
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 38,
          data: { attempts: 3, retries: 2 },
        },
      ],
      output: `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

const bedrock = new BedrockRuntimeClient({ region: 'us-east-1', maxAttempts: 3 });

export async function answer(question: string): Promise<unknown> {
  const response = await bedrock.send(
    new ConverseCommand({
      modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      messages: [{ role: 'user', content: [{ text: question }] }],
    }),
  );
  return response.output;
}
`,
    },
  ],
});
