import assert from 'node:assert/strict';
import { auditSources, DEFAULT_CONFIG } from '../../src/core/index';

/**
 * A receiver typed with one of the catalogue's `modelTypes` (LangChain's `BaseChatModel`) makes
 * model calls although the model was built far away (handed in by a caller, a container); a
 * Runnable that is not a model type (a chain) makes none. With and without the SDK's typings.
 */
const SOURCES = {
  'src/summaries.ts': `import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { LanguageModelLike } from '@langchain/core/language_models/base';
import type { Runnable } from '@langchain/core/runnables';

export class Summaries {
  constructor(private readonly model: BaseChatModel) {}

  async one(text: string): Promise<unknown> {
    return this.model.invoke(\`Summarise: \${text}\`);
  }

  async many(texts: string[]): Promise<unknown> {
    return this.model.batch(texts);
  }

  async live(text: string): Promise<unknown> {
    return this.model.stream(text);
  }
}

export async function titleOf(llm: LanguageModelLike, text: string): Promise<unknown> {
  return llm.invoke(\`A title for: \${text}\`);
}

export async function runChain(chain: Runnable<string, string>, input: string): Promise<string> {
  return chain.invoke(input);
}
`,
};

async function callsFound(sdkTypes: boolean): Promise<{ calls: string[]; recognisedBy: Set<string> }> {
  const result = await auditSources(SOURCES, { config: { ...DEFAULT_CONFIG, sdkTypes } });
  const calls = result.profiles
    .map((profile) => `${profile.call.range.line} ${profile.call.sdk} ${profile.call.operation}`)
    .sort();
  return { calls, recognisedBy: new Set(result.profiles.map((profile) => profile.call.recognisedBy)) };
}

const EXPECTED = ['13 langchain batch', '17 langchain stream', '22 langchain invoke', '9 langchain invoke'];

describe('detect: receivers typed with a catalogue model type', function () {
  this.timeout(300_000);

  it('by syntax (no SDK typings): a BaseChatModel or LanguageModelLike receiver calls the model, a Runnable does not', async () => {
    const { calls, recognisedBy } = await callsFound(false);
    assert.deepEqual(calls, EXPECTED);
    assert.deepEqual(recognisedBy, new Set(['syntax']));
  });

  it('by type (SDK typings loaded): the same calls, recognised by the checker', async () => {
    const { calls, recognisedBy } = await callsFound(true);
    assert.deepEqual(calls, EXPECTED);
    assert.deepEqual(recognisedBy, new Set(['type']));
  });
});
