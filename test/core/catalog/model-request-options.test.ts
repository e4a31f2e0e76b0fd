/**
 * A model's own request options, given where the model is made (the catalogue's client options
 * with an `argument` index): `genAI.getGenerativeModel(modelParams, { timeout })` in
 * `@google/generative-ai` (from 0.2.0), `getGenerativeModel(ai, modelParams, { timeout })` in
 * Firebase AI Logic. They time out every call of that model; a per-call `timeout` replaces them.
 */
import assert from 'node:assert/strict';
import type { DecisionProfile } from '../../../src/core/index';
import { profileAt } from '../graph/profile-at';

async function timeoutOf(code: string): Promise<[string, number | undefined, string | undefined]> {
  const profile: DecisionProfile = await profileAt({ 'src/reply.ts': code }, '// CALL');
  return [profile.timeout.source, profile.timeout.ms, profile.timeout.label];
}

function legacy(requestOptions: string, perCall = ''): string {
  return `
import { GoogleGenerativeAI } from '@google/generative-ai';

const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? '');
const model = genAI.getGenerativeModel({ model: 'gemini-1.5-flash' }${requestOptions});

export async function reply(text: string): Promise<string> {
  const result = await model.generateContent(text${perCall}); // CALL
  return result.response.text();
}
`;
}

function firebase(requestOptions: string): string {
  return `
import { initializeApp } from 'firebase/app';
import { getAI, getGenerativeModel } from 'firebase/ai';

const ai = getAI(initializeApp({ projectId: 'demo' }));
const model = getGenerativeModel(ai, { model: 'gemini-2.5-flash' }${requestOptions});

export async function reply(text: string): Promise<string> {
  const result = await model.generateContent(text); // CALL
  return result.response.text();
}
`;
}

describe("catalogue: a model's own request options", () => {
  it('@google/generative-ai: getGenerativeModel(params, { timeout: 20000 }) times out its calls', async () => {
    assert.deepEqual(await timeoutOf(legacy(', { timeout: 20000 }')), ['explicit', 20000, 'client option timeout']);
  });

  it('@google/generative-ai: a per-call timeout replaces the model one', async () => {
    assert.deepEqual(await timeoutOf(legacy(', { timeout: 20000 }', ', { timeout: 5000 }')), [
      'explicit',
      5000,
      'request option timeout',
    ]);
  });

  it('@google/generative-ai: without request options there is no timeout', async () => {
    assert.deepEqual(await timeoutOf(legacy('')), ['none', undefined, undefined]);
  });

  it('@google/generative-ai: the model params are the first argument of the method factory', async () => {
    const code = legacy(', { timeout: 20000 }').replace(
      "{ model: 'gemini-1.5-flash' }",
      "{ model: 'gemini-1.5-flash', generationConfig: { maxOutputTokens: 512 } }",
    );
    const profile = await profileAt({ 'src/reply.ts': code }, '// CALL');
    assert.deepEqual(profile.cost, { maxTokens: true, model: 'gemini-1.5-flash' });
  });

  it('Firebase AI Logic: the third argument of getGenerativeModel times out its calls', async () => {
    assert.deepEqual(await timeoutOf(firebase(', { timeout: 45000 }')), ['explicit', 45000, 'client option timeout']);
  });

  it('Firebase AI Logic: without it, the SDK default of 180 s', async () => {
    assert.deepEqual(await timeoutOf(firebase('')), ['sdk-default', 180000, 'Firebase AI Logic SDK default']);
  });
});
