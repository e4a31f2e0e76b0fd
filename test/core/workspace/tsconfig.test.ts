import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { compilerSetup, type CompilerSetup } from '../../../src/core/workspace/tsconfig';
import { TempWorkspaces, type FileContent } from './temp-workspace';

/** What the analyser needs whatever the tsconfig says. */
function assertForcedOptions(setup: CompilerSetup): void {
  assert.equal(setup.options.noEmit, true);
  // The language's standard declarations (`Promise`, `Array`, `Map`), never the DOM's.
  assert.equal(setup.options.noLib, false);
  assert.deepEqual(setup.options.lib, ['lib.es2022.d.ts']);
  assert.equal(setup.options.allowJs, true);
  assert.deepEqual(setup.options.types, []);
}

function assertDefaults(setup: CompilerSetup): void {
  assertForcedOptions(setup);
  assert.equal(setup.options.module, ts.ModuleKind.NodeNext);
  assert.equal(setup.options.moduleResolution, ts.ModuleResolutionKind.NodeNext);
  assert.equal(setup.options.target, ts.ScriptTarget.ES2022);
}

describe('workspace/tsconfig', () => {
  const temp = new TempWorkspaces();
  after(() => temp.cleanUp());

  function setupFor(files: Record<string, FileContent>): { root: string; setup: CompilerSetup } {
    const root = temp.make('outside', files, 'oa-tsconfig-');
    return { root, setup: compilerSetup(root) };
  }

  it('no tsconfig.json: default options, no problem', () => {
    const { setup } = setupFor({ 'src/a.ts': '' });
    assert.equal(setup.tsconfig, null);
    assert.equal(setup.found, null);
    assert.deepEqual(setup.problems, []);
    assertDefaults(setup);
  });

  it('uses jsconfig.json when there is no tsconfig.json', () => {
    const { root, setup } = setupFor({ 'jsconfig.json': '{ "compilerOptions": { "checkJs": true, "baseUrl": "." } }' });
    assert.equal(setup.tsconfig, path.join(root, 'jsconfig.json'));
    assert.deepEqual(setup.problems, []);
    assert.equal(setup.options.baseUrl, root);
    assert.equal(setup.options.checkJs, false, 'the analyser never type-checks JavaScript');
  });

  it("keeps the project's options (paths, strict) under the forced ones, and accepts comments and trailing commas", () => {
    const { root, setup } = setupFor({
      'tsconfig.json':
        '// project config\n{\n  "compilerOptions": {\n    "strict": true, /* yes */\n    "noEmit": false,\n    "lib": ["dom", "es2017"],\n    "paths": { "@/*": ["./src/*"] },\n  },\n}\n',
    });
    assert.equal(setup.tsconfig, path.join(root, 'tsconfig.json'));
    assert.deepEqual(setup.problems, []);
    assert.equal(setup.options.strict, true);
    assert.deepEqual(setup.options.paths, { '@/*': ['./src/*'] });
    assertForcedOptions(setup);
  });

  it('an empty tsconfig.json is an empty object', () => {
    const { setup } = setupFor({ 'tsconfig.json': '' });
    assert.deepEqual(setup.problems, []);
    assertDefaults(setup);
  });

  it('lists no folder: the audit picks its files itself, whatever the config includes', () => {
    const saved = Object.getOwnPropertyDescriptor(ts.sys, 'readDirectory');
    const listed: string[] = [];
    ts.sys.readDirectory = (folder) => {
      listed.push(folder);
      return [];
    };
    try {
      const { setup } = setupFor({
        'tsconfig.json': '{ "extends": "./base.json", "include": ["src", "lib/**/*.ts"] }',
        'base.json': '{ "compilerOptions": { "strict": true } }',
        'src/a.ts': 'export const a = 1;\n',
        'lib/deep/b.ts': 'export const b = 2;\n',
      });
      assert.deepEqual(listed, []);
      assert.deepEqual(setup.problems, [], 'the files it would have found are not missed');
      assert.equal(setup.options.strict, true, 'what the config extends is still read');
    } finally {
      if (saved) Object.defineProperty(ts.sys, 'readDirectory', saved);
    }
  });

  describe('a broken tsconfig.json is a problem, never a crash, and the defaults are used', () => {
    it('invalid JSON: the problem has the position', () => {
      const { root, setup } = setupFor({ 'tsconfig.json': '{\n  "compilerOptions": {\n    "strict": true,\n' });
      assert.equal(setup.tsconfig, null);
      assert.equal(setup.found, path.join(root, 'tsconfig.json'));
      assert.deepEqual(setup.problems, ["'}' expected. (line 4, column 1); using default compiler options"]);
      assertDefaults(setup);
    });

    it('a broken jsconfig.json is named as such', () => {
      const { root, setup } = setupFor({ 'jsconfig.json': '{ "compilerOptions": ' });
      assert.equal(setup.found, path.join(root, 'jsconfig.json'));
      assert.equal(setup.problems.length, 1);
      assert.match(setup.problems[0], /; using default compiler options$/);
    });

    it('not an object', () => {
      const { setup } = setupFor({ 'tsconfig.json': '["src"]' });
      assert.deepEqual(setup.problems, [
        "The root value of a 'tsconfig.json' file must be an object. (line 1, column 1); using default compiler options",
      ]);
      assertDefaults(setup);
    });

    it('binary garbage', () => {
      const { setup } = setupFor({ 'tsconfig.json': Buffer.from([0x00, 0x01, 0xff, 0xfe]) });
      assert.equal(setup.problems.length, 1);
      assert.match(setup.problems[0], /\(line 1, column 1\); using default compiler options$/);
      assertDefaults(setup);
    });

    it('a folder named tsconfig.json', () => {
      const root = temp.make('outside', {}, 'oa-tsconfig-');
      fs.mkdirSync(path.join(root, 'tsconfig.json'));
      const setup = compilerSetup(root);
      assert.equal(setup.problems.length, 1);
      assert.match(
        setup.problems[0],
        /^Cannot read file '.*tsconfig\.json': EISDIR.*; using default compiler options$/,
      );
      assertDefaults(setup);
    });

    it('an option with an invalid value: reported, the other options kept', () => {
      const { setup } = setupFor({ 'tsconfig.json': '{ "compilerOptions": { "module": "banana", "strict": true } }' });
      assert.equal(setup.problems.length, 1);
      assert.match(setup.problems[0], /^Argument for '--module' option must be: 'commonjs'/);
      assert.equal(setup.options.strict, true);
      assertForcedOptions(setup);
    });
  });

  describe('extends', () => {
    it('a missing file: reported, and the options of the tsconfig itself still apply', () => {
      const { root, setup } = setupFor({
        'tsconfig.json': '{ "extends": "./config/base.json", "compilerOptions": { "strict": true } }',
      });
      assert.equal(setup.tsconfig, path.join(root, 'tsconfig.json'));
      assert.deepEqual(setup.problems, [`Cannot read file '${path.join(root, 'config', 'base.json')}'.`]);
      assert.equal(setup.options.strict, true);
      assertForcedOptions(setup);
    });

    it('a package that is not installed', () => {
      const { setup } = setupFor({ 'tsconfig.json': '{ "extends": "@tsconfig/node99/tsconfig.json" }' });
      assert.deepEqual(setup.problems, ["File '@tsconfig/node99/tsconfig.json' not found."]);
      assertDefaults(setup);
    });

    it('a base file with invalid JSON: the problem names the base file and the position', () => {
      const { root, setup } = setupFor({
        'tsconfig.json': '{ "extends": "./base.json" }',
        'base.json': '{ "compilerOptions": { "strict": true, ',
      });
      assert.deepEqual(setup.problems, [`'}' expected. (${path.join(root, 'base.json')}, line 1, column 40)`]);
    });

    it('a cycle', () => {
      const { setup } = setupFor({
        'tsconfig.json': '{ "extends": "./base.json" }',
        'base.json': '{ "extends": "./tsconfig.json" }',
      });
      assert.equal(setup.problems.length, 1);
      assert.match(setup.problems[0], /^Circularity detected while resolving configuration/);
    });

    it("SvelteKit's generated config, not generated yet: its $lib alias and resolution, the project's options over them", () => {
      const { root, setup } = setupFor({
        'tsconfig.json': '{ "extends": "./.svelte-kit/tsconfig.json", "compilerOptions": { "strict": true } }',
      });
      assert.deepEqual(setup.problems, [
        ".svelte-kit/tsconfig.json is not generated yet (`svelte-kit sync` makes it); using SvelteKit's defaults ($lib is src/lib)",
      ]);
      assert.equal(setup.tsconfig, path.join(root, 'tsconfig.json'));
      assert.deepEqual(setup.options.paths, { $lib: ['./src/lib'], '$lib/*': ['./src/lib/*'] });
      assert.equal(setup.options.moduleResolution, ts.ModuleResolutionKind.Bundler);
      assert.equal(setup.options.strict, true);
      assertForcedOptions(setup);
    });

    it("SvelteKit's generated config, once generated: read as any base file", () => {
      const { setup } = setupFor({
        'tsconfig.json': '{ "extends": "./.svelte-kit/tsconfig.json" }',
        '.svelte-kit/tsconfig.json': '{ "compilerOptions": { "paths": { "$lib": ["../lib"] } } }',
      });
      assert.deepEqual(setup.problems, []);
      assert.deepEqual(setup.options.paths, { $lib: ['../lib'] });
    });

    it('a base file that works', () => {
      const { setup } = setupFor({
        'tsconfig.json': '{ "extends": "./base.json" }',
        'base.json': '{ "compilerOptions": { "strict": true } }',
      });
      assert.deepEqual(setup.problems, []);
      assert.equal(setup.options.strict, true);
    });
  });
});
