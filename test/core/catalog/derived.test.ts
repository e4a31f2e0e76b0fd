/**
 * Layers an SDK adds through a derived model come from the catalogue (`retry.derived`,
 * `fallbackMethods`): LangChain's `withRetry` and `withFallbacks` are read there, and a workspace
 * function of the same name around another SDK's client adds no LangChain layer.
 */
import assert from 'node:assert/strict';
import type { DecisionProfile } from '../../../src/core/index';
import { profileAt } from '../graph/profile-at';

function profileOf(code: string): Promise<DecisionProfile> {
  return profileAt({ 'src/reply.ts': code }, '// CALL');
}

/** An OpenAI client passed through a workspace function `name` that returns it. */
function openaiThrough(name: string): string {
  return `
import OpenAI from 'openai';

function ${name}<T>(client: T): T {
  return client;
}

const client = ${name}(new OpenAI());

export async function reply(text: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }); // CALL
  return completion.choices[0]?.message.content ?? '';
}
`;
}

function layers(profile: DecisionProfile): [string, string, unknown, string][] {
  return profile.retry.layers.map((layer) => [layer.kind, layer.label, layer.attempts, layer.source]);
}

describe('catalogue: layers of derived models', () => {
  it("withRetry({ stopAfterAttempt: 4 }) on a LangChain model: 4 attempts over the model's 7", async () => {
    const profile = await profileOf(`
import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini' });

export async function reply(text: string): Promise<string> {
  const message = await model.withRetry({ stopAfterAttempt: 4 }).invoke(text); // CALL
  return String(message.content);
}
`);
    assert.deepEqual(layers(profile), [
      ['sdk', 'LangChain SDK', 7, 'sdk-default'],
      ['langchain-with-retry', 'LangChain withRetry', 4, 'explicit'],
    ]);
    assert.equal(profile.retry.worstCaseAttempts, 28);
  });

  it('withRetry() without options: the catalogue default of 3 attempts', async () => {
    const profile = await profileOf(`
import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini', maxRetries: 1 });

export async function reply(text: string): Promise<string> {
  const message = await model.withRetry().invoke(text); // CALL
  return String(message.content);
}
`);
    assert.deepEqual(layers(profile), [
      ['sdk', 'LangChain SDK', 2, 'explicit'],
      ['langchain-with-retry', 'LangChain withRetry', 3, 'sdk-default'],
    ]);
  });

  it('a workspace withRetry(client) around an OpenAI client is no LangChain layer', async () => {
    const profile = await profileOf(openaiThrough('withRetry'));
    assert.deepEqual(layers(profile), [['sdk', 'OpenAI SDK', 3, 'sdk-default']]);
  });

  it('withFallbacks([backup]) on a LangChain model is a library fallback; a workspace one on OpenAI is not', async () => {
    const langchain = await profileOf(`
import { ChatOpenAI } from '@langchain/openai';

const primary = new ChatOpenAI({ model: 'gpt-4o' });
const backup = new ChatOpenAI({ model: 'gpt-4o-mini' });

export async function reply(text: string): Promise<string> {
  const message = await primary.withFallbacks([backup]).invoke(text); // CALL
  return String(message.content);
}
`);
    assert.equal(langchain.fallback.kind, 'library');
    const openai = await profileOf(openaiThrough('withFallbacks'));
    assert.equal(openai.fallback.kind, 'none');
  });
});
