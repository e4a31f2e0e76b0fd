import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('unhandled-stream-error', {
  valid: [
    {
      name: 'does not report streamText with an onError callback',
      code: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export async function POST(request: Request): Promise<Response> {
  const { prompt } = (await request.json()) as { prompt: string };
  const result = streamText({
    model: openai('gpt-4o-mini'),
    prompt,
    onError({ error }) {
      console.error('chat stream failed', error);
    },
  });
  return result.toTextStreamResponse();
}
`,
    },
    {
      name: 'does not report an OpenAI stream iterated inside try/catch',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

async function main(): Promise<void> {
  try {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'Tell a story.' }],
    });
    for await (const chunk of stream) {
      process.stdout.write(chunk.choices[0]?.delta.content ?? '');
    }
  } catch (error) {
    console.error('story stream failed', error);
    process.exitCode = 1;
  }
}

main();
`,
    },
    {
      name: 'does not report a non-streaming call (unhandled-model-error reports it)',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

const completion = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Tell a story.' }],
});
console.log(completion.choices[0]?.message.content);
`,
    },
  ],
  invalid: [
    {
      name: 'reports streamText without onError in a route handler',
      code: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export async function POST(request: Request): Promise<Response> {
  const { prompt } = (await request.json()) as { prompt: string };
  const result = streamText({
    model: openai('gpt-4o-mini'),
    prompt,
  });
  return result.toTextStreamResponse();
}
`,
      errors: [
        {
          messageId: 'errorsInStream',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 28,
          data: { callName: 'streamText' },
        },
      ],
      output: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export async function POST(request: Request): Promise<Response> {
  const { prompt } = (await request.json()) as { prompt: string };
  const result = streamText({
    model: openai('gpt-4o-mini'),
    prompt,
    onError: ({ error }) => {
      console.error({
        event: 'model_stream_failed',
        operation: 'streamText',
        model: 'gpt-4o-mini',
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
      name: 'reports streamText inside a try/catch, which its errors never reach',
      code: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export async function POST(request: Request): Promise<Response> {
  try {
    const { prompt } = (await request.json()) as { prompt: string };
    const result = streamText({ model: openai('gpt-4o-mini'), prompt });
    return result.toTextStreamResponse();
  } catch (error) {
    console.error('chat failed', error);
    return new Response('Chat unavailable', { status: 500 });
  }
}
`,
      errors: [{ messageId: 'errorsInStream', line: 7, column: 20, endLine: 7, endColumn: 30 }],
      output: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export async function POST(request: Request): Promise<Response> {
  try {
    const { prompt } = (await request.json()) as { prompt: string };
    const result = streamText({ model: openai('gpt-4o-mini'), prompt, onError: ({ error }) => {
      console.error({
        event: 'model_stream_failed',
        operation: 'streamText',
        model: 'gpt-4o-mini',
        error: error instanceof Error ? error.name : String(error),
        status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
        message: error instanceof Error ? error.message : undefined,
      });
    } });
    return result.toTextStreamResponse();
  } catch (error) {
    console.error('chat failed', error);
    return new Response('Chat unavailable', { status: 500 });
  }
}
`,
    },
    {
      name: 'reports an OpenAI stream iterated with for await outside any try',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

async function main(): Promise<void> {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    stream: true,
    messages: [{ role: 'user', content: 'Tell a story.' }],
  });
  for await (const chunk of stream) {
    process.stdout.write(chunk.choices[0]?.delta.content ?? '');
  }
}

main();
`,
      errors: [
        {
          messageId: 'streamUnguarded',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 54,
          data: { callName: 'chat.completions.create' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

async function main(): Promise<void> {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    stream: true,
    messages: [{ role: 'user', content: 'Tell a story.' }],
  });
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

main();
`,
    },
    {
      name: 'reports an Anthropic message stream consumed at top level without a handler',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

const stream = anthropic.messages.stream({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Tell a story.' }],
});
for await (const event of stream) {
  if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
    process.stdout.write(event.delta.text);
  }
}
`,
      errors: [
        {
          messageId: 'streamUnguarded',
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 41,
          data: { callName: 'messages.stream' },
        },
      ],
      output: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

const stream = anthropic.messages.stream({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Tell a story.' }],
});
try {
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
      process.stdout.write(event.delta.text);
    }
  }
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
`,
    },
    {
      name: 'reports a stream whose try/catch only covers creating it, not iterating it',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

async function startStory(topic: string) {
  try {
    return await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'A story about ' + topic }],
    });
  } catch (error) {
    console.error('could not start the story', error);
    throw error;
  }
}

const stream = await startStory('a lighthouse');
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta.content ?? '');
}
`,
      errors: [{ messageId: 'streamUnguarded', line: 7, column: 18, endLine: 7, endColumn: 48 }],
      output: null,
    },
  ],
});
