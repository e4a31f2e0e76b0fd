import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('unhandled-model-error', {
  valid: [
    {
      name: 'does not report a tRPC resolver (the server answers what it throws)',
      code: `import { initTRPC } from '@trpc/server';
import OpenAI from 'openai';

const client = new OpenAI();
const t = initTRPC.create();

export const appRouter = t.router({
  ask: t.procedure.query(async () => {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'Say hello.' });
    return response.output_text;
  }),
});
`,
    },
    {
      name: 'does not report a function handed out in the object a builder returns (the engine calls it)',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export class ClassifierNode {
  async init(id: string) {
    const classify = async (input: string): Promise<string> => {
      const response = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Classify: ' + input }],
      });
      return response.choices[0]?.message.content ?? '';
    };
    return { id, node: classify };
  }
}
`,
    },
    {
      name: 'does not report a function a factory returns by name when nothing here calls the factory',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export function makeSummariser() {
  async function summarise(text: string): Promise<string> {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'Summarise: ' + text });
    return response.output_text;
  }
  return summarise;
}
`,
    },
    {
      name: 'does not report a call in a function exported by an export list (its callers handle it)',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

async function summarize(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}

export { summarize };
`,
    },
    {
      name: 'does not report a call in a function exported with module.exports',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

const summarize = async (text: string): Promise<string> => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
};

module.exports = { summarize };
`,
    },
    {
      name: "does not report a chat bot's listener when the bot's error handler logs (Slack Bolt's app.error)",
      code: `import OpenAI from 'openai';
import { App } from '@slack/bolt';

const client = new OpenAI();
const app = new App({ token: process.env.SLACK_BOT_TOKEN, signingSecret: process.env.SLACK_SIGNING_SECRET });

app.message(async ({ message, say }: { message: { text?: string }; say: (text: string) => Promise<unknown> }) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: message.text ?? '' }],
  });
  await say(completion.choices[0]?.message.content ?? '');
});

app.error(async (error: Error) => {
  console.error('listener failed', error);
});
`,
    },
    {
      name: "does not report a bot's command when the bot catches its errors (Telegraf's and grammY's bot.catch)",
      code: `import OpenAI from 'openai';
import { Telegraf } from 'telegraf';

const client = new OpenAI();
const bot = new Telegraf(process.env.BOT_TOKEN ?? '');

bot.command('ask', async (ctx: { payload: string; reply: (text: string) => Promise<unknown> }) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: ctx.payload }],
  });
  await ctx.reply(completion.choices[0]?.message.content ?? '');
});

bot.catch((error: unknown) => {
  console.error('update failed', error);
});
`,
    },
    {
      name: "does not report a Fastify route when the app's error handler logs (setErrorHandler)",
      code: `import OpenAI from 'openai';
import Fastify from 'fastify';

const client = new OpenAI();
const app = Fastify();

app.setErrorHandler((error: Error, _request: unknown, reply: { status: (code: number) => { send: (body: unknown) => void } }) => {
  app.log.error(error);
  reply.status(500).send({ error: 'internal error' });
});

app.post('/answer', async (request: { body: { question: string } }) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: request.body.question }],
  });
  return { answer: completion.choices[0]?.message.content ?? '' };
});
`,
    },
    {
      name: 'does not report an Elysia route chained after the error handler it is covered by',
      code: `import OpenAI from 'openai';
import { Elysia } from 'elysia';

const client = new OpenAI();

export const server = new Elysia()
  .onError(({ error }: { error: unknown }) => {
    console.error('request failed', error);
    return new Response('internal error', { status: 500 });
  })
  .post('/answer', async ({ body }: { body: { question: string } }) => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: body.question }],
    });
    return completion.choices[0]?.message.content ?? '';
  })
  .listen(3000);
`,
    },
    {
      name: 'does not report a call inside a try/catch that logs the error',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

async function main(): Promise<void> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Summarize the release notes.' }],
    });
    console.log(completion.choices[0]?.message.content);
  } catch (error) {
    console.error('summary failed', error);
    process.exitCode = 1;
  }
}

main();
`,
    },
    {
      name: 'does not report a call whose only caller catches the rejection',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

async function main(): Promise<void> {
  const message = await anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 512,
    messages: [{ role: 'user', content: 'Write a haiku about retries.' }],
  });
  console.log(message.content);
}

main().catch((error: unknown) => {
  console.error('haiku failed', error);
  process.exitCode = 1;
});
`,
    },
    {
      name: 'does not report a call handled with .catch on the returned promise',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

const completion = await client.chat.completions
  .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] })
  .catch((error: unknown) => {
    console.error('greeting failed', error);
    return null;
  });
console.log(completion?.choices[0]?.message.content ?? 'no greeting');
`,
    },
    {
      name: 'does not report a call in an exported function that no workspace code calls',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report an unguarded streaming call, which unhandled-stream-error reports',
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
    },
    {
      name: 'does not report a call whose error a caller two levels up handles',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

async function summarize(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}

async function summarizeReleaseNotes(): Promise<string> {
  return summarize('v2.1: faster sync, new export formats');
}

async function main(): Promise<void> {
  try {
    console.log(await summarizeReleaseNotes());
  } catch (error) {
    console.error('release summary failed', error);
    process.exitCode = 1;
  }
}

main();
`,
    },
  ],
  invalid: [
    {
      name: 'reports an awaited call at module top level',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

const completion = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Summarize the release notes.' }],
});
console.log(completion.choices[0]?.message.content);
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 56,
          data: { callName: 'chat.completions.create' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

let completion;
const startedAt = Date.now();
try {
  completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize the release notes.' }],
  });
} catch (error) {
  console.error({
    event: 'model_call_failed',
    operation: 'chat.completions.create',
    model: 'gpt-4o-mini',
    error: error instanceof Error ? error.name : String(error),
    status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
    durationMs: Date.now() - startedAt,
  });
  throw error;
}
console.log(completion.choices[0]?.message.content);
`,
    },
    {
      name: 'reports a call in main() when main is invoked at top level without a catch',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

async function main(): Promise<void> {
  const message = await anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 512,
    messages: [{ role: 'user', content: 'Write a haiku about retries.' }],
  });
  console.log(message.content);
}

main();
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 50,
          data: { callName: 'messages.create' },
        },
      ],
      output: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

async function main(): Promise<void> {
  let message;
  const startedAt = Date.now();
  try {
    message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 512,
      messages: [{ role: 'user', content: 'Write a haiku about retries.' }],
    });
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'messages.create',
      model: 'claude-sonnet-4-5',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      durationMs: Date.now() - startedAt,
    });
    throw error;
  }
  console.log(message.content);
}

main();
`,
    },
    {
      name: 'reports a call in an HTTP request handler with no handler around it',
      code: `import { createServer } from 'node:http';
import OpenAI from 'openai';

const client = new OpenAI();

createServer(async (request, response) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: request.url ?? '' }],
  });
  response.end(completion.choices[0]?.message.content ?? '');
}).listen(3000);
`,
      errors: [{ messageId: 'unhandled', line: 7, column: 28, endLine: 7, endColumn: 58 }],
      output: `import { createServer } from 'node:http';
import OpenAI from 'openai';

const client = new OpenAI();

createServer(async (request, response) => {
  let completion;
  const startedAt = Date.now();
  try {
    completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: request.url ?? '' }],
    });
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      durationMs: Date.now() - startedAt,
    });
    throw error;
  }
  response.end(completion.choices[0]?.message.content ?? '');
}).listen(3000);
`,
    },
    {
      name: 'reports a call whose catch only rethrows the error unchanged',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

async function main(): Promise<void> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Summarize the release notes.' }],
    });
    console.log(completion.choices[0]?.message.content);
  } catch (error) {
    throw error;
  }
}

main();
`,
      errors: [{ messageId: 'unhandled', line: 7, column: 30, endLine: 7, endColumn: 60 }],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

async function main(): Promise<void> {
  try {
    let completion;
    const startedAt = Date.now();
    try {
      completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Summarize the release notes.' }],
      });
    } catch (error) {
      console.error({
        event: 'model_call_failed',
        operation: 'chat.completions.create',
        model: 'gpt-4o-mini',
        error: error instanceof Error ? error.name : String(error),
        status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
        durationMs: Date.now() - startedAt,
      });
      throw error;
    }
    console.log(completion.choices[0]?.message.content);
  } catch (error) {
    throw error;
  }
}

main();
`,
    },
    {
      name: 'reports a call in an exported function nobody calls when reportExported is on',
      options: { reportExported: true },
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'unhandledExported',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 58,
          data: { callName: 'chat.completions.create', functionName: 'summarize' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  let completion;
  const startedAt = Date.now();
  try {
    completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Summarize: ' + text }],
    });
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      durationMs: Date.now() - startedAt,
    });
    throw error;
  }
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: "reports a chat bot's listener when the bot has no error handler of its own",
      code: `import OpenAI from 'openai';
import { App } from '@slack/bolt';

const client = new OpenAI();
const app = new App({ token: process.env.SLACK_BOT_TOKEN, signingSecret: process.env.SLACK_SIGNING_SECRET });

app.message(async ({ say }: { say: (text: string) => Promise<unknown> }) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hello.' }],
  });
  await say(completion.choices[0]?.message.content ?? '');
});
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 8,
          column: 28,
          data: { callName: 'chat.completions.create', reaches: 'callback of app.message (line 7)' },
        },
      ],
      output: `import OpenAI from 'openai';
import { App } from '@slack/bolt';

const client = new OpenAI();
const app = new App({ token: process.env.SLACK_BOT_TOKEN, signingSecret: process.env.SLACK_SIGNING_SECRET });

app.message(async ({ say }: { say: (text: string) => Promise<unknown> }) => {
  let completion;
  const startedAt = Date.now();
  try {
    completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hello.' }],
    });
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      durationMs: Date.now() - startedAt,
    });
    throw error;
  }
  await say(completion.choices[0]?.message.content ?? '');
});
`,
    },
    {
      name: 'names a job processor given to a constructor as the callback of that construction',
      code: `import OpenAI from 'openai';
import { Worker } from 'bullmq';

const client = new OpenAI();

new Worker('summaries', async (job: { data: { text: string } }) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + job.data.text }],
  });
  return completion.choices[0]?.message.content ?? '';
});
`,
      errors: [
        {
          messageId: 'unhandled',
          line: 7,
          column: 28,
          data: { callName: 'chat.completions.create', reaches: 'callback of new Worker (line 6)' },
        },
      ],
      output: `import OpenAI from 'openai';
import { Worker } from 'bullmq';

const client = new OpenAI();

new Worker('summaries', async (job: { data: { text: string } }) => {
  let completion;
  const startedAt = Date.now();
  try {
    completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Summarize: ' + job.data.text }],
    });
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      durationMs: Date.now() - startedAt,
    });
    throw error;
  }
  return completion.choices[0]?.message.content ?? '';
});
`,
    },
    {
      name: 'reports a call whose rejection goes to a .catch() with no handler',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

const completion = await client.chat.completions
  .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] })
  .catch();
console.log(completion.choices[0]?.message.content);
`,
      errors: [{ messageId: 'unhandled', line: 5, column: 26, endLine: 6, endColumn: 10 }],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

let completion;
const startedAt = Date.now();
try {
  completion = await client.chat.completions
    .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] })
    .catch();
} catch (error) {
  console.error({
    event: 'model_call_failed',
    operation: 'chat.completions.create',
    model: 'gpt-4o-mini',
    error: error instanceof Error ? error.name : String(error),
    status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
    durationMs: Date.now() - startedAt,
  });
  throw error;
}
console.log(completion.choices[0]?.message.content);
`,
    },
  ],
});
