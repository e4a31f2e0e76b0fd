import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

describe('engine: calls the checker cannot type', () => {
  it("a base class's `(this as any).method()` calls the subclass's method: its catch handles and logs", async () => {
    const files = {
      'src/base.ts': `
export abstract class Assistant {
  async reply(prompt: string): Promise<string> {
    try {
      return await (this as any).draft(prompt);
    } catch (error) {
      console.error('draft failed', error);
      throw error;
    }
  }
}
`,
      'src/openai-assistant.ts': `
import OpenAI from 'openai';
import { Assistant } from './base';

export class OpenAIAssistant extends Assistant {
  private readonly client = new OpenAI();

  protected async draft(prompt: string): Promise<string> {
    const response = await this.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }); // CALL
    return response.choices[0]?.message.content ?? '';
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.function, 'Assistant.reply');
    assert.equal(profile.failure.logged, true);
  });

  it("a dependency object's member implemented in a typed object literal is called through the interface", async () => {
    const files = {
      'src/deps.ts': `
import OpenAI from 'openai';

export interface JudgeDeps {
  askModel: (prompt: string) => Promise<string>;
  save(score: number): Promise<void>;
}

const client = new OpenAI();

export function productionDeps(): JudgeDeps {
  return {
    askModel: async (prompt) => {
      const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }); // CALL
      return response.choices[0]?.message.content ?? '';
    },
    async save(score) {
      console.log('score', score);
    },
  };
}
`,
      'src/judge.ts': `
import { productionDeps, type JudgeDeps } from './deps';

export async function judge(answer: string, deps: JudgeDeps = productionDeps()): Promise<number> {
  try {
    const verdict = await deps.askModel('Score 0-10: ' + answer); // SITE
    return Number(verdict);
  } catch (error) {
    console.error('judge failed', error);
    return 0;
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.function, 'judge');
    assert.equal(profile.failure.logged, true);
    const site = await profileAt(files, '// SITE');
    assert.equal(site.call.site, 'wrapper');
    assert.equal(site.failure.handledBy, 'local');
  });
});

describe('engine: functions passed by name', () => {
  it('a function variable handed to a helper runs where the helper calls its parameter', async () => {
    const files = {
      'src/backoff.ts': `
export async function* retrying<T>(factory: (signal: AbortSignal) => Promise<AsyncGenerator<T>>, signal: AbortSignal): AsyncGenerator<T> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const stream = await factory(signal);
      for await (const item of stream) yield item;
      return;
    } catch (error) {
      console.warn('stream failed, retrying', error);
      if (attempt === 2) throw error;
    }
  }
}
`,
      'src/chat.ts': `
import OpenAI from 'openai';
import { retrying } from './backoff';

const client = new OpenAI();

async function* tokens(prompt: string, signal: AbortSignal): AsyncGenerator<string> {
  const stream = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: prompt }] }, { signal }); // CALL
  for await (const chunk of stream) yield chunk.choices[0]?.delta.content ?? '';
}

export async function answer(prompt: string, signal: AbortSignal): Promise<string> {
  const makeStream = async (attemptSignal: AbortSignal) => tokens(prompt, attemptSignal);
  let text = '';
  for await (const token of retrying(makeStream, signal)) text += token;
  return text;
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.function, 'retrying');
    assert.equal(profile.failure.logged, true);
  });
});
