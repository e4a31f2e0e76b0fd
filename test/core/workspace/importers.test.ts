import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ImportGraph } from '../../../src/core/workspace/import-graph';
import { PathAliases } from '../../../src/core/workspace/path-aliases';

const ROOT = path.resolve('/project');
const at = (relative: string) => path.join(ROOT, ...relative.split('/'));

/** Which of `files` import `target` directly (in the order given), by the audit's text scan. */
function importersOf(
  target: string | string[],
  files: Record<string, string>,
  exclude: string[] = [],
  aliases?: PathAliases,
): string[] {
  const targets = (Array.isArray(target) ? target : [target]).map(at);
  const graph = new ImportGraph(
    Object.entries(files).map(([name, text]) => [at(name), text]),
    () => aliases,
  );
  const importers = new Set(targets.flatMap((file) => graph.importersOf(file)));
  for (const file of [...targets, ...exclude.map(at)]) importers.delete(file);
  return Object.keys(files).filter((name) => importers.has(at(name)));
}

describe('workspace/importers', () => {
  describe('relative specifiers', () => {
    it('with and without an extension (.js for a .ts file, as ESM TypeScript writes it)', () => {
      assert.deepEqual(
        importersOf('src/llm/client.ts', {
          'src/llm/a.ts': "import { ask } from './client';",
          'src/llm/b.ts': "import { ask } from './client.js';",
          'src/llm/c.ts': "import { ask } from './client.ts';",
          'src/d.ts': "import { ask } from './llm/client';",
          'src/routes/e.ts': "import { ask } from '../llm/client.js';",
          'src/llm/client.ts': "import OpenAI from 'openai';",
        }),
        ['src/llm/a.ts', 'src/llm/b.ts', 'src/llm/c.ts', 'src/d.ts', 'src/routes/e.ts'],
      );
    });

    it('.mts/.cts modules imported as .mjs/.cjs', () => {
      assert.deepEqual(importersOf('src/client.mts', { 'src/a.ts': "import { ask } from './client.mjs';" }), [
        'src/a.ts',
      ]);
      assert.deepEqual(importersOf('src/client.cts', { 'src/a.cts': "const { ask } = require('./client.cjs');" }), [
        'src/a.cts',
      ]);
    });

    it('a declaration file imported by its module name, or by its folder when it is index.d.ts', () => {
      // `types.d.ts` is `./types` to an importer, as `types.ts` would be; `index.d.ts` is its folder.
      assert.deepEqual(
        importersOf('src/llm/types.d.ts', {
          'src/llm/a.ts': "import type { Provider } from './types';",
          'src/llm/b.ts': "import type { Provider } from './types.js';",
          'src/llm/c.ts': "import type { Provider } from './typesx';",
        }),
        ['src/llm/a.ts', 'src/llm/b.ts'],
      );
      assert.deepEqual(
        importersOf('src/index.d.ts', {
          'src/util/a.ts': "import { ILLM } from '..';",
          'src/util/b.ts': "import { ILLM } from '../index.js';",
          'src/c.ts': "import { ILLM } from '.';",
          'src/util/d.ts': "import { ILLM } from '../util';",
        }),
        ['src/util/a.ts', 'src/util/b.ts', 'src/c.ts'],
      );
    });

    it('an index file imported by its folder, with or without a trailing slash or /index', () => {
      assert.deepEqual(
        importersOf('src/llm/index.ts', {
          'src/a.ts': "import { ask } from './llm';",
          'src/b.ts': "import { ask } from './llm/';",
          'src/c.ts': "import { ask } from './llm/index.js';",
          'src/llm/d.ts': "import { ask } from '.';",
          'src/llm/nested/e.ts': "import { ask } from '..';",
        }),
        ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/llm/d.ts', 'src/llm/nested/e.ts'],
      );
    });

    it('not a file with a similar name or the same name in another folder', () => {
      assert.deepEqual(
        importersOf('src/llm/client.ts', {
          'src/a.ts': "import { x } from './client';", // src/client, not src/llm/client
          'src/llm/b.ts': "import { x } from './client-utils';",
          'src/llm/c.ts': "import { x } from './clients';",
          'src/llm/d.ts': "import { x } from './client.service';",
        }),
        [],
      );
    });
  });

  describe('path aliases, matched by base name', () => {
    it('@/, ~/ and # subpath imports', () => {
      assert.deepEqual(
        importersOf('src/lib/llm-client.ts', {
          'app/a.ts': "import { ask } from '@/lib/llm-client';",
          'app/b.ts': "import { ask } from '~/lib/llm-client.js';",
          'app/c.ts': "import { ask } from '#lib/llm-client';",
          'app/d.ts': "import { ask } from '#llm-client';",
        }),
        ['app/a.ts', 'app/b.ts', 'app/c.ts', 'app/d.ts'],
      );
    });

    it('an aliased folder holding an index file', () => {
      assert.deepEqual(importersOf('src/ai/index.ts', { 'app/a.ts': "import { ask } from '@/ai';" }), ['app/a.ts']);
    });

    it('not a bare package name that happens to equal the file name', () => {
      assert.deepEqual(
        importersOf('src/openai.ts', {
          'src/a.ts': "import OpenAI from 'openai';",
          'src/b.ts': "import x from 'lib/openai';",
        }),
        [],
      );
    });
  });

  describe("path aliases of the tsconfig's paths, as the compiler resolves them", () => {
    const aliases = PathAliases.of({
      paths: { '@/*': ['./src/*'], '@core/*': ['./src/core/*'], '@shared': ['./src/shared/index.ts'] },
      pathsBasePath: ROOT,
    });

    it('an alias without the @/ prefix, a folder index and an exact alias', () => {
      assert.deepEqual(
        importersOf(
          ['src/core/api/handler.ts', 'src/shared/index.ts'],
          {
            'src/a.ts': "import { run } from '@core/api/handler';",
            'src/b.ts': "import { run } from '@/core/api/handler.js';",
            'src/c.ts': "import { types } from '@shared';",
            'src/d.ts': "import { types } from '@/shared';",
          },
          [],
          aliases,
        ),
        ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts'],
      );
    });

    it('only the file the alias names, not every file of that base name', () => {
      assert.deepEqual(
        importersOf(
          'src/llm/api.ts',
          {
            'src/a.ts': "import { ask } from '@/llm/api';",
            'src/b.ts': "import { fetchUser } from '@/users/api';",
            'src/c.ts': "import { ask } from '@core/api';",
          },
          [],
          aliases,
        ),
        ['src/a.ts'],
      );
    });

    it('a specifier no pattern matches is read as before (base name)', () => {
      assert.deepEqual(
        importersOf('src/lib/llm-client.ts', { 'app/a.ts': "import { ask } from '~/lib/llm-client';" }, [], aliases),
        ['app/a.ts'],
      );
    });
  });

  describe('import forms', () => {
    for (const [form, text] of [
      ['a named import', "import { ask } from './client';"],
      ['a namespace import over several lines', "import * as\n  client\nfrom\n  './client';"],
      ['a side-effect import', "import './client';"],
      ['a type-only import', "import type { Ask } from './client';"],
      ['a re-export', "export * from './client';"],
      ['a named re-export', "export { ask as askModel } from './client';"],
      ['require()', "const { ask } = require('./client');"],
      ['require() with spaces', "const { ask } = require ( './client' );"],
      ['import x = require()', "import client = require('./client');"],
      ['a dynamic import()', "const { ask } = await import('./client');"],
      ['double quotes', 'import { ask } from "./client";'],
    ] as const) {
      it(`finds ${form}`, () => {
        assert.deepEqual(importersOf('src/client.ts', { 'src/a.ts': text }), ['src/a.ts']);
      });
    }
  });

  it('lists each importer once, skips excluded files and the targets themselves', () => {
    assert.deepEqual(
      importersOf(
        ['src/client.ts', 'src/other.ts'],
        {
          'src/client.ts': "import { x } from './other';",
          'src/other.ts': "import { y } from './client';",
          'src/a.ts':
            "import { ask } from './client';\nimport { x } from './other';\nconst again = require('./client');",
          'src/b.ts': "import { ask } from './client';",
        },
        ['src/b.ts'],
      ),
      ['src/a.ts'],
    );
  });

  it('returns nothing for no targets', () => {
    assert.deepEqual(importersOf([], { 'src/a.ts': "import { ask } from './client';" }), []);
  });
});

describe('workspace/ImportGraph', () => {
  const others: [string, string][] = [
    '/p/src/clients.ts',
    '/p/src/digest/index.ts',
    '/p/src/summarize.ts',
    '/p/src/unrelated.ts',
  ].map((file) => [file, '']);

  it('importedBy: relative specifiers with or without extension, folder imports of index files and aliases', () => {
    const text =
      "import { a } from './clients.js';\nimport { b } from './digest';\nconst s = require('@/summarize');\n";
    const graph = new ImportGraph([...others, ['/p/src/route.ts', text]]);
    assert.deepEqual([...graph.importedBy('/p/src/route.ts')].sort(), [
      '/p/src/clients.ts',
      '/p/src/digest/index.ts',
      '/p/src/summarize.ts',
    ]);
  });

  it('importedBy: nothing for a file that imports only packages, and never the file itself', () => {
    const graph = new ImportGraph([
      ...others.slice(1),
      ['/p/src/clients.ts', "import OpenAI from 'openai';\nimport './clients';\n"],
    ]);
    assert.deepEqual(graph.importedBy('/p/src/clients.ts'), []);
  });

  it('importedBy: answers again after an import changes or the imported file appears', () => {
    const graph = new ImportGraph([
      ['/p/src/llm.ts', "import OpenAI from 'openai';"],
      ['/p/src/route.ts', "import { ask } from './llm';\nimport { tidy } from './tidy';"],
    ]);
    assert.deepEqual(graph.importedBy('/p/src/route.ts'), ['/p/src/llm.ts']);
    graph.set('/p/src/tidy.ts', "import { z } from 'zod';");
    assert.deepEqual([...graph.importedBy('/p/src/route.ts')].sort(), ['/p/src/llm.ts', '/p/src/tidy.ts']);
    graph.set('/p/src/route.ts', "import { tidy } from './tidy';");
    assert.deepEqual(graph.importedBy('/p/src/route.ts'), ['/p/src/tidy.ts']);
    graph.delete('/p/src/tidy.ts');
    assert.deepEqual(graph.importedBy('/p/src/route.ts'), []);
  });

  it('reaching: the file and its importers through any number of hops, and nothing else', () => {
    const graph = new ImportGraph([
      ['/p/src/llm.ts', "import OpenAI from 'openai';"],
      ['/p/src/digest.ts', "import { ask } from './llm';"],
      ['/p/src/routes/digest.ts', "import { digest } from '../digest';"],
      ['/p/src/server.ts', "import './routes/digest';"],
      ['/p/src/unrelated.ts', "import { x } from './other';"],
    ]);
    assert.deepEqual([...graph.reaching('/p/src/llm.ts')].sort(), [
      '/p/src/digest.ts',
      '/p/src/llm.ts',
      '/p/src/routes/digest.ts',
      '/p/src/server.ts',
    ]);
    assert.deepEqual([...graph.reaching('/p/src/unrelated.ts')], ['/p/src/unrelated.ts']);
  });

  it('reaching follows edits: a file that stops importing drops out, a new importer joins', () => {
    const graph = new ImportGraph([
      ['/p/src/llm.ts', ''],
      ['/p/src/a.ts', "import { ask } from './llm';"],
    ]);
    assert.deepEqual([...graph.reaching('/p/src/llm.ts')].sort(), ['/p/src/a.ts', '/p/src/llm.ts']);
    graph.set('/p/src/a.ts', '// no imports now');
    graph.set('/p/src/b.ts', "import { ask } from './llm.js';");
    assert.deepEqual([...graph.reaching('/p/src/llm.ts')].sort(), ['/p/src/b.ts', '/p/src/llm.ts']);
    graph.delete('/p/src/b.ts');
    assert.deepEqual([...graph.reaching('/p/src/llm.ts')], ['/p/src/llm.ts']);
  });

  it('importersOf answers from memory, and follows edits like reaching', () => {
    const graph = new ImportGraph([
      ['/p/src/llm.ts', ''],
      ['/p/src/a.ts', "import { ask } from './llm';"],
    ]);
    assert.deepEqual(graph.importersOf('/p/src/llm.ts'), ['/p/src/a.ts']);
    const first = graph.importersOf('/p/src/llm.ts');
    assert.equal(graph.importersOf('/p/src/llm.ts'), first);
    // An edit that leaves the imports as they were keeps the answers.
    graph.set('/p/src/a.ts', "import { ask } from './llm';\n// typing a comment");
    assert.equal(graph.importersOf('/p/src/llm.ts'), first);
    graph.set('/p/src/b.ts', "import { ask } from './llm.js';");
    assert.deepEqual(graph.importersOf('/p/src/llm.ts'), ['/p/src/a.ts', '/p/src/b.ts']);
    graph.set('/p/src/a.ts', '// no imports now');
    assert.deepEqual(graph.importersOf('/p/src/llm.ts'), ['/p/src/b.ts']);
    graph.delete('/p/src/b.ts');
    assert.deepEqual(graph.importersOf('/p/src/llm.ts'), []);
  });
});
