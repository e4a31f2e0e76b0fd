import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import sarifSchema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';
import auditResultSchema from '../../schemas/audit-result.schema.json';
import packageJson from '../../package.json';
import type { JsonReport } from '../../src/report/json';

/**
 * The real bundle, as users run it: `node dist/cli.js`, built once here by esbuild.js. These
 * tests run the whole analyser on test/fixtures/openai-basic and on small projects made in a
 * temporary folder, so they check exit codes and outputs end to end.
 */

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'openai-basic');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd = REPO): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, NO_COLOR: '1', ORCHESTRATION_AUDIT_DEBUG: '' },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function validateAuditJson(value: unknown): void {
  const validate = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(auditResultSchema);
  assert.equal(validate(value), true, JSON.stringify(validate.errors, null, 2));
}

function validateSarif(value: unknown): void {
  const { $schema: _draft, id, ...rest } = sarifSchema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile({ ...rest, $id: id });
  assert.equal(validate(value), true, JSON.stringify(validate.errors, null, 2));
}

/** A throwaway project beside the repo's node_modules (linked), so SDK types resolve as in a real one. */
function makeProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oa-cli-'));
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'cli-test-project', private: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const fixtureSource = () => fs.readFileSync(path.join(FIXTURE, 'src', 'support.ts'), 'utf8');
const NO_STACK = /^\s+at /m;

describe('cli (node dist/cli.js)', function () {
  const made: string[] = [];
  const project = (files: Record<string, string>) => {
    const dir = makeProject(files);
    made.push(dir);
    return dir;
  };

  before(function () {
    const build = spawnSync(process.execPath, [path.join(REPO, 'esbuild.js')], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, `esbuild failed:\n${build.stderr}`);
  });

  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('usage', () => {
    it('prints the version from package.json', () => {
      const run = cli(['--version']);
      assert.equal(run.status, 0);
      assert.equal(run.stdout, `${packageJson.version}\n`);
    });

    it('prints help with the formats and exit codes', () => {
      const run = cli(['--help']);
      assert.equal(run.status, 0);
      assert.match(run.stdout, /^Usage: orchestration-audit \[options\] \[paths\.\.\.\]/);
      assert.match(run.stdout, /text, json, sarif, markdown/);
      assert.match(run.stdout, /2 {2}usage or configuration error/);
    });

    for (const [args, message] of [
      [['--fomat', 'json'], /Unknown option '--fomat'/],
      [['--format', 'xml'], /--format must be one of text, json, sarif, markdown; got "xml"/],
      [['--fail-on', 'critical'], /--fail-on must be one of error, warning, info, none; got "critical"/],
      [['does/not/exist'], /no such file or folder: does\/not\/exist/],
      [['--fix', '--format', 'json'], /--fix prints what it changes, not a report/],
    ] as const) {
      it(`exits 2 for ${args.join(' ')}, with a message and no stack`, () => {
        const run = cli([...args]);
        assert.equal(run.status, 2);
        assert.match(run.stderr, message);
        assert.doesNotMatch(run.stderr, NO_STACK);
        assert.equal(run.stdout, '');
      });
    }
  });

  describe('on test/fixtures/openai-basic', () => {
    it("--format json parses, validates against the schema and lists the fixture's calls", () => {
      const run = cli(['--format', 'json', FIXTURE]);
      assert.equal(run.status, 0, run.stderr);
      const json = JSON.parse(run.stdout) as JsonReport;
      validateAuditJson(json);
      assert.equal(json.version, 1);
      assert.equal(json.root, FIXTURE);
      assert.deepEqual(
        json.calls.map((call) => [call.file, call.line, call.operation]),
        [
          ['src/support.ts', 12, 'chat.completions.create'],
          ['src/support.ts', 24, 'responses.create'],
          ['src/support.ts', 33, 'embeddings.create'],
          ['src/support.ts', 41, 'chat.completions.create'],
        ],
      );
      assert.ok(json.findings.length > 0);
      for (const finding of json.findings) assert.equal(finding.file, 'src/support.ts');
    });

    it('exits by --fail-on: 0 at error, 1 at warning and info, 0 at none', () => {
      const json = JSON.parse(cli(['--format', 'json', FIXTURE]).stdout) as JsonReport;
      const open = json.findings.filter((finding) => !finding.documented);
      assert.equal(
        open.some((finding) => finding.severity === 'error'),
        false,
        'the fixture has no error-level finding',
      );
      assert.equal(
        open.some((finding) => finding.severity === 'warning'),
        true,
        'the fixture has a warning (its stream has no timeout)',
      );
      assert.equal(cli([FIXTURE]).status, 0);
      assert.equal(cli(['--fail-on', 'error', FIXTURE]).status, 0);
      assert.equal(cli(['--fail-on', 'warning', FIXTURE]).status, 1);
      assert.equal(cli(['--fail-on', 'info', FIXTURE]).status, 1);
      assert.equal(cli(['--fail-on', 'none', FIXTURE]).status, 0);
    });

    it('prints compiler-like text lines relative to the working directory', () => {
      const run = cli([path.relative(REPO, FIXTURE)]);
      assert.equal(run.status, 0);
      assert.match(
        run.stdout,
        /^test\/fixtures\/openai-basic\/src\/support\.ts:41:\d+ {2}warning {2}.+ {2}missing-timeout$/m,
      );
      assert.match(run.stdout, /· 4 model calls \(openai 4\) in 1 file scanned/);
      assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour when not a terminal');
    });

    it('--format sarif validates against the official SARIF 2.1.0 schema', () => {
      const run = cli(['--format', 'sarif', FIXTURE]);
      assert.equal(run.status, 0);
      validateSarif(JSON.parse(run.stdout));
    });

    it('--format markdown writes the decision register', () => {
      const run = cli(['--format', 'markdown', FIXTURE]);
      assert.equal(run.status, 0);
      assert.match(run.stdout, /^# Orchestration decision register\n/);
      assert.match(run.stdout, /^### summarizeTicket$/m);
      assert.match(run.stdout, /^- Retries: up to 3 attempts \(OpenAI SDK default, not stated in code\)\.$/m);
    });

    it('--output writes the file (creating folders), not stdout', () => {
      const dir = project({});
      const target = path.join(dir, 'reports', 'audit.sarif');
      const run = cli(['--format', 'sarif', '--output', target, FIXTURE]);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^wrote .*audit\.sarif: 0 errors, \d+ warnings?, \d+ info, 0 documented$/m);
      validateSarif(JSON.parse(fs.readFileSync(target, 'utf8')));
    });

    it('--config turns a warning into an error, and the exit code follows', () => {
      const dir = project({ 'strict.json': JSON.stringify({ rules: { 'missing-timeout': 'error' } }) });
      const run = cli(['--config', path.join(dir, 'strict.json'), '--format', 'json', FIXTURE]);
      assert.equal(run.status, 1);
      const json = JSON.parse(run.stdout) as JsonReport;
      assert.ok(json.findings.some((finding) => finding.ruleId === 'missing-timeout' && finding.severity === 'error'));
    });
  });

  describe('config errors exit 2 and name the key', () => {
    it('a wrong severity: file, line, column and key on stderr', () => {
      const dir = project({
        '.orchestration-audit.json': '{\n  "rules": {\n    "unbounded-retry": "warn"\n  }\n}\n',
        'src/a.ts': 'export const a = 1;\n',
      });
      const run = cli([], dir);
      assert.equal(run.status, 2);
      assert.equal(
        run.stderr,
        'orchestration-audit: invalid config: .orchestration-audit.json:3:24: rules.unbounded-retry: expected one of "error", "warning", "info", "off"\n',
      );
      assert.equal(run.stdout, '');
    });

    it('malformed JSON gives the line and column', () => {
      const dir = project({ '.orchestration-audit.json': '{\n  "ignoreTests": true,\n}\n', 'src/a.ts': '' });
      const run = cli(['src'], dir);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /\.orchestration-audit\.json:3:1: malformed JSON/);
      assert.doesNotMatch(run.stderr, NO_STACK);
    });

    it('an unknown rule id', () => {
      const dir = project({
        '.orchestration-audit.json': '{ "rules": { "unbounded-retries": "off" } }',
        'src/a.ts': '',
      });
      const run = cli([], dir);
      assert.equal(run.status, 2);
      assert.match(
        run.stderr,
        /rules\.unbounded-retries: unknown rule id "unbounded-retries" \(did you mean "unbounded-retry"\?\)/,
      );
    });

    it('a --config file that does not exist', () => {
      const dir = project({ 'src/a.ts': '' });
      const run = cli(['--config', 'nope.json'], dir);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /nope\.json: config file not found/);
    });
  });

  describe('projects made here', () => {
    it('reports skipped files on stderr and keeps stdout pure JSON', () => {
      const dir = project({
        '.orchestration-audit.json': JSON.stringify({ maxFileBytes: 200 }),
        'src/big.ts': `import OpenAI from 'openai';\n${'// padding\n'.repeat(40)}`,
        'src/small.ts': 'export const answer = 42;\n',
      });
      const run = cli(['--format', 'json'], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /^skipped src\/big\.ts: larger than /m);
      const json = JSON.parse(run.stdout) as JsonReport;
      validateAuditJson(json);
      assert.deepEqual(
        json.stats.skipped.map((entry) => entry.file),
        ['src/big.ts'],
      );
    });

    it('documented findings never fail the run', () => {
      const source = fixtureSource().replace(
        '  const stream = await openai.chat.completions.create({',
        '  // @ai-decision timeout: the widget closes the stream after 30 s on its side (owner: web)\n' +
          '  // @ai-decision failure: a broken stream shows the partial answer with a retry button (owner: web)\n' +
          '  const stream = await openai.chat.completions.create({',
      );
      assert.notEqual(source, fixtureSource(), 'the fixture still has the streaming call this test annotates');
      const dir = project({
        'src/support.ts': source,
        'tsconfig.json': fs.readFileSync(path.join(FIXTURE, 'tsconfig.json'), 'utf8'),
      });
      const run = cli(['--format', 'json', '--fail-on', 'warning'], dir);
      const json = JSON.parse(run.stdout) as JsonReport;
      const timeout = json.findings.find((finding) => finding.ruleId === 'missing-timeout');
      assert.equal(timeout?.documented, true, 'the annotation documents the missing timeout');
      const failing = json.findings.filter(
        (finding) => !finding.documented && (finding.severity === 'warning' || finding.severity === 'error'),
      );
      assert.equal(run.status, failing.length > 0 ? 1 : 0);
      assert.equal(failing.length, 0, 'the only warnings were the documented ones');
    });

    it('disable comments silence findings in text, JSON, SARIF and --fail-on; a placeholder documents nothing', () => {
      const source = fixtureSource().replace(
        '  const stream = await openai.chat.completions.create({',
        '  // orchestration-audit-disable-next-line missing-timeout, unhandled-stream-error -- the widget owns the stream\n' +
          '  const stream = await openai.chat.completions.create({',
      );
      assert.notEqual(source, fixtureSource(), 'the fixture still has the streaming call this test silences');
      const dir = project({
        'src/support.ts': source,
        'tsconfig.json': fs.readFileSync(path.join(FIXTURE, 'tsconfig.json'), 'utf8'),
      });
      const json = JSON.parse(cli(['--format', 'json'], dir).stdout) as JsonReport;
      validateAuditJson(json);
      const silenced = json.findings.filter((finding) => finding.suppressedBy);
      assert.deepEqual(silenced.map((finding) => finding.ruleId).sort(), ['missing-timeout', 'unhandled-stream-error']);
      assert.deepEqual(silenced[0].suppressedBy, {
        kind: 'line',
        rules: ['missing-timeout', 'unhandled-stream-error'],
        reason: 'the widget owns the stream',
        file: 'src/support.ts',
        line: silenced[0].line - 1,
      });
      const text = cli(['--fail-on', 'warning'], dir);
      assert.equal(text.status, 0, 'the only warnings are silenced');
      assert.doesNotMatch(text.stdout, /missing-timeout|unhandled-stream-error/);
      const sarif = JSON.parse(cli(['--format', 'sarif'], dir).stdout) as {
        runs: { results: { ruleId: string; suppressions?: { kind: string; justification: string }[] }[] }[];
      };
      validateSarif(sarif);
      const suppressed = sarif.runs[0].results.filter((result) => result.ruleId === 'missing-timeout');
      assert.deepEqual(
        suppressed[0]?.suppressions?.map(({ kind, justification }) => ({ kind, justification })),
        [
          {
            kind: 'inSource',
            justification:
              'orchestration-audit-disable-next-line missing-timeout, unhandled-stream-error -- the widget owns the stream',
          },
        ],
      );

      const placeholder = project({
        'src/support.ts': fixtureSource().replace(
          '  const stream = await openai.chat.completions.create({',
          '  // @ai-decision timeout: TODO describe the decision (owner: )\n  const stream = await openai.chat.completions.create({',
        ),
        'tsconfig.json': fs.readFileSync(path.join(FIXTURE, 'tsconfig.json'), 'utf8'),
      });
      const todo = cli(['--format', 'json', '--fail-on', 'warning'], placeholder);
      const todoJson = JSON.parse(todo.stdout) as JsonReport;
      assert.equal(todo.status, 1, 'a TODO annotation does not document the missing timeout');
      assert.equal(todoJson.findings.find((finding) => finding.ruleId === 'missing-timeout')?.documented, false);
      assert.ok(
        todoJson.findings.some(
          (finding) => finding.ruleId === 'invalid-decision-annotation' && finding.messageId === 'placeholderText',
        ),
      );
    });

    it('an empty project exits 0 with no calls', () => {
      const dir = project({ 'src/a.ts': 'export const a = 1;\n' });
      const run = cli([], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^No findings · 0 model calls in 1 file scanned/m);
    });
  });
});
