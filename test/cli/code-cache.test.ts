import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeCacheFolder } from '../../src/cli/launch';

/**
 * dist/cli.js loads the CLI proper (dist/cli-main.js) through V8's code cache: written after the
 * first audit, in the user's cache folder or ORCHESTRATION_AUDIT_CODE_CACHE, used by later runs,
 * which report exactly what a run without it reports. `off` leaves no file anywhere.
 */

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'openai-basic');

describe('the CLI code cache', function () {
  describe('codeCacheFolder', () => {
    const home = os.homedir();

    it('ORCHESTRATION_AUDIT_CODE_CACHE names the folder, or turns the cache off', () => {
      assert.equal(codeCacheFolder({ ORCHESTRATION_AUDIT_CODE_CACHE: 'off' }), undefined);
      assert.equal(codeCacheFolder({ ORCHESTRATION_AUDIT_CODE_CACHE: '0' }), undefined);
      assert.equal(codeCacheFolder({ ORCHESTRATION_AUDIT_CODE_CACHE: '/var/cache/oa' }), path.resolve('/var/cache/oa'));
      assert.equal(codeCacheFolder({ ORCHESTRATION_AUDIT_CODE_CACHE: 'rel' }), path.resolve('rel'));
    });

    it("else the platform's per-user cache folder", () => {
      assert.equal(codeCacheFolder({}, 'linux'), path.join(home, '.cache', 'orchestration-audit'));
      assert.equal(codeCacheFolder({ XDG_CACHE_HOME: '/xdg' }, 'linux'), path.join('/xdg', 'orchestration-audit'));
      assert.equal(codeCacheFolder({}, 'darwin'), path.join(home, 'Library', 'Caches', 'orchestration-audit'));
      assert.equal(
        codeCacheFolder({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32'),
        path.join('C:\\Users\\a\\AppData\\Local', 'orchestration-audit', 'Cache'),
      );
      assert.equal(codeCacheFolder({}, 'win32'), path.join(home, 'AppData', 'Local', 'orchestration-audit', 'Cache'));
    });
  });

  describe('node dist/cli.js', () => {
    let folder: string;
    const run = (args: string[], env: Record<string, string>) => {
      const result = spawnSync(process.execPath, [CLI, ...args], {
        cwd: REPO,
        encoding: 'utf8',
        timeout: 90_000,
        env: { ...process.env, NO_COLOR: '1', ...env },
      });
      if (result.error) throw result.error;
      return result;
    };
    const cacheFiles = (under: string): string[] =>
      fs.existsSync(under) ? fs.readdirSync(under, { recursive: true, encoding: 'utf8' }).sort() : [];
    /** The JSON report without its timing. */
    const report = (stdout: string): unknown => {
      const result = JSON.parse(stdout) as { stats: { ms?: number } };
      delete result.stats.ms;
      return result;
    };

    before(function () {
      if (fs.existsSync(CLI) && fs.existsSync(path.join(REPO, 'dist', 'cli-main.js'))) return;
      const build = spawnSync(process.execPath, [path.join(REPO, 'esbuild.js')], { cwd: REPO, encoding: 'utf8' });
      assert.equal(build.status, 0, `esbuild failed:\n${build.stderr}`);
    });

    beforeEach(() => {
      folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oa-cli-cache-')));
    });

    afterEach(() => {
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('writes the cache after the first audit only, and later runs report the same', () => {
      const env = { ORCHESTRATION_AUDIT_CODE_CACHE: folder };
      const version = run(['--version'], env);
      assert.equal(version.status, 0, version.stderr);
      assert.deepEqual(cacheFiles(folder), [], 'a run without an audit writes no cache');

      const first = run(['--format', 'json', '--fail-on', 'none', FIXTURE], env);
      assert.equal(first.status, 0, first.stderr);
      const written = cacheFiles(folder);
      assert.equal(written.length, 1);
      assert.match(written[0], /^cli-main-\d+-\d+-v8-.+\.cache$/);
      const mtime = fs.statSync(path.join(folder, written[0])).mtimeMs;

      const second = run(['--format', 'json', '--fail-on', 'none', FIXTURE], env);
      assert.equal(second.status, 0, second.stderr);
      assert.deepEqual(report(second.stdout), report(first.stdout));
      assert.equal(second.stderr, first.stderr);
      assert.deepEqual(cacheFiles(folder), written);
      assert.equal(fs.statSync(path.join(folder, written[0])).mtimeMs, mtime, 'a used cache is not written again');

      const plain = run(['--format', 'json', '--fail-on', 'none', FIXTURE], { ORCHESTRATION_AUDIT_CODE_CACHE: 'off' });
      assert.deepEqual(report(plain.stdout), report(first.stdout), 'the same report without the cache');
    });

    it('off: no cache file, not even in the default folder', () => {
      const env = { ORCHESTRATION_AUDIT_CODE_CACHE: 'off', HOME: folder, XDG_CACHE_HOME: path.join(folder, 'xdg') };
      const result = run(['--format', 'json', '--fail-on', 'none', FIXTURE], env);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(cacheFiles(folder), []);
    });

    it('the default folder follows XDG_CACHE_HOME', () => {
      const xdg = path.join(folder, 'xdg');
      const result = run(['--format', 'json', '--fail-on', 'none', FIXTURE], {
        ORCHESTRATION_AUDIT_CODE_CACHE: '',
        XDG_CACHE_HOME: xdg,
      });
      assert.equal(result.status, 0, result.stderr);
      const written = cacheFiles(xdg);
      assert.equal(written.length, 2, written.join(', '));
      assert.match(written[1], /^orchestration-audit\/cli-main-.+\.cache$/);
    });
  });
});
