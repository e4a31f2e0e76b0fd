import assert from 'node:assert/strict';
import { auditSources, DEFAULT_CONFIG } from '../../src/core/index';

/**
 * An SDK function imported under another name (`import { generateText as generate } from 'ai'`) is
 * the same operation: the detector looks the callee up by the name the module exports.
 */
const SOURCES = {
  'src/notes.ts': `import { openai } from '@ai-sdk/openai';
import { generateText as generate, experimental_transcribe as transcribe, streamText as streamIt } from 'ai';

export async function titleFor(body: string): Promise<string> {
  const { text } = await generate({ model: openai('gpt-4o-mini'), prompt: body });
  return text;
}

export async function captionsFor(audio: Uint8Array): Promise<string> {
  const { text } = await transcribe({ model: openai.transcription('whisper-1'), audio });
  return text;
}

export function live(prompt: string): Response {
  return streamIt({ model: openai('gpt-4o-mini'), prompt }).toTextStreamResponse();
}

function generateTitle(body: string): string {
  return body.slice(0, 20);
}

export const local = generateTitle('not a model call');
`,
};

describe('detect: SDK functions imported under another name', function () {
  this.timeout(300_000);
  for (const sdkTypes of [false, true]) {
    it(`finds each aliased call as the exported operation (${sdkTypes ? 'with' : 'without'} the SDK typings)`, async () => {
      const result = await auditSources(SOURCES, { config: { ...DEFAULT_CONFIG, sdkTypes } });
      const calls = result.profiles.map((profile) => `${profile.call.range.line} ${profile.call.operation}`).sort();
      assert.deepEqual(calls, ['10 experimental_transcribe', '15 streamText', '5 generateText']);
    });
  }
});
