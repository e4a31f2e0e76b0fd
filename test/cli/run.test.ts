import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCliArgs } from '../../src/cli/args';
import { runCli, type CliIo } from '../../src/cli/run';
import type { AuditOptions } from '../../src/core/index';
import type { AuditResult } from '../../src/core/types';
import { sampleResult } from '../report/sample-result';

/**
 * The CLI's own logic in-process, with the analyser replaced by a stub returning the sample
 * result (re-rooted in a temporary project): exit codes, streams, colour, progress, roots.
 * cli.test.ts runs the real bundle end to end.
 */

interface Captured {
  io: CliIo;
  stdout(): string;
  stderr(): string;
}

function capture(
  cwd: string,
  options: { stdoutTTY?: boolean; stderrTTY?: boolean; env?: Record<string, string> } = {},
): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (text: string) => (out += text), isTTY: options.stdoutTTY },
      stderr: { write: (text: string) => (err += text), isTTY: options.stderrTTY },
      cwd,
      env: options.env ?? {},
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/** The sample result moved under `root`, as if the audit had run there. */
function resultAt(root: string): AuditResult {
  const sample = sampleResult();
  return JSON.parse(
    JSON.stringify(sample).split(JSON.stringify(sample.root).slice(1, -1)).join(root.replace(/\\/g, '\\\\')),
  ) as AuditResult;
}

describe('cli run (in-process, stubbed audit)', () => {
  let root: string;
  let calls: AuditOptions[];
  let result: AuditResult;
  const deps = {
    audit: async (options: AuditOptions) => {
      calls.push(options);
      options.onProgress?.({ phase: 'scan', done: 42, total: 42 });
      return result;
    },
  };

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oa-run-')));
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    fs.mkdirSync(path.join(root, 'src', 'support'), { recursive: true });
    calls = [];
    result = resultAt(root);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('exit codes', () => {
    it('1 when a finding is at or above --fail-on (default error)', async () => {
      assert.equal(await runCli([], capture(root).io, deps), 1);
      assert.equal(await runCli(['--fail-on', 'none'], capture(root).io, deps), 0);
    });

    it('documented findings never count', async () => {
      const documented = result.findings.find((finding) => finding.documentedBy !== undefined);
      assert.ok(documented);
      result.findings = [{ ...documented, severity: 'error' }];
      assert.equal(await runCli(['--fail-on', 'info'], capture(root).io, deps), 0);
      result.findings = [{ ...documented, severity: 'error', documentedBy: undefined }];
      assert.equal(await runCli(['--fail-on', 'info'], capture(root).io, deps), 1);
    });

    it('only counts findings at or above the level', async () => {
      result.findings = result.findings.filter((finding) => finding.severity === 'info');
      assert.equal(await runCli(['--fail-on', 'warning'], capture(root).io, deps), 0);
      assert.equal(await runCli(['--fail-on', 'info'], capture(root).io, deps), 1);
    });

    it('3 (not 2, a usage error) when the analyser fails, with the message but no stack unless asked', async () => {
      const failing = { audit: async () => Promise.reject(new Error('checker exploded')) };
      const quiet = capture(root);
      assert.equal(await runCli([], quiet.io, failing), 3);
      assert.equal(
        quiet.stderr(),
        'orchestration-audit: the audit failed: checker exploded\nSet ORCHESTRATION_AUDIT_DEBUG=1 to see the stack trace.\n',
      );
      const debug = capture(root, { env: { ORCHESTRATION_AUDIT_DEBUG: '1' } });
      assert.equal(await runCli([], debug.io, failing), 3);
      assert.match(debug.stderr(), /^\s+at /m);
    });

    it('130 when cancelled', async () => {
      const cancelled = Object.assign(new Error('The audit was cancelled.'), { name: 'AuditCancelledError' });
      const run = capture(root);
      assert.equal(await runCli([], run.io, { audit: async () => Promise.reject(cancelled) }), 130);
      assert.equal(run.stderr(), 'orchestration-audit: cancelled\n');
    });
  });

  describe('what the audit is asked', () => {
    it('absolute paths and the nearest folder with a package.json as root', async () => {
      await runCli(['src/support'], capture(root).io, deps);
      assert.equal(calls[0]?.root, root);
      assert.deepEqual(calls[0]?.paths, [path.join(root, 'src', 'support')]);
    });

    it('the current folder by default', async () => {
      await runCli([], capture(path.join(root, 'src')).io, deps);
      assert.deepEqual(calls[0]?.paths, [path.join(root, 'src')]);
      assert.equal(calls[0]?.root, root);
    });

    it('the common folder of several paths, climbing to the project', async () => {
      fs.mkdirSync(path.join(root, 'src', 'jobs'));
      await runCli(['src/support', 'src/jobs'], capture(root).io, deps);
      assert.equal(calls[0]?.root, root);
    });

    it('--root as given, refusing paths outside it', async () => {
      await runCli(['--root', 'src', 'src/support'], capture(root).io, deps);
      assert.equal(calls[0]?.root, path.join(root, 'src'));
      const run = capture(root);
      assert.equal(await runCli(['--root', 'src/support', '.'], run.io, deps), 2);
      assert.match(run.stderr(), /is outside --root src\/support/);
    });

    it('fixes only for an output that uses them: the JSON report and --fix', async () => {
      const cases: [string[], boolean][] = [
        [[], false],
        [['--format', 'sarif'], false],
        [['--format', 'markdown'], false],
        [['--format', 'json'], true],
        [['--fix-dry-run'], true],
      ];
      for (const [args, fixes] of cases) {
        calls = [];
        await runCli(args, capture(root).io, deps);
        assert.equal(calls[0]?.fixes, fixes, args.join(' ') || 'text');
      }
    });

    it('the config from the root', async () => {
      fs.writeFileSync(path.join(root, '.orchestration-audit.json'), '{ "maxFileBytes": 1000 }');
      await runCli([], capture(root).io, deps);
      assert.equal(calls[0]?.config?.maxFileBytes, 1000);
    });
  });

  describe('streams', () => {
    it('text on a terminal lists skipped files itself; stderr stays quiet', async () => {
      const run = capture(root, { stdoutTTY: true });
      await runCli([], run.io, deps);
      assert.match(run.stdout(), /^ {2}src\/generated\/prompts\.ts: larger than 2 MB$/m);
      assert.equal(run.stderr(), '');
    });

    it('text piped to a file or CI log: skipped files in the report and on stderr', async () => {
      const run = capture(root);
      await runCli([], run.io, deps);
      assert.match(run.stdout(), /^ {2}src\/generated\/prompts\.ts: larger than 2 MB$/m);
      assert.equal(run.stderr(), 'skipped src/generated/prompts.ts: larger than 2 MB\n');
    });

    it('other formats: skipped files on stderr, report alone on stdout', async () => {
      const run = capture(root);
      await runCli(['--format', 'json'], run.io, deps);
      assert.equal(run.stderr(), 'skipped src/generated/prompts.ts: larger than 2 MB\n');
      assert.equal(JSON.parse(run.stdout()).version, 1);
    });

    it('--output writes the report and says so on stderr', async () => {
      const run = capture(root);
      assert.equal(await runCli(['--format', 'markdown', '-o', 'docs/register.md'], run.io, deps), 1);
      assert.equal(run.stdout(), '');
      assert.match(
        fs.readFileSync(path.join(root, 'docs', 'register.md'), 'utf8'),
        /^# Orchestration decision register/,
      );
      assert.match(run.stderr(), /^wrote docs\/register\.md: 2 errors, 4 warnings, 2 info, 1 documented$/m);
    });

    it('--output into a place that cannot be written exits 2', async () => {
      fs.writeFileSync(path.join(root, 'blocker'), '');
      const run = capture(root);
      assert.equal(await runCli(['-o', 'blocker/report.txt'], run.io, deps), 2);
      assert.match(run.stderr(), /cannot write .*report\.txt/);
    });
  });

  describe('colour and progress', () => {
    const ansi = /\u001b\[/;

    it('colours text for a terminal, unless NO_COLOR or --no-color', async () => {
      const tty = capture(root, { stdoutTTY: true });
      await runCli([], tty.io, deps);
      assert.match(tty.stdout(), ansi);
      const noColor = capture(root, { stdoutTTY: true, env: { NO_COLOR: '1' } });
      await runCli([], noColor.io, deps);
      assert.doesNotMatch(noColor.stdout(), ansi);
      const flag = capture(root, { stdoutTTY: true });
      await runCli(['--no-color'], flag.io, deps);
      assert.doesNotMatch(flag.stdout(), ansi);
    });

    it('--color forces colour into a pipe; json never has any', async () => {
      const forced = capture(root);
      await runCli(['--color'], forced.io, deps);
      assert.match(forced.stdout(), ansi);
      const json = capture(root, { stdoutTTY: true });
      await runCli(['--format', 'json'], json.io, deps);
      assert.doesNotMatch(json.stdout(), ansi);
    });

    it('shows progress on stderr only when it is a terminal, and erases it', async () => {
      const tty = capture(root, { stdoutTTY: true, stderrTTY: true });
      await runCli([], tty.io, deps);
      assert.equal(tty.stderr(), '\r\u001b[Kscanning 42/42 files\r\u001b[K');
      const pipe = capture(root, { stdoutTTY: true });
      await runCli([], pipe.io, deps);
      assert.equal(pipe.stderr(), '');
    });
  });

  describe('parseCliArgs', () => {
    it('has the documented defaults', () => {
      assert.deepEqual(parseCliArgs([]), {
        kind: 'run',
        paths: ['.'],
        format: 'text',
        output: undefined,
        failOn: 'error',
        config: undefined,
        root: undefined,
        color: undefined,
        fix: 'off',
      });
    });

    it('reads short and long forms', () => {
      assert.deepEqual(
        parseCliArgs(['-f', 'sarif', '-o', 'out.sarif', '-c', 'ci.json', '--fail-on=warning', 'a', 'b']),
        {
          kind: 'run',
          paths: ['a', 'b'],
          format: 'sarif',
          output: 'out.sarif',
          failOn: 'warning',
          config: 'ci.json',
          root: undefined,
          color: undefined,
          fix: 'off',
        },
      );
      assert.deepEqual(parseCliArgs(['-h']), { kind: 'help' });
      assert.deepEqual(parseCliArgs(['-v']), { kind: 'version' });
    });

    it('refuses contradictions and empty paths', () => {
      assert.throws(() => parseCliArgs(['--color', '--no-color']), /cannot both be given/);
      assert.throws(() => parseCliArgs(['--output=']), /--output needs a path/);
      assert.throws(() => parseCliArgs(['--format']), { name: 'UsageError' });
    });
  });
});
