/**
 * The layer an SDK makes of a call is named from the catalogue's `displayName` and `ownLayer`,
 * never from the entry's id: the SDK (a display name ending in "SDK" is not repeated), the request
 * itself for raw HTTP, the declared function for a declared gateway (test/fixtures/declared-gateway).
 */
import assert from 'node:assert/strict';
import type { DecisionProfile } from '../../../src/core/index';
import { profileAt } from '../graph/profile-at';

/** The SDK layer's retry label and the timeout's label of the call marked `// CALL`. */
async function labels(code: string): Promise<[string | undefined, string | undefined]> {
  const profile: DecisionProfile = await profileAt({ 'src/call.ts': code }, '// CALL');
  return [profile.retry.layers[0]?.label, profile.timeout.label];
}

describe('catalogue: the name of the SDK layer', () => {
  it('an SDK: "OpenAI SDK", its timeout "OpenAI SDK default"', async () => {
    assert.deepEqual(
      await labels(`
import OpenAI from 'openai';

const client = new OpenAI();

export async function reply(text: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }); // CALL
  return completion.choices[0]?.message.content ?? '';
}
`),
      ['OpenAI SDK', 'OpenAI SDK default'],
    );
  });

  it('an SDK whose display name ends in SDK is not named "SDK SDK"', async () => {
    assert.deepEqual(
      await labels(`
import { query } from '@anthropic-ai/claude-agent-sdk';

export async function run(prompt: string): Promise<void> {
  for await (const message of query({ prompt })) { // CALL
    console.log(message);
  }
}
`),
      ['Claude Agent SDK', 'Claude Agent SDK default'],
    );
  });

  it('raw HTTP: the request itself, "ky.post" and "ky.post default"', async () => {
    assert.deepEqual(
      await labels(`
import ky from 'ky';

export async function reply(text: string): Promise<unknown> {
  return ky.post('https://api.openai.com/v1/chat/completions', { json: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] } }).json(); // CALL
}
`),
      ['ky.post', 'ky.post default'],
    );
  });
});
