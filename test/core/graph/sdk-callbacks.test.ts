import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

/** A module whose `outer` call is given `options`, in a try whose catch answers with a default. */
function agent(options: string, outer = 'generateText', before = ''): Record<string, string> {
  return {
    '/agent.ts': `import { ${outer}, generateText as summarise } from 'ai';
import { openai } from '@ai-sdk/openai';

export async function answer(question: string): Promise<string> {
  ${before}
  try {
    const result = await ${outer}(${options});
    return String(result);
  } catch (error) {
    console.error('the answer failed', error);
    return 'No answer right now.';
  }
}
`,
  };
}

/** The 1-based line of the catch clause. */
const catchLine = (files: Record<string, string>): number =>
  files['/agent.ts'].split('\n').findIndex((line) => line.includes('catch (error)')) + 1;

/** A step callback that makes a model call of its own (the call under test). */
const STEP = `async ({ messages }) => {
      const { text } = await summarise({ model: openai('gpt-4o-mini'), prompt: JSON.stringify(messages) }); // summary
      return { system: text };
    }`;

describe('graph: callbacks the SDK awaits inside its call', () => {
  it("sends a step callback's failure to where generateText's failure goes", async () => {
    const files = agent(`{ model: openai('gpt-4o'), prompt: question, prepareStep: ${STEP} }`);
    const profile = await profileAt(files, '// summary');
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.line, catchLine(files));
    assert.equal(profile.fallback.kind, 'static');
  });

  it('follows the options through a const spread into them', async () => {
    const files = agent(
      `{ model: openai('gpt-4o'), prompt: question, ...steps }`,
      'generateText',
      `const steps = { experimental_prepareStep: ${STEP} };`,
    );
    const profile = await profileAt(files, '// summary');
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.line, catchLine(files));
  });

  it('leaves out of the call a callback a streamed call runs, or one of another option', async () => {
    // Spread from a const: written in place, any callback of a call is read as run by it.
    const streamed = agent(
      `{ model: openai('gpt-4o'), prompt: question, ...steps }`,
      'streamText',
      `const steps = { prepareStep: ${STEP} };`,
    );
    assert.notEqual((await profileAt(streamed, '// summary')).failure.where?.line, catchLine(streamed));
    const other = agent(
      `{ model: openai('gpt-4o'), prompt: question, ...steps }`,
      'generateText',
      `const steps = { onStepFinish: ${STEP} };`,
    );
    assert.notEqual((await profileAt(other, '// summary')).failure.where?.line, catchLine(other));
  });
});
