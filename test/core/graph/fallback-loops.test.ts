import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

const CLIENT = `import OpenAI from 'openai';

const client = new OpenAI({ timeout: 20_000 });
`;

async function profileOf(body: string) {
  return profileAt({ 'src/loops.ts': `${CLIENT}\n${body}` }, '// CALL');
}

describe('engine: a loop over models is a fallback only when it stops at the first answer', () => {
  it('reads a loop that returns the first answer as a model fallback', async () => {
    const profile = await profileOf(`
export async function firstAnswer(prompt: string, models: string[]): Promise<string> {
  for (const model of models) {
    try {
      const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] }); // CALL
      return completion.choices[0]?.message.content ?? '';
    } catch (error) {
      console.warn(\`\${model} failed\`, error);
    }
  }
  throw new Error('every model failed');
}
`);
    assert.equal(profile.fallback.kind, 'model');
  });

  it('reads a loop that breaks out after the answer as a model fallback', async () => {
    const profile = await profileOf(`
export async function firstAnswer(prompt: string, models: string[]): Promise<string> {
  let answer = '';
  outer: for (const model of models) {
    for (let attempt = 0; attempt < 1; attempt++) {
      try {
        const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] }); // CALL
        answer = completion.choices[0]?.message.content ?? '';
        break outer;
      } catch (error) {
        console.warn(\`\${model} failed\`, error);
      }
    }
  }
  return answer;
}
`);
    assert.equal(profile.fallback.kind, 'model');
  });

  it('does not read a batch whose jobs name their own models as a fallback', async () => {
    const profile = await profileOf(`
export async function runJobs(jobs: { id: string; model: string; prompt: string }[]): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  for (const job of jobs) {
    try {
      const completion = await client.chat.completions.create({ model: job.model, messages: [{ role: 'user', content: job.prompt }] }); // CALL
      answers.set(job.id, completion.choices[0]?.message.content ?? '');
    } catch (error) {
      console.error(\`job \${job.id} failed\`, error);
    }
  }
  return answers;
}
`);
    assert.equal(profile.fallback.kind, 'none');
  });

  it('does not take a break out of an inner loop for the end of the loop over models', async () => {
    const profile = await profileOf(`
export async function tagAll(items: { model: string; texts: string[] }[]): Promise<string[]> {
  const tags: string[] = [];
  for (const item of items) {
    try {
      for (const text of item.texts) {
        const completion = await client.chat.completions.create({ model: item.model, messages: [{ role: 'user', content: text }] }); // CALL
        tags.push(completion.choices[0]?.message.content ?? '');
        if (tags.length > 100) break;
      }
    } catch (error) {
      console.error('tagging failed', error);
    }
  }
  return tags;
}
`);
    assert.equal(profile.fallback.kind, 'none');
  });
});
