import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

const HEAD = `import OpenAI from 'openai';
import pRetry from 'p-retry';
import retry from 'async-retry';

const client = new OpenAI({ timeout: 20_000, maxRetries: 0 });
const ask = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content }] });
declare const logger: { warn(...args: unknown[]): void };
`;

async function profileOf(body: string) {
  return profileAt({ 'src/ask.ts': `${HEAD}\n${body}` }, '// CALL');
}

describe("engine: a retry library's hook for each failed attempt records the failure", () => {
  it("reads p-retry 7's context, destructured: a log that shows the error", async () => {
    const profile = await profileOf(`
export async function answer(question: string) {
  return pRetry(() => client.chat.completions.create(ask(question)), { // CALL
    retries: 2,
    onFailedAttempt: ({ error, attemptNumber }) => logger.warn(\`attempt \${attemptNumber} failed\`, error),
  });
}
`);
    assert.equal(profile.failure.handledBy, 'exported');
    assert.equal(profile.failure.logged, true);
    assert.equal(profile.failure.loggedAt?.line, 13);
  });

  it('reads the context by name (`context.error.message`) and a hook declared apart', async () => {
    const profile = await profileOf(`
function logAttempt(context: { error: Error; attemptNumber: number }): void {
  console.warn('answer attempt failed:', context.error.message);
}

export async function answer(question: string) {
  return pRetry(() => client.chat.completions.create(ask(question)), { retries: 2, onFailedAttempt: logAttempt }); // CALL
}
`);
    assert.equal(profile.failure.logged, true);
    assert.equal(profile.failure.loggedAt?.line, 11);
  });

  it('does not take a notice that shows no error for a record of the failure', async () => {
    const profile = await profileOf(`
export async function answer(question: string) {
  return pRetry(() => client.chat.completions.create(ask(question)), { // CALL
    retries: 2,
    onFailedAttempt: ({ attemptNumber, retriesLeft }) =>
      console.log(\`attempt \${attemptNumber} failed, \${retriesLeft} retries left\`),
  });
}
`);
    assert.equal(profile.failure.logged, false);
  });

  it("does not take async-retry's onRetry, which the last failure never reaches", async () => {
    const profile = await profileOf(`
export async function answer(question: string) {
  return retry(() => client.chat.completions.create(ask(question)), { // CALL
    retries: 2,
    onRetry: (error) => logger.warn('retrying after', error),
  });
}
`);
    assert.equal(profile.failure.logged, false);
  });
});
