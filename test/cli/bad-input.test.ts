import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonReport } from '../../src/report/json';
import { OPENAI_FIXTURE_CALLS, REPO, TempWorkspaces, type FileContent } from '../core/workspace/temp-workspace';

/**
 * The real CLI bundle (`node dist/cli.js`, built here by esbuild.js) on workspaces with bad input:
 * each skipped file and its reason on stderr, `stats.skipped` in the JSON report, and the exit code
 * by the normal rules (skipped files never change it).
 */

const CLI = path.join(REPO, 'dist', 'cli.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', ORCHESTRATION_AUDIT_DEBUG: '' },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SDK_CALL =
  "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport const ask = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] });\n";

/** The bad files, and the stderr line each must produce (paths relative to the workspace). */
const BAD_FILES: Record<string, FileContent> = {
  'src/broken.ts': "import OpenAI from 'openai';\nconst x = ;\n",
  'src/generated/prompts.ts': `import OpenAI from 'openai';\n${'export const prompt = "You are a helpful assistant.";\n'.repeat(Math.ceil((5 * 1024 * 1024) / 54))}`,
  'src/vendor/bundle.js': `!function(){${"var o=require('openai'),c=new o;c.chat.completions.create({model:'m',messages:[]});".repeat(300)}}();\n`,
  'src/logo.ts': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  'src/latin1.ts': Buffer.from(`// Résumé\n${SDK_CALL}`, 'latin1'),
  'tsconfig.json': '{\n  "compilerOptions": {\n    "strict": true,\n',
  // Never audited, never listed.
  'dist/support.js': SDK_CALL,
  'src/types.d.ts': 'export declare const x: number;\n',
  'src/legacy/old.ts': SDK_CALL,
  '.orchestration-audit.json': JSON.stringify({ exclude: ['src/legacy/**'] }),
  'package.json': JSON.stringify({ name: 'bad-input-project', private: true }),
};

const SKIPPED: [file: string, reason: string][] = [
  ['src/broken.ts', 'does not parse: Expression expected. (line 2, column 11)'],
  ['src/generated/prompts.ts', 'larger than 2 MB (5.2 MB)'],
  ['src/latin1.ts', 'not valid UTF-8'],
  ['src/logo.ts', 'binary content (NUL bytes)'],
  ['src/vendor/bundle.js', 'minified or generated (very long lines)'],
  ['tsconfig.json', "'}' expected. (line 4, column 1); using default compiler options"],
];

function sorted<T>(items: T[]): T[] {
  return [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** The `skipped ...` lines of stderr, sorted. */
function skippedLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('skipped '))
    .sort();
}

const EXPECTED_LINES = SKIPPED.map(([file, reason]) => `skipped ${file}: ${reason}`).sort();

describe('cli on bad input (node dist/cli.js)', function () {
  const temp = new TempWorkspaces();
  let workspace: string;

  before(function () {
    const build = spawnSync(process.execPath, [path.join(REPO, 'esbuild.js')], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, `esbuild failed:\n${build.stderr}`);
    // Inside the repository (git-ignored .cache/), so the SDK types resolve from its node_modules.
    workspace = temp.fixtureCopy('inRepo', BAD_FILES);
  });

  after(() => temp.cleanUp());

  it('--format json: every skipped file on stderr with its reason, in stats.skipped, and the calls of the good file', () => {
    const run = cli(['--format', 'json', '--fail-on', 'none'], workspace);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(skippedLines(run.stderr), EXPECTED_LINES);
    assert.equal(
      run.stderr.split('\n').filter(Boolean).length,
      SKIPPED.length,
      `nothing else on stderr:\n${run.stderr}`,
    );
    const json = JSON.parse(run.stdout) as JsonReport;
    assert.equal(fs.realpathSync(json.root), fs.realpathSync(workspace));
    assert.deepEqual(sorted(json.stats.skipped), sorted(SKIPPED.map(([file, reason]) => ({ file, reason }))));
    assert.deepEqual(
      json.calls.map((call) => `${call.file}:${call.line} ${call.operation}`).sort(),
      OPENAI_FIXTURE_CALLS,
    );
    // The default audit identifies SDK calls by their imports; the typings are not loaded (sdkTypes).
    assert.deepEqual(new Set(json.calls.map((call) => call.recognisedBy)), new Set(['syntax']));
    for (const finding of json.findings) assert.equal(finding.file, 'src/support.ts');
  });

  it('exits by the normal rules: 0 with --fail-on none and at error, 1 at warning and info', () => {
    // openai-basic has warnings (a stream without a timeout) and no error; the skipped files change nothing.
    assert.equal(cli(['--format', 'json', '--fail-on', 'none'], workspace).status, 0);
    assert.equal(cli(['--format', 'json'], workspace).status, 0);
    const warning = cli(['--format', 'json', '--fail-on', 'warning'], workspace);
    assert.equal(warning.status, 1);
    assert.deepEqual(
      skippedLines(warning.stderr),
      EXPECTED_LINES,
      'the skipped files are reported whatever the exit code',
    );
    assert.equal(cli(['--format', 'json', '--fail-on', 'info'], workspace).status, 1);
  });

  it('--format sarif and markdown: the skipped files on stderr, stdout stays the report', () => {
    const sarif = cli(['--format', 'sarif', '--fail-on', 'none'], workspace);
    assert.equal(sarif.status, 0, sarif.stderr);
    assert.deepEqual(skippedLines(sarif.stderr), EXPECTED_LINES);
    const notifications = JSON.parse(sarif.stdout).runs[0].invocations[0].toolExecutionNotifications as {
      message: { text: string };
    }[];
    assert.equal(notifications.length, SKIPPED.length);

    const markdown = cli(['--format', 'markdown', '--fail-on', 'none'], workspace);
    assert.equal(markdown.status, 0, markdown.stderr);
    assert.deepEqual(skippedLines(markdown.stderr), EXPECTED_LINES);
    assert.match(markdown.stdout, /^# Orchestration decision register\n/);
  });

  it('--output: the skipped files on stderr beside the "wrote" line', () => {
    const target = path.join(workspace, 'reports', 'audit.json');
    const run = cli(['--format', 'json', '--fail-on', 'none', '--output', target], workspace);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.deepEqual(skippedLines(run.stderr), EXPECTED_LINES);
    assert.match(run.stderr, /^wrote .*audit\.json: /m);
    assert.equal((JSON.parse(fs.readFileSync(target, 'utf8')) as JsonReport).stats.skipped.length, SKIPPED.length);
  });

  it('text (the default): the report lists the skipped files with their reasons, and stderr too when stdout is not a terminal', () => {
    const run = cli(['--fail-on', 'none'], workspace);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(skippedLines(run.stderr), EXPECTED_LINES);
    assert.match(run.stdout, new RegExp(`^Skipped ${SKIPPED.length} files:$`, 'm'));
    for (const [file, reason] of SKIPPED)
      assert.ok(run.stdout.includes(`\n  ${file}: ${reason}\n`), `${file} listed in:\n${run.stdout}`);
    assert.match(run.stdout, /4 model calls \(openai 4\)/);
  });

  it('paths on the command line are shown relative to the working directory', () => {
    const run = cli(
      ['--format', 'json', '--fail-on', 'none', path.relative(path.dirname(workspace), path.join(workspace, 'src'))],
      path.dirname(workspace),
    );
    assert.equal(run.status, 0, run.stderr);
    const name = path.basename(workspace);
    assert.ok(skippedLines(run.stderr).includes(`skipped ${name}/src/logo.ts: binary content (NUL bytes)`), run.stderr);
  });

  it('a project whose only files are bad: exit 0 even with --fail-on info, and each file listed', () => {
    const dir = temp.make('inRepo', {
      'package.json': '{ "name": "only-bad", "private": true }',
      'src/logo.ts': Buffer.from([0, 1, 2, 3]),
      'src/broken.ts': "import OpenAI from 'openai';\nexport const = 1;\n",
    });
    const run = cli(['--format', 'json', '--fail-on', 'info'], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(skippedLines(run.stderr), [
      'skipped src/broken.ts: does not parse: Variable declaration expected. (line 2, column 14)',
      'skipped src/logo.ts: binary content (NUL bytes)',
    ]);
    const json = JSON.parse(run.stdout) as JsonReport;
    assert.equal(json.calls.length, 0);
    assert.equal(json.stats.skipped.length, 2);
  });

  it('no node_modules (a copy outside the repository): the calls are found by syntax, the exit code follows the findings', () => {
    const dir = temp.fixtureCopy('outside', {
      'package.json': '{ "name": "no-deps", "private": true }',
      'src/logo.ts': Buffer.from([0, 1]),
    });
    const run = cli(['--format', 'json', '--fail-on', 'warning'], dir);
    const json = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(
      json.calls.map((call) => `${call.file}:${call.line} ${call.operation}`).sort(),
      OPENAI_FIXTURE_CALLS,
    );
    assert.deepEqual(new Set(json.calls.map((call) => call.recognisedBy)), new Set(['syntax']));
    assert.deepEqual(skippedLines(run.stderr), ['skipped src/logo.ts: binary content (NUL bytes)']);
    const failing = json.findings.filter(
      (finding) => !finding.documented && (finding.severity === 'warning' || finding.severity === 'error'),
    );
    assert.equal(run.status, failing.length > 0 ? 1 : 0);
  });
});

describe('cli on inputs that used to crash or hang it (node dist/cli.js)', function () {
  this.timeout(240_000);
  const temp = new TempWorkspaces();
  after(() => temp.cleanUp());

  function workspace(files: Record<string, FileContent> = {}): string {
    return temp.make('outside', {
      'package.json': '{ "name": "hostile", "private": true }',
      'src/app.ts': SDK_CALL,
      ...files,
    });
  }

  it('a named pipe and a symlink to /dev/zero given as explicit paths are skipped, not read', function () {
    const dir = workspace({ 'src/zero.ts': { symlink: '/dev/zero' } });
    if (spawnSync('mkfifo', [path.join(dir, 'src', 'pipe.ts')]).status !== 0) this.skip();
    const run = cli(['--format', 'json', '--fail-on', 'none', 'src/pipe.ts', 'src/zero.ts', 'src/app.ts'], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(skippedLines(run.stderr), [
      'skipped src/pipe.ts: not a regular file (a named pipe)',
      'skipped src/zero.ts: not a regular file (a device)',
    ]);
    assert.deepEqual(
      (JSON.parse(run.stdout) as JsonReport).calls.map((call) => call.file),
      ['src/app.ts'],
    );
  });

  it('an exclude glob that backtracks catastrophically as a regular expression is matched in one pass', () => {
    const dir = workspace({
      '.orchestration-audit.json': JSON.stringify({ exclude: ['*a*a*a*a*a*a*a*a*a*a*a*ab'] }),
      [`src/${'a'.repeat(60)}.ts`]: SDK_CALL,
    });
    const run = cli(['--format', 'json', '--fail-on', 'none'], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as JsonReport).calls.length, 2);
  });

  it('--fix on a 50 MB file (maxFileBytes raised) fits in a 1.8 GB heap', () => {
    const line = (index: number): string =>
      `export const prompt${index} = "Summarise the ticket in three sentences, politely and briefly.";\n`;
    const filler = Array.from({ length: Math.ceil(50_000_000 / line(100_000).length) }, (_, index) => line(index)).join(
      '',
    );
    const dir = workspace({
      '.orchestration-audit.json': JSON.stringify({ maxFileBytes: 52_428_800 }),
      'src/app.ts': `${SDK_CALL.replace('export const ask', 'export const askBig')}${filler}`,
    });
    const result = spawnSync(process.execPath, ['--max-old-space-size=1800', CLI, '--fix', '--fail-on', 'none'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 200_000,
      env: { ...process.env, NO_COLOR: '1', ORCHESTRATION_AUDIT_DEBUG: '' },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^changed src\/app\.ts:$/m);
    const fixed = fs.readFileSync(path.join(dir, 'src', 'app.ts'), 'utf8');
    assert.ok(fixed.endsWith(filler));
    assert.notEqual(fixed.slice(0, 400), `${SDK_CALL}`.slice(0, 400));
  });
});
