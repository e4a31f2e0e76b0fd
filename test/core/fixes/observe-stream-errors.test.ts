import { fixTests } from './support/fix-tester';

fixTests('fix: Observe stream errors', [
  {
    name: 'Vercel AI SDK streamText: an onError that logs a structured record (safe)',
    ruleId: 'unhandled-stream-error',
    fix: 'observe-stream-errors',
    safe: true,
    code: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function chat(prompt: string): Response {
  const result = streamText({
    model: openai('gpt-4o'),
    abortSignal: AbortSignal.timeout(60_000),
    prompt,
  });
  return result.toTextStreamResponse();
}
`,
    output: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function chat(prompt: string): Response {
  const result = streamText({
    model: openai('gpt-4o'),
    abortSignal: AbortSignal.timeout(60_000),
    prompt,
    onError: ({ error }) => {
      console.error({
        event: 'model_stream_failed',
        operation: 'streamText',
        model: 'gpt-4o',
        error: error instanceof Error ? error.name : String(error),
        status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
        message: error instanceof Error ? error.message : undefined,
      });
    },
  });
  return result.toTextStreamResponse();
}
`,
  },
  {
    name: 'AI SDK agent stream: no error callback option to add, so no fix (the stream never throws)',
    ruleId: 'unhandled-stream-error',
    fix: 'observe-stream-errors',
    code: `import { openai } from '@ai-sdk/openai';
import { ToolLoopAgent } from 'ai';

const agent = new ToolLoopAgent({ model: openai('gpt-4o') });

export async function chat(prompt: string): Promise<Response> {
  const result = await agent.stream({ prompt, abortSignal: AbortSignal.timeout(60_000) });
  return result.toTextStreamResponse();
}
`,
    output: null,
  },
  {
    name: 'not offered where the stream is only handed on (returned): a try around the return would never see its errors',
    ruleId: 'unhandled-stream-error',
    fix: 'observe-stream-errors',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function openStream(question: string) {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 400,
    stream: true,
    messages: [{ role: 'user', content: question }],
  });
  return stream;
}
`,
    output: null,
  },
  {
    name: 'OpenAI stream: the for-await loop in a try/catch that logs and rethrows',
    ruleId: 'unhandled-stream-error',
    fix: 'observe-stream-errors',
    safe: false,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

async function tell(topic: string): Promise<void> {
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: topic }] }, { signal: AbortSignal.timeout(60_000) });
  for await (const chunk of stream) {
    process.stdout.write(chunk.choices[0]?.delta.content ?? '');
  }
}

tell('a story');
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

async function tell(topic: string): Promise<void> {
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: topic }] }, { signal: AbortSignal.timeout(60_000) });
  try {
    for await (const chunk of stream) {
      process.stdout.write(chunk.choices[0]?.delta.content ?? '');
    }
  } catch (error) {
    console.error({
      event: 'model_stream_failed',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      message: error instanceof Error ? error.message : undefined,
    });
    throw error;
  }
}

tell('a story');
`,
  },
  {
    name: 'Anthropic stream: the await of the final message in a try/catch',
    ruleId: 'unhandled-stream-error',
    fix: 'observe-stream-errors',
    code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

async function answer(question: string): Promise<string> {
  const stream = anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: question }] }, { signal: AbortSignal.timeout(60_000) });
  const final = await stream.finalMessage();
  return final.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

answer('why?').then(console.log);
`,
    output: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

async function answer(question: string): Promise<string> {
  const stream = anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: question }] }, { signal: AbortSignal.timeout(60_000) });
  let final;
  try {
    final = await stream.finalMessage();
  } catch (error) {
    console.error({
      event: 'model_stream_failed',
      operation: 'messages.stream',
      model: 'claude-sonnet-4-5',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      message: error instanceof Error ? error.message : undefined,
    });
    throw error;
  }
  return final.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

answer('why?').then(console.log);
`,
  },
]);
