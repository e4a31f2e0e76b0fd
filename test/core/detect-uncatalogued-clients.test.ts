import assert from 'node:assert/strict';
import { auditSources, DEFAULT_CONFIG } from '../../src/core/index';

/**
 * A client the workspace constructs from a package the catalogue does not name, called the OpenAI
 * way, is an OpenAI-compatible client; a class of the workspace's own (relative or aliased import)
 * is not, nor is another method path of such a client. Where a variable holds either a catalogued
 * SDK's client or such a one, the catalogued SDK's facts are the call's.
 */
const SOURCES = {
  'src/gateway.ts': `import { TokenJS } from 'token.js';
import * as fluency from 'fluency-sdk';

const tokens = new TokenJS();
const routed = new fluency.Router({ maxRetries: 3 });

export async function title(text: string) {
  const result = await tokens.chat.completions.create({ provider: 'openai', model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });
  return result.choices[0].message.content;
}

export async function routedTitle(text: string) {
  const result = await routed.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });
  return result.choices[0].message.content;
}

export async function models() {
  return tokens.models.list();
}
`,
  'src/local/client.ts': `export class LocalClient {
  chat = { completions: { create: async (request: { model: string }) => ({ model: request.model }) } };
}
`,
  'src/local-use.ts': `import { LocalClient } from './local/client';

export async function local() {
  return new LocalClient().chat.completions.create({ model: 'echo' });
}
`,
  'src/either.ts': `import OpenAI from 'openai';
import { Portkey } from 'portkey-ai';

const client = process.env.PORTKEY_API_KEY ? new Portkey({}) : new OpenAI();

export async function either(text: string) {
  return client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });
}
`,
};

describe('detect: clients of packages the catalogue does not name', function () {
  this.timeout(300_000);
  for (const sdkTypes of [false, true]) {
    it(`finds their OpenAI-shaped calls, and only those (${sdkTypes ? 'with' : 'without'} SDK typings)`, async () => {
      const result = await auditSources(SOURCES, { config: { ...DEFAULT_CONFIG, sdkTypes } });
      const calls = result.profiles
        .map(
          (profile) =>
            `${profile.call.range.file.replace(/^.*__virtual__\//, '')}:${profile.call.range.line} ${profile.call.sdk} ${profile.call.operation}`,
        )
        .sort();
      assert.deepEqual(calls, [
        'src/either.ts:7 openai chat.completions.create',
        'src/gateway.ts:13 openai-compatible chat.completions.create',
        'src/gateway.ts:8 openai-compatible chat.completions.create',
      ]);
      const routed = result.profiles.find((profile) => profile.call.range.line === 13);
      // `maxRetries` on the client is read the OpenAI way: a stated decision, not the library's default.
      assert.deepEqual(
        routed?.retry.layers.map((layer) => [layer.label, layer.attempts, layer.source]),
        [['Router client', 4, 'explicit']],
      );
    });
  }
});
