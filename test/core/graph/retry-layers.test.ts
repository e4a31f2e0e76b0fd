import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

/** A model method behind an interface, called by a retrying agent loop and by a one-shot helper. */
const GATEWAY = `
import OpenAI from 'openai';

export interface TextModel {
  complete(prompt: string): Promise<string>;
}

export class HostedModel implements TextModel {
  private readonly client = new OpenAI();

  async complete(prompt: string): Promise<string> {
    const response = await this.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }); // CALL
    return response.choices[0]?.message.content ?? '';
  }
}
`;

const AGENT = `
import type { TextModel } from './gateway';

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function runTurn(model: TextModel, prompt: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await model.complete(prompt); // LOOPED
    } catch (error) {
      console.error('turn failed', error);
      await pause(1000 * 2 ** attempt);
    }
  }
  throw new Error('gave up');
}
`;

const TITLE = `
import type { TextModel } from './gateway';

export async function titleFor(model: TextModel, text: string): Promise<string> {
  return model.complete('A title for: ' + text);
}
`;

describe('engine: retry layers that only some callers add', () => {
  it("a caller's loop does not retry the call when another caller reaches it once", async () => {
    const profile = await profileAt(
      { 'src/gateway.ts': GATEWAY, 'src/agent.ts': AGENT, 'src/title.ts': TITLE },
      '// CALL',
    );
    assert.deepEqual(
      profile.retry.layers.map((layer) => [layer.kind, layer.source, layer.attempts]),
      [['sdk', 'sdk-default', 3]],
    );
    assert.equal(profile.retry.worstCaseAttempts, 3);
    // The loop is still reported, as a layer of one caller's path.
    assert.deepEqual(
      profile.retry.onSomePaths?.map((layer) => [layer.kind, layer.attempts, layer.where?.function]),
      [['loop', 5, 'runTurn']],
    );
  });

  it('the loop counts at its own call site of the interface method', async () => {
    const profile = await profileAt(
      { 'src/gateway.ts': GATEWAY, 'src/agent.ts': AGENT, 'src/title.ts': TITLE },
      '// LOOPED',
    );
    assert.equal(profile.call.site, 'wrapper');
    assert.deepEqual(
      profile.retry.layers.map((layer) => [layer.kind, layer.attempts]),
      [
        ['sdk', 3],
        ['loop', 5],
      ],
    );
    assert.equal(profile.retry.onSomePaths, undefined);
  });

  it("with the retrying loop as the only caller, the loop is the call's outermost layer", async () => {
    const profile = await profileAt({ 'src/gateway.ts': GATEWAY, 'src/agent.ts': AGENT }, '// CALL');
    assert.deepEqual(
      profile.retry.layers.map((layer) => [layer.kind, layer.attempts]),
      [
        ['sdk', 3],
        ['loop', 5],
      ],
    );
    assert.equal(profile.retry.worstCaseAttempts, 15);
    assert.equal(profile.retry.onSomePaths, undefined);
  });

  it('two callers that each retry their own way both retry the call: the lesser retry counts', async () => {
    const shared = `
import OpenAI from 'openai';

export async function draft(client: OpenAI, prompt: string): Promise<string> {
  const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }); // CALL
  return response.choices[0]?.message.content ?? '';
}
`;
    const callers = `
import OpenAI from 'openai';
import { draft } from './shared';

const client = new OpenAI();

export async function draftTwice(prompt: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await draft(client, prompt);
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

export async function draftFourTimes(prompt: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await draft(client, prompt);
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
}
`;
    const profile = await profileAt({ 'src/shared.ts': shared, 'src/callers.ts': callers }, '// CALL');
    assert.deepEqual(
      profile.retry.layers.map((layer) => [layer.kind, layer.attempts, layer.where?.function]),
      [
        ['sdk', 3, undefined],
        ['loop', 2, 'draftTwice'],
      ],
    );
    assert.deepEqual(
      profile.retry.onSomePaths?.map((layer) => [layer.kind, layer.attempts, layer.where?.function]),
      [['loop', 4, 'draftFourTimes']],
    );
  });
});

describe('engine: recursive retry', () => {
  it("a call of the method from another file is not its catch's recursion, wherever the call sits in that file", async () => {
    const model = `
import OpenAI from 'openai';

export class Drafter {
  private readonly client = new OpenAI();

  async draft(prompt: string): Promise<string> {
    try {
      const response = await this.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }); // CALL
      return response.choices[0]?.message.content ?? '';
    } catch (error) {
      console.error('draft failed', error);
      throw new Error('draft failed');
    }
  }
}
`;
    const code = `import type { Drafter } from './model';

export async function draftTitle(drafter: Drafter, text: string): Promise<string> {
  return drafter.draft('A title for: ' + text);
}
`;
    // Pad the caller so that its call of draft() stands at the offsets of the catch block in the
    // other file: positions alone do not tell the two files apart.
    const catchAt = model.indexOf("console.error('draft failed'");
    const callAt = code.indexOf('drafter.draft(');
    const caller = `//${'-'.repeat(catchAt - callAt - 3)}\n${code}`;
    const profile = await profileAt({ 'src/model.ts': model, 'src/caller.ts': caller }, '// CALL');
    assert.deepEqual(
      profile.retry.layers.map((layer) => layer.kind),
      ['sdk'],
    );
  });

  it('a call of the method in its own catch is a recursive retry', async () => {
    const model = `
import OpenAI from 'openai';

export class Drafter {
  private readonly client = new OpenAI();

  async draft(prompt: string, attempt = 1): Promise<string> {
    try {
      const response = await this.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }); // CALL
      return response.choices[0]?.message.content ?? '';
    } catch (error) {
      if (attempt >= 3) throw error;
      return this.draft(prompt, attempt + 1);
    }
  }
}
`;
    const profile = await profileAt({ 'src/model.ts': model }, '// CALL');
    assert.deepEqual(
      profile.retry.layers.map((layer) => [layer.kind, layer.attempts]),
      [
        ['sdk', 3],
        ['recursion', 3],
      ],
    );
  });
});

/** A retry decorator that retries only rate limits, unless told to retry everything. */
const WITH_BACKOFF = `
export class RateLimitedError extends Error {
  status = 429;
}

const DEFAULTS = { attempts: 4, retryEverything: false };

export function retryRateLimits(options: { attempts?: number; retryEverything?: boolean } = {}) {
  const { attempts, retryEverything } = { ...DEFAULTS, ...options };
  return function <This, Args extends unknown[], R>(
    method: (this: This, ...args: Args) => Promise<R>,
    _context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Promise<R>>,
  ) {
    return async function (this: This, ...args: Args): Promise<R> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await method.apply(this, args);
        } catch (error: any) {
          const limited = error?.status === 429 || error instanceof RateLimitedError;
          if ((!limited && !retryEverything) || attempt >= attempts) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
        }
      }
    };
  };
}
`;

/** A model method under that decorator whose catch does `handling` with the SDK's error. */
function summarizer(handling: string, decorator = '@retryRateLimits()'): string {
  return `
import OpenAI from 'openai';
import { RateLimitedError, retryRateLimits } from './retry-rate-limits';

export class Summarizer {
  private readonly client = new OpenAI();

  ${decorator}
  async summarize(text: string): Promise<string> {
    try {
      const response = await this.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] }); // CALL
      return response.choices[0]?.message.content ?? '';
    } catch (error: any) {
      ${handling}
    }
  }
}

export function unused(): RateLimitedError | undefined {
  return undefined;
}
`;
}

async function decoratorOutcome(handling: string, decorator?: string) {
  const profile = await profileAt(
    { 'src/retry-rate-limits.ts': WITH_BACKOFF, 'src/summarizer.ts': summarizer(handling, decorator) },
    '// CALL',
  );
  return {
    layers: profile.retry.layers.map((layer) => layer.kind),
    inert: profile.retry.inert?.map((layer) => [layer.kind, layer.where?.line]),
  };
}

describe('engine: a retry decorator whose guard the error can no longer pass', () => {
  it('is inert when the method rethrows every error as a plain Error without the status it reads', async () => {
    const outcome = await decoratorOutcome("throw new Error('summary failed: ' + error.message);");
    assert.deepEqual(outcome.layers, ['sdk']);
    assert.deepEqual(outcome.inert, [['decorator', 8]]);
  });

  it('is inert when the rate-limit case is turned into a plain Error before the original is rethrown', async () => {
    const outcome = await decoratorOutcome(`if (error?.status === 429 || error?.code === 'rate_limit_exceeded') {
        throw new Error('rate limited');
      }
      if (error?.status === 401) throw new Error('bad key');
      throw error;`);
    assert.deepEqual(outcome.layers, ['sdk']);
    assert.deepEqual(outcome.inert, [['decorator', 8]]);
  });

  it('is inert when every Error is re-wrapped and only non-Error values are rethrown', async () => {
    const outcome =
      await decoratorOutcome(`if (error instanceof Error) throw new Error('summary failed: ' + error.message);
      throw error;`);
    assert.deepEqual(outcome.layers, ['sdk']);
  });

  it('still retries when the original error is rethrown', async () => {
    const outcome = await decoratorOutcome(`console.error('summary failed', error);
      throw error;`);
    assert.deepEqual(outcome.layers, ['sdk', 'decorator']);
    assert.equal(outcome.inert, undefined);
  });

  it('still retries when only other statuses are re-wrapped', async () => {
    const outcome = await decoratorOutcome(`if (error?.status === 401) throw new Error('bad key');
      throw error;`);
    assert.deepEqual(outcome.layers, ['sdk', 'decorator']);
  });

  it('still retries when the new error carries what the guard reads', async () => {
    const outcome = await decoratorOutcome("throw new RateLimitedError('rate limited');");
    assert.deepEqual(outcome.layers, ['sdk', 'decorator']);
  });

  it('still retries when the decorator is told to retry every error', async () => {
    const outcome = await decoratorOutcome(
      "throw new Error('summary failed: ' + error.message);",
      '@retryRateLimits({ retryEverything: true })',
    );
    assert.deepEqual(outcome.layers, ['sdk', 'decorator']);
  });
});

describe('engine: a fallback inside a retry loop', () => {
  it('the loop retries by the outer catch, whose predicate is selective', async () => {
    const source = `
import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic({ maxRetries: 0 });

function transient(error: unknown): boolean {
  return error instanceof Anthropic.APIError && (error.status === 429 || (error.status ?? 0) >= 500);
}

export async function headline(story: string): Promise<string> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      let message;
      try {
        message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 30, messages: [{ role: 'user', content: story }] }); // PRIMARY
      } catch (error) {
        console.warn({ event: 'fallback', error: String(error) });
        message = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 30, messages: [{ role: 'user', content: story }] }); // BACKUP
      }
      const block = message.content[0];
      return block?.type === 'text' ? block.text : '';
    } catch (error) {
      if (!transient(error) || attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
  throw new Error('unreachable');
}
`;
    for (const marker of ['// PRIMARY', '// BACKUP']) {
      const profile = await profileAt({ 'src/headline.ts': source }, marker);
      assert.deepEqual(
        profile.retry.layers.map((layer) => [layer.kind, layer.attempts, layer.predicate]),
        [
          ['sdk', 1, 'retryable'],
          ['loop', 3, 'retryable'],
        ],
        marker,
      );
    }
  });
});
