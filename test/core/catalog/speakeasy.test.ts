/**
 * Speakeasy-generated SDKs (Mistral, OpenRouter) take retry configuration objects, and differ in
 * what `timeoutMs` bounds (docs/sdk-facts-verified.md): Mistral 2.7.0 makes one signal for the whole
 * call, its retries included; OpenRouter 1.3.19 makes one per attempt.
 */
import assert from 'node:assert/strict';
import type { DecisionProfile } from '../../../src/core/index';
import { profileAt } from '../graph/profile-at';

type Summary = [unknown, unknown, unknown];

/** SDK attempts, timeout and worst-case time of the call. */
async function summary(code: string): Promise<Summary> {
  const profile: DecisionProfile = await profileAt({ 'src/ask.ts': code }, '// CALL');
  return [profile.retry.worstCaseAttempts, profile.timeout.ms, profile.timeout.worstCaseMs];
}

function mistral(options: string, client = ''): string {
  return `
import { Mistral } from '@mistralai/mistralai';

const client = new Mistral({ apiKey: process.env.MISTRAL_API_KEY${client} });

export async function ask(text: string): Promise<string> {
  const response = await client.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: text }] }${options}); // CALL
  return String(response.choices[0]?.message.content ?? '');
}
`;
}

function openrouter(options: string): string {
  return `
import { OpenRouter } from '@openrouter/sdk';

const client = new OpenRouter({ apiKey: process.env.OPENROUTER_API_KEY });

export async function ask(text: string): Promise<unknown> {
  return client.chat.send({ chatRequest: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: text }] } }${options}); // CALL
}
`;
}

describe('catalogue: Speakeasy retry configurations and timeouts', () => {
  it("Mistral retries: { strategy: 'backoff' }: 77 attempts in the hour, one 10 s deadline for all", async () => {
    assert.deepEqual(
      await summary(mistral(", { timeoutMs: 10000, retries: { strategy: 'backoff' } }")),
      [77, 10000, 10000],
    );
  });

  it('Mistral: the 300 s default is a deadline too', async () => {
    assert.deepEqual(await summary(mistral('', ", retryConfig: { strategy: 'backoff' }")), [77, 300000, 300000]);
  });

  it('Mistral: a shorter backoff time gives fewer attempts', async () => {
    const options =
      ", { retries: { strategy: 'backoff', backoff: { initialInterval: 1000, maxInterval: 4000, exponent: 1, maxElapsedTime: 10000 } } }";
    // Waits 0, 1, 2, 3, 4, 4 s: the failure after 14 s of waiting is past the 10 s.
    assert.deepEqual(await summary(mistral(options)), [7, 300000, 300000]);
  });

  it("Mistral retries: { strategy: 'none' } is one attempt; an unreadable backoff is unknown", async () => {
    assert.deepEqual(await summary(mistral(", { retries: { strategy: 'none' } }")), [1, 300000, 300000]);
    assert.deepEqual(
      await summary(
        mistral(
          ", { retries: { strategy: 'backoff', backoff: { initialInterval: Number(process.env.WAIT), maxInterval: 1000, exponent: 1, maxElapsedTime: 5000 } } }",
        ),
      ),
      ['unknown', 300000, 300000],
    );
  });

  it('OpenRouter: timeoutMs is per attempt, so its 77 default attempts multiply it', async () => {
    assert.deepEqual(await summary(openrouter(', { timeoutMs: 30000 }')), [77, 30000, 2310000]);
  });

  it("OpenRouter retries: { strategy: 'none' }: one attempt of 30 s", async () => {
    assert.deepEqual(
      await summary(openrouter(", { timeoutMs: 30000, retries: { strategy: 'none' } }")),
      [1, 30000, 30000],
    );
  });
});
