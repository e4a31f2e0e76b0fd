import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { auditSources } from '../../src/core/index';
import { judge } from '../../src/core/judge';

/** One decision, one finding: a caller's retry layer around several model calls is reported once. */
describe('judge: one finding per decision', () => {
  const code = `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });

async function outline(topic: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: topic }] });
  return completion.choices[0]?.message.content ?? '';
}

async function draft(plan: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: plan }] });
  return completion.choices[0]?.message.content ?? '';
}

export async function write(topic: string): Promise<string> {
  for (;;) {
    try {
      return await draft(await outline(topic));
    } catch (error) {
      console.error('writing failed, trying again', error);
    }
  }
}
`;

  it('an unbounded loop around two calls is one unbounded-retry finding, relating both calls', async () => {
    const result = await auditSources({ 'src/write.ts': code });
    const unbounded = result.findings.filter((finding) => finding.ruleId === 'unbounded-retry');
    assert.equal(unbounded.length, 1);
    assert.equal(unbounded[0]?.span.line, 16);
    assert.deepEqual(
      unbounded[0]?.related.map((related) => [related.message, related.span.line]),
      [
        ['Retried model call', 6],
        ['Retried model call', 11],
      ],
    );
    // Findings about each call itself stay one per call.
    assert.equal(result.findings.filter((finding) => finding.ruleId === 'unlogged-model-call').length, 2);
  });

  it('is the same finding whatever order the calls were analysed in (an editor session re-analyses in another)', async () => {
    const result = await auditSources({ 'src/write.ts': code });
    const unboundedOf = (profiles: typeof result.profiles) =>
      judge(profiles, [], DEFAULT_CONFIG).filter((finding) => finding.ruleId === 'unbounded-retry');
    const inOrder = unboundedOf(result.profiles);
    const reversed = unboundedOf([...result.profiles].reverse());
    assert.deepEqual(reversed, inOrder);
    assert.equal(inOrder[0]?.callId, result.profiles.find((profile) => profile.call.range.line === 6)?.call.id);
    assert.deepEqual(
      reversed[0]?.related.map((related) => related.span.line),
      [6, 11],
    );
  });
});
