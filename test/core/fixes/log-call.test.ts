import { fixTests } from './support/fix-tester';

fixTests('fix: Log the call', [
  {
    name: 'a failure settled by `.catch(console.error)`: the usage is read optionally, and the outcome from the value',
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function tags(text: string): Promise<string | undefined> {
  const completion = await client.chat.completions
    .create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: text }] })
    .catch(console.error);
  return completion ? (completion.choices[0]?.message.content ?? undefined) : undefined;
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function tags(text: string): Promise<string | undefined> {
  const startedAt = Date.now();
  const completion = await client.chat.completions
    .create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: text }] })
    .catch(console.error);
  console.info({
    event: 'model_call',
    operation: 'chat.completions.create',
    model: 'gpt-4o-mini',
    durationMs: Date.now() - startedAt,
    usage: completion?.usage,
    outcome: completion ? 'ok' : 'error',
  });
  return completion ? (completion.choices[0]?.message.content ?? undefined) : undefined;
}
`,
  },
  {
    name: 'a failure turned into null by a chained .catch, returned: bound, recorded by its value, no try that would never run',
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function draft(topic: string): Promise<OpenAI.Chat.ChatCompletion | null> {
  return await client.chat.completions
    .create({ model: 'gpt-4o-mini', max_tokens: 200, messages: [{ role: 'user', content: topic }] })
    .catch(() => null);
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function draft(topic: string): Promise<OpenAI.Chat.ChatCompletion | null> {
  const startedAt = Date.now();
  const result = await client.chat.completions
    .create({ model: 'gpt-4o-mini', max_tokens: 200, messages: [{ role: 'user', content: topic }] })
    .catch(() => null);
  console.info({
    event: 'model_call',
    operation: 'chat.completions.create',
    model: 'gpt-4o-mini',
    durationMs: Date.now() - startedAt,
    usage: result?.usage,
    outcome: result ? 'ok' : 'error',
  });
  return result;
}
`,
  },
  {
    name: 'not offered where a chained .catch answers a default: the record could not tell the failure from an answer',
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function title(text: string): Promise<string> {
  const completion = await client.chat.completions
    .create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: text }] })
    .catch(() => ({ choices: [{ message: { content: 'Untitled' } }] }));
  return completion.choices[0]?.message.content ?? 'Untitled';
}
`,
    output: null,
  },
  {
    name: 'OpenAI, nothing catches the call: a record with model, latency and usage after it, and of its failures with the error, rethrown unchanged',
    title:
      'Log the call: a structured record of operation, model, latency, usage and outcome (console.info); its failures too, with the error, rethrown unchanged (console.error)',
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    safe: false,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  let completion;
  const startedAt = Date.now();
  try {
    completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  } catch (error) {
    console.error({
      event: 'model_call',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      durationMs: Date.now() - startedAt,
      outcome: 'error',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      message: error instanceof Error ? error.message : undefined,
    });
    throw error;
  }
  console.info({
    event: 'model_call',
    operation: 'chat.completions.create',
    model: 'gpt-4o-mini',
    durationMs: Date.now() - startedAt,
    usage: completion.usage,
    outcome: 'ok',
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
  {
    name: 'a returned call nothing catches: bound, its failures recorded and rethrown, logged and returned',
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function draft(topic: string) {
  return await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: topic }] });
}
`,
    output: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function draft(topic: string) {
  let result;
  const startedAt = Date.now();
  try {
    result = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: topic }] });
  } catch (error) {
    console.error({
      event: 'model_call',
      operation: 'messages.create',
      model: 'claude-haiku-4-5',
      durationMs: Date.now() - startedAt,
      outcome: 'error',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      message: error instanceof Error ? error.message : undefined,
    });
    throw error;
  }
  console.info({
    event: 'model_call',
    operation: 'messages.create',
    model: 'claude-haiku-4-5',
    durationMs: Date.now() - startedAt,
    usage: result.usage,
    outcome: 'ok',
  });
  return result;
}
`,
  },
  {
    name: "with the project's logger (info)",
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    files: {
      'src/logger.ts': `export const logger = {
  info: (fields: Record<string, unknown>, message: string): void => console.log(JSON.stringify({ ...fields, message })),
  error: (fields: Record<string, unknown>, message: string): void => console.error(JSON.stringify({ ...fields, message })),
};
`,
    },
    code: `import { GoogleGenAI } from '@google/genai';
import { logger } from './logger';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: name });
  return response.text ?? '';
}
`,
    output: `import { GoogleGenAI } from '@google/genai';
import { logger } from './logger';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  let response;
  const startedAt = Date.now();
  try {
    response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: name });
  } catch (error) {
    logger.error({
      event: 'model_call',
      operation: 'models.generateContent',
      model: 'gemini-2.5-flash',
      durationMs: Date.now() - startedAt,
      outcome: 'error',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      message: error instanceof Error ? error.message : undefined,
    }, 'models.generateContent failed');
    throw error;
  }
  logger.info({
    event: 'model_call',
    operation: 'models.generateContent',
    model: 'gemini-2.5-flash',
    durationMs: Date.now() - startedAt,
    usage: response.usageMetadata,
    outcome: 'ok',
  }, 'models.generateContent completed');
  return response.text ?? '';
}
`,
  },
  {
    name: 'Vercel AI SDK: a destructured usage is logged',
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  const { text, usage } = await generateText({ model: openai('gpt-4o-mini'), prompt: body });
  void usage;
  return text;
}
`,
    output: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  let text, usage;
  const startedAt = Date.now();
  try {
    ({ text, usage } = await generateText({ model: openai('gpt-4o-mini'), prompt: body }));
  } catch (error) {
    console.error({
      event: 'model_call',
      operation: 'generateText',
      model: 'gpt-4o-mini',
      durationMs: Date.now() - startedAt,
      outcome: 'error',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      message: error instanceof Error ? error.message : undefined,
    });
    throw error;
  }
  console.info({
    event: 'model_call',
    operation: 'generateText',
    model: 'gpt-4o-mini',
    durationMs: Date.now() - startedAt,
    usage,
    outcome: 'ok',
  });
  void usage;
  return text;
}
`,
  },
  {
    name: 'a callback returning the call (p-retry) gets a block body that logs and returns the result',
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0, timeout: 20_000 });

export async function notes(commits: string): Promise<string> {
  const completion = await pRetry(
    () =>
      client.chat.completions.create({
        model: 'gpt-4o',
        max_completion_tokens: 800,
        messages: [{ role: 'user', content: commits }],
      }),
    { retries: 2, shouldRetry: ({ error }) => error.name !== 'AbortError' },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0, timeout: 20_000 });

export async function notes(commits: string): Promise<string> {
  const completion = await pRetry(
    async () => {
      const startedAt = Date.now();
      const result = await client.chat.completions.create({
        model: 'gpt-4o',
        max_completion_tokens: 800,
        messages: [{ role: 'user', content: commits }],
      });
      console.info({
        event: 'model_call',
        operation: 'chat.completions.create',
        model: 'gpt-4o',
        durationMs: Date.now() - startedAt,
        usage: result.usage,
        outcome: 'ok',
      });
      return result;
    },
    { retries: 2, shouldRetry: ({ error }) => error.name !== 'AbortError' },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
  {
    name: 'a catch that handles the failure without logging it gets the failure record, with the error',
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    title:
      'Log the call: a structured record of operation, model, latency, usage and outcome (console.info); its failures in the catch, with the error (console.error)',
    code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 2, timeout: 20_000 });

export async function answer(question: string): Promise<Response> {
  try {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
    return Response.json({ answer: completion.choices[0]?.message.content ?? '' });
  } catch {
    return new Response('The assistant is unavailable', { status: 503 });
  }
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 2, timeout: 20_000 });

export async function answer(question: string): Promise<Response> {
  try {
    const startedAt = Date.now();
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
    console.info({
      event: 'model_call',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      durationMs: Date.now() - startedAt,
      usage: completion.usage,
      outcome: 'ok',
    });
    return Response.json({ answer: completion.choices[0]?.message.content ?? '' });
  } catch (error) {
    console.error({
      event: 'model_call',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      outcome: 'error',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      message: error instanceof Error ? error.message : undefined,
    });
    return new Response('The assistant is unavailable', { status: 503 });
  }
}
`,
  },
  {
    name: "an unhandled call in a route, with the project's logger for both records",
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    files: {
      'src/logger.ts': `export const logger = {
  info: (fields: Record<string, unknown>, message: string): void => console.log(JSON.stringify({ ...fields, message })),
  error: (fields: Record<string, unknown>, message: string): void => console.error(JSON.stringify({ ...fields, message })),
};
`,
    },
    code: `import Anthropic from '@anthropic-ai/sdk';
import { logger } from './logger';

const anthropic = new Anthropic({ maxRetries: 2, timeout: 20_000 });

export async function POST(request: Request): Promise<Response> {
  const { topic } = (await request.json()) as { topic: string };
  const message = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 200, messages: [{ role: 'user', content: topic }] });
  const block = message.content[0];
  return Response.json({ text: block?.type === 'text' ? block.text : '' });
}
`,
    output: `import Anthropic from '@anthropic-ai/sdk';
import { logger } from './logger';

const anthropic = new Anthropic({ maxRetries: 2, timeout: 20_000 });

export async function POST(request: Request): Promise<Response> {
  const { topic } = (await request.json()) as { topic: string };
  let message;
  const startedAt = Date.now();
  try {
    message = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 200, messages: [{ role: 'user', content: topic }] });
  } catch (error) {
    logger.error({
      event: 'model_call',
      operation: 'messages.create',
      model: 'claude-haiku-4-5',
      durationMs: Date.now() - startedAt,
      outcome: 'error',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      message: error instanceof Error ? error.message : undefined,
    }, 'messages.create failed');
    throw error;
  }
  logger.info({
    event: 'model_call',
    operation: 'messages.create',
    model: 'claude-haiku-4-5',
    durationMs: Date.now() - startedAt,
    usage: message.usage,
    outcome: 'ok',
  }, 'messages.create completed');
  const block = message.content[0];
  return Response.json({ text: block?.type === 'text' ? block.text : '' });
}
`,
  },
  {
    name: 'a failure a caller already records gets no second record: the success record only',
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    title: 'Log the call: a structured record of operation, model, latency, usage and outcome (console.info)',
    code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 2, timeout: 20_000 });

async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  return completion.choices[0]?.message.content ?? '';
}

export async function handle(question: string): Promise<string> {
  try {
    return await answer(question);
  } catch (error) {
    console.error('answer failed', error);
    return 'The assistant is unavailable.';
  }
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 2, timeout: 20_000 });

async function answer(question: string): Promise<string> {
  const startedAt = Date.now();
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  console.info({
    event: 'model_call',
    operation: 'chat.completions.create',
    model: 'gpt-4o-mini',
    durationMs: Date.now() - startedAt,
    usage: completion.usage,
    outcome: 'ok',
  });
  return completion.choices[0]?.message.content ?? '';
}

export async function handle(question: string): Promise<string> {
  try {
    return await answer(question);
  } catch (error) {
    console.error('answer failed', error);
    return 'The assistant is unavailable.';
  }
}
`,
  },
  {
    name: 'not offered where a helper gives the failure back as a value: a record after the statement would say ok for it',
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    files: {
      'src/safe.ts': `export async function tryCatch<T>(promise: Promise<T>): Promise<{ data: T; error: null } | { data: null; error: unknown }> {
  try {
    return { data: await promise, error: null };
  } catch (error) {
    return { data: null, error };
  }
}
`,
    },
    code: `import OpenAI from 'openai';
import { tryCatch } from './safe';

const client = new OpenAI();

export async function tags(text: string): Promise<string> {
  const { data, error } = await tryCatch(
    client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: text }] }),
  );
  if (error) return '';
  return data.choices[0]?.message.content ?? '';
}
`,
    output: null,
  },
  {
    name: 'not offered where a helper the call is handed to answers its failure with a default',
    ruleId: 'unlogged-model-call',
    fix: 'log-call',
    files: {
      'src/safe.ts': `export async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch {
    return null;
  }
}
`,
    },
    code: `import OpenAI from 'openai';
import { orNull } from './safe';

const client = new OpenAI();

export async function tags(text: string): Promise<string> {
  const completion = await orNull(
    client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: text }] }),
  );
  return completion?.choices[0]?.message.content ?? '';
}
`,
    output: null,
  },
]);
