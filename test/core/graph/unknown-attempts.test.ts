import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

/**
 * A retry bounded by a limit read at run time (configuration, environment, a constructor option)
 * has an `unknown` number of attempts: bounded, so never `unbounded-retry`, and not a made-up count.
 */
describe('engine: attempts bounded by a limit read at run time', () => {
  const header = `import OpenAI from 'openai';
const client = new OpenAI();
`;
  const ask = `client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] })`;

  it('recursion guarded by a counter against a setting read at run time', async () => {
    const profile = await profileAt(
      {
        'src/ask.ts': `${header}const settings = { max_retries: Number(process.env.MAX_RETRIES) };

export async function ask(prompt: string, attempts = 0): Promise<string> {
  try {
    const response = await ${ask}; // CALL
    return response.choices[0]?.message.content ?? '';
  } catch (error) {
    if (attempts < settings.max_retries) {
      attempts++;
      return await ask(prompt, attempts);
    }
    throw error;
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
        ['recursion', 'unknown'],
      ],
    );
    assert.equal(profile.retry.worstCaseAttempts, 'unknown');
    assert.equal(profile.timeout.worstCaseMs, 'unknown');
  });

  it('a readable guard wins over an unreadable one in the same function', async () => {
    const profile = await profileAt(
      {
        'src/ask.ts': `${header}const settings = { budget: Number(process.env.BUDGET) };

export async function ask(prompt: string, attempt = 1): Promise<string> {
  try {
    const response = await ${ask}; // CALL
    return response.choices[0]?.message.content ?? '';
  } catch (error) {
    if (attempt > settings.budget) console.warn('over budget');
    if (attempt >= 3) throw error;
    return ask(prompt, attempt + 1);
  }
}
`,
      },
      '// CALL',
    );
    assert.deepEqual(profile.retry.layers.at(-1)?.attempts, 3);
  });

  it('a loop bounded by a constructor option, and p-retry given a parameter', async () => {
    const files = {
      'src/ask.ts': `${header}import pRetry from 'p-retry';

export class Asker {
  constructor(private readonly maxAttempts: number) {}

  async ask(prompt: string): Promise<string> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      try {
        const response = await ${ask}; // LOOP
        return response.choices[0]?.message.content ?? '';
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 500));
      }
    }
    throw new Error('no answer');
  }
}

export async function askWithRetries(prompt: string, retries: number): Promise<string> {
  const response = await pRetry(() => ${ask}, { retries }); // LIBRARY
  return response.choices[0]?.message.content ?? '';
}
`,
    };
    const loop = await profileAt(files, '// LOOP');
    assert.deepEqual(loop.retry.layers.at(-1), { ...loop.retry.layers.at(-1), kind: 'loop', attempts: 'unknown' });
    const library = await profileAt(files, '// LIBRARY');
    assert.deepEqual(library.retry.layers.at(-1), {
      ...library.retry.layers.at(-1),
      kind: 'library',
      attempts: 'unknown',
      source: 'explicit',
    });
  });

  it('an unbounded layer outweighs an unknown one', async () => {
    const profile = await profileAt(
      {
        'src/ask.ts': `${header}import pRetry from 'p-retry';

export async function ask(prompt: string, retries: number): Promise<string> {
  for (;;) {
    try {
      const response = await pRetry(() => ${ask}, { retries }); // CALL
      return response.choices[0]?.message.content ?? '';
    } catch (error) {
      console.error('retrying', error);
    }
  }
}
`,
      },
      '// CALL',
    );
    assert.deepEqual(
      profile.retry.layers.map((layer) => layer.attempts),
      [3, 'unknown', 'unbounded'],
    );
    assert.equal(profile.retry.worstCaseAttempts, 'unbounded');
  });
});
