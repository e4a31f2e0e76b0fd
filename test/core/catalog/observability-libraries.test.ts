/**
 * The observability facet reads the libraries it knows from the catalogue (`catalog/wrappers.ts`):
 * their tracing functions, the logging proxies by base URL host, and the SDK client options for a
 * base URL and for the SDK's own logging.
 */
import assert from 'node:assert/strict';
import type { DecisionProfile } from '../../../src/core/index';
import { profileAt } from '../graph/profile-at';

async function observability(code: string): Promise<DecisionProfile['observability']> {
  const profile = await profileAt({ 'src/answer.ts': code }, '// CALL');
  return profile.observability;
}

function openai(clientOptions: string, around = (call: string) => call): string {
  return `
import OpenAI from 'openai';
import { startActiveObservation } from '@langfuse/tracing';

const client = new OpenAI(${clientOptions});

export async function answer(question: string): Promise<string> {
  ${around("const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }); // CALL")}
  return completion.choices[0]?.message.content ?? '';
}
`;
}

describe('catalogue: observability libraries', () => {
  it("a call inside a library's tracing function (Langfuse startActiveObservation) is traced", async () => {
    const code = openai('', (call) =>
      call
        .replace('const completion = await ', "const completion = await startActiveObservation('answer', () => ")
        .replace('); // CALL', ')); // CALL'),
    );
    assert.deepEqual(await observability(code), { kind: 'structured', via: 'startActiveObservation' });
  });

  it('a client whose baseURL is a logging proxy of the catalogue is logged by it', async () => {
    assert.deepEqual(await observability(openai("{ baseURL: 'https://api.portkey.ai/v1' }")), {
      kind: 'structured',
      via: 'Portkey',
    });
    assert.deepEqual(await observability(openai("{ baseURL: 'https://oai.helicone.ai/v1' }")), {
      kind: 'structured',
      via: 'Helicone',
    });
  });

  it("the SDK's own log level is unstructured logging; a plain client has none", async () => {
    assert.deepEqual(await observability(openai("{ logLevel: 'debug' }")), {
      kind: 'unstructured',
      via: 'SDK log level',
    });
    assert.deepEqual(await observability(openai('')), { kind: 'none' });
  });
});
