import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('no-fallback', {
  valid: [
    {
      name: 'does not report a call whose answer nothing uses (a warm-up): there is nothing to stand in for',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function warmCache(topic: string): Promise<void> {
  try {
    await client.responses.create({ model: 'gpt-4o-mini', max_output_tokens: 50, input: 'Explain ' + topic });
  } catch (error) {
    console.error('warm-up failed', error);
  }
}
`,
    },
    {
      name: 'does not report a call whose catch lets the loop try the next model of a list',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  for (const model of ['gpt-4o', 'gpt-4o-mini']) {
    try {
      const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: question }] });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      console.warn({ event: 'model_failed', model, error: String(error) });
    }
  }
  throw new Error('every model failed');
}
`,
    },
    {
      name: 'does not report a catch that logs and lets the function return the default it set before the call',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function tagsFor(text: string): Promise<{ text: string; tags: string[] }> {
  let tags: string[] = [];
  try {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });
    tags = (completion.choices[0]?.message.content ?? '').split(',');
  } catch (error) {
    console.warn({ event: 'tagging_failed', error: String(error) });
  }
  return { text, tags };
}
`,
    },
    {
      name: 'does not report the fallback call itself: the last resort in the catch of the primary call',
      calls: 2,
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  try {
    let completion;
    try {
      completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] });
    } catch (error) {
      console.warn({ event: 'model_fallback', error: error instanceof Error ? error.name : String(error) });
      completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
    }
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    console.error('answer failed', error);
    throw error;
  }
}
`,
    },
    {
      name: 'does not report a failure path that asks another provider',
      code: `import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

const openai = new OpenAI();
const anthropic = new Anthropic();

export async function answer(question: string): Promise<string> {
  try {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: question }],
    });
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    console.warn('OpenAI failed; answering with Claude instead', error);
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: question }],
    });
    const block = message.content[0];
    return block?.type === 'text' ? block.text : '';
  }
}
`,
      calls: 2,
    },
    {
      name: 'does not report a failure path that serves a canned answer and logs',
      code: `import OpenAI from 'openai';

const client = new OpenAI();
const CANNED_REPLY = 'Thanks for your message. An agent will get back to you within a day.';

export async function autoReply(ticket: string): Promise<string> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Draft a reply to: ' + ticket }],
    });
    return completion.choices[0]?.message.content ?? CANNED_REPLY;
  } catch (error) {
    console.error('auto-reply failed; sending the canned reply', error);
    return CANNED_REPLY;
  }
}
`,
    },
    {
      name: 'does not report a LangChain model with fallbacks',
      code: `import { ChatOpenAI } from '@langchain/openai';

const primary = new ChatOpenAI({ model: 'gpt-4o' });
const backup = new ChatOpenAI({ model: 'gpt-4o-mini' });

export async function answer(question: string): Promise<unknown> {
  try {
    const message = await primary.withFallbacks([backup]).invoke(question);
    return message.content;
  } catch (error) {
    console.error('both models failed', error);
    throw error;
  }
}
`,
    },
    {
      name: 'does not report a failure nobody handles (unhandled-model-error reports it)',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

const completion = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hello' }],
});
console.log(completion.choices[0]?.message.content);
`,
    },
    {
      name: 'does not report a catch that records the error and rethrows it unchanged (it decides nothing)',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export const draft = async (topic: string) => {
  let message;
  try {
    message = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 300, messages: [{ role: 'user', content: topic }] });
  } catch (failure) {
    const status = typeof failure === 'object' && failure !== null && 'status' in failure ? failure.status : undefined;
    console.error({ event: 'draft_failed', status });
    throw failure;
  }
  return message.content;
};
`,
    },
  ],
  invalid: [
    {
      name: 'reports a catch in a loop over the work to do: the next item is not another model',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 2, timeout: 30_000 });

export async function summarizeAll(articles: string[]): Promise<string[]> {
  const summaries: string[] = [];
  for (const article of articles) {
    try {
      const response = await client.responses.create({ model: 'gpt-4o-mini', max_output_tokens: 200, input: article });
      summaries.push(response.output_text);
    } catch (error) {
      console.error('summary failed', error);
    }
  }
  return summaries;
}
`,
      errors: [
        {
          messageId: 'noAlternative',
          line: 9,
          column: 30,
          data: { handling: 'the handler in summarizeAll (line 11) logs' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 2, timeout: 30_000 });

export async function summarizeAll(articles: string[]): Promise<string[]> {
  const summaries: string[] = [];
  for (const article of articles) {
    try {
      let response;
      try {
        response = await client.responses.create({ model: 'gpt-4o-mini', max_output_tokens: 200, input: article });
      } catch (error) {
        console.warn({
          event: 'model_fallback',
          operation: 'responses.create',
          model: 'gpt-4o-mini',
          fallbackModel: 'gpt-4.1-mini',
          error: error instanceof Error ? error.name : String(error),
          status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
        });
        response = await client.responses.create({ model: 'gpt-4.1-mini', max_output_tokens: 200, input: article });
      }
      summaries.push(response.output_text);
    } catch (error) {
      console.error('summary failed', error);
    }
  }
  return summaries;
}
`,
    },
    {
      name: 'names a caller far away that turns every failure of its work into a default, instead of calling that a default value',
      code: `import OpenAI from 'openai';

export class Summarizer {
  private readonly client = new OpenAI({ maxRetries: 2, timeout: 30_000 });

  async summarize(text: string): Promise<string> {
    const completion = await this.client.chat.completions.create({
      model: 'gpt-4o-mini',
      max_completion_tokens: 200,
      messages: [{ role: 'user', content: text }],
    });
    return completion.choices[0]?.message.content ?? '';
  }
}
`,
      files: {
        'src/digest/builder.ts': `import { Summarizer } from '../case.js';

export class DigestBuilder {
  constructor(private readonly summarizer = new Summarizer()) {}

  async build(messages: string[]): Promise<string[]> {
    const summaries: string[] = [];
    for (const message of messages) summaries.push(await this.summarizer.summarize(message));
    return summaries;
  }
}
`,
        'src/routes/digest.ts': `import { DigestBuilder } from '../digest/builder.js';

const builder = new DigestBuilder();

export async function getDigest(messages: string[]): Promise<string[]> {
  try {
    return await builder.build(messages);
  } catch (error) {
    console.error('digest failed', error);
    return [];
  }
}
`,
      },
      errors: [{ messageId: 'onlyDegraded', line: 7, column: 30, data: { handler: 'getDigest (digest.ts:8)' } }],
      output: `import OpenAI from 'openai';

export class Summarizer {
  private readonly client = new OpenAI({ maxRetries: 2, timeout: 30_000 });

  async summarize(text: string): Promise<string> {
    let completion;
    try {
      completion = await this.client.chat.completions.create({
        model: 'gpt-4o-mini',
        max_completion_tokens: 200,
        messages: [{ role: 'user', content: text }],
      });
    } catch (error) {
      console.warn({
        event: 'model_fallback',
        operation: 'chat.completions.create',
        model: 'gpt-4o-mini',
        fallbackModel: 'gpt-4.1-mini',
        error: error instanceof Error ? error.name : String(error),
        status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      });
      completion = await this.client.chat.completions.create({
        model: 'gpt-4.1-mini',
        max_completion_tokens: 200,
        messages: [{ role: 'user', content: text }],
      });
    }
    return completion.choices[0]?.message.content ?? '';
  }
}
`,
    },
    {
      name: "reports a stream whose errors only reach the SDK's default callback",
      code: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function POST(request: Request): Response {
  const result = streamText({ model: openai('gpt-4o-mini'), maxOutputTokens: 400, prompt: request.url });
  return result.toTextStreamResponse();
}
`,
      errors: [
        {
          messageId: 'noAlternative',
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 28,
          data: { handling: 'the SDK logs it to the console' },
        },
      ],
      output: null,
    },
    {
      name: 'reports a loop that repeats the same call: a retry, not another model',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] });
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      console.warn({ event: 'attempt_failed', attempt, error: String(error) });
    }
  }
  throw new Error('three attempts failed');
}
`,
      errors: [{ messageId: 'noAlternative', line: 8, column: 32, data: { callName: 'chat.completions.create' } }],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      let completion;
      try {
        completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] });
      } catch (error) {
        console.warn({
          event: 'model_fallback',
          operation: 'chat.completions.create',
          model: 'gpt-4o',
          fallbackModel: 'gpt-4o-mini',
          error: error instanceof Error ? error.name : String(error),
          status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
        });
        completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
      }
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      console.warn({ event: 'attempt_failed', attempt, error: String(error) });
    }
  }
  throw new Error('three attempts failed');
}
`,
    },
    {
      name: 'reports a catch that logs and throws another error (the failure is turned into its own)',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: question }],
    });
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    console.error('answer failed', error);
    throw new Error('The assistant is unavailable', { cause: error });
  }
}
`,
      errors: [
        {
          messageId: 'noAlternative',
          line: 7,
          column: 30,
          endLine: 7,
          endColumn: 60,
          data: { callName: 'chat.completions.create' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  try {
    let completion;
    try {
      completion = await client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: question }],
      });
    } catch (error) {
      console.warn({
        event: 'model_fallback',
        operation: 'chat.completions.create',
        model: 'gpt-4o',
        fallbackModel: 'gpt-4o-mini',
        error: error instanceof Error ? error.name : String(error),
        status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      });
      completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: question }],
      });
    }
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    console.error('answer failed', error);
    throw new Error('The assistant is unavailable', { cause: error });
  }
}
`,
    },
    {
      name: 'reports a caller that turns the failure into an error response',
      code: `import { createServer } from 'node:http';
import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

async function summarize(text: string): Promise<string> {
  const result = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Summarize: ' + text });
  return result.text;
}

createServer(async (request, response) => {
  try {
    response.end(await summarize(request.url ?? ''));
  } catch (error) {
    console.error('summary failed', error);
    response.statusCode = 502;
    response.end('Summary unavailable');
  }
}).listen(3000);
`,
      errors: [
        {
          messageId: 'noAlternative',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 36,
          data: { callName: 'generateText' },
        },
      ],
      output: `import { createServer } from 'node:http';
import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

async function summarize(text: string): Promise<string> {
  let result;
  try {
    result = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Summarize: ' + text });
  } catch (error) {
    console.warn({
      event: 'model_fallback',
      operation: 'generateText',
      model: 'gpt-4o-mini',
      fallbackModel: 'gpt-4.1-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
    });
    result = await generateText({ model: openai('gpt-4.1-mini'), prompt: 'Summarize: ' + text });
  }
  return result.text;
}

createServer(async (request, response) => {
  try {
    response.end(await summarize(request.url ?? ''));
  } catch (error) {
    console.error('summary failed', error);
    response.statusCode = 502;
    response.end('Summary unavailable');
  }
}).listen(3000);
`,
    },
  ],
});
