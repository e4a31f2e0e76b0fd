import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('unbounded-output-tokens', {
  valid: [
    {
      name: 'does not report a Bedrock InvokeModel whose response the code reads as an embedding',
      code: `import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';

const client = new BedrockRuntimeClient({ region: 'us-east-1' });

export async function embed(text: string, modelId: string): Promise<number[]> {
  const response = await client.send(
    new InvokeModelCommand({
      modelId,
      body: JSON.stringify({ inputText: text }),
      contentType: 'application/json',
      accept: 'application/json',
    }),
  );
  const body = JSON.parse(new TextDecoder().decode(response.body)) as { embedding: number[] };
  return body.embedding;
}
`,
    },
    {
      name: 'does not report a chat completion with max_completion_tokens',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function describe(specs: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    max_completion_tokens: 400,
    messages: [{ role: 'user', content: 'Write a product description from: ' + specs }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report generateText with maxOutputTokens',
      code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function describe(specs: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o'),
    maxOutputTokens: 400,
    prompt: 'Write a product description from: ' + specs,
  });
  return text;
}
`,
    },
    {
      name: 'does not report an Anthropic call, whose max_tokens is required',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

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
      name: 'does not report embeddings, which generate no text',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function embed(text: string): Promise<number[]> {
  const response = await client.embeddings.create({ model: 'text-embedding-3-small', input: text });
  return response.data[0]?.embedding ?? [];
}
`,
    },
    {
      name: 'does not report an AI SDK embed call',
      code: `import { openai } from '@ai-sdk/openai';
import { embed } from 'ai';

export async function vectorFor(text: string): Promise<number[]> {
  const { embedding } = await embed({ model: openai.embedding('text-embedding-3-small'), value: text });
  return embedding;
}
`,
    },
    {
      name: 'does not report a transcription: its text is as long as the audio (catalogue tokenCap: false)',
      code: `import * as fs from 'node:fs';
import OpenAI from 'openai';

const client = new OpenAI();

export async function minutes(recording: string): Promise<string> {
  const transcript = await client.audio.transcriptions.create({ model: 'whisper-1', file: fs.createReadStream(recording) });
  return transcript.text;
}
`,
    },
    {
      name: 'does not report an AI SDK transcription either',
      code: `import { openai } from '@ai-sdk/openai';
import { experimental_transcribe } from 'ai';

export async function captions(audio: Uint8Array): Promise<string> {
  const { text } = await experimental_transcribe({ model: openai.transcription('whisper-1'), audio });
  return text;
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports a Bedrock InvokeModel whose response is read as generated text',
      code: `import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';

const client = new BedrockRuntimeClient({ region: 'us-east-1' });

export async function complete(prompt: string, modelId: string): Promise<string> {
  const response = await client.send(
    new InvokeModelCommand({
      modelId,
      body: JSON.stringify({ prompt, temperature: 0.2 }),
      contentType: 'application/json',
      accept: 'application/json',
    }),
  );
  const body = JSON.parse(new TextDecoder().decode(response.body)) as { generation: string };
  return body.generation;
}
`,
      errors: [{ messageId: 'noTokenLimit', line: 6, column: 26, endLine: 6, endColumn: 37 }],
      output: null,
    },
    {
      name: 'reports a chat completion without an output-token limit, naming the model',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function describe(specs: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Write a product description from: ' + specs }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'noTokenLimit',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 58,
          data: { callName: 'chat.completions.create', model: 'gpt-4o' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function describe(specs: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Write a product description from: ' + specs }],
    max_completion_tokens: 4096,
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'reports streamText without maxOutputTokens',
      code: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function describe(specs: string): Response {
  const result = streamText({
    model: openai('gpt-4o'),
    prompt: 'Write a product description from: ' + specs,
    onError({ error }) {
      console.error('description stream failed', error);
    },
  });
  return result.toTextStreamResponse();
}
`,
      errors: [
        { messageId: 'noTokenLimit', line: 5, column: 18, endLine: 5, endColumn: 28, data: { model: 'gpt-4o' } },
      ],
      output: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function describe(specs: string): Response {
  const result = streamText({
    model: openai('gpt-4o'),
    prompt: 'Write a product description from: ' + specs,
    onError({ error }) {
      console.error('description stream failed', error);
    },
    maxOutputTokens: 4096,
  });
  return result.toTextStreamResponse();
}
`,
    },
    {
      name: 'reports a Google Gen AI call whose config sets no maxOutputTokens',
      code: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function tagline(product: string): Promise<string | undefined> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: 'Write a tagline for ' + product,
    config: { temperature: 0.7 },
  });
  return response.text;
}
`,
      errors: [
        {
          messageId: 'noTokenLimit',
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 51,
          data: { model: 'gemini-2.5-flash' },
        },
      ],
      output: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function tagline(product: string): Promise<string | undefined> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: 'Write a tagline for ' + product,
    config: { temperature: 0.7, maxOutputTokens: 4096 },
  });
  return response.text;
}
`,
    },
  ],
});
