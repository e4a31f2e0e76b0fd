import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  discoverFiles,
  isSourceFile,
  isTestFile,
  type Discovered,
  wouldAudit,
} from '../../../src/core/workspace/discover';
import { RUNNING_AS_ROOT, TempWorkspaces, type FileContent } from './temp-workspace';

const CODE = 'export const a = 1;\n';

describe('workspace/discover', () => {
  const temp = new TempWorkspaces();
  after(() => temp.cleanUp());

  function discover(
    files: Record<string, FileContent>,
    options: { exclude?: string[]; ignoreTests?: boolean; paths?: string[] } = {},
  ): { root: string; result: Discovered; files: string[]; skipped: string[] } {
    const root = temp.make('outside', files, 'oa-discover-');
    const result = discoverFiles({
      root,
      paths: (options.paths ?? ['.']).map((target) => path.resolve(root, target)),
      exclude: options.exclude ?? [],
      ignoreTests: options.ignoreTests ?? true,
    });
    const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
    return {
      root,
      result,
      files: result.files.map(rel),
      skipped: result.skipped.map((item) => `${rel(item.file)}: ${item.reason}`),
    };
  }

  it("lists the workspace's declaration files apart, under the same rules, never as sources", () => {
    const { root, result, files } = discover(
      {
        'src/types.d.ts': 'export interface Model { chat(): Promise<string>; }\n',
        'src/legacy.d.mts': 'export declare const version: string;\n',
        'src/app.ts': CODE,
        'src/generated/schema.d.ts': 'export interface Row { id: string }\n',
        'dist/index.d.ts': 'export {};\n',
        'node_modules/openai/index.d.ts': 'export {};\n',
      },
      { exclude: ['src/generated/**'] },
    );
    assert.deepEqual(files, ['src/app.ts']);
    assert.deepEqual(
      result.declarations.map((file) => path.relative(root, file).split(path.sep).join('/')),
      ['src/legacy.d.mts', 'src/types.d.ts'],
    );
  });

  it('leaves out a declaration file generated beside its source (`client.d.ts` next to `client.js`)', () => {
    const { root, result, files } = discover({
      'lib/client.js': 'exports.client = {};\n',
      'lib/client.d.ts': 'export declare const client: object;\n',
      'lib/types.d.ts': 'export interface Options { retries: number }\n',
    });
    assert.deepEqual(files, ['lib/client.js']);
    assert.deepEqual(
      result.declarations.map((file) => path.relative(root, file).split(path.sep).join('/')),
      ['lib/types.d.ts'],
    );
  });

  it('names the build output it passed over when no source is found anywhere else (an npm package)', () => {
    const { files, skipped } = discover({
      'package.json': '{ "name": "client-kit" }\n',
      'dist/index.js': CODE,
      'dist/src/chat.js': CODE,
      'node_modules/openai/index.js': CODE,
    });
    assert.deepEqual(files, []);
    assert.deepEqual(skipped, [
      'dist: build output, not audited, and no source outside it: name the folder to audit what it holds',
    ]);
  });

  it('says nothing of build output beside the source it audits', () => {
    const { files, skipped } = discover({ 'src/app.ts': CODE, 'dist/app.js': CODE });
    assert.deepEqual(files, ['src/app.ts']);
    assert.deepEqual(skipped, []);
  });

  it('lists every source extension, in a stable (sorted) order', () => {
    const { files, skipped } = discover({
      'src/b.tsx': CODE,
      'src/a.ts': CODE,
      'src/c.mts': CODE,
      'src/d.cts': CODE,
      'src/e.js': CODE,
      'src/f.jsx': CODE,
      'src/g.mjs': CODE,
      'src/h.cjs': CODE,
      'src/notes.md': '# notes',
      'src/data.json': '{}',
      'src/style.css': '',
      README: '',
    });
    assert.deepEqual(files, [
      'src/a.ts',
      'src/b.tsx',
      'src/c.mts',
      'src/d.cts',
      'src/e.js',
      'src/f.jsx',
      'src/g.mjs',
      'src/h.cjs',
    ]);
    assert.deepEqual(skipped, []);
  });

  it('never enters node_modules, dist, out, build, .git, coverage or other dot folders', () => {
    const { files, skipped } = discover({
      'src/app.ts': CODE,
      'node_modules/openai/index.js': CODE,
      'packages/web/node_modules/x/index.ts': CODE,
      'dist/app.js': CODE,
      'out/app.js': CODE,
      'build/app.js': CODE,
      '.git/hooks/pre-commit.js': CODE,
      '.next/server/page.js': CODE,
      'coverage/lcov-report/prettify.js': CODE,
      '.cache/x.ts': CODE,
    });
    assert.deepEqual(files, ['src/app.ts']);
    assert.deepEqual(skipped, [], 'ignored folders are not "skipped files"');
  });

  it("enters Remix's .server and .client source folders, and no other dot folder", () => {
    const { files } = discover({
      'app/lib/.server/llm.ts': CODE,
      'app/components/.client/editor.tsx': CODE,
      '.storybook/preview.ts': CODE,
      'app/.generated/models.ts': CODE,
    });
    assert.deepEqual(files, ['app/components/.client/editor.tsx', 'app/lib/.server/llm.ts']);
  });

  it('does not audit declaration files (.d.ts, .d.mts, .d.cts)', () => {
    const { files } = discover({
      'src/app.ts': CODE,
      'src/types.d.ts': 'export declare const a: 1;',
      'src/x.d.mts': '',
      'src/y.d.cts': '',
    });
    assert.deepEqual(files, ['src/app.ts']);
    assert.equal(isSourceFile('/p/src/types.d.ts'), false);
    assert.equal(isSourceFile('/p/src/d.ts'), true, 'a file named d.ts is source');
  });

  it('skips test files, __mocks__ and __tests__ when ignoreTests is on, and lists them when it is off', () => {
    const files = {
      'src/app.ts': CODE,
      'src/app.test.ts': CODE,
      'src/app.spec.tsx': CODE,
      'src/app.test.mjs': CODE,
      'src/__mocks__/openai.ts': CODE,
      '__mocks__/openai.js': CODE,
      'src/__tests__/app.ts': CODE,
      'src/contest.ts': CODE,
      'src/latest.ts': CODE,
    };
    assert.deepEqual(discover(files).files, ['src/app.ts', 'src/contest.ts', 'src/latest.ts']);
    assert.deepEqual(discover(files, { ignoreTests: false }).files.sort(), Object.keys(files).sort());
    assert.equal(isTestFile('src/app.test.ts'), true);
    assert.equal(isTestFile('src/testing.ts'), false);
  });

  it('honours exclude globs for files and for whole folders', () => {
    const { files, skipped } = discover(
      {
        'src/app.ts': CODE,
        'src/app.gen.ts': CODE,
        'src/generated/client.ts': CODE,
        'src/legacy/old.ts': CODE,
        'src/legacy/keep.ts': CODE,
        'scripts/seed.ts': CODE,
      },
      { exclude: ['**/*.gen.ts', 'generated', 'src/legacy/old.ts', 'scripts/**'] },
    );
    assert.deepEqual(files, ['src/app.ts', 'src/legacy/keep.ts']);
    assert.deepEqual(skipped, [], 'excluded files are not "skipped files"');
  });

  it('reports a symlink loop once and does not follow it', () => {
    const { files, skipped } = discover({
      'src/app.ts': CODE,
      'src/loop': { symlink: '..' },
      'src/self': { symlink: '.' },
    });
    assert.deepEqual(files, ['src/app.ts']);
    assert.deepEqual(skipped, [
      'src/loop: symlink loop (folder already visited)',
      'src/self: symlink loop (folder already visited)',
    ]);
  });

  it('lists files under their own folder when a symlink points to it, and names the symlink', () => {
    // `current` sorts before `src`: the real folder must still win.
    const { files, skipped } = discover({ 'src/app.ts': CODE, current: { symlink: 'src' } });
    assert.deepEqual(files, ['src/app.ts']);
    assert.deepEqual(skipped, ['current: symlink to a folder already audited (src)']);
  });

  it('does not follow a symlink out of the root (to a folder, to a file, or to `/`), and says so', () => {
    const shared = fs.realpathSync(temp.make('outside', { 'prompts.ts': CODE }, 'oa-discover-shared-'));
    const { files, skipped } = discover({
      'src/app.ts': CODE,
      'src/shared': { symlink: shared },
      'src/prompts.ts': { symlink: path.join(shared, 'prompts.ts') },
      'src/machine': { symlink: '/' },
    });
    assert.deepEqual(files, ['src/app.ts']);
    assert.deepEqual(skipped, [
      'src/machine: symlink to a folder outside the audited root (/); not followed',
      `src/prompts.ts: symlink to a file outside the audited root (${path.join(shared, 'prompts.ts')}); not followed`,
      `src/shared: symlink to a folder outside the audited root (${shared}); not followed`,
    ]);
  });

  it('follows a symlink out of the root into a folder given explicitly', () => {
    const shared = fs.realpathSync(temp.make('outside', { 'prompts.ts': CODE }, 'oa-discover-shared-'));
    const { files, skipped } = discover(
      { 'src/app.ts': CODE, 'src/shared': { symlink: shared } },
      { paths: ['src', shared] },
    );
    const own = `../${path.basename(shared)}/prompts.ts`;
    assert.deepEqual(files, ['src/app.ts', own]);
    assert.deepEqual(skipped, [`src/shared: symlink to a folder already audited (../${path.basename(shared)})`]);
  });

  it('skips an explicit path that is not a regular file (a named pipe, a device), so nothing blocks or never ends', function () {
    const root = temp.make('outside', { 'src/app.ts': CODE }, 'oa-discover-');
    const fifo = path.join(root, 'src', 'pipe.ts');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
    fs.symlinkSync('/dev/zero', path.join(root, 'src', 'zero.ts'));
    const result = discoverFiles({
      root,
      paths: [fifo, path.join(root, 'src', 'zero.ts'), path.join(root, 'src', 'app.ts')],
      exclude: [],
      ignoreTests: true,
    });
    assert.deepEqual(result.files, [path.join(root, 'src', 'app.ts')]);
    assert.deepEqual(
      result.skipped.map((item) => `${path.relative(root, item.file)}: ${item.reason}`),
      ['src/pipe.ts: not a regular file (a named pipe)', 'src/zero.ts: not a regular file (a device)'],
    );
  });

  it('audits a symlinked file once, under its own name', () => {
    const { files } = discover({ 'src/b-real.ts': CODE, 'src/a-alias.ts': { symlink: 'b-real.ts' } });
    assert.deepEqual(files, ['src/b-real.ts']);
  });

  it('reports a broken symlink to a source file, and ignores broken links that would not be audited anyway', () => {
    const { files, skipped } = discover(
      {
        'src/app.ts': CODE,
        'src/gone.ts': { symlink: 'deleted.ts' },
        'src/self.ts': { symlink: 'self.ts' },
        'docs/logo.png': { symlink: 'missing.png' },
        'src/old.gen.ts': { symlink: 'missing.ts' },
      },
      { exclude: ['*.gen.ts'] },
    );
    assert.deepEqual(files, ['src/app.ts']);
    assert.deepEqual(skipped, [
      'src/gone.ts: broken symlink: no such file or folder',
      'src/self.ts: broken symlink: too many symbolic links',
    ]);
  });

  describe('explicit paths', () => {
    it('lists an explicitly named file, and a folder and a file inside it only once', () => {
      const { files } = discover(
        { 'src/a.ts': CODE, 'src/b.ts': CODE, 'lib/c.ts': CODE },
        { paths: ['src/b.ts', 'src', 'src/b.ts'] },
      );
      assert.deepEqual(files, ['src/b.ts', 'src/a.ts']);
    });

    it('audits an explicitly named file even inside an ignored folder', () => {
      const { files } = discover({ 'dist/bundle.js': CODE, 'src/a.ts': CODE }, { paths: ['dist/bundle.js'] });
      assert.deepEqual(files, ['dist/bundle.js']);
    });

    it('reports a path that does not exist and goes on with the others', () => {
      const { files, skipped } = discover({ 'src/a.ts': CODE }, { paths: ['missing.ts', 'src'] });
      assert.deepEqual(files, ['src/a.ts']);
      assert.deepEqual(skipped, ['missing.ts: cannot read: no such file or folder']);
    });

    it('applies exclude globs to explicitly named files', () => {
      const { files } = discover({ 'src/a.gen.ts': CODE }, { paths: ['src/a.gen.ts'], exclude: ['*.gen.ts'] });
      assert.deepEqual(files, []);
    });
  });

  it(`reports an unreadable folder and goes on${RUNNING_AS_ROOT ? ' (skipped: running as root, which reads any folder whatever its mode)' : ''}`, function () {
    if (RUNNING_AS_ROOT) this.skip();
    const { root } = discover({});
    fs.mkdirSync(path.join(root, 'src', 'locked'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', 'app.ts'), CODE);
    fs.writeFileSync(path.join(root, 'src', 'locked', 'x.ts'), CODE);
    fs.chmodSync(path.join(root, 'src', 'locked'), 0o000);
    try {
      const result = discoverFiles({ root, paths: [root], exclude: [], ignoreTests: true });
      assert.deepEqual(result.files, [path.join(root, 'src', 'app.ts')]);
      assert.deepEqual(result.skipped, [
        { file: path.join(root, 'src', 'locked'), reason: 'cannot read folder: permission denied' },
      ]);
    } finally {
      fs.chmodSync(path.join(root, 'src', 'locked'), 0o755);
    }
  });

  it('stops walking when the signal is aborted', () => {
    const root = temp.make('outside', { 'src/a.ts': CODE }, 'oa-discover-');
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(
      discoverFiles({ root, paths: [root], exclude: [], ignoreTests: true, signal: controller.signal }).files,
      [],
    );
  });
});

describe('workspace/wouldAudit (what live diagnostics follow)', () => {
  const root = '/work/project';
  const options = { exclude: ['src/generated/**'], ignoreTests: true };

  it('accepts a source file of the root that discovery would read', () => {
    assert.equal(wouldAudit(root, '/work/project/src/support.ts', options), true);
  });

  for (const [file, why] of [
    ['/work/other/src/a.ts', 'outside the root'],
    ['/work/project/node_modules/openai/index.ts', 'in node_modules'],
    ['/work/project/dist/cli.js', 'in dist'],
    ['/work/project/.vscode-test/a.ts', 'in a dot folder'],
    ['/work/project/src/generated/prompts.ts', 'excluded by a glob'],
    ['/work/project/src/support.test.ts', 'a test file'],
    ['/work/project/src/types.d.ts', 'a declaration file'],
    ['/work/project/README.md', 'not source'],
  ] as const) {
    it(`refuses a file ${why}`, () => {
      assert.equal(wouldAudit(root, file, options), false);
    });
  }

  it("accepts a file in Remix's .server folder", () => {
    assert.equal(wouldAudit(root, '/work/project/app/lib/.server/llm.ts', options), true);
  });

  it('accepts test files when tests are not ignored', () => {
    assert.equal(wouldAudit(root, '/work/project/src/support.test.ts', { exclude: [], ignoreTests: false }), true);
  });
});
