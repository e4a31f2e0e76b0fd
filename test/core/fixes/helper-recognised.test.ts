import * as assert from 'node:assert/strict';
import { auditSources } from '../../../src/core/index';
import { HELPER_MODULE_SOURCE } from '../../../src/core/fixes/helper-source';
import type { AuditResult, DecisionProfile } from '../../../src/core/types';
import { runFix } from './support/fix-tester';

/**
 * The analyser understands the orchestration helper the fix writes: after *Route this call
 * through the orchestration helper*, the call is retried by the helper (3 attempts, backoff with
 * jitter, retryable errors only), each attempt has the helper's timer (worst case 3 × 30 s), and
 * every attempt is logged; none of the implicit-decision findings the fix addresses stay, and no
 * other appears. Recognised by what the helper module declares, wherever it was put.
 */

const OPENAI_CALL = `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 300,
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`;

function summary(profile: DecisionProfile): Record<string, unknown> {
  return {
    layers: profile.retry.layers.map(
      (layer) => `${layer.kind}:${layer.label}:${layer.attempts}:${layer.backoff}:${layer.predicate}`,
    ),
    worstCaseAttempts: profile.retry.worstCaseAttempts,
    timeoutMs: profile.timeout.ms,
    worstCaseMs: profile.timeout.worstCaseMs,
    observability: profile.observability,
  };
}

function callIn(result: AuditResult, file: string): DecisionProfile {
  const profile = result.profiles.find((candidate) => candidate.call.range.file.endsWith(file));
  assert.ok(profile, `a call in ${file}`);
  return profile;
}

describe('the orchestration helper is recognised for what it does', () => {
  it('after the fix: 3 attempts with jittered backoff, 30 s per attempt, logged; no implicit finding left', async () => {
    const run = await runFix({
      name: 'helper',
      ruleId: 'implicit-timeout',
      fix: 'orchestration-helper',
      code: OPENAI_CALL,
      output: '',
    });
    assert.ok(run.fix, 'the helper fix is offered');
    const before = run.result.findings.filter((finding) => finding.callId !== undefined).map((f) => f.ruleId);
    const again = await auditSources({ 'src/case.ts': OPENAI_CALL, ...Object.fromEntries(run.outputs) });
    const profile = callIn(again, 'src/case.ts');
    assert.deepEqual(summary(profile), {
      layers: [
        'sdk:OpenAI SDK:1:exponential-jitter:retryable',
        'library:orchestration helper:3:exponential-jitter:retryable',
      ],
      worstCaseAttempts: 3,
      timeoutMs: 30000,
      worstCaseMs: 90000,
      observability: { kind: 'structured', via: 'orchestration helper' },
    });
    const after = again.findings.filter((finding) => finding.callId === profile.call.id).map((f) => f.ruleId);
    assert.deepEqual(
      after.filter((rule) => !before.includes(rule)),
      [],
      'no new finding on the routed call',
    );
    for (const rule of ['implicit-timeout', 'implicit-retry-policy', 'unlogged-model-call'])
      assert.ok(before.includes(rule) && !after.includes(rule), `${rule} is gone`);
  });

  it('wherever the module was moved, with a changed attempt count', async () => {
    const code = `import OpenAI from 'openai';
import { callModel } from './shared/model-calls';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await callModel(
    { operation: 'answer', timeoutMs: 10_000, maxAttempts: 5 },
    ({ signal }) => client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 300, messages: [{ role: 'user', content: question }] }, { signal, maxRetries: 0 }),
  );
  return completion.choices[0]?.message.content ?? '';
}
`;
    const result = await auditSources({ 'src/answer.ts': code, 'src/shared/model-calls.ts': HELPER_MODULE_SOURCE });
    assert.deepEqual(summary(callIn(result, 'src/answer.ts')), {
      layers: [
        'sdk:OpenAI SDK:1:exponential-jitter:retryable',
        'library:orchestration helper:5:exponential-jitter:retryable',
      ],
      worstCaseAttempts: 5,
      timeoutMs: 10000,
      worstCaseMs: 50000,
      observability: { kind: 'structured', via: 'orchestration helper' },
    });
  });

  it('in a file that names no SDK, calling a client configured in another module', async () => {
    // Only the client module imports the SDK: the program must still hold the helper the call
    // file imports, or the helper's retries, timer and log are not seen.
    const clients = `import Groq from 'groq-sdk';

export const chatModel = new Groq({ apiKey: process.env.GROQ_API_KEY });
`;
    const code = `import { chatModel } from './clients';
import { callModel } from './ai/call-model';

export async function tagline(product: string): Promise<string> {
  const completion = await callModel({ operation: 'tagline', maxAttempts: 2 }, ({ signal }) =>
    chatModel.chat.completions.create({ model: 'llama-3.1-8b-instant', max_tokens: 40, messages: [{ role: 'user', content: product }] }, { signal, maxRetries: 0 }),
  );
  return completion.choices[0]?.message.content ?? '';
}
`;
    const result = await auditSources({
      'src/clients.ts': clients,
      'src/tagline.ts': code,
      'src/ai/call-model.ts': HELPER_MODULE_SOURCE,
    });
    const profile = callIn(result, 'src/tagline.ts');
    assert.deepEqual(summary(profile), {
      layers: [
        'sdk:Groq SDK:1:exponential-jitter:retryable',
        'library:orchestration helper:2:exponential-jitter:retryable',
      ],
      worstCaseAttempts: 2,
      timeoutMs: 30000,
      worstCaseMs: 60000,
      observability: { kind: 'structured', via: 'orchestration helper' },
    });
    assert.deepEqual(
      result.findings.filter((finding) => finding.callId === profile.call.id).map((finding) => finding.ruleId),
      [],
    );
  });

  it('a function of the same name that is not the helper is not taken for it', async () => {
    const code = `import OpenAI from 'openai';

const client = new OpenAI();

async function callModel<T>(_options: { operation: string }, task: (context: { signal: AbortSignal }) => Promise<T>): Promise<T> {
  return task({ signal: new AbortController().signal });
}

export async function answer(question: string): Promise<string> {
  const completion = await callModel({ operation: 'answer' }, ({ signal }) =>
    client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 300, messages: [{ role: 'user', content: question }] }, { signal }),
  );
  return completion.choices[0]?.message.content ?? '';
}
`;
    const result = await auditSources({ 'src/answer.ts': code });
    const profile = callIn(result, 'src/answer.ts');
    assert.deepEqual(
      profile.retry.layers.map((layer) => layer.kind),
      ['sdk'],
    );
    assert.deepEqual(profile.observability, { kind: 'none' });
  });
});
