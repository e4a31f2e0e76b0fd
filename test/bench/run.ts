/**
 * The performance benchmarks (issue 5). Run with `npm run bench` (builds dist/cli.js first), or
 *
 *   npx tsx test/bench/run.ts [options]
 *
 * Options:
 *   --sizes 500,2000,8000   workspace sizes (files) to compare audit vs tsc 7 vs the TS 6 checker
 *   --repeat 3              runs per tool and size (median reported); sizes >= --large run --repeat-large times
 *   --repeat-large 1        runs per tool for large sizes
 *   --large 8000            from this size on, a workspace counts as large
 *   --seed 1 --share 0.05   generator seed and share of model-call files
 *   --editor-size 2000      workspace for the editor latency benchmark; --edits 200 per file
 *   --scaling-sizes 500,1000,2000,4000,8000   audit time against total files (share fixed)
 *   --scaling-shares 0,0.01,0.025,0.05,0.1,0.2  audit time against model-call files (size fixed)
 *   --scaling-size 2000     size for the share series
 *   --no-compare --no-editor --no-scaling     skip a part
 *   --profile               also CPU-profile one audit of the editor-size workspace and summarise it
 *   --quick                 small and fast: sizes 500, 1 run, editor on 500 (50 edits), short series
 *   --real                  real repositories only (skips the generated workspaces): the corpus beside
 *                           the project (../shared/corpus-dev/repos/*) and any folder given as an argument
 *   --no-real               skip the real repositories (the default run includes them)
 *   --real-repeat 3         runs per tool and repository (best of them reported)
 *   --real-edits 100        edits per file of the edit-time benchmark on each repository
 *   --baseline-cli <file>   another build of dist/cli.js (say main's) audited in the same runs, for before/after
 *   [folder ...]            more real repositories (implies --real unless generated sizes are given)
 *   --out bench-results.json
 *
 * Prints tables on stdout and writes bench-results.json (machine, options, every sample).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { EditorResult } from './editor';
import {
  BENCH_CACHE,
  DEFAULT_SEED,
  DEFAULT_SHARE,
  REPO_ROOT,
  type WorkspaceManifest,
  generateWorkspace,
} from './generate';
import { type Sample, measure, median, rssMethod } from './measure';
import { formatProfileSummary, newestProfile, summarizeProfile, type ProfileSummary } from './profile-summary';
import { NATIVE_TSC } from '../helpers/native-tsc';
import { ratio, seconds, table } from './format';
import { formatRealResults, type RealResult, realRepository } from './real-run';
import { corpusRepositories } from './real';

interface Options {
  sizes: number[];
  repeat: number;
  repeatLarge: number;
  large: number;
  seed: number;
  share: number;
  compare: boolean;
  editor: boolean;
  editorSize: number;
  edits: number;
  scaling: boolean;
  scalingSizes: number[];
  scalingShares: number[];
  scalingSize: number;
  profile: boolean;
  out: string;
  quick: boolean;
  real: boolean;
  generated: boolean;
  realRepos: string[];
  realRepeat: number;
  realEdits: number;
  baselineCli?: string;
}

/** Options without a value. */
const FLAGS = new Set(['--quick', '--no-compare', '--no-editor', '--no-scaling', '--profile', '--real', '--no-real']);

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const TSC7 = NATIVE_TSC;
const TS6_CHECK = path.join(__dirname, 'ts6-check.mjs');
const EDITOR = path.join(__dirname, 'editor.ts');

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    if (index < 0) return undefined;
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value`);
    return next;
  };
  const list = (name: string): number[] | undefined => value(name)?.split(',').map(Number);
  const quick = argv.includes('--quick');
  const valued = new Set(
    argv.flatMap((arg, index) => (arg.startsWith('--') && !FLAGS.has(arg) ? [index, index + 1] : [])),
  );
  const folders = argv.filter((arg, index) => !arg.startsWith('--') && !valued.has(index));
  const realOnly = argv.includes('--real') || (folders.length > 0 && !argv.includes('--sizes'));
  const options: Options = {
    sizes: list('sizes') ?? (quick ? [500] : [500, 2000, 8000]),
    repeat: Number(value('repeat') ?? (quick ? 1 : 3)),
    repeatLarge: Number(value('repeat-large') ?? 1),
    large: Number(value('large') ?? 8000),
    seed: Number(value('seed') ?? DEFAULT_SEED),
    share: Number(value('share') ?? DEFAULT_SHARE),
    compare: !argv.includes('--no-compare'),
    editor: !argv.includes('--no-editor'),
    editorSize: Number(value('editor-size') ?? (quick ? 500 : 2000)),
    edits: Number(value('edits') ?? (quick ? 50 : 200)),
    scaling: !argv.includes('--no-scaling'),
    scalingSizes: list('scaling-sizes') ?? (quick ? [250, 500, 1000] : [500, 1000, 2000, 4000, 8000]),
    scalingShares: list('scaling-shares') ?? (quick ? [0.01, 0.05, 0.1] : [0, 0.01, 0.025, 0.05, 0.1, 0.2]),
    scalingSize: Number(value('scaling-size') ?? (quick ? 500 : 2000)),
    profile: argv.includes('--profile'),
    out: path.resolve(REPO_ROOT, value('out') ?? 'bench-results.json'),
    quick,
    real: !argv.includes('--no-real'),
    generated: !realOnly,
    realRepos: [...corpusRepositories(REPO_ROOT), ...folders.map((folder) => path.resolve(folder))],
    realRepeat: Number(value('real-repeat') ?? (quick ? 1 : 3)),
    realEdits: Number(value('real-edits') ?? (quick ? 30 : 100)),
    baselineCli: value('baseline-cli') && path.resolve(value('baseline-cli') as string),
  };
  for (const size of [...options.sizes, ...options.scalingSizes, options.editorSize, options.scalingSize]) {
    if (!Number.isInteger(size) || size < 50) throw new Error(`invalid size ${size}`);
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface ToolRun {
  samples: { wallMs: number; cpuMs: number; maxRssKb: number; exitCode: number | null; loadBefore: number }[];
  medianMs: number;
  /** User + system CPU (tsc 7 runs several threads, so this can exceed the wall time). */
  medianCpuMs: number;
  medianRssMb: number;
  ok: boolean;
  note?: string;
}

interface AuditInfo {
  calls: number;
  findings: number;
  filesScanned: number;
  filesParsed: number;
  internalMs: number;
}

interface SizeResult {
  files: number;
  dir: string;
  manifest: Omit<WorkspaceManifest, 'generator' | 'recipes' | 'countsByKind' | 'editor'>;
  audit: ToolRun & { info?: AuditInfo };
  tsc7: ToolRun;
  ts6: ToolRun & { version?: string; programFiles?: number; diagnostics?: number };
  ratios: {
    auditVsTsc7Time: number;
    auditVsTsc7Rss: number;
    auditVsTs6Time: number;
    auditVsTs6Rss: number;
    auditVsTsc7Cpu: number;
    auditVsTs6Cpu: number;
  };
}

function summarise(samples: Sample[], ok: (sample: Sample) => boolean): ToolRun {
  const bad = samples.find((sample) => !ok(sample));
  return {
    samples: samples.map((sample) => ({
      wallMs: Math.round(sample.wallMs),
      cpuMs: Math.round(sample.cpuMs),
      maxRssKb: sample.maxRssKb,
      exitCode: sample.exitCode,
      loadBefore: Math.round(sample.loadBefore * 100) / 100,
    })),
    medianMs: median(samples.map((sample) => sample.wallMs)),
    medianCpuMs: median(samples.map((sample) => sample.cpuMs)),
    medianRssMb: median(samples.map((sample) => sample.maxRssKb)) / 1024,
    ok: bad === undefined,
    ...(bad
      ? {
          note: `exit ${bad.exitCode}: ${(bad.stderr || bad.stdout).trim().split('\n').slice(0, 5).join(' | ').slice(0, 400)}`,
        }
      : {}),
  };
}

function auditArgs(dir: string): string[] {
  return [CLI, '--format', 'json', '--fail-on', 'none', dir];
}

function auditInfo(sample: Sample): AuditInfo | undefined {
  try {
    const report = JSON.parse(sample.stdout) as {
      calls?: unknown[];
      findings?: unknown[];
      stats?: { filesScanned?: number; filesParsed?: number; ms?: number };
    };
    return {
      calls: report.calls?.length ?? 0,
      findings: report.findings?.length ?? 0,
      filesScanned: report.stats?.filesScanned ?? NaN,
      filesParsed: report.stats?.filesParsed ?? NaN,
      internalMs: report.stats?.ms ?? NaN,
    };
  } catch {
    return undefined;
  }
}

async function compareSize(files: number, options: Options, log: (line: string) => void): Promise<SizeResult> {
  const workspace = generateWorkspace({ files, seed: options.seed, share: options.share });
  const { dir, manifest } = workspace;
  log(
    `  workspace ${path.relative(REPO_ROOT, dir)} (${workspace.generated ? 'generated' : 'cached'}): ${manifest.files} files, ` +
      `${manifest.lines} lines, ${manifest.modelFiles} model-call files, ${manifest.modelCalls} calls`,
  );
  const repeat = files >= options.large ? options.repeatLarge : options.repeat;
  const audits: Sample[] = [];
  const tsc7s: Sample[] = [];
  const ts6s: Sample[] = [];
  // Interleaved, so a slow patch of the machine hits every tool alike.
  for (let run = 0; run < repeat; run++) {
    const audit = await measure(process.execPath, auditArgs(dir), { cwd: REPO_ROOT });
    audits.push(audit);
    log(`    run ${run + 1}/${repeat}: audit ${describeSample(audit)}`);
    const tsc = await measure(TSC7, ['--noEmit', '-p', dir], { cwd: REPO_ROOT });
    tsc7s.push(tsc);
    log(`    run ${run + 1}/${repeat}: tsc7  ${describeSample(tsc)}`);
    const ts6 = await measure(process.execPath, [TS6_CHECK, dir], { cwd: REPO_ROOT });
    ts6s.push(ts6);
    log(`    run ${run + 1}/${repeat}: ts6   ${describeSample(ts6)}`);
  }
  const audit = { ...summarise(audits, (sample) => sample.exitCode === 0), info: auditInfo(audits[0]) };
  const tsc7 = summarise(tsc7s, (sample) => sample.exitCode === 0);
  let ts6Info: { version?: string; files?: number; diagnostics?: number } = {};
  try {
    ts6Info = JSON.parse(ts6s[0].stdout.trim().split('\n').pop() ?? '{}') as typeof ts6Info;
  } catch {
    // reported through ok/note
  }
  const ts6 = {
    ...summarise(ts6s, (sample) => sample.exitCode === 0),
    version: ts6Info.version,
    programFiles: ts6Info.files,
    diagnostics: ts6Info.diagnostics,
  };
  return {
    files,
    dir,
    manifest: {
      files: manifest.files,
      seed: manifest.seed,
      share: manifest.share,
      modelFiles: manifest.modelFiles,
      modelCalls: manifest.modelCalls,
      directCallers: manifest.directCallers,
      lines: manifest.lines,
      bytes: manifest.bytes,
    },
    audit,
    tsc7,
    ts6,
    ratios: {
      auditVsTsc7Time: audit.medianMs / tsc7.medianMs,
      auditVsTsc7Rss: audit.medianRssMb / tsc7.medianRssMb,
      auditVsTs6Time: audit.medianMs / ts6.medianMs,
      auditVsTs6Rss: audit.medianRssMb / ts6.medianRssMb,
      auditVsTsc7Cpu: audit.medianCpuMs / tsc7.medianCpuMs,
      auditVsTs6Cpu: audit.medianCpuMs / ts6.medianCpuMs,
    },
  };
}

interface ScalingPoint {
  files: number;
  share: number;
  modelFiles: number;
  modelCalls: number;
  filesParsed: number;
  auditMs: number;
  auditCpuMs: number;
  auditRssMb: number;
  runs: number;
}

async function scalingPoint(
  files: number,
  share: number,
  options: Options,
  reuse: SizeResult[],
  log: (line: string) => void,
): Promise<ScalingPoint> {
  const reused = reuse.find(
    (result) => result.files === files && result.manifest.share === share && result.manifest.seed === options.seed,
  );
  if (reused) {
    return {
      files,
      share,
      modelFiles: reused.manifest.modelFiles,
      modelCalls: reused.manifest.modelCalls,
      filesParsed: reused.audit.info?.filesParsed ?? NaN,
      auditMs: reused.audit.medianMs,
      auditCpuMs: reused.audit.medianCpuMs,
      auditRssMb: reused.audit.medianRssMb,
      runs: reused.audit.samples.length,
    };
  }
  const { dir, manifest } = generateWorkspace({ files, seed: options.seed, share });
  const sample = await measure(process.execPath, auditArgs(dir), { cwd: REPO_ROOT });
  const info = auditInfo(sample);
  log(`    ${files} files, share ${pct(share)}: audit ${describeSample(sample)}, ${info?.filesParsed ?? '?'} parsed`);
  if (sample.exitCode !== 0) log(`      audit exited ${sample.exitCode}: ${sample.stderr.trim().split('\n')[0] ?? ''}`);
  return {
    files,
    share,
    modelFiles: manifest.modelFiles,
    modelCalls: manifest.modelCalls,
    filesParsed: info?.filesParsed ?? NaN,
    auditMs: sample.wallMs,
    auditCpuMs: sample.cpuMs,
    auditRssMb: sample.maxRssKb / 1024,
    runs: 1,
  };
}

async function editorBenchmark(options: Options, log: (line: string) => void): Promise<EditorResult & { dir: string }> {
  const { dir, manifest } = generateWorkspace({ files: options.editorSize, seed: options.seed, share: options.share });
  const { modelFile, callerFile, plainFile } = manifest.editor;
  log(
    `  workspace ${path.relative(REPO_ROOT, dir)}; editing ${modelFile} (model calls), ${callerFile} (calls a wrapper), ${plainFile} (unrelated)`,
  );
  const sample = await measure(
    process.execPath,
    [
      '--import',
      'tsx',
      EDITOR,
      '--dir',
      dir,
      '--model-file',
      modelFile,
      '--caller-file',
      callerFile,
      '--plain-file',
      plainFile,
      '--edits',
      String(options.edits),
    ],
    { cwd: REPO_ROOT },
  );
  if (sample.exitCode !== 0) {
    return {
      dir,
      available: false,
      message: `editor benchmark failed (exit ${sample.exitCode}): ${sample.stderr.trim().split('\n').slice(0, 3).join(' | ')}`,
    };
  }
  const result = JSON.parse(sample.stdout.trim().split('\n').pop() ?? '{}') as EditorResult;
  return { dir, ...result };
}

/**
 * Profiles one audit. It runs a private copy of the bundle (dist/ may be rebuilt by someone else
 * while the profile is summarised) whose source map names the sources by absolute path.
 */
async function profileAudit(
  options: Options,
  log: (line: string) => void,
): Promise<ProfileSummary | { error: string }> {
  const { dir } = generateWorkspace({ files: options.editorSize, seed: options.seed, share: options.share });
  const profileDir = path.join(REPO_ROOT, '.cache', 'prof');
  fs.mkdirSync(profileDir, { recursive: true });
  // dist/cli.js is the launcher; the analyser runs in dist/cli-main.js, which the profile names.
  const snapshot = path.join(profileDir, 'cli.js');
  fs.copyFileSync(CLI, snapshot);
  const main = path.join(path.dirname(CLI), 'cli-main.js');
  const map = JSON.parse(fs.readFileSync(`${main}.map`, 'utf8')) as { sources: string[]; sourceRoot?: string };
  map.sources = map.sources.map((source) => path.resolve(path.dirname(main), map.sourceRoot ?? '', source));
  delete map.sourceRoot;
  const bundle = fs
    .readFileSync(main, 'utf8')
    .replace(/\/\/# sourceMappingURL=.*$/m, '//# sourceMappingURL=cli-main.js.map');
  fs.writeFileSync(path.join(profileDir, 'cli-main.js'), bundle);
  fs.writeFileSync(path.join(profileDir, 'cli-main.js.map'), JSON.stringify(map));
  const started = Date.now();
  const sample = await measure(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, snapshot, '--format', 'json', '--fail-on', 'none', dir],
    {
      cwd: REPO_ROOT,
      keepStdout: false,
    },
  );
  log(`  profiled audit of ${path.relative(REPO_ROOT, dir)}: ${seconds(sample.wallMs)} (with profiler)`);
  if (sample.exitCode !== 0)
    return { error: `audit exited ${sample.exitCode}: ${sample.stderr.trim().split('\n')[0] ?? ''}` };
  const profile = newestProfile(profileDir);
  if (fs.statSync(profile).mtimeMs < started) return { error: 'no new .cpuprofile was written' };
  return summarizeProfile(profile, 25);
}

// ---------------------------------------------------------------------------------------------
// Formatting

function describeSample(sample: Sample): string {
  return `${seconds(sample.wallMs)} wall, ${seconds(sample.cpuMs)} CPU, ${mb(sample.maxRssKb)} (load ${sample.loadBefore.toFixed(1)} before)`;
}

function mb(kb: number): string {
  return `${Math.round(kb / 1024)} MB`;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(share * 100 < 10 && (share * 100) % 1 !== 0 ? 1 : 0)}%`;
}

function machineInfo(): Record<string, unknown> {
  const cpus = os.cpus();
  let tsc7Version = 'unknown';
  try {
    tsc7Version = execFileSync(TSC7, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // keep unknown
  }
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    tsc7: tsc7Version,
    rssMethod: rssMethod(),
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Activation is measured inside VS Code by the extension-host suite (test/vscode/suite/extension.test.ts),
 * which records it in test-results/vscode.json; the benchmark reports the latest figure.
 */
function lastActivation(): {
  activationMs: number;
  activationBundleMs: number;
  activationActivateMs: number;
  measuredAt: string;
} | null {
  const file = path.join(REPO_ROOT, 'test-results', 'vscode.json');
  try {
    const metrics = (JSON.parse(fs.readFileSync(file, 'utf8')) as { metrics?: Record<string, number> }).metrics ?? {};
    if (typeof metrics.activationMs !== 'number') return null;
    return {
      activationMs: metrics.activationMs,
      activationBundleMs: metrics.activationBundleMs ?? NaN,
      activationActivateMs: metrics.activationActivateMs ?? NaN,
      measuredAt: fs.statSync(file).mtime.toISOString(),
    };
  } catch {
    return null;
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    const header = /^\/\*\*([\s\S]*?)\*\//.exec(fs.readFileSync(__filename, 'utf8'))?.[1] ?? '';
    process.stdout.write(`${header.replace(/^ \* ?/gm, '').trim()}\n`);
    return;
  }
  const options = parseOptions(argv);
  if (!fs.existsSync(CLI))
    throw new Error(`${path.relative(REPO_ROOT, CLI)} is missing: run \`node esbuild.js\` (npm run bench does).`);
  const started = performance.now();
  const machine = machineInfo();
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  // The CLI's V8 code cache (src/cli/launch.ts), in a folder of the bench's own, emptied first: the
  // first audit compiles without it and writes it, the later ones use it, as on a user's machine.
  const codeCache = path.join(BENCH_CACHE, 'code-cache');
  fs.rmSync(codeCache, { recursive: true, force: true });
  process.env.ORCHESTRATION_AUDIT_CODE_CACHE = codeCache;
  const print = (line = ''): void => {
    process.stdout.write(`${line}\n`);
  };
  print(
    `Machine: ${String(machine.cpuModel)}, ${String(machine.cores)} cores, ${String(machine.memoryGb)} GB; node ${process.version}; ` +
      `${String(machine.tsc7)}; peak RSS via ${String(machine.rssMethod)}`,
  );
  const results: Record<string, unknown> = {
    machine,
    options: { ...options, out: path.relative(REPO_ROOT, options.out) },
    startedAt: new Date().toISOString(),
  };
  const writeResults = (): void => {
    results.durationMs = Math.round(performance.now() - started);
    fs.writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  };

  const sizeResults: SizeResult[] = [];
  if (options.generated && options.compare) {
    for (const files of options.sizes) {
      log(`Comparing on ${files} files...`);
      sizeResults.push(await compareSize(files, options, log));
      results.sizes = sizeResults;
      writeResults();
    }
    print();
    print(
      `Full audit vs native tsc --noEmit (TypeScript 7) vs ts.createProgram + getPreEmitDiagnostics (TypeScript ${sizeResults[0]?.ts6.version ?? '6'}, bundled by ts-morph)`,
    );
    print(
      `Wall time and peak RSS, median of the runs; share of model-call files ${pct(options.share)}, seed ${options.seed}`,
    );
    print(
      table(
        [
          'files',
          'model files',
          'calls found',
          'included',
          'runs',
          'audit',
          'audit RSS',
          'tsc7',
          'tsc7 RSS',
          'ts6',
          'ts6 RSS',
          'audit/tsc7 time',
          'audit/tsc7 RSS',
          'audit/ts6 time',
          'audit/ts6 RSS',
        ],
        sizeResults.map((result) => [
          String(result.files),
          String(result.manifest.modelFiles),
          `${result.audit.info?.calls ?? '?'}/${result.manifest.modelCalls}`,
          String(result.audit.info?.filesParsed ?? '?'),
          String(result.audit.samples.length),
          seconds(result.audit.medianMs),
          `${result.audit.medianRssMb.toFixed(0)} MB`,
          seconds(result.tsc7.medianMs),
          `${result.tsc7.medianRssMb.toFixed(0)} MB`,
          seconds(result.ts6.medianMs),
          `${result.ts6.medianRssMb.toFixed(0)} MB`,
          ratio(result.ratios.auditVsTsc7Time),
          ratio(result.ratios.auditVsTsc7Rss),
          ratio(result.ratios.auditVsTs6Time),
          ratio(result.ratios.auditVsTs6Rss),
        ]),
      ),
    );
    print('Targets (2000 files): audit/tsc7 time <= 1.00x, audit/tsc7 RSS <= 1.00x, audit/ts6 time <= 0.25x.');
    print(
      "calls found = the audit's calls / the calls the generator wrote; included = the audit's stats.filesParsed (files it added itself;",
    );
    print('the program also pulls in the files those import, and the SDK typings: see "program after load()" below).');
    print();
    print(
      'CPU time (user + system, median; tsc 7 checks on several threads) and machine load (1-min load average before each run)',
    );
    print(
      table(
        [
          'files',
          'audit CPU',
          'tsc7 CPU',
          'ts6 CPU',
          'audit/tsc7 CPU',
          'audit/ts6 CPU',
          'load min',
          'load max',
          'audit wall (all runs)',
        ],
        sizeResults.map((result) => {
          const loads = [result.audit, result.tsc7, result.ts6].flatMap((run) =>
            run.samples.map((sample) => sample.loadBefore),
          );
          return [
            String(result.files),
            seconds(result.audit.medianCpuMs),
            seconds(result.tsc7.medianCpuMs),
            seconds(result.ts6.medianCpuMs),
            ratio(result.ratios.auditVsTsc7Cpu),
            ratio(result.ratios.auditVsTs6Cpu),
            Math.min(...loads).toFixed(1),
            Math.max(...loads).toFixed(1),
            result.audit.samples.map((sample) => (sample.wallMs / 1000).toFixed(2)).join(' / '),
          ];
        }),
      ),
    );
    const busiest = Math.max(
      ...sizeResults.flatMap((result) =>
        [result.audit, result.tsc7, result.ts6].flatMap((run) => run.samples.map((sample) => sample.loadBefore)),
      ),
    );
    const cores = os.cpus().length;
    if (busiest > cores + 1) {
      print(
        `NOTE: the 1-min load average reached ${busiest.toFixed(1)} on ${cores} cores: other work was running, so wall times are noisy; CPU times are steadier.`,
      );
    }
    for (const result of sizeResults) {
      for (const [name, run] of [
        ['audit', result.audit],
        ['tsc7', result.tsc7],
        ['ts6', result.ts6],
      ] as const) {
        if (!run.ok) print(`WARNING ${result.files} files: ${name} did not succeed (${run.note ?? ''})`);
      }
      if (result.ts6.diagnostics)
        print(
          `WARNING ${result.files} files: the workspace has ${result.ts6.diagnostics} TS 6 diagnostics (should type-check cleanly)`,
        );
    }
  }

  if (options.generated && options.editor) {
    log(`Editor latency on ${options.editorSize} files...`);
    const editor = await editorBenchmark(options, log);
    results.editor = editor;
    writeResults();
    print();
    if (!editor.available) {
      print(`Editor latency: ${editor.message}`);
    } else {
      print(
        `Editor latency: AnalysisSession on ${options.editorSize} files; load() ${seconds(editor.loadMs)}, warm-up ${seconds(editor.warmUpMs)}, RSS ${editor.rssAfterLoadMb} MB after load, ` +
          `${editor.rssAfterEditsMb} MB after the edits`,
      );
      print(
        table(
          ['file', 'edits', 'p50', 'p95', 'max', 'mean', 'first', 'target p95'],
          [
            ['with model calls', editor.model, '50 ms'],
            ...(editor.caller ? [['without, calls a wrapper', editor.caller, '10 ms']] : []),
            ['without, unrelated', editor.plain, '10 ms'],
          ].map(([label, stats, target]) => {
            const s = stats as Exclude<EditorResult, { available: false }>['model'];
            return [
              label as string,
              String(s.edits),
              `${s.p50Ms} ms`,
              `${s.p95Ms} ms`,
              `${s.maxMs} ms`,
              `${s.meanMs} ms`,
              `${s.firstMs} ms`,
              target as string,
            ];
          }),
        ),
      );
      print(`  files: ${[editor.file.model, editor.file.caller, editor.file.plain].filter(Boolean).join(', ')}`);
      if (editor.program) {
        const p = editor.program;
        print(
          `  program after load(): ${p.files} files = ${p.workspaceFiles} of the ${options.editorSize} workspace files + ` +
            `${p.nodeModulesFiles} node_modules declaration files (${p.nodeModulesMb} MB; ${p.topPackages.map((pkg) => `${pkg.name} ${pkg.files}`).join(', ')})`,
        );
      }
    }
  }

  if (options.generated && options.scaling) {
    log('Scaling series...');
    const bySize: ScalingPoint[] = [];
    for (const files of options.scalingSizes)
      bySize.push(await scalingPoint(files, options.share, options, sizeResults, log));
    const byShare: ScalingPoint[] = [];
    for (const share of options.scalingShares)
      byShare.push(await scalingPoint(options.scalingSize, share, options, sizeResults, log));
    results.scaling = { bySize, byShare };
    writeResults();
    const rows = (points: ScalingPoint[]): string[][] =>
      points.map((point, index) => {
        const previous = index > 0 ? points[index - 1] : undefined;
        // Growth exponent between consecutive points: 1 = linear in files, 0 = flat.
        const exponent =
          previous && point.files !== previous.files
            ? Math.log(point.auditMs / previous.auditMs) / Math.log(point.files / previous.files)
            : previous && point.modelFiles > 0 && previous.modelFiles > 0
              ? Math.log(point.auditMs / previous.auditMs) / Math.log(point.modelFiles / previous.modelFiles)
              : NaN;
        return [
          String(point.files),
          pct(point.share),
          String(point.modelFiles),
          String(point.modelCalls),
          String(point.filesParsed),
          seconds(point.auditMs),
          seconds(point.auditCpuMs),
          `${point.auditRssMb.toFixed(0)} MB`,
          point.modelFiles > 0 ? `${(point.auditMs / point.modelFiles).toFixed(0)} ms` : '-',
          `${(point.auditMs / point.files).toFixed(2)} ms`,
          Number.isFinite(exponent) ? exponent.toFixed(2) : '-',
          String(point.runs),
        ];
      });
    const headers = [
      'files',
      'share',
      'model files',
      'calls',
      'included',
      'audit',
      'CPU',
      'RSS',
      'per model file',
      'per file',
      'growth exp.',
      'runs',
    ];
    print();
    print(
      `Scaling with total files (share ${pct(options.share)}); growth exp. = d log(time) / d log(files) from the previous row`,
    );
    print(table(headers, rows(bySize)));
    print();
    print(
      `Scaling with model-call files (${options.scalingSize} files); growth exp. = d log(time) / d log(model files)`,
    );
    print(table(headers, rows(byShare)));
  }

  if (options.generated && options.profile) {
    log('CPU profile...');
    const summary = await profileAudit(options, log);
    results.profile = summary;
    writeResults();
    print();
    print('error' in summary ? `Profile failed: ${summary.error}` : formatProfileSummary(summary));
  }

  if (options.real) {
    const realResults: RealResult[] = [];
    for (const repo of options.realRepos) {
      log(`Real repository ${repo}...`);
      realResults.push(
        await realRepository(
          repo,
          {
            repeat: options.realRepeat,
            edits: options.realEdits,
            cli: CLI,
            tsc: TSC7,
            baselineCli: options.baselineCli,
          },
          log,
        ),
      );
      results.real = realResults;
      writeResults();
    }
    print();
    print(realResults.length > 0 ? formatRealResults(realResults) : 'Real repositories: none found.');
  }

  const activation = lastActivation();
  results.activation = activation;
  print();
  print(
    activation
      ? `Activation (extension-host suite in code-server, run ${activation.measuredAt}): ${activation.activationMs} ms from loading the bundle to activate() returning ` +
          `(bundle ${activation.activationBundleMs} + activate() ${activation.activationActivateMs}); target <= 100 ms`
      : 'Activation: not measured yet; `npm run test:vscode` measures it (test-results/vscode.json).',
  );

  writeResults();
  print();
  print(`Wrote ${path.relative(REPO_ROOT, options.out)} in ${seconds(performance.now() - started)}.`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
