import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

const CLIENT = `import OpenAI from 'openai';

const client = new OpenAI();
`;

describe('engine: functions handed out by name', () => {
  it('leaves the failure of a function put in a returned object to the callers unknown here', async () => {
    const profile = await profileAt(
      {
        'src/node.ts': `${CLIENT}
export function buildNodes() {
  const translate = async (text: string) => {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: text }); // CALL
    return response.output_text;
  };
  return [{ name: 'translate', run: translate }];
}
`,
      },
      '// CALL',
    );
    assert.equal(profile.failure.handledBy, 'exported');
  });

  it('follows a function a factory returns by name to where the made function is called', async () => {
    const files = {
      'src/factory.ts': `${CLIENT}
export function makeSummariser() {
  async function summarise(text: string): Promise<string> {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: text }); // CALL
    return response.output_text;
  }
  return summarise;
}
`,
      'src/digest.ts': `import { makeSummariser } from './factory';

const summarise = makeSummariser();

export async function digest(text: string): Promise<string> {
  try {
    return await summarise(text);
  } catch (error) {
    console.error('digest failed', error);
    return '';
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.file.endsWith('src/digest.ts'), true);
    assert.equal(profile.failure.logged, true);
  });

  it('leaves the function an exported factory returns, called nowhere here, to its callers', async () => {
    const profile = await profileAt(
      {
        'src/factory.ts': `${CLIENT}
export function makeTranslator() {
  return async (text: string) => client.responses.create({ model: 'gpt-4o-mini', input: text }); // CALL
}
`,
      },
      '// CALL',
    );
    assert.equal(profile.failure.handledBy, 'exported');
  });

  it('still reports an event listener stored as on...: the runtime calls it and nobody catches', async () => {
    const profile = await profileAt(
      {
        'src/listen.ts': `${CLIENT}
export function listen(emitter: { on(event: string, fn: (text: string) => void): void }) {
  const onMessage = async (text: string) => {
    await client.responses.create({ model: 'gpt-4o-mini', input: text }); // CALL
  };
  const handlers = { onMessage };
  emitter.on('message', handlers.onMessage);
}
`,
      },
      '// CALL',
    );
    assert.equal(profile.failure.handledBy, 'none');
  });

  it('does not count a function only called where it is declared as handed out', async () => {
    const profile = await profileAt(
      {
        'src/local.ts': `${CLIENT}
async function main() {
  const ask = async (text: string) => {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: text }); // CALL
    return { text: response.output_text };
  };
  const answer = await ask('hello');
  console.log({ answer, ask: answer.text });
}

await main();
`,
      },
      '// CALL',
    );
    assert.equal(profile.failure.handledBy, 'none');
  });
});
