import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/run';
import { audit, type AuditOptions } from '../../src/core/index';
import type { AuditResult } from '../../src/core/types';
import { NATIVE_TSC } from '../helpers/native-tsc';

/**
 * `--fix` and `--fix-dry-run` on real projects in temporary folders (the analyser runs in-process,
 * the repository's node_modules is linked so SDK types resolve), and once through the bundle.
 */

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');

const SUPPORT = `import OpenAI from 'openai';

const openai = new OpenAI();

export async function summarize(text: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`;

const SUPPORT_FIXED = `import OpenAI from 'openai';

const openai = new OpenAI();

export async function summarize(text: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: text }],
    max_completion_tokens: 4096,
  }, { maxRetries: 2, timeout: 30000 });
  return completion.choices[0]?.message.content ?? '';
}
`;

/** Nothing to fix here: a file --fix must not touch. */
const UNRELATED = `export function add(a: number, b: number): number {
  return a + b;
}
`;

function makeProject(files: Record<string, string | Buffer>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oa-fix-')));
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fix-test-project', private: true }));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
      include: ['src/**/*'],
    }),
  );
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  // Files older than the audit, as on a real disk.
  const past = new Date(Date.now() - 60_000);
  for (const name of Object.keys(files)) fs.utimesSync(path.join(dir, name), past, past);
  return dir;
}

function capture(cwd: string): { io: CliIo; stdout(): string; stderr(): string } {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (err += text) },
      cwd,
      env: {},
    },
    stdout: () => out,
    stderr: () => err,
  };
}

function snapshot(dir: string, names: string[]): Record<string, { text: string; mtimeMs: number; ino: number }> {
  return Object.fromEntries(
    names.map((name) => {
      const file = path.join(dir, name);
      const stat = fs.statSync(file);
      return [name, { text: fs.readFileSync(file, 'utf8'), mtimeMs: stat.mtimeMs, ino: stat.ino }];
    }),
  );
}

describe('cli --fix / --fix-dry-run', function () {
  const made: string[] = [];
  const project = (files: Record<string, string | Buffer>): string => {
    const dir = makeProject(files);
    made.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  /** A project whose `src/shared` links to a folder outside it holding `shared.ts` (a model call). */
  const linkedOutside = (support: string): { dir: string; outside: string } => {
    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oa-fix-outside-')));
    made.push(outside);
    fs.writeFileSync(path.join(outside, 'shared.ts'), SUPPORT);
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(outside, 'shared.ts'), past, past);
    const dir = project({ 'src/support.ts': support });
    fs.symlinkSync(outside, path.join(dir, 'src', 'shared'), 'dir');
    return { dir, outside };
  };

  it('--fix-dry-run prints the unified diff of the safe fixes and writes nothing', async () => {
    const dir = project({ 'src/support.ts': SUPPORT, 'src/math.ts': UNRELATED });
    const before = snapshot(dir, ['src/support.ts', 'src/math.ts']);
    const run = capture(dir);
    const code = await runCli(['--fix-dry-run'], run.io);
    assert.equal(code, 0, run.stderr());
    assert.equal(
      run.stdout(),
      [
        '--- a/src/support.ts',
        '+++ b/src/support.ts',
        '@@ -6,6 +6,7 @@',
        '   const completion = await openai.chat.completions.create({',
        "     model: 'gpt-4o-mini',",
        "     messages: [{ role: 'user', content: text }],",
        '-  });',
        '+    max_completion_tokens: 4096,',
        '+  }, { maxRetries: 2, timeout: 30000 });',
        "   return completion.choices[0]?.message.content ?? '';",
        ' }',
        '',
      ].join('\n'),
    );
    assert.match(run.stderr(), /would change src\/support\.ts:/);
    assert.match(run.stderr(), /would apply 3 safe fixes in 1 file/);
    assert.deepEqual(snapshot(dir, ['src/support.ts', 'src/math.ts']), before, 'nothing written');
  });

  it('--fix writes the safe fixes atomically, lists them, and leaves other files untouched', async () => {
    const dir = project({ 'src/support.ts': SUPPORT, 'src/math.ts': UNRELATED });
    const before = snapshot(dir, ['src/support.ts', 'src/math.ts']);
    const run = capture(dir);
    const code = await runCli(['--fix'], run.io);
    assert.equal(code, 0, run.stdout() + run.stderr());
    assert.equal(fs.readFileSync(path.join(dir, 'src/support.ts'), 'utf8'), SUPPORT_FIXED);
    assert.equal(
      run.stdout(),
      [
        'changed src/support.ts:',
        '  State the retry policy (maxRetries: 2, the OpenAI SDK default)',
        '  Add a 30 s timeout (timeout: 30000)',
        '  Set a maximum of 4096 output tokens (max_completion_tokens)',
        'applied 3 safe fixes in 1 file',
        '',
      ].join('\n'),
    );
    const after = snapshot(dir, ['src/support.ts', 'src/math.ts']);
    assert.deepEqual(
      after['src/math.ts'],
      before['src/math.ts'],
      'the untouched file keeps its bytes, mtime and inode',
    );
    assert.notEqual(
      after['src/support.ts'].ino,
      before['src/support.ts'].ino,
      'written through a temporary file renamed over the original',
    );
    assert.deepEqual(
      fs.readdirSync(path.join(dir, 'src')).sort(),
      ['math.ts', 'support.ts'],
      'no temporary file left behind',
    );
    const tsc = spawnSync(NATIVE_TSC, ['--noEmit', '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, `the fixed project type-checks:\n${tsc.stdout}`);
  });

  it('--fix twice changes nothing the second time', async () => {
    const dir = project({ 'src/support.ts': SUPPORT });
    assert.equal(await runCli(['--fix'], capture(dir).io), 0);
    // The second audit must see the first run's writes as older than itself.
    const past = new Date(Date.now() - 1_000);
    fs.utimesSync(path.join(dir, 'src/support.ts'), past, past);
    const once = snapshot(dir, ['src/support.ts']);
    const run = capture(dir);
    assert.equal(await runCli(['--fix'], run.io), 0);
    assert.equal(run.stdout(), 'no safe fixes to apply\n');
    assert.deepEqual(snapshot(dir, ['src/support.ts']), once);
  });

  it('refuses a file that changed on disk after the audit read it', async () => {
    const dir = project({ 'src/support.ts': SUPPORT });
    const file = path.join(dir, 'src/support.ts');
    const edited = SUPPORT.replace('summarize', 'summarise');
    const deps = {
      audit: async (options: AuditOptions): Promise<AuditResult> => {
        const result = await audit(options);
        fs.writeFileSync(file, edited); // someone saves while the audit runs
        return result;
      },
    };
    const run = capture(dir);
    const code = await runCli(['--fix'], run.io, deps);
    assert.equal(code, 1);
    assert.match(run.stdout(), /refused src\/support\.ts: it changed on disk after the audit read it/);
    assert.equal(fs.readFileSync(file, 'utf8'), edited, 'the newer text is kept');
  });

  it('refuses a file that changes after --fix read it and before it writes', async () => {
    const dir = project({ 'src/support.ts': SUPPORT });
    const file = path.join(dir, 'src/support.ts');
    const edited = SUPPORT.replace('summarize', 'summarise');
    // Someone saves in the moment between --fix reading the file whole and writing its result.
    const restore = afterFirstRead(file, () => fs.writeFileSync(file, edited));
    const deps = {
      audit: async (options: AuditOptions): Promise<AuditResult> => {
        const result = await audit(options);
        restore.arm();
        return result;
      },
    };
    const run = capture(dir);
    try {
      assert.equal(await runCli(['--fix'], run.io, deps), 1);
    } finally {
      restore.disarm();
    }
    assert.ok(restore.fired(), 'the file was read for the fixes');
    assert.match(run.stdout(), /refused src\/support\.ts: it changed on disk while the fixes were prepared/);
    assert.equal(fs.readFileSync(file, 'utf8'), edited, 'the newer text is kept');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'src')), ['support.ts'], 'no temporary file left');
  });

  it('does not follow a symlinked folder that points outside the audited folder, so never writes there', async () => {
    const { dir, outside } = linkedOutside(SUPPORT);
    const before = fs.statSync(path.join(outside, 'shared.ts'));
    const run = capture(dir);
    assert.equal(await runCli(['--fix'], run.io), 0);
    assert.match(
      run.stderr(),
      new RegExp(
        `skipped src/shared: symlink to a folder outside the audited root \\(${escapeRegExp(fs.realpathSync(outside))}\\); not followed`,
      ),
    );
    assert.equal(fs.readFileSync(path.join(outside, 'shared.ts'), 'utf8'), SUPPORT, 'the file outside is untouched');
    assert.equal(fs.statSync(path.join(outside, 'shared.ts')).mtimeMs, before.mtimeMs);
    assert.deepEqual(fs.readdirSync(outside), ['shared.ts'], 'nothing created outside');
    assert.equal(fs.readFileSync(path.join(dir, 'src/support.ts'), 'utf8'), SUPPORT_FIXED, 'the file inside is fixed');
  });

  it('--fix-dry-run shows no diff for a file outside the audited folder', async () => {
    const { dir } = linkedOutside(UNRELATED);
    const run = capture(dir);
    await runCli(['--fix-dry-run'], run.io);
    assert.doesNotMatch(run.stdout(), /^\+\+\+ b\/src\/shared/m);
    assert.match(run.stdout() + run.stderr(), /skipped src\/shared: symlink to a folder outside the audited root/);
  });

  it('never writes a file it could not read', async () => {
    const dir = project({ 'src/support.ts': SUPPORT });
    const file = path.join(dir, 'src/support.ts');
    const deps = {
      audit: async (options: AuditOptions): Promise<AuditResult> => {
        const result = await audit(options);
        fs.rmSync(file);
        fs.mkdirSync(file); // not a file any more
        return result;
      },
    };
    const run = capture(dir);
    assert.equal(await runCli(['--fix'], run.io, deps), 1);
    assert.match(run.stdout(), /refused src\/support\.ts: cannot read it/);
    assert.ok(fs.statSync(file).isDirectory(), 'nothing was written in its place');
  });

  it('refuses a read-only file, as root too, and writes the others', async () => {
    const dir = project({ 'src/support.ts': SUPPORT, 'src/other.ts': SUPPORT.replace('summarize', 'digest') });
    const file = path.join(dir, 'src/support.ts');
    fs.chmodSync(file, 0o444);
    const run = capture(dir);
    assert.equal(await runCli(['--fix'], run.io), 1);
    assert.match(run.stdout(), /refused src\/support\.ts: not written: it is read-only/);
    assert.equal(fs.readFileSync(file, 'utf8'), SUPPORT, 'the read-only file is untouched');
    assert.equal(fs.statSync(file).mode & 0o777, 0o444);
    assert.equal(
      fs.readFileSync(path.join(dir, 'src/other.ts'), 'utf8'),
      SUPPORT_FIXED.replace('summarize', 'digest'),
      'the writable file is fixed',
    );
  });

  it('Ctrl-C after the audit is honoured before the first rename: nothing is written, exit 130', async () => {
    const dir = project({ 'src/support.ts': SUPPORT, 'src/other.ts': SUPPORT.replace('summarize', 'digest') });
    const controller = new AbortController();
    const deps = {
      audit: async (options: AuditOptions): Promise<AuditResult> => {
        const result = await audit({ ...options, signal: undefined });
        // The user presses Ctrl-C once the audit is done: the signal handler runs on the next turn.
        setImmediate(() => controller.abort());
        return result;
      },
    };
    const run = capture(dir);
    const code = await runCli(['--fix'], { ...run.io, signal: controller.signal }, deps);
    assert.equal(code, 130);
    assert.match(run.stderr(), /cancelled/);
    assert.match(run.stdout(), /refused src\/other\.ts: not written: cancelled/);
    assert.equal(fs.readFileSync(path.join(dir, 'src/support.ts'), 'utf8'), SUPPORT);
    assert.equal(fs.readFileSync(path.join(dir, 'src/other.ts'), 'utf8'), SUPPORT.replace('summarize', 'digest'));
    assert.deepEqual(fs.readdirSync(path.join(dir, 'src')).sort(), ['other.ts', 'support.ts'], 'no temporary file');
  });

  it('keeps a byte-order mark and CRLF line ends', async () => {
    const crlf = SUPPORT.replace(/\n/g, '\r\n');
    const dir = project({ 'src/support.ts': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]) });
    assert.equal(await runCli(['--fix'], capture(dir).io), 0);
    const bytes = fs.readFileSync(path.join(dir, 'src/support.ts'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.subarray(3).toString('utf8'), SUPPORT_FIXED.replace(/\n/g, '\r\n'));
  });

  it('leaves findings documented with @ai-decision as decided', async () => {
    const documented = SUPPORT.replace(
      '  const completion',
      '  // @ai-decision timeout: the SDK default is fine for this batch job (owner: data)\n  // @ai-decision retry: SDK default, stated here (owner: data)\n  // @ai-decision cost: summaries are short by prompt (owner: data)\n  const completion',
    );
    const dir = project({ 'src/support.ts': documented });
    const run = capture(dir);
    assert.equal(await runCli(['--fix'], run.io), 0);
    assert.equal(run.stdout(), 'no safe fixes to apply\n');
    assert.equal(fs.readFileSync(path.join(dir, 'src/support.ts'), 'utf8'), documented);
  });

  it('cannot be combined with --format or --output', async () => {
    const dir = project({ 'src/support.ts': SUPPORT });
    const run = capture(dir);
    assert.equal(await runCli(['--fix', '--format', 'json'], run.io), 2);
    assert.match(run.stderr(), /--fix prints what it changes, not a report/);
  });

  it('works from the bundle: node dist/cli.js --fix-dry-run', function () {
    const build = spawnSync(process.execPath, [path.join(REPO, 'esbuild.js')], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const dir = project({ 'src/support.ts': SUPPORT });
    const result = spawnSync(process.execPath, [CLI, '--fix-dry-run'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^--- a\/src\/support\.ts\n\+\+\+ b\/src\/support\.ts\n@@ /);
    assert.equal(fs.readFileSync(path.join(dir, 'src/support.ts'), 'utf8'), SUPPORT);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Runs `action` once, right after the first whole read of `file` once armed: the moment between
 * --fix reading a file and writing it. Patches node:fs itself (src/cli/fix.ts reads through it).
 */
function afterFirstRead(file: string, action: () => void): { arm(): void; disarm(): void; fired(): boolean } {
  const nodeFs: typeof fs = createRequire(__filename)('node:fs');
  const original = nodeFs.readFileSync;
  let fired = false;
  const patched = function (this: unknown, ...args: Parameters<typeof fs.readFileSync>) {
    const content = original.apply(this, args);
    if (!fired && args[0] === file) {
      fired = true;
      action();
    }
    return content;
  } as typeof fs.readFileSync;
  return {
    arm: () => {
      nodeFs.readFileSync = patched;
    },
    disarm: () => {
      nodeFs.readFileSync = original;
    },
    fired: () => fired,
  };
}
