import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

describe('engine: retry domain', () => {
  it('composes a retry decorator and a caller loop around the SDK default, innermost first', async () => {
    const files = {
      'src/retry.ts': `
export function withRetry(options: { maxRetries?: number } = {}) {
  const maxRetries = options.maxRetries ?? 3;
  return function <T, A extends unknown[], R>(method: (this: T, ...args: A) => Promise<R>, _context: ClassMethodDecoratorContext) {
    return async function (this: T, ...args: A): Promise<R> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await method.apply(this, args);
        } catch (error) {
          if (attempt >= maxRetries) throw error;
        }
      }
    };
  };
}
`,
      'src/client.ts': `
import OpenAI from 'openai';
import { withRetry } from './retry';

export class Summarizer {
  private readonly client = new OpenAI();

  @withRetry({ maxRetries: 4 })
  async summarize(text: string): Promise<string> {
    const response = await this.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] }); // CALL
    return response.choices[0]?.message.content ?? '';
  }
}

export async function summarizeAll(summarizer: Summarizer, text: string): Promise<string> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return await summarizer.summarize(text);
    } catch (error) {
      console.error('summary failed', error);
    }
  }
  return '';
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.deepEqual(
      profile.retry.layers.map((layer) => [layer.kind, layer.attempts]),
      [
        ['sdk', 3],
        ['decorator', 4],
        ['loop', 2],
      ],
    );
    assert.equal(profile.retry.worstCaseAttempts, 24);
  });

  it('a handler that does not rethrow hides the error from retry layers further out', async () => {
    const files = {
      'src/answer.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

async function answer(question: string): Promise<string> {
  try {
    const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }); // CALL
    return response.choices[0]?.message.content ?? '';
  } catch (error) {
    console.error('answer failed', error);
    return 'No answer.';
  }
}

export async function answerWithRetries(question: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await answer(question);
    } catch {
      continue;
    }
  }
  return '';
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.deepEqual(
      profile.retry.layers.map((layer) => layer.kind),
      ['sdk'],
    );
  });

  it('a loop over items that catches each failure is not a retry loop', async () => {
    const files = {
      'src/batch.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

export async function labelAll(items: string[]): Promise<void> {
  for (let index = 0; index < items.length; index++) {
    try {
      await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: items[index] ?? '' }] }); // CALL
    } catch (error) {
      console.error('item failed', index, error);
    }
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.deepEqual(
      profile.retry.layers.map((layer) => layer.kind),
      ['sdk'],
    );
  });

  it("a workspace helper's retry loop around the callback it runs counts", async () => {
    const files = {
      'src/helper.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

export function ask(question: string) {
  return withRetries(() => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] })); // CALL
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.deepEqual(
      profile.retry.layers.map((layer) => [layer.kind, layer.attempts]),
      [
        ['sdk', 3],
        ['loop', 3],
      ],
    );
  });
});

describe('engine: timeout domain', () => {
  it('a signal that only carries cancellation is not a timeout', async () => {
    const files = {
      'src/cancel.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

export async function ask(question: string, signal: AbortSignal): Promise<string> {
  const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }, { signal }); // CALL
  return response.choices[0]?.message.content ?? '';
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.timeout.source, 'sdk-default');
  });

  it('a helper the call is handed to that races it against a timer is a timeout', async () => {
    const files = {
      'src/race.ts': `
import OpenAI from 'openai';
const client = new OpenAI({ maxRetries: 0 });

async function withDeadline<T>(options: { timeoutMs: number; operation: () => Promise<T> }): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      options.operation(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), options.timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function ask(question: string) {
  return withDeadline({
    timeoutMs: 20_000,
    operation: () => client.embeddings.create({ model: 'text-embedding-3-small', input: question }), // CALL
  });
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.timeout.source, 'explicit');
    assert.equal(profile.timeout.ms, 20_000);
  });

  it('the pending call handed to a helper that races it: one deadline over the SDK attempts', async () => {
    const files = {
      'src/race.ts': `
import OpenAI from 'openai';

const client = new OpenAI();

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms))]);
}

export async function ask(question: string) {
  return withTimeout(client.embeddings.create({ model: 'text-embedding-3-small', input: question }), 10_000); // CALL
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.deepEqual(
      { source: profile.timeout.source, ms: profile.timeout.ms, worstCaseMs: profile.timeout.worstCaseMs },
      { source: 'explicit', ms: 10_000, worstCaseMs: 10_000 },
    );
    assert.equal(profile.retry.worstCaseAttempts, 3);
  });
});

describe('engine: options on clients built later', () => {
  it('a typed class field assigned in a lazy getter gives the call its construction options', async () => {
    const files = {
      'src/lazy.ts': `
import OpenAI from 'openai';

export class Assistant {
  private client: OpenAI | undefined;

  private ensureClient(): OpenAI {
    if (!this.client) this.client = new OpenAI({ timeout: 30_000, maxRetries: 1 });
    return this.client;
  }

  async reply(question: string): Promise<string> {
    const client = this.ensureClient();
    const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }); // CALL
    return response.choices[0]?.message.content ?? '';
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.deepEqual([profile.timeout.source, profile.timeout.ms], ['explicit', 30_000]);
    assert.deepEqual([profile.retry.layers[0]?.source, profile.retry.layers[0]?.attempts], ['explicit', 2]);
  });
});

describe('engine: validation domain', () => {
  it('text only returned is unchecked but not used as data; a stream read with for await is streamed text', async () => {
    const files = {
      'src/text.ts': `
import OpenAI from 'openai';
const client = new OpenAI();
const request = { model: 'gpt-4o', stream: true as const, messages: [{ role: 'user' as const, content: 'hi' }] };

export async function reply(question: string): Promise<string> {
  const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }); // TEXT
  return response.choices[0]?.message.content ?? '';
}

export async function* streamed(): AsyncGenerator<string> {
  const stream = await client.chat.completions.create(request); // STREAM
  for await (const chunk of stream) yield chunk.choices[0]?.delta.content ?? '';
}
`,
    };
    const text = await profileAt(files, '// TEXT');
    assert.deepEqual([text.validation.kind, text.validation.usedAsData], ['none', false]);
    const stream = await profileAt(files, '// STREAM');
    assert.equal(stream.validation.kind, 'not-applicable');
  });
});

describe('engine: one signal for all the SDK attempts', () => {
  it("AbortSignal.timeout passed to the call caps the SDK's own retries: the worst case is not multiplied", async () => {
    const profile = await profileAt(
      {
        'src/title.ts': `
import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: body, abortSignal: AbortSignal.timeout(30000) }); // CALL
  return text;
}
`,
      },
      '// CALL',
    );
    assert.deepEqual(
      profile.retry.layers.map((layer) => [layer.kind, layer.attempts]),
      [['sdk', 3]],
    );
    assert.deepEqual([profile.timeout.ms, profile.timeout.worstCaseMs], [30000, 30000]);
  });

  it('a loop around the call makes it again with a fresh signal: that layer multiplies, the SDK one does not', async () => {
    const profile = await profileAt(
      {
        'src/title.ts': `
import OpenAI from 'openai';

const client = new OpenAI();

export async function title(body: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: body }] }, { signal: AbortSignal.timeout(20000) }); // CALL
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      if (attempt >= 2) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
    }
  }
}
`,
      },
      '// CALL',
    );
    assert.deepEqual(
      profile.retry.layers.map((layer) => [layer.kind, layer.attempts]),
      [
        ['sdk', 3],
        ['loop', 2],
      ],
    );
    assert.deepEqual([profile.timeout.ms, profile.timeout.worstCaseMs], [20000, 40000]);
  });

  it('a request timeout option is per attempt: it multiplies with the SDK retries', async () => {
    const profile = await profileAt(
      {
        'src/title.ts': `
import OpenAI from 'openai';

const client = new OpenAI();

export async function title(body: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: body }] }, { timeout: 20000 }); // CALL
  return completion.choices[0]?.message.content ?? '';
}
`,
      },
      '// CALL',
    );
    assert.deepEqual([profile.timeout.ms, profile.timeout.worstCaseMs], [20000, 60000]);
  });
});

describe('engine: abort signals made by workspace helpers', () => {
  it("a helper's timer signal in a conditional with the caller's signal bounds the call either way", async () => {
    const profile = await profileAt(
      {
        'src/deadline.ts': `
export function startDeadline(ms = 40_000) {
  const controller = new AbortController();
  const handle = setTimeout(() => controller.abort(), ms);
  return { controller, stop: () => clearTimeout(handle) };
}
`,
        'src/rank.ts': `
import Anthropic from '@anthropic-ai/sdk';
import { startDeadline } from './deadline';
const client = new Anthropic();

export async function rank(items: string[], outer?: AbortSignal): Promise<string> {
  const deadline = startDeadline();
  const { controller } = deadline;
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  try {
    const message = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 200, messages: [{ role: 'user', content: items.join('\\n') }] }, { signal }); // CALL
    return message.content[0]?.type === 'text' ? message.content[0].text : '';
  } finally {
    deadline.stop();
  }
}
`,
      },
      '// CALL',
    );
    // One deadline for the SDK's three attempts.
    assert.deepEqual(
      [profile.timeout.source, profile.timeout.ms, profile.timeout.worstCaseMs, profile.retry.worstCaseAttempts],
      ['explicit', 40000, 40000, 3],
    );
  });

  it('a timer cleared once the stream is returned bounds the wait for it, not the stream', async () => {
    const profile = await profileAt(
      {
        'src/stream.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

export async function startStory(prompt: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 15_000);
  try {
    return await client.chat.completions.create({ model: 'gpt-4o', stream: true, max_tokens: 800, messages: [{ role: 'user', content: prompt }] }, { signal: controller.signal }); // CALL
  } finally {
    clearTimeout(timer);
  }
}
`,
      },
      '// CALL',
    );
    assert.deepEqual(
      [profile.timeout.source, profile.timeout.ms, profile.timeout.coversStream],
      ['explicit', 15000, false],
    );
  });

  it('a helper whose controller only a caller aborts gives no timeout: the SDK default applies', async () => {
    const profile = await profileAt(
      {
        'src/cancel.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

function cancellable(onCancel: (abort: () => void) => void) {
  const controller = new AbortController();
  onCancel(() => controller.abort());
  setTimeout(() => console.log('still waiting'), 5_000);
  return { signal: controller.signal };
}

export async function answer(question: string, onCancel: (abort: () => void) => void): Promise<string> {
  const { signal } = cancellable(onCancel);
  const completion = await client.chat.completions.create({ model: 'gpt-4o', max_tokens: 300, messages: [{ role: 'user', content: question }] }, { signal }); // CALL
  return completion.choices[0]?.message.content ?? '';
}
`,
      },
      '// CALL',
    );
    assert.deepEqual([profile.timeout.source, profile.timeout.ms], ['sdk-default', 600000]);
  });
});

describe('engine: retry counts read from the environment', () => {
  it("reads the literal fallback, or says unknown; never the SDK's default for a value the code sets", async () => {
    const files = {
      'src/env.ts': `
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw ? Number.parseInt(raw, 10) : fallback;
}
`,
      'src/clients.ts': `
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { envInt } from './env';

declare const settings: { retries: number };
const bedrock = new BedrockRuntimeClient({ maxAttempts: envInt('BEDROCK_MAX_ATTEMPTS', 10) });
const coalesced = new OpenAI({ maxRetries: Number(process.env.OPENAI_MAX_RETRIES ?? 4) });
const parsed = new OpenAI({ maxRetries: parseInt(process.env.OPENAI_MAX_RETRIES || '5', 10) });
const configured = new OpenAI({ maxRetries: settings.retries });

export async function ask(question: string): Promise<void> {
  await bedrock.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: question }] }] })); // BEDROCK
  await coalesced.chat.completions.create({ model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: question }] }); // COALESCED
  await parsed.chat.completions.create({ model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: question }] }); // PARSED
  await configured.chat.completions.create({ model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: question }] }); // CONFIGURED
}
`,
    };
    const layers = await Promise.all(
      ['// BEDROCK', '// COALESCED', '// PARSED', '// CONFIGURED'].map(async (marker) => {
        const profile = await profileAt(files, marker);
        return profile.retry.layers.map((layer) => [layer.kind, layer.source, layer.attempts]);
      }),
    );
    assert.deepEqual(layers, [
      [['sdk', 'explicit', 10]],
      [['sdk', 'explicit', 5]],
      [['sdk', 'explicit', 6]],
      [['sdk', 'explicit', 'unknown']],
    ]);
  });
});
