import * as assert from 'node:assert/strict';
import { describeProfile } from '../../../src/core/register';
import { profileAt } from './profile-at';

/** A stream's idle timeout between chunks (AI SDK `timeout.chunkMs`) is read as what it is. */
describe('engine: a stream idle timeout', () => {
  const stream = (timeout: string): Record<string, string> => ({
    'src/chat.ts': `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function chat(prompt: string): Response {
  const result = streamText({ model: openai('gpt-4o'), prompt, timeout: ${timeout}, onError: ({ error }) => console.error(error) }); // CALL
  return result.toTextStreamResponse();
}
`,
  });

  it('timeout: { chunkMs } alone bounds a stalled stream, not its start or its length', async () => {
    const profile = await profileAt(stream('{ chunkMs: 20_000 }'), '// CALL');
    assert.deepEqual(profile.timeout, {
      source: 'explicit',
      coversStream: true,
      idleMs: 20_000,
      label: 'request option timeout.chunkMs',
      worstCaseMs: 'unbounded',
    });
    const time = describeProfile(profile, { root: '/' }).find((line) => line.facet === 'timeout');
    assert.match(
      time?.sentence ?? '',
      /a stalled stream ends after 20 s without a chunk \(request option timeout\.chunkMs\); nothing bounds the wait for the stream to start/,
    );
  });

  it('timeout: { totalMs, chunkMs } is the total, with the idle limit beside it', async () => {
    const profile = await profileAt(stream('{ totalMs: 120_000, chunkMs: 20_000 }'), '// CALL');
    assert.equal(profile.timeout.ms, 120_000);
    assert.equal(profile.timeout.idleMs, 20_000);
    assert.equal(profile.timeout.label, 'request option timeout.totalMs');
  });
});
