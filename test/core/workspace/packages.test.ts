import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { audit } from '../../../src/core/index';
import { resolveWorkspaceImport } from '../../../src/core/workspace/packages';
import { TempWorkspaces } from './temp-workspace';
import * as fs from 'node:fs';

/**
 * A monorepo checked out from source: `apps/web` imports `@acme/llm/src/server`, whose
 * package.json points at build output that does not exist, and there is no node_modules link.
 */
const MONOREPO = {
  'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
  'packages/llm/package.json': JSON.stringify({
    name: '@acme/llm',
    main: './dist/src/index.js',
    exports: { '.': './dist/src/index.js', './src/server': { import: './dist/src/server/index.js' } },
  }),
  'packages/llm/src/server/index.ts': `export * from './complete';\n`,
  'packages/llm/src/server/complete.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

export async function complete(prompt: string, maxRetries?: number): Promise<string> {
  const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] });
  return response.choices[0]?.message.content ?? '';
}
`,
  'apps/web/package.json': JSON.stringify({ name: '@acme/web', private: true }),
  'apps/web/src/route.ts': `
import { complete } from '@acme/llm/src/server';

export async function POST(request: Request): Promise<Response> {
  try {
    return new Response(await complete(await request.text()));
  } catch (error) {
    console.error('completion failed', error);
    return new Response('failed', { status: 502 });
  }
}
`,
};

/** A sibling package that wraps fetch (proxies, certificates), used as the app's transport by package name. */
const FETCH_PACKAGE = {
  'packages/fetch/package.json': JSON.stringify({ name: '@acme/fetch', main: './dist/index.js' }),
  'packages/fetch/src/index.ts': `
export async function fetchWithProxy(url: URL | string, init: RequestInit): Promise<Response> {
  return fetch(url, { ...init, keepalive: true });
}
`,
  'apps/web/src/chat.ts': `
import { fetchWithProxy } from '@acme/fetch';

export async function chat(prompt: string): Promise<unknown> {
  const response = await fetchWithProxy(new URL('/v1/chat/completions', 'https://api.openai.com'), {
    method: 'POST',
    body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }),
  });
  return response.json();
}
`,
};

/**
 * A monorepo whose packages import each other's build output by subpath (`@acme/ai/lib/common`,
 * built by tsc from `src/common`), as IDE-style monorepos do; nothing is built.
 */
const BUILT_SUBPATHS = {
  'package.json': JSON.stringify({ name: 'ide', private: true, workspaces: ['packages/*'] }),
  'packages/ai/package.json': JSON.stringify({ name: '@acme/ai', main: 'lib/common/index.js' }),
  'packages/ai/src/common/index.ts': `export * from './assistant';\n`,
  'packages/ai/src/common/assistant.ts': `
import OpenAI from 'openai';

export class Assistant {
  private readonly client = new OpenAI({ timeout: 20_000 });

  async ask(question: string): Promise<string> {
    const completion = await this.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
    return completion.choices[0]?.message.content ?? '';
  }
}
`,
  'packages/editor/package.json': JSON.stringify({ name: '@acme/editor', main: 'lib/browser/index.js' }),
  'packages/editor/src/browser/explain.ts': `
import { Assistant } from '@acme/ai/lib/common';

export class ExplainCommand {
  constructor(private readonly assistant: Assistant) {}

  async explain(code: string): Promise<string> {
    try {
      return await this.assistant.ask(\`Explain: \${code}\`);
    } catch (error) {
      console.error('explain failed', error);
      return '';
    }
  }
}
`,
};

describe('workspace packages (monorepo)', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  it('maps an import of a sibling package by name to its source file, through its exports', () => {
    const root = workspaces.make('outside', MONOREPO);
    // The package becomes known once a file of it has been seen (the import graph reads every file).
    const seen = path.join(root, 'packages/llm/src/server/complete.ts');
    assert.ok(fs.existsSync(seen));
    return audit({ root }).then(() => {
      assert.equal(
        resolveWorkspaceImport('@acme/llm/src/server', path.join(root, 'apps/web/src/route.ts'), (file) =>
          fs.existsSync(file),
        ),
        path.join(root, 'packages/llm/src/server/index.ts'),
      );
      assert.equal(
        resolveWorkspaceImport('@acme/nothing', path.join(root, 'apps/web/src/route.ts'), (file) =>
          fs.existsSync(file),
        ),
        undefined,
      );
    });
  });

  it('a fetch wrapper imported from a sibling package by name is the transport of a model request', async () => {
    const root = workspaces.make('outside', { ...MONOREPO, ...FETCH_PACKAGE });
    const result = await audit({ root });
    const http = result.profiles.filter((profile) => profile.call.site === 'http');
    assert.deepEqual(
      http.map((profile) => [path.relative(root, profile.call.range.file), profile.call.range.line]),
      [['apps/web/src/chat.ts', 5]],
    );
  });

  it("follows an import of a sibling package's build output (`@acme/ai/lib/common`) to its source", async () => {
    const root = workspaces.make('outside', BUILT_SUBPATHS);
    const result = await audit({ root });
    const [call] = result.profiles;
    assert.equal(result.profiles.length, 1);
    assert.equal(call?.failure.handledBy, 'caller');
    assert.equal(call?.failure.where?.function, 'ExplainCommand.explain');
    assert.equal(call?.failure.logged, true);
    assert.deepEqual(
      (result.wrappers ?? []).map((site) => [path.relative(root, site.call.range.file), site.call.range.line]),
      [['packages/editor/src/browser/explain.ts', 9]],
    );
  });

  it('finds the caller in another package: the failure is handled and logged there, a wrapper site', async () => {
    const root = workspaces.make('outside', MONOREPO);
    const result = await audit({ root });
    const [call] = result.profiles;
    assert.equal(result.profiles.length, 1);
    assert.equal(call?.failure.handledBy, 'caller');
    assert.equal(call?.failure.where?.function, 'POST');
    assert.equal(call?.failure.logged, true);
    assert.deepEqual(
      (result.wrappers ?? []).map((site) => [
        path.relative(root, site.call.range.file),
        site.call.range.line,
        site.call.via,
      ]),
      [['apps/web/src/route.ts', 6, [call?.call.id]]],
    );
  });
});
