import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

const PROVIDER = `
import Anthropic from '@anthropic-ai/sdk';

export interface Provider {
  stream(prompt: string): AsyncGenerator<string>;
}

export class AnthropicProvider implements Provider {
  private readonly client = new Anthropic();

  async *stream(prompt: string): AsyncGenerator<string> {
    const events = await this.client.messages.create({ // CALL
      model: 'claude-sonnet-4-5',
      max_tokens: 512,
      stream: true,
      messages: [{ role: 'user', content: prompt }],
    });
    for await (const event of events) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') yield event.delta.text;
    }
  }
}
`;

describe('engine: failure domain', () => {
  it('finds the caller that iterates a generator through an interface and logs the error', async () => {
    const files = {
      'src/provider.ts': PROVIDER,
      'src/task.ts': `
import type { Provider } from './provider';

const errors = { logError(message: string): void { process.stderr.write(message); } };

export class Task {
  constructor(private readonly provider: Provider) {}

  async *attempt(prompt: string): AsyncGenerator<string> {
    const stream = this.provider.stream(prompt);
    const iterator = stream[Symbol.asyncIterator]();
    try {
      const first = await iterator.next();
      if (!first.done) yield first.value;
    } catch (error) {
      errors.logError(String(error));
      throw new Error('the request failed', { cause: error });
    }
    yield* stream;
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.function, 'Task.attempt');
    assert.equal(profile.failure.logged, true);
  });

  it('a catch around a stream that is only returned is not handling; its reader handles it', async () => {
    const files = {
      'src/answer.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

async function open(question: string) {
  try {
    return await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: question }] }); // CALL
  } catch (error) {
    console.error(error);
    throw error;
  }
}

export async function answer(question: string): Promise<string> {
  const stream = await open(question);
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'exported');
  });

  it('a catch that passes the error to a workspace function that logs it is handling, and logged', async () => {
    const files = {
      'src/summarize.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

function report(error: unknown): void {
  console.error('summarize failed', error);
}

export async function summarize(text: string): Promise<string | undefined> {
  try {
    const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] }); // CALL
    return response.choices[0]?.message.content ?? undefined;
  } catch (error) {
    report(error);
    return undefined;
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.logged, true);
    assert.equal(profile.failure.swallowed, false);
  });

  describe("a VS Code extension's output channel is its log", () => {
    const withCatch = (handler: string) => ({
      'src/explain.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

export class Explainer {
  constructor(private readonly outputChannel: { appendLine(line: string): void; postMessage(message: unknown): void }) {}

  async explain(code: string): Promise<string> {
    try {
      const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: code }] }); // CALL
      return response.choices[0]?.message.content ?? '';
    } catch (error) {
      ${handler}
      return '';
    }
  }
}
`,
    });

    for (const handler of [
      'this.outputChannel.appendLine(`explain failed: ${String(error)}`);',
      "const output = this.outputChannel as unknown as { error(message: string, ...args: unknown[]): void };\n      output.error('explain failed', error);",
    ])
      it(handler.split('\n').pop()!.trim(), async () => {
        const profile = await profileAt(withCatch(handler), '// CALL');
        assert.equal(profile.failure.handledBy, 'local');
        assert.equal(profile.failure.logged, true);
      });

    it('another message on the channel object is no record', async () => {
      const profile = await profileAt(withCatch("this.outputChannel.postMessage({ type: 'failed' });"), '// CALL');
      assert.equal(profile.failure.logged, false);
    });
  });

  it('a catch that records the error and rethrows it unchanged is handling that logs and passes the failure on', async () => {
    const code = (rethrow: string) => `
import OpenAI from 'openai';
const client = new OpenAI();

export async function complete(text: string): Promise<string> {
  let response;
  try {
    response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] }); // CALL
  } catch (error) {
    console.error({ event: 'model_call', outcome: 'error', message: error instanceof Error ? error.message : undefined });
    ${rethrow};
  }
  return response.choices[0]?.message.content ?? '';
}
`;
    const unchanged = await profileAt({ 'src/complete.ts': code('throw error') }, '// CALL');
    assert.deepEqual(
      [unchanged.failure.handledBy, unchanged.failure.logged, unchanged.failure.reaction, unchanged.failure.passesOn],
      ['local', true, 'logs and rethrows', true],
    );
    // Another error in its place is a decision of its own: not passed on.
    const replaced = await profileAt({ 'src/complete.ts': code("throw new Error('completion failed')") }, '// CALL');
    assert.deepEqual(
      [replaced.failure.handledBy, replaced.failure.logged, replaced.failure.passesOn],
      ['local', true, undefined],
    );
  });

  it('a rethrowing catch is logged where the rethrown error is handled', async () => {
    const files = {
      'src/complete.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

export class CompletionError extends Error {}

async function complete(text: string): Promise<string> {
  try {
    const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] }); // CALL
    return response.choices[0]?.message.content ?? '';
  } catch (error) {
    throw new CompletionError(String(error));
  }
}

export async function handler(text: string): Promise<Response> {
  try {
    return new Response(await complete(text));
  } catch (error) {
    console.error('completion failed', error);
    return new Response('failed', { status: 502 });
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.logged, true);
    assert.equal(profile.failure.loggedAt?.function, 'handler');
  });

  it('a call in a callback given as an option is handled where that helper is awaited (its own function)', async () => {
    const files = {
      'src/run.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

async function withDeadline<T>(options: { ms: number; operation: () => Promise<T> }): Promise<T> {
  return options.operation();
}

export async function ask(question: string): Promise<string> {
  try {
    const response = await withDeadline({
      ms: 5000,
      operation: () => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }), // CALL
    });
    return response.choices[0]?.message.content ?? '';
  } catch (error) {
    console.warn('ask failed', error);
    return 'Sorry, no answer right now.';
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.where?.function, 'ask');
    assert.equal(profile.failure.logged, true);
  });

  describe('a catch that rejects the promise a `new Promise` executor made', () => {
    const speech = (caller: string) => ({
      'src/speech.ts': `
import OpenAI from 'openai';

const client = new OpenAI();

export function speak(text: string, play: (audio: ArrayBuffer) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const run = async () => {
      try {
        const response = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: text }); // CALL
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
      'src/route.ts': caller,
    });

    it('passes the failure to whoever awaits that promise: a caller that logs it handles it', async () => {
      const profile = await profileAt(
        speech(`
import { speak } from './speech';

export async function readAloud(text: string): Promise<boolean> {
  try {
    await speak(text, () => undefined);
    return true;
  } catch (error) {
    console.error('speech failed', error);
    return false;
  }
}
`),
        '// CALL',
      );
      assert.equal(profile.failure.handledBy, 'caller');
      assert.equal(profile.failure.where?.function, 'readAloud');
      assert.equal(profile.failure.swallowed, false);
      assert.equal(profile.failure.logged, true);
    });

    it('with no caller catching it, the failure leaves the exported function: not swallowed', async () => {
      const profile = await profileAt(
        speech(`
import { speak } from './speech';

export async function readAloud(text: string): Promise<void> {
  await speak(text, () => undefined);
}
`),
        '// CALL',
      );
      assert.equal(profile.failure.handledBy, 'exported');
      assert.equal(profile.failure.swallowed, false);
    });
  });

  describe('a function only code outside the workspace calls: the failure goes to callers unknown here', () => {
    const OPENAI = `import OpenAI from 'openai';

const client = new OpenAI();
`;
    const EMBED = "await client.embeddings.create({ model: 'text-embedding-3-small', input: text }); // CALL";

    it('a method of a class exported by name through module.exports (a plugin the host loads)', async () => {
      const profile = await profileAt(
        {
          'src/node.ts': `${OPENAI}
class SummaryNode {
  async run(text: string): Promise<string> {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }); // CALL
    return completion.choices[0]?.message.content ?? '';
  }
}

module.exports = { nodeClass: SummaryNode };
`,
        },
        '// CALL',
      );
      assert.equal(profile.failure.handledBy, 'exported');
    });

    it("a method overriding a package class's method (the library calls it)", async () => {
      const profile = await profileAt(
        {
          'src/embeddings.ts': `${OPENAI}import { Embeddings } from '@langchain/core/embeddings';

class CachedEmbeddings extends Embeddings {
  async embedQuery(text: string): Promise<number[]> {
    const response = ${EMBED}
    return response.data[0]?.embedding ?? [];
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.all(texts.map((text) => this.embedQuery(text)));
  }
}

export function cachedEmbeddings(): Embeddings {
  return new CachedEmbeddings({});
}
`,
        },
        '// CALL',
      );
      assert.equal(profile.failure.handledBy, 'exported');
    });

    it("a function stored on an object its users call; an on... event handler is the runtime's", async () => {
      const stored = (target: string) => ({
        'src/model.ts': `${OPENAI}
export function attach(model: { embed?: (text: string) => Promise<number[]> }, socket: { onmessage?: (text: string) => Promise<void> }): void {
  ${target} = async (text: string) => {
    const response = ${EMBED}
    ${target === 'model.embed' ? 'return response.data[0]?.embedding ?? [];' : 'console.info(response.data.length);'}
  };
}
`,
      });
      assert.equal((await profileAt(stored('model.embed'), '// CALL')).failure.handledBy, 'exported');
      assert.equal((await profileAt(stored('socket.onmessage'), '// CALL')).failure.handledBy, 'none');
    });
  });

  it("a library's error hook (onLLMError) records the error; a workspace function of such a name is read", async () => {
    const agent = (handler: string) => ({
      'src/agent.ts': `import OpenAI from 'openai';

const client = new OpenAI();

interface Analytics {
  onLLMError(runId: string, message: string): Promise<void>;
}

export class Agent {
  constructor(private readonly analytics: Analytics) {}

  async answer(runId: string, question: string): Promise<string> {
    try {
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }); // CALL
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      ${handler}
      throw error;
    }
  }

  private async handleRequestError(error: unknown): Promise<void> {
    if (error instanceof Error) error.message = 'request failed: ' + error.message;
  }
}
`,
    });
    const hooked = await profileAt(
      agent('await this.analytics.onLLMError(runId, error instanceof Error ? error.message : String(error));'),
      '// CALL',
    );
    assert.equal(hooked.failure.logged, true);
    const own = await profileAt(agent('await this.handleRequestError(error);'), '// CALL');
    assert.equal(own.failure.logged, false);
  });

  it("streamText's errors go to its onError callback", async () => {
    const files = {
      'src/route.ts': `
import { streamText } from 'ai';
import { openai } from '@ai-sdk/openai';

export function POST(prompt: string): Response {
  const result = streamText({ // CALL
    model: openai('gpt-4o'),
    prompt,
    onError: ({ error }) => console.error('stream failed', error),
  });
  return result.toTextStreamResponse();
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'callback');
    assert.equal(profile.failure.logged, true);
  });

  it("an override calling super is not a caller of itself; the base method's real caller handles it", async () => {
    const files = {
      'src/api.ts': `
import OpenAI from 'openai';

export interface ChatApi {
  complete(prompt: string): Promise<string>;
}

export class OpenAiApi implements ChatApi {
  private readonly client = new OpenAI();

  async complete(prompt: string): Promise<string> {
    const response = await this.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }); // CALL
    return response.choices[0]?.message.content ?? '';
  }
}

export class CompatibleApi extends OpenAiApi {
  async complete(prompt: string): Promise<string> {
    return super.complete(prompt);
  }
}

export class OtherCompatibleApi extends OpenAiApi {
  async complete(prompt: string): Promise<string> {
    return super.complete(prompt.trim());
  }
}

export class ThirdCompatibleApi extends OpenAiApi {
  async complete(prompt: string): Promise<string> {
    return super.complete(prompt.toLowerCase());
  }
}
`,
      'src/app.ts': `
import type { ChatApi } from './api';

export async function answer(api: ChatApi, prompt: string): Promise<string> {
  try {
    return await api.complete(prompt);
  } catch (error) {
    console.error('the model call failed', error);
    throw error;
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.function, 'answer');
    assert.equal(profile.failure.logged, true);
  });

  it("a test's call of the function does not outvote the production caller", async () => {
    const api = `
import OpenAI from 'openai';

const client = new OpenAI();

export async function complete(prompt: string): Promise<string> {
  const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }); // CALL
  return response.choices[0]?.message.content ?? '';
}
`;
    const app = `
import { complete } from './api';

export async function answer(prompt: string): Promise<string> {
  try {
    return await complete(prompt);
  } catch (error) {
    console.error('the model call failed', error);
    return 'The assistant is unavailable.';
  }
}
`;
    const support = `
import { complete } from '../api';

declare function test(name: string, body: () => Promise<void>): void;

export function checkCompletion(): void {
  test('completes', async () => {
    const text = await complete('Say hello');
    if (!text) throw new Error('empty');
  });
  test('completes twice', async () => {
    await complete('Say hello again');
  });
}
`;
    const profile = await profileAt(
      { 'src/api.ts': api, 'src/app.ts': app, 'src/support/checks.ts': support },
      '// CALL',
    );
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.function, 'answer');
    // Only tests call it: their runner sees the error, as before.
    const tested = await profileAt({ 'src/api.ts': api, 'src/support/checks.ts': support }, '// CALL');
    assert.equal(tested.failure.handledBy, 'exported');
  });
});

/** A model-calling function other modules call. */
const COMPLETE = `
import OpenAI from 'openai';

const openai = new OpenAI();

export async function complete(prompt: string): Promise<string> {
  const completion = await openai.chat.completions.create({ // CALL
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: prompt }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`;

describe('engine: failure ended inside a wrapper', () => {
  it('reports the wrapper two levels down that catches as handling the outer call site', async () => {
    const files = {
      'src/llm.ts': COMPLETE,
      'src/service.ts': `
import { complete } from './llm';

const logger = { warn(message: string, meta: object): void { process.stderr.write(message + JSON.stringify(meta)); } };

export async function suggestTitle(body: string): Promise<string> {
  let title = 'Untitled';
  try {
    title = await complete('A title for: ' + body); // INNER
  } catch (error) {
    logger.warn('title failed', { error });
  }
  return title;
}
`,
      'src/route.ts': `
import { suggestTitle } from './service';

export async function createNote(body: string): Promise<{ title: string; body: string }> {
  const title = await suggestTitle(body); // OUTER
  return { title, body };
}
`,
    };
    const outer = await profileAt(files, '// OUTER');
    assert.equal(outer.call.site, 'wrapper');
    assert.equal(outer.failure.handledBy, 'local');
    assert.equal(outer.failure.where?.function, 'suggestTitle');
    assert.equal(outer.failure.logged, true);
    assert.equal(outer.fallback.kind, 'static');
    // The SDK call's own answer is the same handler, one caller up.
    const call = await profileAt(files, '// CALL');
    assert.equal(call.failure.handledBy, 'caller');
    assert.equal(call.failure.where?.function, 'suggestTitle');
  });

  it('leaves the search to the call site when the wrapper lets some failure out', async () => {
    const files = {
      'src/llm.ts': COMPLETE,
      'src/service.ts': `
import { complete } from './llm';

export async function suggestTitle(body: string): Promise<string> {
  try {
    return await complete('A title for: ' + body);
  } catch (error) {
    if (error instanceof TypeError) return 'Untitled';
    throw error;
  }
}
`,
      'src/route.ts': `
import { suggestTitle } from './service';

export async function createNote(body: string): Promise<{ title: string; body: string }> {
  try {
    const title = await suggestTitle(body); // OUTER
    return { title, body };
  } catch (error) {
    console.error('note failed', error);
    return { title: 'Untitled', body };
  }
}
`,
    };
    const outer = await profileAt(files, '// OUTER');
    assert.equal(outer.failure.handledBy, 'local');
    assert.equal(outer.failure.where?.function, 'createNote');
    assert.equal(outer.failure.logged, true);
  });

  it('reads an AI SDK stream with onError as handled in its callback at the wrapper site', async () => {
    const files = {
      'src/chat.ts': `
import { streamText } from 'ai';
import { openai } from '@ai-sdk/openai';

export function answer(question: string) {
  return streamText({
    model: openai('gpt-4o-mini'),
    prompt: question,
    onError: ({ error }) => console.error('stream failed', error),
  });
}
`,
      'src/route.ts': `
import { answer } from './chat';

export async function POST(request: Request): Promise<Response> {
  const { question } = (await request.json()) as { question: string };
  return answer(question).toTextStreamResponse(); // OUTER
}
`,
    };
    const outer = await profileAt(files, '// OUTER');
    assert.equal(outer.call.site, 'wrapper');
    assert.equal(outer.failure.handledBy, 'callback');
    assert.equal(outer.failure.logged, true);
  });
});

describe('engine: whose default is the fallback', () => {
  const caller = (name: string, inner: string): string => `
import { ${inner} } from './${inner === 'complete' ? 'llm' : 'tags'}';

export async function ${name}(text: string): Promise<string[]> {
  try {
    return (await ${inner}(text)).toString().split(',');
  } catch (error) {
    console.warn('${name} failed', error);
    return [];
  }
}
`;

  it('counts a default returned by the direct caller in another module', async () => {
    const profile = await profileAt(
      { 'src/llm.ts': COMPLETE, 'src/tags.ts': caller('tagsFor', 'complete') },
      '// CALL',
    );
    assert.equal(profile.failure.where?.function, 'tagsFor');
    assert.equal(profile.fallback.kind, 'static');
  });

  it("does not count a helper's failure result as a default", async () => {
    const files = {
      'src/llm.ts': COMPLETE,
      'src/tags.ts': `
import { complete } from './llm';

function errorResult(error: unknown): { error: string } {
  return { error: 'tagging failed: ' + String(error) };
}

export async function tagsFor(text: string): Promise<{ tags?: string[]; error?: string }> {
  try {
    return { tags: (await complete('Comma-separated tags for: ' + text)).split(',') };
  } catch (error) {
    return errorResult(error);
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.where?.function, 'tagsFor');
    assert.equal(profile.failure.swallowed, false);
    assert.equal(profile.failure.reaction, 'returns a failure result');
    assert.equal(profile.fallback.kind, 'none');
  });

  it('does not count a catch-all two callers up in another module', async () => {
    const files = {
      'src/llm.ts': COMPLETE,
      'src/tags.ts': `
import { complete } from './llm';

export async function tagsFor(text: string): Promise<string> {
  return complete('Comma-separated tags for: ' + text);
}
`,
      'src/index.ts': caller('indexDocument', 'tagsFor'),
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.function, 'indexDocument');
    assert.equal(profile.fallback.kind, 'none');
  });
});

describe('engine: AI SDK stream errors sent to the client as a message', () => {
  it("reads ai 4's getErrorMessage on the result's data stream response", async () => {
    const profile = await profileAt(
      {
        'src/route.ts': `
import { streamText } from 'ai';
import { openai } from '@ai-sdk/openai';

export async function POST(request: Request): Promise<Response> {
  const { prompt } = (await request.json()) as { prompt: string };
  const result = streamText({ model: openai('gpt-4o-mini'), prompt }); // CALL
  return result.toDataStreamResponse({
    getErrorMessage: (error) => {
      console.error('chat failed', error);
      return 'Something went wrong.';
    },
  });
}
`,
      },
      '// CALL',
    );
    assert.equal(profile.failure.handledBy, 'callback');
    assert.equal(profile.failure.logged, true);
    assert.equal(profile.fallback.kind, 'none');
  });

  it("reads createDataStreamResponse's onError around the execute callback", async () => {
    const profile = await profileAt(
      {
        'src/route.ts': `
import { createDataStreamResponse, streamText } from 'ai';
import { openai } from '@ai-sdk/openai';

export async function POST(request: Request): Promise<Response> {
  const { prompt } = (await request.json()) as { prompt: string };
  return createDataStreamResponse({
    execute: (dataStream) => {
      const result = streamText({ model: openai('gpt-4o-mini'), prompt }); // CALL
      result.mergeIntoDataStream(dataStream);
    },
    onError: () => 'Oops, an error occurred!',
  });
}
`,
      },
      '// CALL',
    );
    assert.equal(profile.failure.handledBy, 'callback');
    assert.equal(profile.failure.reaction, 'sends the client an error message');
    assert.equal(profile.failure.logged, false);
  });

  it("does not take a workspace function of the same name for the SDK's", async () => {
    const profile = await profileAt(
      {
        'src/route.ts': `
import { streamText } from 'ai';
import { openai } from '@ai-sdk/openai';

function createUIMessageStream(options: { execute: () => void; onError: () => string }): void {
  options.execute();
}

export function start(prompt: string): void {
  createUIMessageStream({
    execute: () => {
      const result = streamText({ model: openai('gpt-4o-mini'), prompt }); // CALL
      void result.consumeStream();
    },
    onError: () => 'ignored',
  });
}
`,
      },
      '// CALL',
    );
    assert.equal(profile.failure.handledBy, 'callback');
    assert.equal(profile.failure.where, undefined);
  });
});
