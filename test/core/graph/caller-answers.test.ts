import * as assert from 'node:assert/strict';
import { auditSources } from '../../../src/core/audit';
import type { DecisionProfile } from '../../../src/core/types';

const CLIENT = `import OpenAI from 'openai';
export const client = new OpenAI({ timeout: 20_000 });
`;

const DRAFT = `import { client } from './client';
export async function draft(topic: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: topic }] });
  return completion.choices[0]?.message.content ?? '';
}
`;

const PAGE = `import { polish } from './polish';
export async function renderArticle(topic: string): Promise<string> {
  try {
    return await polish(topic);
  } catch (error) {
    console.error('article failed', error);
    return 'The article is not available right now.';
  }
}
`;

const polishFrom = (module: string): string => `import { client } from './client';
import { draft } from './${module}';
export async function polish(topic: string): Promise<string> {
  const first = await draft(topic);
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: \`Polish: \${first}\` }] });
  return completion.choices[0]?.message.content ?? first;
}
`;

function sdkCall(profiles: readonly DecisionProfile[], file: string): DecisionProfile {
  const found = profiles.find((profile) => profile.call.site === 'sdk' && profile.call.range.file.endsWith(file));
  if (!found) throw new Error(`no model call in ${file}`);
  return found;
}

describe('engine: what callers do, whichever call the search starts from', () => {
  for (const module of ['a-draft', 'z-draft']) {
    it(`gives each call the handler's distance from it, whichever is searched first (${module}.ts)`, async () => {
      const result = await auditSources({
        'src/client.ts': CLIENT,
        [`src/${module}.ts`]: DRAFT,
        'src/polish.ts': polishFrom(module),
        'src/page.ts': PAGE,
      });
      // The page's catch is polish's direct caller: its default stands in for polish's call.
      assert.equal(sdkCall(result.profiles, 'polish.ts').fallback.kind, 'static');
      // Two callers up and in another module, it degrades the article, not the draft.
      const draft = sdkCall(result.profiles, `${module}.ts`).fallback;
      assert.equal(draft.kind, 'none');
      assert.equal(draft.degradedBy?.function, 'renderArticle');
    });
  }

  const GENERATE = `import { client } from './client';
export async function generate(prompt: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
  return completion.choices[0]?.message.content ?? '';
}
`;
  const defaulting = (name: string): string => `
export async function ${name}(input: string): Promise<string> {
  try {
    return await generate(input);
  } catch (error) {
    console.warn('${name} failed', error);
    return '';
  }
}
`;
  const failing = (name: string): string => `
export async function ${name}(input: string): Promise<string> {
  try {
    return await generate(input);
  } catch (error) {
    console.error('${name} failed', error);
    throw new Error('${name} is unavailable', { cause: error });
  }
}
`;
  const callers = (...bodies: string[]): string => `import { generate } from './generate';\n${bodies.join('')}`;

  it("does not take one caller's default for the call's fallback when most callers let the failure out", async () => {
    const result = await auditSources({
      'src/client.ts': CLIENT,
      'src/generate.ts': GENERATE,
      'src/callers.ts': callers(defaulting('suggestTitle'), failing('answer'), failing('summarise')),
    });
    const profile = sdkCall(result.profiles, 'generate.ts');
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.fallback.kind, 'none');
    assert.equal(profile.fallback.degradedBy?.function, 'suggestTitle');
  });

  it('takes the default when most callers answer with one', async () => {
    const result = await auditSources({
      'src/client.ts': CLIENT,
      'src/generate.ts': GENERATE,
      'src/callers.ts': callers(defaulting('suggestTitle'), defaulting('suggestTags'), failing('answer')),
    });
    const profile = sdkCall(result.profiles, 'generate.ts');
    assert.equal(profile.fallback.kind, 'static');
  });
});
