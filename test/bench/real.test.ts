import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { AnalysisSession } from '../../src/core/session';
import { nativeFloorSample } from './real-run';
import { best, editTargets, generatedTsconfig, phaseRows, readPhaseReport, tscCompleted, tscProject } from './real';

describe('bench: real-repository mode', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-real-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("parses and binds the audit's program files alone for the parse floor", async function () {
    this.timeout(60_000);
    const repo = path.join(dir, 'app');
    fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(repo, 'src', 'ask.ts'),
      "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport const ask = (q: string) => client.responses.create({ model: 'gpt-4o', input: q });\n",
    );
    fs.writeFileSync(
      path.join(repo, 'src', 'route.ts'),
      "import { ask } from './ask';\nexport const route = () => ask('hi');\n",
    );
    fs.writeFileSync(path.join(repo, 'src', 'unrelated.ts'), 'export const unrelated = 1;\n');
    const list = path.join(dir, 'list.json');
    const bench = path.join(__dirname);
    execFileSync(process.execPath, ['--import', 'tsx', path.join(bench, 'parse-floor-list.ts'), repo, list]);
    const session = new AnalysisSession({ root: repo });
    await session.load({ fixes: false });
    const listed = JSON.parse(fs.readFileSync(list, 'utf8')) as {
      files: string[];
      options: Record<string, unknown>;
      texts: Record<string, string>;
    };
    assert.deepEqual(listed.files, session.programFiles().files);
    // The model call's file and its caller, not the file that neither calls nor is called; and the
    // standard declarations, whose texts the list carries (the audit holds them in memory).
    const workspace = listed.files.filter((file) => listed.texts[file] === undefined);
    assert.deepEqual(workspace.map((file) => path.relative(repo, file)).sort(), ['src/ask.ts', 'src/route.ts']);
    assert.deepEqual(listed.options.lib, ['lib.es2022.d.ts']);
    const standard = Object.keys(listed.texts).map((file) => path.basename(file));
    assert.ok(standard.includes('lib.es5.d.ts') && standard.includes('lib.es2015.promise.d.ts'), standard.join());
    assert.equal(standard.length, listed.files.length - 2);
    const printed = execFileSync(process.execPath, [path.join(bench, 'parse-floor.mjs'), list], { encoding: 'utf8' });
    const floor = JSON.parse(printed) as { files: number; bound: number; ms: number };
    assert.equal(floor.files, listed.files.length);
    assert.equal(floor.bound, listed.files.length);
    assert.ok(floor.ms >= 0);
    // The same two files through TypeScript 7's API (with its own standard declarations): every
    // tree read here, the server measured.
    const viaApi = JSON.parse(
      execFileSync(process.execPath, [path.join(bench, 'native-api-floor.mjs'), list], { encoding: 'utf8' }),
    ) as { files: number; nodes: number; openMs: number; walkMs: number; queryUs: number; serverRssMB: number | null };
    assert.ok(viaApi.files > 2, `${viaApi.files} files`);
    assert.ok(viaApi.nodes > 20, `${viaApi.nodes} nodes`);
    assert.ok(viaApi.queryUs > 0);
    if (fs.existsSync('/proc')) assert.ok((viaApi.serverRssMB ?? 0) > 0, 'the native process is measured');
  });

  it("adds a native API floor run's two processes' memory and leaves out its start-up", () => {
    const sample = {
      wallMs: 2500,
      cpuMs: 3000,
      loadBefore: 0.5,
      maxRssKb: 300 * 1024,
      exitCode: 0,
      stdout: '{"files":9,"nodes":90,"openMs":600,"walkMs":900,"queryUs":70,"rssMB":230,"serverRssMB":380}\n',
      stderr: '',
      rssMethod: 'gnu-time' as const,
    };
    const run = nativeFloorSample(sample);
    assert.equal(run.wallMs, 1500);
    assert.equal(run.maxRssKb, 610 * 1024);
    assert.ok(Number.isNaN(nativeFloorSample({ ...sample, stdout: 'not json' }).wallMs));
  });

  it("uses a repository's own root tsconfig as it is", () => {
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(repo);
    fs.writeFileSync(path.join(repo, 'tsconfig.json'), '{}');
    assert.deepEqual(tscProject(repo, path.join(dir, 'cache')), {
      project: path.join(repo, 'tsconfig.json'),
      generated: false,
    });
    assert.equal(fs.existsSync(path.join(dir, 'cache')), false);
  });

  it('writes a tsconfig outside a repository without one, over every TS/JS file but node_modules', () => {
    const repo = path.join(dir, 'server');
    fs.mkdirSync(path.join(repo, 'lib'), { recursive: true });
    const cache = path.join(dir, 'cache');
    const { project, generated } = tscProject(repo, cache);
    assert.equal(generated, true);
    assert.equal(path.dirname(project), cache);
    assert.deepEqual(fs.readdirSync(repo), ['lib']);
    const config = JSON.parse(fs.readFileSync(project, 'utf8')) as ReturnType<typeof generatedTsconfig>;
    assert.deepEqual(config, generatedTsconfig(repo));
    assert.deepEqual(config.include, [
      `${repo}/**/*.ts`,
      `${repo}/**/*.tsx`,
      `${repo}/**/*.mts`,
      `${repo}/**/*.cts`,
      `${repo}/**/*.js`,
      `${repo}/**/*.jsx`,
      `${repo}/**/*.mjs`,
      `${repo}/**/*.cjs`,
    ]);
    assert.deepEqual(config.exclude, [`${repo}/**/node_modules`]);
    const options = config.compilerOptions as Record<string, unknown>;
    assert.equal(options.allowJs, true);
    assert.equal(options.noEmit, true);
  });

  it('counts a tsc that reported type errors as done, a crash as not', () => {
    assert.deepEqual([0, 1, 2, 3, null].map(tscCompleted), [true, true, true, false, false]);
  });

  it('takes the best of the runs, ignoring runs that measured nothing', () => {
    assert.equal(best([3.2, 1.5, NaN, 2]), 1.5);
    assert.ok(Number.isNaN(best([NaN])));
  });

  it("accounts the process time no phase claims as 'startup + other'", () => {
    const file = path.join(dir, 'phases.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        phases: {
          read: 100,
          prefilter: 50,
          program: 400,
          detect: 200,
          callGraph: 50,
          facets: 100,
          rules: 20,
          fixes: 30,
          reporters: 50,
        },
        processMs: 1200,
      }),
    );
    const report = readPhaseReport(file);
    assert.ok(report);
    const rows = phaseRows(report);
    assert.deepEqual(
      rows.map((row) => [row.phase, row.ms]),
      [
        ['read', 100],
        ['prefilter', 50],
        ['program', 400],
        ['detect', 200],
        ['callGraph', 50],
        ['facets', 100],
        ['rules', 20],
        ['fixes', 30],
        ['reporters', 50],
        ['startup + other', 200],
      ],
    );
    assert.equal(rows[2].share, 400 / 1200);
    fs.writeFileSync(file, '{"phases":');
    assert.equal(readPhaseReport(file), undefined);
    assert.equal(readPhaseReport(path.join(dir, 'missing.json')), undefined);
  });

  it('edits the file with most direct calls, a wrapper-only caller and a file outside the program', () => {
    const calls = [
      { file: 'src/a.ts', site: 'sdk' },
      { file: 'src/b.ts', site: 'sdk' },
      { file: 'src/b.ts', site: 'http' },
      { file: 'src/b.ts', site: 'wrapper' },
      { file: 'src/c.ts', site: 'wrapper' },
    ];
    const scanned = ['src/z.ts', 'src/a.ts', 'src/types.d.ts', 'src/y.js', 'src/x.tsx', 'src/c.ts'];
    const included = new Set(['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/x.tsx']);
    assert.deepEqual(
      editTargets({ calls }, scanned, (file) => included.has(file)),
      { model: 'src/b.ts', caller: 'src/c.ts', plain: 'src/z.ts' },
    );
    assert.deepEqual(
      editTargets({ calls: [] }, [], () => false),
      { model: undefined, caller: undefined, plain: undefined },
    );
  });
});
