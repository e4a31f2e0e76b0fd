import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('swallowed-model-error', {
  valid: [
    {
      name: 'does not report a retry loop that keeps the last error and throws it after the loop',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function ask(prompt: string): Promise<string> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const response = await client.responses.create({ model: 'gpt-4o-mini', input: prompt });
      return response.output_text;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
`,
    },
    {
      name: 'does not report a batch that keeps each failure in its results',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summariseEach(docs: { id: string; text: string }[]) {
  const results: { id: string; summary?: string; error?: string }[] = [];
  for (const doc of docs) {
    try {
      const response = await client.responses.create({ model: 'gpt-4o-mini', input: doc.text });
      results.push({ id: doc.id, summary: response.output_text });
    } catch (error) {
      results.push({ id: doc.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}
`,
    },
    {
      name: 'does not report a handler that keeps the error on the object for later',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export class Job {
  failure?: unknown;

  async run(prompt: string): Promise<void> {
    try {
      await client.responses.create({ model: 'gpt-4o-mini', input: prompt });
    } catch (error) {
      this.failure = error;
    }
  }
}
`,
    },
    {
      name: 'does not report a catch that logs through a local copy of an optional logger',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

interface Logger {
  error(message: string, meta?: unknown): void;
}

export async function rankAll(texts: string[], logger?: Logger): Promise<string[]> {
  const logger_ = logger ?? { error: (message: string) => process.stderr.write(message) };
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Rank: ' + texts.join('; ') }],
    });
    return (completion.choices[0]?.message.content ?? '').split('\\n');
  } catch (error) {
    logger_.error('ranking failed', error);
    return texts;
  }
}
`,
    },
    {
      name: "does not report a catch that logs through a module object's logger",
      code: `import OpenAI from 'openai';

const client = new OpenAI();
const services = { logger: { warn: (message: string, meta: object) => process.stderr.write(message + JSON.stringify(meta)) } };

export async function tagline(product: string): Promise<string> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'A tagline for ' + product }],
    });
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    services.logger.warn('tagline failed', { error });
    return '';
  }
}
`,
    },
    {
      name: "does not report a catch that returns a helper's failure result",
      code: `import OpenAI from 'openai';

const client = new OpenAI();

function toErrorResult(error: unknown, operation: string): { error: string } {
  return { error: \`\${operation} failed: \${String(error)}\` };
}

export async function summarize(text: string): Promise<{ output?: string; error?: string }> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Summarize: ' + text }],
    });
    return { output: completion.choices[0]?.message.content ?? '' };
  } catch (error) {
    return toErrorResult(error, 'summarize');
  }
}
`,
    },
    {
      name: 'does not report a route whose catch sends the error to the client in a Response (default status)',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function POST(request: Request): Promise<Response> {
  const { text } = (await request.json()) as { text: string };
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Translate to French: ' + text }],
    });
    return Response.json({ text: completion.choices[0]?.message.content ?? '' });
  } catch (error) {
    return new Response(JSON.stringify({ message: String(error) }));
  }
}
`,
    },
    {
      name: 'does not report a catch that logs before returning a default',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function suggestTitle(article: string): Promise<string> {
  try {
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Suggest a title for: ' + article }],
    });
    const block = message.content[0];
    return block?.type === 'text' ? block.text : '';
  } catch (error) {
    console.warn('title suggestion failed', error);
    return '';
  }
}
`,
    },
    {
      name: 'does not report a catch that rethrows a wrapped error',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function classify(text: string): Promise<string> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Classify: ' + text }],
    });
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    throw new Error('classification failed', { cause: error });
  }
}
`,
    },
    {
      name: "does not report a catch that rejects the promise of a new Promise executor (the caller's await gets it)",
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export function speak(text: string, play: (audio: ArrayBuffer) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const run = async () => {
      try {
        const response = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: text });
        play(await response.arrayBuffer());
        resolve();
      } catch (error) {
        reject(error);
      }
    };
    void run();
  });
}
`,
    },
    {
      name: 'does not report a catch that returns a distinguishable failure result',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

type Result = { success: true; text: string } | { success: false; error: unknown };

export async function classify(text: string): Promise<Result> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Classify: ' + text }],
    });
    return { success: true, text: completion.choices[0]?.message.content ?? '' };
  } catch (error) {
    return { success: false, error };
  }
}
`,
    },
    {
      name: 'does not report a call with no handler at all',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function classify(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Classify: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports a catch that keeps the error only in its own local',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function warm(topic: string): Promise<void> {
  try {
    await client.responses.create({ model: 'gpt-4o-mini', input: 'Explain ' + topic });
  } catch (error) {
    const message = String(error);
    void message;
  }
}
`,
      errors: [{ messageId: 'swallowed', line: 7, column: 11, data: { callName: 'responses.create' } }],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function warm(topic: string): Promise<void> {
  try {
    await client.responses.create({ model: 'gpt-4o-mini', input: 'Explain ' + topic });
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'responses.create',
      model: 'gpt-4o-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
    });
    const message = String(error);
    void message;
  }
}
`,
    },
    {
      name: 'reports an empty catch block',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function warmCache(topic: string): Promise<void> {
  try {
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Explain ' + topic }],
    });
  } catch {}
}
`,
      errors: [
        {
          messageId: 'swallowed',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 41,
          data: { callName: 'chat.completions.create' },
        },
      ],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function warmCache(topic: string): Promise<void> {
  try {
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Explain ' + topic }],
    });
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
    });
  }
}
`,
    },
    {
      name: 'reports a catch that returns an empty default without logging',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function suggestTitle(article: string): Promise<string> {
  try {
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Suggest a title for: ' + article }],
    });
    const block = message.content[0];
    return block?.type === 'text' ? block.text : '';
  } catch (error) {
    return '';
  }
}
`,
      errors: [
        {
          messageId: 'swallowed',
          line: 7,
          column: 27,
          endLine: 7,
          endColumn: 52,
          data: { callName: 'messages.create' },
        },
      ],
      output: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function suggestTitle(article: string): Promise<string> {
  try {
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Suggest a title for: ' + article }],
    });
    const block = message.content[0];
    return block?.type === 'text' ? block.text : '';
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'messages.create',
      model: 'claude-sonnet-4-5',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
    });
    return '';
  }
}
`,
    },
    {
      name: 'reports a .catch that turns the failure into null',
      code: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function tagline(product: string): Promise<string | undefined> {
  const response = await ai.models
    .generateContent({ model: 'gemini-2.5-flash', contents: 'Write a tagline for ' + product })
    .catch(() => null);
  return response?.text;
}
`,
      errors: [{ messageId: 'swallowed', line: 6, column: 26, endLine: 7, endColumn: 21 }],
      output: null,
    },
  ],
});
