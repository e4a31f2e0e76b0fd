import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ImportGraph } from '../../../src/core/workspace/import-graph';
import { exportedNames, namedImports, reexportedDeclarations, reexports } from '../../../src/core/workspace/reexports';

describe('workspace/reexports', () => {
  it('reads the names a file imports by name, as the imported module exports them', () => {
    const text = [
      "import { ConfigResult, type Issue, load as loadConfig } from '@acme/config';",
      "import type { Settings } from './shared/index.js';",
      "import Default, { helper } from './helpers';",
      "import * as everything from './all';",
      "import plain from './plain';",
    ].join('\n');
    assert.deepEqual(namedImports(text), [
      { specifier: '@acme/config', names: ['ConfigResult', 'Issue', 'load'] },
      { specifier: './shared/index.js', names: ['Settings'] },
      { specifier: './helpers', names: ['helper'] },
    ]);
  });

  it('reads what a file declares and exports, and what it re-exports from where', () => {
    const text = [
      'export interface Result<T> { value: T }',
      'export declare abstract class Base {}',
      'export async function load() {}',
      'export const LIMIT = 1;',
      'export default class Main {}',
      'type Local = string;',
      'const hidden = 2;',
      'export { hidden as shown, Local };',
      "export * from './validation.js';",
      "export { Client as ApiClient, type Options } from './client';",
    ].join('\n');
    assert.deepEqual([...exportedNames(text)].sort(), ['Base', 'LIMIT', 'Local', 'Result', 'load', 'shown']);
    assert.deepEqual(reexports(text), [
      { specifier: './validation.js' },
      {
        specifier: './client',
        names: new Map([
          ['ApiClient', 'Client'],
          ['Options', 'Options'],
        ]),
      },
    ]);
  });

  it('adds the files between an analysed index and the declarations imported through it, and no others', () => {
    const root = path.resolve('/workspace');
    const file = (name: string): string => path.join(root, name);
    const texts = new Map<string, string>([
      [file('src/app.ts'), "import { Settings, LIMIT, Renamed } from './shared';\nimport { own } from './own';\n"],
      [file('src/shared/index.ts'), "export * from './types';\nexport { Original as Renamed } from './renamed';\n"],
      [file('src/shared/types.ts'), "export * from './settings';\nexport const LIMIT = 3;\n"],
      [file('src/shared/settings.ts'), 'export interface Settings { model: string }\n'],
      [file('src/shared/renamed.ts'), 'export class Original {}\n'],
      [file('src/shared/unused.ts'), 'export interface Unused {}\n'],
      [file('src/own.ts'), "export * from './elsewhere';\nexport const own = 1;\n"],
      [file('src/elsewhere.ts'), 'export const far = 1;\n'],
    ]);
    const graph = new ImportGraph(texts);
    const included = new Set([file('src/app.ts'), file('src/shared/index.ts'), file('src/own.ts')]);
    const added = reexportedDeclarations(included, texts, graph);
    assert.deepEqual([...added].map((name) => path.relative(root, name)).sort(), [
      'src/shared/renamed.ts',
      'src/shared/settings.ts',
      'src/shared/types.ts',
    ]);
    // Through a file outside the program nothing is followed: it resolves to nothing anyway.
    assert.deepEqual([...reexportedDeclarations(new Set([file('src/app.ts')]), texts, graph)], []);
  });

  it('ends at a cycle of re-exports', () => {
    const texts = new Map<string, string>([
      ['/w/app.ts', "import { Missing, Found } from './a';\n"],
      ['/w/a.ts', "export * from './b';\n"],
      ['/w/b.ts', "export * from './a';\nexport interface Found {}\n"],
    ]);
    const added = reexportedDeclarations(new Set(['/w/app.ts', '/w/a.ts']), texts, new ImportGraph(texts));
    assert.deepEqual([...added], ['/w/b.ts']);
  });
});
