import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('missing-timeout', {
  valid: [
    {
      name: 'does not report generateText with an abortSignal timeout',
      code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function summarizeTicket(ticket: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: 'Summarize this support ticket: ' + ticket,
    abortSignal: AbortSignal.timeout(30_000),
  });
  return text;
}
`,
    },
    {
      name: "does not report generateText with the SDK's timeout option",
      code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function summarizeTicket(ticket: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: 'Summarize this support ticket: ' + ticket,
    timeout: 30_000,
  });
  return text;
}
`,
    },
    {
      name: 'does not report a non-streaming OpenAI call bounded by the SDK default',
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
    },
    {
      name: 'does not report an OpenAI stream bounded by an abort signal',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function tell(topic: string): Promise<string> {
  let story = '';
  try {
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'A story about ' + topic }] },
      { signal: AbortSignal.timeout(60_000) },
    );
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
    {
      name: 'does not report a Google Gen AI call with an abortSignal in its config',
      code: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function tagline(product: string): Promise<string | undefined> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: 'Write a tagline for ' + product,
    config: { abortSignal: AbortSignal.timeout(15_000) },
  });
  return response.text;
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports generateObject whose timeout option the SDK ignores (only abortSignal bounds it)',
      code: `import { openai } from '@ai-sdk/openai';
import { generateObject } from 'ai';
import { z } from 'zod';

export async function classify(ticket: string): Promise<string> {
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    schema: z.object({ label: z.string() }),
    prompt: 'Classify this support ticket: ' + ticket,
    timeout: 30_000,
  });
  return object.label;
}
`,
      errors: [
        {
          messageId: 'noTimeout',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 42,
          data: { callName: 'generateObject' },
        },
      ],
      output: `import { openai } from '@ai-sdk/openai';
import { generateObject } from 'ai';
import { z } from 'zod';

export async function classify(ticket: string): Promise<string> {
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    schema: z.object({ label: z.string() }),
    prompt: 'Classify this support ticket: ' + ticket,
    timeout: 30_000,
    abortSignal: AbortSignal.timeout(30_000),
  });
  return object.label;
}
`,
    },
    {
      name: 'reports generateText with no timeout or abortSignal',
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
        { messageId: 'noTimeout', line: 5, column: 26, endLine: 5, endColumn: 38, data: { callName: 'generateText' } },
      ],
      output: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function summarizeTicket(ticket: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: 'Summarize this support ticket: ' + ticket,
    abortSignal: AbortSignal.timeout(30000),
  });
  return text;
}
`,
    },
    {
      name: 'reports a Bedrock Converse call with the default request handler',
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
      errors: [{ messageId: 'noTimeout', line: 6, column: 26, endLine: 6, endColumn: 38 }],
      output: `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

const bedrock = new BedrockRuntimeClient({ region: 'us-east-1' });

export async function answer(question: string): Promise<unknown> {
  const response = await bedrock.send(
    new ConverseCommand({
      modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      messages: [{ role: 'user', content: [{ text: question }] }],
    }),
    { abortSignal: AbortSignal.timeout(30000) },
  );
  return response.output;
}
`,
    },
    {
      name: 'reports an Ollama chat call',
      code: `import ollama from 'ollama';

export async function explain(code: string): Promise<string> {
  const response = await ollama.chat({
    model: 'llama3.1',
    messages: [{ role: 'user', content: 'Explain this code: ' + code }],
  });
  return response.message.content;
}
`,
      errors: [{ messageId: 'noTimeout', line: 4, column: 26, endLine: 4, endColumn: 37 }],
      output: null,
    },
    {
      name: 'reports a raw fetch to the OpenAI API without a signal',
      code: `export async function answer(question: string): Promise<unknown> {
  const response = await fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + process.env.OPENAI_API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }),
  });
  return response.json();
}
`,
      errors: [{ messageId: 'noTimeout', line: 2, column: 26, endLine: 2, endColumn: 31 }],
      output: `export async function answer(question: string): Promise<unknown> {
  const response = await fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + process.env.OPENAI_API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }),
    signal: AbortSignal.timeout(30000),
  });
  return response.json();
}
`,
    },
    {
      name: 'reports an OpenAI stream bounded only by the default timeout, which stops at the first byte',
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
      errors: [
        {
          messageId: 'streamNotCovered',
          line: 8,
          column: 26,
          endLine: 8,
          endColumn: 56,
          data: { callName: 'chat.completions.create', timeout: '10 min timeout' },
        },
      ],
      // The preferred fix bounds the time between chunks, not the whole stream (stream-idle-helper.ts).
      output: `import OpenAI from 'openai';
import { abortWhenIdle } from './ai/abort-when-idle';

const client = new OpenAI();

export async function tell(topic: string): Promise<string> {
  let story = '';
  try {
    const stream = await abortWhenIdle(30000, (signal) => client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'A story about ' + topic }],
    }, { signal }));
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
});
