/**
 * A timeout option the catalogue marks `deadline` is one deadline for the whole call: the SDK makes
 * one abort signal of it and its own retries share it, so the SDK's attempts do not multiply it. A
 * per-attempt option (LangChain's constructor `timeout`, handed to the provider SDK) is multiplied.
 */
import assert from 'node:assert/strict';
import type { DecisionProfile } from '../../../src/core/index';
import { profileAt } from '../graph/profile-at';

/** The profile of the call marked `// CALL` in one file. */
function profileOf(code: string): Promise<DecisionProfile> {
  return profileAt({ 'src/title.ts': code }, '// CALL');
}

function attempts(profile: DecisionProfile): [string, DecisionProfile['retry']['layers'][number]['attempts']][] {
  return profile.retry.layers.map((layer) => [layer.kind, layer.attempts]);
}

describe('catalogue: deadline timeouts are not multiplied by the SDK retries', () => {
  it('Vercel AI SDK generateText({ timeout }): 3 SDK attempts, one 20 s deadline', async () => {
    const profile = await profileOf(`
import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: body, timeout: 20000 }); // CALL
  return text;
}
`);
    assert.deepEqual(attempts(profile), [['sdk', 3]]);
    assert.deepEqual([profile.timeout.ms, profile.timeout.worstCaseMs], [20000, 20000]);
  });

  it('Vercel AI SDK timeout: { totalMs } is the same deadline', async () => {
    const profile = await profileOf(`
import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: body, maxRetries: 4, timeout: { totalMs: 45000 } }); // CALL
  return text;
}
`);
    assert.deepEqual([profile.timeout.ms, profile.timeout.worstCaseMs], [45000, 45000]);
  });

  it("LangChain invoke(input, { timeout }): a signal for all of LangChain's 7 attempts; the constructor timeout is per attempt", async () => {
    const profile = await profileOf(`
import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini', timeout: 15000 });

export async function title(body: string): Promise<string> {
  const reply = await model.invoke(body, { timeout: 10000 }); // CALL
  return reply.text;
}

export async function summary(body: string): Promise<string> {
  const reply = await model.invoke(body); // OTHER
  return reply.text;
}
`);
    assert.deepEqual(attempts(profile), [['sdk', 7]]);
    assert.deepEqual([profile.timeout.ms, profile.timeout.worstCaseMs], [10000, 10000]);
  });

  it('LangChain constructor timeout: handed to the provider SDK per attempt, so 7 attempts multiply it', async () => {
    const profile = await profileOf(`
import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini', timeout: 15000 });

export async function summary(body: string): Promise<string> {
  const reply = await model.invoke(body); // CALL
  return reply.text;
}
`);
    assert.deepEqual([profile.timeout.ms, profile.timeout.worstCaseMs], [15000, 105000]);
  });
});
