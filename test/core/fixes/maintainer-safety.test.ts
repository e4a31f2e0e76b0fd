import assert from 'node:assert/strict';
import { auditSources, DEFAULT_CONFIG } from '../../../src/core/index';
import { fixTests } from './support/fix-tester';

/**
 * Fixes a maintainer would merge: app-shaped code where the obvious option would change behaviour
 * on the success path, or override a setting someone else chose (issue 13).
 */

fixTests('fix: safe means no change on the success path', [
  {
    name: 'a token cap on a reasoning-model path is not safe: reasoning tokens count against it',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    title:
      'Set a maximum of 4096 output tokens (max_completion_tokens); reasoning tokens count against it, so a long reasoning can leave no answer',
    safe: false,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function plan(goal: string, deep: boolean): Promise<string> {
  const completion = await client.chat.completions.create({
    model: deep ? 'o3-mini' : 'gpt-4o-mini',
    messages: [{ role: 'user', content: goal }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function plan(goal: string, deep: boolean): Promise<string> {
  const completion = await client.chat.completions.create({
    model: deep ? 'o3-mini' : 'gpt-4o-mini',
    messages: [{ role: 'user', content: goal }],
    max_completion_tokens: 4096,
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
  {
    name: 'a token cap on a call with a reasoning effort is not safe',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    safe: false,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function solve(model: string, task: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model,
    reasoning_effort: 'high',
    messages: [{ role: 'user', content: task }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function solve(model: string, task: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model,
    reasoning_effort: 'high',
    messages: [{ role: 'user', content: task }],
    max_completion_tokens: 4096,
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
]);

const FORWARDED = `import OpenAI from 'openai';

/** Library code: the caller brings its own client, configured as it likes. */
export async function summarize(client: OpenAI, text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`;

const FIELD_FROM_CALLER = `import OpenAI from 'openai';

export class Summarizer {
  constructor(private readonly client: OpenAI) {}

  async summarize(text: string): Promise<string> {
    const completion = await this.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: text }],
    });
    return completion.choices[0]?.message.content ?? '';
  }
}
`;

const CONFIGURED_ELSEWHERE = `import OpenAI, { type ClientOptions } from 'openai';

/** The client's settings come from the caller: a timeout or retry count may be among them. */
export function answerer(settings: ClientOptions) {
  const client = new OpenAI(settings);
  return async (question: string): Promise<string> => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: question }],
    });
    return completion.choices[0]?.message.content ?? '';
  };
}
`;

const CAST = `import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';

const client = new OpenAI();
type Create = (body: ChatCompletionCreateParamsNonStreaming) => Promise<ChatCompletion>;

export async function answer(question: string): Promise<string> {
  const completion = await (client.chat.completions.create as Create)({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`;

fixTests('fix: never override what the caller or the client configures', [
  {
    name: 'no timeout on a client the caller passed in',
    ruleId: 'implicit-timeout',
    fix: 'add-timeout',
    code: FORWARDED,
    output: null,
  },
  {
    name: 'no retry policy on a client the caller passed in (its retries are not the SDK default)',
    ruleId: 'implicit-retry-policy',
    fix: 'state-retry-policy:sdk-default',
    code: FORWARDED,
    output: null,
  },
  {
    name: 'no timeout on a client held in a field set from a constructor parameter',
    ruleId: 'implicit-timeout',
    fix: 'add-timeout',
    code: FIELD_FROM_CALLER,
    output: null,
  },
  {
    name: 'no second argument through a cast to a one-parameter function',
    ruleId: 'implicit-timeout',
    fix: 'add-timeout',
    code: CAST,
    output: null,
  },
]);

describe('fix: never override what the caller or the client configures (options read at run time)', function () {
  this.timeout(300_000);
  it('a client made with options this code cannot read: timeout and retries unknown, so no implicit finding to fix', async () => {
    const result = await auditSources({ 'src/answerer.ts': CONFIGURED_ELSEWHERE }, { config: DEFAULT_CONFIG });
    const [profile] = result.profiles;
    assert.equal(profile?.timeout.source, 'unknown');
    assert.deepEqual(
      profile?.retry.layers.map((layer) => [layer.attempts, layer.source]),
      [['unknown', 'explicit']],
    );
    assert.deepEqual(
      result.findings.map((finding) => finding.ruleId).filter((id) => id.startsWith('implicit-')),
      [],
    );
  });
});
