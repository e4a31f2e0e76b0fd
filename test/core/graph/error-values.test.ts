import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

const HELPERS = `export async function tryCatch<T>(promise: Promise<T>): Promise<{ data: T; error: null } | { data: null; error: Error }> {
  try {
    return { data: await promise, error: null };
  } catch (caught) {
    return { data: null, error: caught as Error };
  }
}

export async function attempt<T>(promise: Promise<T>): Promise<[unknown, T | undefined]> {
  try {
    const value = await promise;
    return [undefined, value];
  } catch (problem) {
    return [problem, undefined];
  }
}

export function orDefault<T>(promise: Promise<T>, fallback: T): Promise<T> {
  return promise.catch(() => fallback);
}

export async function rethrowing<T>(promise: Promise<T>): Promise<{ data: T }> {
  try {
    return { data: await promise };
  } catch (error) {
    throw new Error('wrapped', { cause: error });
  }
}
`;

const CLIENT = `import OpenAI from 'openai';
import { attempt, orDefault, rethrowing, tryCatch } from './helpers';

const client = new OpenAI({ timeout: 20_000 });
const ask = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content }] });
declare const logger: { error(...args: unknown[]): void };
`;

/** The profile of the one call in a module of the client and `body`, beside the helpers. */
async function profileOf(body: string) {
  return profileAt({ 'src/helpers.ts': HELPERS, 'src/answer.ts': `${CLIENT}\n${body}` }, '// CALL');
}

describe('engine: a helper gives the failure back as a value', () => {
  it('reads the branch of a test of the held error: `result.error`', async () => {
    const profile = await profileOf(`
export async function answer(question: string): Promise<string> {
  const result = await tryCatch(client.chat.completions.create(ask(question))); // CALL
  if (result.error) {
    logger.error('answer failed', result.error);
    return 'Sorry, try again later.';
  }
  return result.data.choices[0]?.message.content ?? '';
}
`);
    assert.equal(profile.failure.handledBy, 'result');
    assert.equal(profile.failure.where?.line, 11, 'the branch that tests the error');
    assert.equal(profile.failure.logged, true);
    assert.equal(profile.failure.loggedAt?.line, 12);
    assert.equal(profile.fallback.kind, 'static');
  });

  it('reads the error at the index the helper puts it, and the else of a test for no error', async () => {
    const profile = await profileOf(`
export async function answer(question: string): Promise<string> {
  const [problem, completion] = await attempt(client.chat.completions.create(ask(question))); // CALL
  if (problem === undefined && completion) {
    return completion.choices[0]?.message.content ?? '';
  } else {
    logger.error('answer failed', problem);
    return '';
  }
}
`);
    assert.equal(profile.failure.handledBy, 'result');
    assert.equal(profile.failure.where?.line, 13, 'the else branch');
    assert.equal(profile.failure.logged, true);
  });

  it('tells a test of the error from a test of the value', async () => {
    const profile = await profileOf(`
export async function answer(question: string): Promise<string> {
  const { data, error } = await tryCatch(client.chat.completions.create(ask(question))); // CALL
  if (data) return data.choices[0]?.message.content ?? '';
  if (error !== null) logger.error('answer failed', error);
  return '';
}
`);
    assert.equal(profile.failure.handledBy, 'result');
    assert.equal(profile.failure.where?.line, 12, 'the test of the error, not of the data');
    assert.equal(profile.failure.logged, true);
  });

  it('follows a branch that throws to the handler further out', async () => {
    const profile = await profileOf(`
async function answer(question: string): Promise<string> {
  const { data, error } = await tryCatch(client.chat.completions.create(ask(question))); // CALL
  if (error) throw new Error('no answer', { cause: error });
  return data.choices[0]?.message.content ?? '';
}

export async function reply(question: string): Promise<string> {
  try {
    return await answer(question);
  } catch (error) {
    logger.error('reply failed', error);
    return 'unavailable';
  }
}
`);
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.function, 'reply');
    assert.equal(profile.fallback.kind, 'static');
  });

  it('reads an error nobody tests as swallowed at the call', async () => {
    const profile = await profileOf(`
export async function answer(question: string): Promise<string> {
  const { data } = await tryCatch(client.chat.completions.create(ask(question))); // CALL
  return data?.choices[0]?.message.content ?? '';
}
`);
    assert.equal(profile.failure.handledBy, 'result');
    assert.equal(profile.failure.swallowed, true);
    assert.equal(profile.failure.logged, false);
  });

  it("reads a helper's chained `.catch` that answers a default without the error as that helper's handler", async () => {
    const profile = await profileOf(`
export async function answer(question: string) {
  const completion = await orDefault(client.chat.completions.create(ask(question)), null); // CALL
  return completion?.choices[0]?.message.content ?? '';
}
`);
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.where?.function, 'orDefault (callback of promise.catch)');
    assert.equal(profile.failure.reaction, 'returns a default value');
    assert.equal(profile.failure.swallowed, true);
  });

  it('does not take a helper whose catch throws for one that gives the error back', async () => {
    const profile = await profileOf(`
export async function answer(question: string): Promise<string> {
  const { data } = await rethrowing(client.chat.completions.create(ask(question))); // CALL
  return data.choices[0]?.message.content ?? '';
}
`);
    assert.equal(profile.failure.handledBy, 'exported');
  });

  it('does not take a promise already awaited before it reaches the helper', async () => {
    const profile = await profileOf(`
export async function answer(question: string): Promise<string> {
  const { data } = await tryCatch(Promise.resolve(await client.chat.completions.create(ask(question)))); // CALL
  return data?.choices[0]?.message.content ?? '';
}
`);
    assert.equal(profile.failure.handledBy, 'exported');
  });
});

describe('engine: a wrapper returns a failure result its caller tests', () => {
  const WRAPPER = `
async function classify(text: string): Promise<{ ok: true; label: string } | { ok: false; reason: string }> {
  try {
    const completion = await client.chat.completions.create(ask(text));
    return { ok: true, label: completion.choices[0]?.message.content ?? 'other' };
  } catch (error) {
    return { ok: false, reason: String(error) };
  }
}
`;

  it('reads the test of the flag at the wrapper site', async () => {
    const profile = await profileOf(`${WRAPPER}
export async function label(text: string): Promise<string> {
  const outcome = await classify(text); // CALL
  if (outcome.ok === false) {
    logger.error('classification failed', outcome.reason);
    return 'other';
  }
  return outcome.label;
}
`);
    assert.equal(profile.call.site, 'wrapper');
    assert.equal(profile.failure.handledBy, 'result');
    assert.equal(profile.failure.where?.function, 'label');
    assert.equal(profile.failure.logged, true);
    assert.equal(profile.fallback.kind, 'static');
  });

  it("keeps the wrapper's own handler when the site hands the result on untested", async () => {
    const profile = await profileOf(`${WRAPPER}
export async function label(text: string) {
  return await classify(text); // CALL
}
`);
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.where?.function, 'classify');
    assert.equal(profile.failure.reaction, 'returns a failure result');
  });

  it('follows a test that throws to the handler further out', async () => {
    const profile = await profileOf(`${WRAPPER}
async function label(text: string): Promise<string> {
  const outcome = await classify(text); // CALL
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.label;
}

export async function labelOrDefault(text: string): Promise<string> {
  return label(text).catch(() => 'other');
}
`);
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.function, 'labelOrDefault');
  });
});
