import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('unlogged-model-call', {
  valid: [
    {
      name: "does not report a call recorded by an injected service's logger with the request and response",
      code: `import OpenAI from 'openai';

interface Logger {
  info(message: string, meta: object): void;
}

export class Summarizer {
  constructor(
    private readonly client: OpenAI,
    private readonly deps: { logger: Logger },
  ) {}

  async summarize(text: string): Promise<string> {
    const started = Date.now();
    const completion = await this.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Summarize: ' + text }],
    });
    this.deps.logger.info('summarized', { model: completion.model, usage: completion.usage, ms: Date.now() - started });
    return completion.choices[0]?.message.content ?? '';
  }
}
`,
    },
    {
      name: "does not report a call with the AI SDK's telemetry enabled",
      code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function summarizeTicket(ticket: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: 'Summarize this support ticket: ' + ticket,
    experimental_telemetry: { isEnabled: true, functionId: 'summarize-ticket' },
  });
  return text;
}
`,
    },
    {
      name: 'does not report a call on a client wrapped by LangSmith',
      code: `import { wrapOpenAI } from 'langsmith/wrappers/openai';
import OpenAI from 'openai';

const client = wrapOpenAI(new OpenAI());

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
      name: 'does not report a call inside an OpenTelemetry span',
      code: `import { trace } from '@opentelemetry/api';
import Anthropic from '@anthropic-ai/sdk';

const tracer = trace.getTracer('support-bot');
const anthropic = new Anthropic();

export async function headline(story: string): Promise<unknown> {
  return tracer.startActiveSpan('headline', async (span) => {
    span.setAttribute('gen_ai.request.model', 'claude-haiku-4-5');
    try {
      const message = await anthropic.messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'Write a headline for: ' + story }],
      });
      span.setAttribute('gen_ai.usage.output_tokens', message.usage.output_tokens);
      return message.content;
    } finally {
      span.end();
    }
  });
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports a call that nothing records',
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
          messageId: 'notRecorded',
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 38,
          data: { callName: 'generateText' },
        },
      ],
      output: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function summarizeTicket(ticket: string): Promise<string> {
  let text;
  const startedAt = Date.now();
  try {
    ({ text } = await generateText({
      model: openai('gpt-4o-mini'),
      prompt: 'Summarize this support ticket: ' + ticket,
    }));
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
    outcome: 'ok',
  });
  return text;
}
`,
    },
    {
      name: "reports a call recorded only as a line of a VS Code extension's output channel",
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function explain(code: string, outputChannel: { appendLine(line: string): void }): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: code }],
  });
  outputChannel.appendLine('explained ' + code.length + ' characters');
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        {
          messageId: 'textOnly',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 58,
          data: { callName: 'chat.completions.create', via: 'outputChannel.appendLine' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function explain(code: string, outputChannel: { appendLine(line: string): void }): Promise<string> {
  let completion;
  const startedAt = Date.now();
  try {
    completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: code }],
    });
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
  outputChannel.appendLine('explained ' + code.length + ' characters');
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'reports a call whose answer is only printed with console.log',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  const text = completion.choices[0]?.message.content ?? '';
  console.log('answer: ' + text);
  return text;
}
`,
      errors: [
        {
          messageId: 'textOnly',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 58,
          data: { callName: 'chat.completions.create', via: 'console.log' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  let completion;
  const startedAt = Date.now();
  try {
    completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: question }],
    });
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
  const text = completion.choices[0]?.message.content ?? '';
  console.log('answer: ' + text);
  return text;
}
`,
    },
  ],
});
