import * as assert from 'node:assert/strict';
import { auditSources } from '../../../src/core/audit';
import { profileAt } from './profile-at';

const layersOf = (profile: Awaited<ReturnType<typeof profileAt>>): [string, unknown, string][] =>
  profile.retry.layers.map((layer) => [layer.kind, layer.attempts, layer.predicate]);

/** A client method that asks again, with one re-ask fewer left, while the JSON does not parse. */
const COUNTDOWN = `
import OpenAI from 'openai';

interface AskArgs { prompt: string; retries?: number }

export class JsonClient {
  private readonly openai = new OpenAI();

  async ask({ prompt, retries = 2 }: AskArgs): Promise<unknown> {
    const completion = await this.openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }); // CALL
    const text = completion.choices[0]?.message.content ?? '';
    const parsed = safeJson(text);
    if (parsed === undefined) {
      if (retries > 0) return this.ask({ prompt, retries: retries - 1 });
      throw new Error('not JSON');
    }
    return parsed;
  }
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}

export async function facts(client: JsonClient, topic: string): Promise<unknown> {
  return client.ask({ prompt: 'Facts about ' + topic }); // SITE
}
`;

describe('engine: re-asking the model after an unusable answer', () => {
  it('a self-call under a failed check of the result, counting down from a destructured default, is a re-ask layer', async () => {
    const profile = await profileAt({ 'src/client.ts': COUNTDOWN }, '// CALL');
    assert.deepEqual(layersOf(profile), [
      ['sdk', 3, 'retryable'],
      ['recursion', 3, 'invalid-output'],
    ]);
    assert.equal(profile.retry.worstCaseAttempts, 9);
    const reask = profile.retry.layers[1];
    assert.equal(reask.label, 're-ask in JsonClient.ask');
    assert.equal(reask.where?.line, 14);
    assert.equal(reask.backoff, 'none');
  });

  it('the call sites of the method inherit the re-ask', async () => {
    const profile = await profileAt({ 'src/client.ts': COUNTDOWN }, '// SITE');
    assert.equal(profile.call.site, 'wrapper');
    assert.deepEqual(layersOf(profile), [
      ['sdk', 3, 'retryable'],
      ['recursion', 3, 'invalid-output'],
    ]);
  });

  it('a countdown with no default has a bound the code does not state', async () => {
    const source = COUNTDOWN.replace('retries = 2', 'retries');
    const profile = await profileAt({ 'src/client.ts': source }, '// CALL');
    assert.deepEqual(layersOf(profile), [
      ['sdk', 3, 'retryable'],
      ['recursion', 'unknown', 'invalid-output'],
    ]);
  });

  it('a count up from undefined, `!attempt || attempt < 4`, bounds the re-ask at five', async () => {
    const source = `
import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function choose(args: { question: string; attempt?: number }): Promise<unknown> {
  const { question, attempt } = args;
  const message = await anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 256, messages: [{ role: 'user', content: question }] }); // CALL
  const tool = message.content.find((block) => block.type === 'tool_use');
  return tool ? tool.input : !attempt || attempt < 4 ? choose({ ...args, attempt: (attempt ?? 0) + 1 }) : null;
}
`;
    const profile = await profileAt({ 'src/choose.ts': source }, '// CALL');
    assert.deepEqual(layersOf(profile), [
      ['sdk', 3, 'retryable'],
      ['recursion', 5, 'invalid-output'],
    ]);
    assert.equal(profile.retry.worstCaseAttempts, 15);
  });

  it('a self-call after an early return of the good answer, with an exit guard, is a re-ask', async () => {
    const source = `
import OpenAI from 'openai';

export async function grade(client: OpenAI, essay: string, tries = 1): Promise<number | null> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: essay }] }); // CALL
  const score = Number(completion.choices[0]?.message.content);
  if (Number.isInteger(score)) return score;
  if (tries >= 3) return null;
  return grade(client, essay, tries + 1);
}
`;
    const profile = await profileAt({ 'src/grade.ts': source }, '// CALL');
    assert.deepEqual(layersOf(profile), [
      ['sdk', 3, 'retryable'],
      ['recursion', 3, 'invalid-output'],
    ]);
  });

  it("an agent's next turn, sending the reply back, is no retry", async () => {
    const source = `
import OpenAI from 'openai';

export async function talk(client: OpenAI, messages: OpenAI.Chat.ChatCompletionMessageParam[], turn = 0): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o', messages }); // CALL
  const reply = completion.choices[0]?.message;
  if (reply?.tool_calls && turn < 4) return talk(client, [...messages, reply], turn + 1);
  return reply?.content ?? '';
}
`;
    const profile = await profileAt({ 'src/talk.ts': source }, '// CALL');
    assert.deepEqual(layersOf(profile), [['sdk', 3, 'retryable']]);
  });

  it('a recursion over the items of a list, one call per item, is no re-ask', async () => {
    const source = `
import OpenAI from 'openai';

export async function translateAll(client: OpenAI, lines: string[], index = 0, out: string[] = []): Promise<string[]> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: lines[index] ?? '' }] }); // CALL
  out.push(completion.choices[0]?.message.content ?? '');
  if (index + 1 < lines.length) return translateAll(client, lines, index + 1, out);
  return out;
}
`;
    const profile = await profileAt({ 'src/translate.ts': source }, '// CALL');
    assert.deepEqual(layersOf(profile), [['sdk', 3, 'retryable']]);
  });

  it('a self-call that passes no changed counter is no re-ask', async () => {
    const source = COUNTDOWN.replace('retries: retries - 1', 'retries');
    const profile = await profileAt({ 'src/client.ts': source }, '// CALL');
    assert.deepEqual(layersOf(profile), [['sdk', 3, 'retryable']]);
  });

  it('a re-ask is not reported for lacking backoff; its multiplication is', async () => {
    const result = await auditSources({ 'src/client.ts': COUNTDOWN.replace('retries = 2', 'retries = 4') });
    const rules = result.findings.filter((finding) => finding.ruleId.startsWith('retry-'));
    assert.deepEqual(
      rules.map((finding) => [finding.ruleId, finding.span.line, finding.message]),
      [['retry-amplification', 10, 'Retried up to 15 times (re-ask in JsonClient.ask 5 × OpenAI SDK default 3)']],
    );
    assert.equal(
      result.findings.some((finding) => finding.ruleId === 'implicit-retry-policy'),
      false,
    );
  });
});

describe('engine: recursion in a catch the error never reaches', () => {
  const RUNNER = `
import OpenAI from 'openai';

const openai = new OpenAI();

export class Runner {
  async run({ task, retries = 0 }: { task: string; retries?: number }): Promise<string> {
    try {
      const plan = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: task }] }); // PLAN
      const steps = plan.choices[0]?.message.content ?? '';
      const ok = await this.verify(steps).catch(() => true); // VERIFY
      return ok ? steps : '';
    } catch (error) {
      if (retries < 2) return this.run({ task, retries: retries + 1 });
      throw error;
    }
  }

  private async verify(steps: string): Promise<boolean> {
    const verdict = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: steps }] });
    return verdict.choices[0]?.message.content === 'yes';
  }
}
`;

  it('a catch recursion counting a destructured option with a default is bounded by its guard', async () => {
    const profile = await profileAt({ 'src/runner.ts': RUNNER }, '// PLAN');
    assert.deepEqual(layersOf(profile), [
      ['sdk', 3, 'retryable'],
      ['recursion', 3, 'all'],
    ]);
  });

  it('an inner .catch that answers the error keeps the outer recursion from the call', async () => {
    const profile = await profileAt({ 'src/runner.ts': RUNNER }, '// VERIFY');
    assert.equal(profile.call.site, 'wrapper');
    assert.deepEqual(layersOf(profile), [['sdk', 3, 'retryable']]);
  });

  it('an inner .catch that rethrows leaves the recursion in place', async () => {
    const source = RUNNER.replace('.catch(() => true)', '.catch((error) => { throw error; })');
    const profile = await profileAt({ 'src/runner.ts': source }, '// VERIFY');
    assert.deepEqual(layersOf(profile), [
      ['sdk', 3, 'retryable'],
      ['recursion', 3, 'all'],
    ]);
  });
});
