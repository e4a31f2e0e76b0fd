import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audit, auditSources } from '../../../src/core/index';
import { ConfigError, DEFAULT_CONFIG, parseConfigText } from '../../../src/core/config';
import { writeScopeProblem } from '../../../src/core/fixes/write-scope';
import type { AuditResult, Fix } from '../../../src/core/types';
import { type FileContent, OPENAI_FIXTURE, REPO, TempWorkspaces } from '../workspace/temp-workspace';

/**
 * Fixes and the helper module write only inside the audited folder: by their paths, for every fix
 * of every fixture; and by where the disk puts them, when a config path or a symlinked folder
 * would lead outside. (`--fix` refusing such files is in test/cli/fix.test.ts.)
 */

const FIXTURES = path.join(REPO, 'test', 'fixtures');

/** Every path a fix writes: its edits' files and the files it creates. */
function targetsOf(fix: Fix): string[] {
  return [...fix.edits.map((edit) => edit.file), ...(fix.newFiles ?? []).map((file) => file.path)];
}

function allFixes(result: AuditResult): Fix[] {
  return result.findings.flatMap((finding) => finding.fixes);
}

describe('fixes write only inside the audited folder', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  /** A copy of the openai-basic fixture where SDK types resolve, plus `files` (symlinks too). */
  const project = (files: Record<string, FileContent> = {}): string => workspaces.fixtureCopy('inRepo', files);
  /** A folder outside any project. */
  const outsideFolder = (): string => workspaces.make('outside', {}, 'oa-outside-');

  it('every edit and new file of every fix of every fixture is inside the fixture', async () => {
    const fixtures = fs.readdirSync(FIXTURES).filter((name) => fs.existsSync(path.join(FIXTURES, name, 'expect.json')));
    let targets = 0;
    const outside: string[] = [];
    for (const name of fixtures) {
      const root = path.join(FIXTURES, name);
      const result = await audit({ root });
      for (const fix of allFixes(result)) {
        for (const target of targetsOf(fix)) {
          targets++;
          const problem = writeScopeProblem(root, target);
          if (problem) outside.push(`${name}: "${fix.title}" writes ${target}, which ${problem}`);
        }
      }
    }
    console.log(`      write scope: ${targets} fix targets in ${fixtures.length} fixtures, all inside their fixture`);
    assert.ok(targets > 500, `fixes were offered (${targets} targets)`);
    assert.deepEqual(outside, []);
  });

  describe('helperModulePath', () => {
    for (const value of ['../../x.ts', 'src/../../x.ts', '/tmp/x.ts', 'C:\\x.ts']) {
      it(`refuses ${JSON.stringify(value)} in the config file, naming the key`, () => {
        assert.throws(
          () => parseConfigText(JSON.stringify({ helperModulePath: value })),
          (error: unknown) => error instanceof ConfigError && error.key === 'helperModulePath',
        );
      });
    }

    // Paths that leave the root on this system (`C:\x.ts` is a file name on Linux), handed to the
    // analyser directly, as an API caller or a future settings bug could.
    for (const value of ['../../x.ts', 'src/../../x.ts', '/tmp/x.ts']) {
      it(`offers no helper fix for ${JSON.stringify(value)} given past the config file's checks`, async () => {
        const root = project();
        const result = await audit({ root, config: { ...DEFAULT_CONFIG, helperModulePath: value } });
        const helperFixes = allFixes(result).filter((fix) => fix.kind === 'orchestration-helper');
        assert.deepEqual(
          helperFixes.map((fix) => fix.newFiles?.map((file) => file.path)),
          [],
        );
        for (const fix of allFixes(result))
          for (const target of targetsOf(fix)) assert.equal(writeScopeProblem(root, target), undefined, target);
      });
    }

    it('still offers the helper at a path inside (the check is not simply off)', async () => {
      const root = project();
      const result = await audit({ root });
      const created = allFixes(result)
        .flatMap((fix) => fix.newFiles ?? [])
        .map((file) => file.path);
      assert.ok(created.includes(path.join(root, 'src', 'ai', 'call-model.ts')), created.join(', '));
    });

    it('offers no helper module through a symlinked folder that points outside', async () => {
      const outside = outsideFolder();
      const root = project({ 'src/ai': { symlink: outside } });
      const result = await audit({ root });
      assert.ok(result.profiles.length > 0);
      const created = allFixes(result).flatMap((fix) => fix.newFiles ?? []);
      assert.deepEqual(
        created.map((file) => file.path),
        [],
        'src/ai/call-model.ts would be written in the linked folder',
      );
      assert.deepEqual(fs.readdirSync(outside), []);
    });

    it('offers no helper module through a dangling link either (creating its folder would create the target)', async () => {
      const root = project({ 'src/ai': { symlink: path.join(outsideFolder(), 'not-yet') } });
      const result = await audit({ root });
      assert.deepEqual(
        allFixes(result).flatMap((fix) => fix.newFiles ?? []),
        [],
      );
    });
  });

  describe('writeScopeProblem', () => {
    it('accepts files, existing or not, inside the root', () => {
      const root = project();
      assert.equal(writeScopeProblem(root, path.join(root, 'src', 'support.ts')), undefined);
      assert.equal(writeScopeProblem(root, path.join(root, 'src', 'new', 'deep', 'file.ts')), undefined);
    });

    it('accepts a root that is itself reached through a link', () => {
      const root = project();
      const alias = path.join(outsideFolder(), 'workspace');
      fs.symlinkSync(root, alias, 'dir');
      assert.equal(writeScopeProblem(alias, path.join(alias, 'src', 'support.ts')), undefined);
      assert.equal(writeScopeProblem(alias, path.join(alias, 'src', 'ai', 'call-model.ts')), undefined);
    });

    it('accepts a root that does not exist (in-memory sources)', async () => {
      const support = fs.readFileSync(path.join(OPENAI_FIXTURE, 'src', 'support.ts'), 'utf8');
      const result = await auditSources({ 'src/support.ts': support }, { root: path.join(REPO, '__virtual__') });
      const created = allFixes(result)
        .flatMap((fix) => fix.newFiles ?? [])
        .map((file) => file.path);
      assert.ok(created.includes(path.join(REPO, '__virtual__', 'src', 'ai', 'call-model.ts')));
    });

    it('refuses the root itself, its parent, siblings sharing its name prefix and absolute paths elsewhere', () => {
      const root = project();
      for (const target of [
        root,
        path.dirname(root),
        `${root}-sibling/x.ts`,
        path.join(root, '..', 'x.ts'),
        '/etc/passwd',
      ]) {
        assert.equal(writeScopeProblem(root, target), 'is outside the audited folder', target);
      }
    });

    it('refuses a file reached through a symlinked folder or a symlinked file that points outside, naming where', () => {
      const outside = workspaces.make('outside', { 'shared.ts': 'export const shared = 1;\n' }, 'oa-outside-');
      const root = project({
        'src/shared': { symlink: outside },
        'src/linked.ts': { symlink: path.join(outside, 'shared.ts') },
      });
      assert.equal(
        writeScopeProblem(root, path.join(root, 'src', 'shared', 'shared.ts')),
        `is outside the audited folder through a symbolic link (it resolves to ${path.join(outside, 'shared.ts')})`,
      );
      assert.match(
        writeScopeProblem(root, path.join(root, 'src', 'shared', 'new', 'file.ts')) ?? '',
        /through a symbolic link/,
      );
      assert.match(writeScopeProblem(root, path.join(root, 'src', 'linked.ts')) ?? '', /through a symbolic link/);
    });

    it('accepts a symlinked folder that stays inside the root', () => {
      const root = project({ 'src/real/shared.ts': 'export const shared = 1;\n' });
      fs.symlinkSync(path.join(root, 'src', 'real'), path.join(root, 'src', 'alias'), 'dir');
      assert.equal(writeScopeProblem(root, path.join(root, 'src', 'alias', 'shared.ts')), undefined);
    });
  });
});
