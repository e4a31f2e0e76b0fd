import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

const CLIENT = `import OpenAI from 'openai';

const client = new OpenAI({ timeout: 20_000 });
`;

/** The profile of the one call in a module of the client and `body`. */
async function profileOf(body: string) {
  return profileAt({ 'src/batch.ts': `${CLIENT}\n${body}` }, '// CALL');
}

describe('engine: Promise.allSettled takes the failure', () => {
  it('reads the branch a rejected result takes: it logs and skips the item', async () => {
    const profile = await profileOf(`
export async function embedAll(texts: string[]): Promise<number[][]> {
  const results = await Promise.allSettled(
    texts.map((text) => client.embeddings.create({ model: 'text-embedding-3-small', input: text })), // CALL
  );
  const vectors: number[][] = [];
  for (const result of results) {
    if (result.status === 'rejected') {
      console.error('embedding failed', result.reason);
      continue;
    }
    vectors.push(result.value.data[0].embedding);
  }
  return vectors;
}
`);
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.where?.line, 12, 'the branch, not the batch');
    assert.equal(profile.failure.swallowed, false);
    assert.equal(profile.failure.logged, true);
    assert.equal(profile.failure.loggedAt?.line, 13);
    assert.equal(profile.fallback.kind, 'none');
  });

  it('reads a default put in place of a rejected result as a fallback', async () => {
    const profile = await profileOf(`
export async function titleAll(docs: string[]): Promise<string[]> {
  const settled = await Promise.allSettled(
    docs.map((doc) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: doc }] })), // CALL
  );
  return settled.map((r) => (r.status === 'fulfilled' ? (r.value.choices[0]?.message.content ?? '') : 'untitled'));
}
`);
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.reaction, 'returns a default value');
    assert.equal(profile.fallback.kind, 'static');
  });

  it("reads a switch's rejected case", async () => {
    const profile = await profileOf(`
export async function summaries(docs: string[], log: { warn(message: string, error: unknown): void }): Promise<string[]> {
  const results = await Promise.allSettled(docs.map((input) => client.responses.create({ model: 'gpt-4o-mini', input }))); // CALL
  const out: string[] = [];
  for (const item of results) {
    switch (item.status) {
      case 'fulfilled':
        out.push(item.value.output_text);
        break;
      case 'rejected':
        log.warn('summary failed', item.reason);
        break;
    }
  }
  return out;
}
`);
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.where?.line, 14);
    assert.equal(profile.failure.logged, true);
  });

  it('reads each result held apart (`const [a, b] = ...`) by its own test', async () => {
    const files = {
      'src/batch.ts': `${CLIENT}
export async function answerAndTitle(question: string): Promise<{ answer: string; title: string }> {
  const [answer, title] = await Promise.allSettled([
    client.responses.create({ model: 'gpt-4o', input: question }), // ANSWER
    client.responses.create({ model: 'gpt-4o-mini', input: \`Title for: \${question}\` }), // TITLE
  ]);
  if (answer.status === 'rejected') throw answer.reason;
  return { answer: answer.value.output_text, title: title.status === 'fulfilled' ? title.value.output_text : question };
}
`,
    };
    const title = await profileAt(files, '// TITLE');
    assert.equal(title.failure.handledBy, 'local');
    assert.equal(title.fallback.kind, 'static');
    // The answer's rejection is thrown again: the callers decide.
    const answer = await profileAt(files, '// ANSWER');
    assert.equal(answer.failure.handledBy, 'exported');
  });

  it('reads rejected results that nothing looks at as a swallowed failure', async () => {
    const profile = await profileOf(`
export async function summariseAll(docs: string[]): Promise<string[]> {
  const settled = await Promise.allSettled(
    docs.map(async (doc) => {
      const response = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: doc }] }); // CALL
      return response.choices[0]?.message.content ?? '';
    }),
  );
  return settled.filter((r): r is PromiseFulfilledResult<string> => r.status === 'fulfilled').map((r) => r.value);
}
`);
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.where?.line, 7, 'at the batch');
    assert.equal(profile.failure.swallowed, true);
    assert.equal(profile.failure.reaction, 'ignores it');
    assert.equal(profile.fallback.kind, 'none', 'the model call in the batch is not its own fallback');
  });

  it('reads settled results handed back whole as a failure result, not a swallowed failure', async () => {
    const profile = await profileOf(`
export async function embedEach(texts: string[]) {
  const results = await Promise.allSettled(texts.map((input) => client.embeddings.create({ model: 'text-embedding-3-small', input }))); // CALL
  return results;
}
`);
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.swallowed, false);
    assert.equal(profile.failure.reaction, 'returns a failure result');
  });

  it('follows a rejected result the branch throws again to the callers', async () => {
    const profile = await profileOf(`
export async function embedStrict(texts: string[]): Promise<number[][]> {
  const results = await Promise.allSettled(texts.map((input) => client.embeddings.create({ model: 'text-embedding-3-small', input }))); // CALL
  return results.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value.data[0].embedding;
  });
}
`);
    assert.equal(profile.failure.handledBy, 'exported');
  });

  it('counts no retry loop around the batch: a settled batch never throws into it', async () => {
    const profile = await profileOf(`
export async function embedWithRetries(texts: string[]): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const results = await Promise.allSettled(texts.map((input) => client.embeddings.create({ model: 'text-embedding-3-small', input }))); // CALL
      return results.filter((result) => result.status === 'fulfilled').length;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return 0;
}
`);
    assert.deepEqual(
      profile.retry.layers.map((layer) => layer.kind),
      ['sdk'],
    );
    assert.equal(profile.failure.swallowed, true);
  });

  it('leaves Promise.all alone: its rejection reaches the catch around it', async () => {
    const profile = await profileOf(`
export async function embedOrNothing(texts: string[]): Promise<number> {
  try {
    const all = await Promise.all(texts.map((input) => client.embeddings.create({ model: 'text-embedding-3-small', input }))); // CALL
    return all.length;
  } catch (error) {
    console.error('embedding failed', error);
    return 0;
  }
}
`);
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.where?.line, 10);
    assert.equal(profile.failure.logged, true);
  });
});
