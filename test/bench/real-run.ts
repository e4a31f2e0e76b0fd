/**
 * Runs the real-repository benchmark on one repository (see real.ts) and formats the tables.
 * Audit and tsc runs alternate, so a busy stretch of the shared machine hits both alike; each
 * tool's best run is reported (wall and peak RSS), with the load average before each run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EditorResult, LatencyStats } from './editor';
import { ratio, seconds, table } from './format';
import { BENCH_CACHE, REPO_ROOT } from './generate';
import { measure, type Sample } from './measure';
import { best, type PhaseReport, phaseRows, readPhaseReport, tscCompleted, tscProject } from './real';

const EDITOR = path.join(__dirname, 'editor.ts');
const FLOOR_LIST = path.join(__dirname, 'parse-floor-list.ts');
const FLOOR = path.join(__dirname, 'parse-floor.mjs');
const NATIVE_FLOOR = path.join(__dirname, 'native-api-floor.mjs');

interface ToolRuns {
  wallMs: number[];
  rssKb: number[];
  cpuMs: number[];
  loads: number[];
  exitCodes: (number | null)[];
  bestWallMs: number;
  bestRssMb: number;
  ok: boolean;
  note?: string;
}

export interface RealResult {
  repo: string;
  name: string;
  tsconfig: { project: string; generated: boolean };
  filesScanned: number;
  filesParsed: number;
  calls: number;
  findings: number;
  audit: ToolRuns;
  tsc7: ToolRuns;
  /**
   * Reading, parsing and binding the audit's program files alone (parse-floor.mjs): what no audit
   * on the TypeScript 6 syntax tree can go below. Undefined when the list could not be made.
   */
  floor?: ToolRuns;
  /**
   * The same files loaded by TypeScript 7's API in its own process and every tree read here
   * (native-api-floor.mjs): the floor of an analyser moved onto that API. RSS is both processes'.
   */
  nativeFloor?: ToolRuns;
  wallRatio: number;
  rssRatio: number;
  /** Phases of the audit's best run. */
  phases?: PhaseReport;
  /** Another build of the CLI (`--baseline-cli`, say main's), measured in the same run. */
  baseline?: ToolRuns & { cli: string; wallRatio: number; rssRatio: number; phases?: PhaseReport };
  editor: EditorResult;
}

function toolRuns(samples: Sample[], ok: (sample: Sample) => boolean): ToolRuns {
  const bad = samples.find((sample) => !ok(sample));
  return {
    wallMs: samples.map((sample) => Math.round(sample.wallMs)),
    rssKb: samples.map((sample) => sample.maxRssKb),
    cpuMs: samples.map((sample) => Math.round(sample.cpuMs)),
    loads: samples.map((sample) => Math.round(sample.loadBefore * 10) / 10),
    exitCodes: samples.map((sample) => sample.exitCode),
    bestWallMs: best(samples.map((sample) => sample.wallMs)),
    bestRssMb: best(samples.map((sample) => sample.maxRssKb)) / 1024,
    ok: bad === undefined,
    ...(bad
      ? { note: `exit ${bad.exitCode}: ${bad.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}` }
      : {}),
  };
}

export async function realRepository(
  repo: string,
  options: { repeat: number; edits: number; cli: string; tsc: string; baselineCli?: string },
  log: (line: string) => void,
): Promise<RealResult> {
  const tsconfig = tscProject(repo, path.join(BENCH_CACHE, 'tsconfig'));
  log(
    `  tsc project: ${tsconfig.project}${tsconfig.generated ? ' (generated: the repository has no root tsconfig)' : ''}`,
  );
  const audits: Sample[] = [];
  const tscs: Sample[] = [];
  const phases: (PhaseReport | undefined)[] = [];
  const baselines: Sample[] = [];
  const baselinePhases: (PhaseReport | undefined)[] = [];
  const phaseFile = path.join(os.tmpdir(), `bench-phases-${process.pid}.json`);
  const runAudit = async (cli: string, into: (PhaseReport | undefined)[]): Promise<Sample> => {
    fs.rmSync(phaseFile, { force: true });
    const sample = await measure(process.execPath, [cli, '--format', 'json', '--fail-on', 'none', repo], {
      cwd: REPO_ROOT,
      env: { ...process.env, ORCHESTRATION_AUDIT_PHASES: phaseFile },
    });
    into.push(readPhaseReport(phaseFile));
    return sample;
  };
  for (let run = 0; run < options.repeat; run++) {
    const audit = await runAudit(options.cli, phases);
    audits.push(audit);
    log(`    run ${run + 1}/${options.repeat}: audit ${describe(audit)}`);
    if (options.baselineCli) {
      const baseline = await runAudit(options.baselineCli, baselinePhases);
      baselines.push(baseline);
      log(`    run ${run + 1}/${options.repeat}: base  ${describe(baseline)}`);
    }
    const tsc = await measure(options.tsc, ['--noEmit', '-p', tsconfig.project], { cwd: REPO_ROOT, keepStdout: false });
    tscs.push(tsc);
    log(`    run ${run + 1}/${options.repeat}: tsc7  ${describe(tsc)}`);
  }
  fs.rmSync(phaseFile, { force: true });
  const { floor, nativeFloor } = await floors(repo, options.repeat, log);
  const audit = toolRuns(audits, (sample) => sample.exitCode === 0);
  const tsc7 = toolRuns(tscs, (sample) => tscCompleted(sample.exitCode));
  const fastest = audits.findIndex((sample) => sample.wallMs === audit.bestWallMs);
  const baselineRuns = options.baselineCli ? toolRuns(baselines, (sample) => sample.exitCode === 0) : undefined;
  const baseline =
    baselineRuns && options.baselineCli
      ? {
          ...baselineRuns,
          cli: options.baselineCli,
          wallRatio: baselineRuns.bestWallMs / tsc7.bestWallMs,
          rssRatio: baselineRuns.bestRssMb / tsc7.bestRssMb,
          phases: baselinePhases[baselines.findIndex((sample) => sample.wallMs === baselineRuns.bestWallMs)],
        }
      : undefined;
  const report = parseReport(audits[0]?.stdout ?? '');
  log('  edit-time re-analysis...');
  const editor = await editTimes(repo, options.edits);
  return {
    repo,
    name: path.basename(repo),
    tsconfig,
    filesScanned: report.stats?.filesScanned ?? NaN,
    filesParsed: report.stats?.filesParsed ?? NaN,
    calls: report.calls?.length ?? NaN,
    findings: report.findings?.length ?? NaN,
    audit,
    tsc7,
    ...(floor ? { floor } : {}),
    ...(nativeFloor ? { nativeFloor } : {}),
    wallRatio: audit.bestWallMs / tsc7.bestWallMs,
    rssRatio: audit.bestRssMb / tsc7.bestRssMb,
    phases: phases[fastest],
    ...(baseline ? { baseline } : {}),
    editor,
  };
}

function parseReport(stdout: string): {
  stats?: { filesScanned?: number; filesParsed?: number };
  calls?: unknown[];
  findings?: unknown[];
} {
  try {
    return JSON.parse(stdout) as ReturnType<typeof parseReport>;
  } catch {
    return {};
  }
}

/**
 * The parse floor's runs and the native API floor's (see `RealResult.floor`, `nativeFloor`), on the
 * files an audit of `repo` parses.
 */
async function floors(
  repo: string,
  repeat: number,
  log: (line: string) => void,
): Promise<{ floor?: ToolRuns; nativeFloor?: ToolRuns }> {
  const list = path.join(os.tmpdir(), `bench-floor-${process.pid}.json`);
  try {
    const listed = await measure(process.execPath, ['--import', 'tsx', FLOOR_LIST, repo, list], { cwd: REPO_ROOT });
    if (listed.exitCode !== 0) {
      log(`    parse floor: no file list (${listed.stderr.trim().split('\n')[0] ?? ''})`);
      return {};
    }
    const parsed: Sample[] = [];
    const native: Sample[] = [];
    for (let run = 0; run < repeat; run++) {
      const sample = await measure(process.execPath, [FLOOR, list], { cwd: REPO_ROOT });
      // The floor's own time: reading, parsing and binding, without the process's start-up.
      const printed = Number((JSON.parse(sample.stdout.trim() || '{}') as { ms?: unknown }).ms);
      parsed.push({ ...sample, wallMs: Number.isFinite(printed) ? printed : NaN });
      log(`    run ${run + 1}/${repeat}: floor ${describe(sample)}, ${printed} ms reading, parsing and binding`);
      const viaApi = await measure(process.execPath, [NATIVE_FLOOR, list], { cwd: REPO_ROOT });
      native.push(nativeFloorSample(viaApi));
      log(
        `    run ${run + 1}/${repeat}: native API floor ${viaApi.stdout.trim() || viaApi.stderr.trim().split('\n')[0]}`,
      );
    }
    return {
      floor: toolRuns(parsed, (sample) => sample.exitCode === 0),
      nativeFloor: toolRuns(native, (sample) => sample.exitCode === 0 && Number.isFinite(sample.wallMs)),
    };
  } finally {
    fs.rmSync(list, { force: true });
  }
}

/**
 * A native API floor run as its own figures say: loading plus reading the trees (no process
 * start-up, as for the parse floor), and the peak RSS of both processes added, since the audit
 * would hold both (the process tree's peak counts only the largest one).
 */
export function nativeFloorSample(sample: Sample): Sample {
  let printed: { openMs?: unknown; walkMs?: unknown; rssMB?: unknown; serverRssMB?: unknown } = {};
  try {
    printed = JSON.parse(sample.stdout.trim() || '{}') as typeof printed;
  } catch {
    // Left NaN below: the run is reported as failed.
  }
  const wallMs = Number(printed.openMs) + Number(printed.walkMs);
  const rssMb = Number(printed.rssMB) + Number(printed.serverRssMB);
  return { ...sample, wallMs, maxRssKb: Number.isFinite(rssMb) ? rssMb * 1024 : sample.maxRssKb };
}

async function editTimes(repo: string, edits: number): Promise<EditorResult> {
  const sample = await measure(
    process.execPath,
    ['--import', 'tsx', EDITOR, '--dir', repo, '--auto', '--edits', String(edits)],
    { cwd: REPO_ROOT },
  );
  if (sample.exitCode !== 0)
    return { available: false, message: `exit ${sample.exitCode}: ${sample.stderr.trim().split('\n')[0] ?? ''}` };
  try {
    return JSON.parse(sample.stdout.trim().split('\n').pop() ?? '{}') as EditorResult;
  } catch {
    return { available: false, message: 'the editor benchmark printed no result' };
  }
}

function describe(sample: Sample): string {
  return `${seconds(sample.wallMs)} wall, ${seconds(sample.cpuMs)} CPU, ${Math.round(sample.maxRssKb / 1024)} MB (load ${sample.loadBefore.toFixed(1)} before, exit ${sample.exitCode})`;
}

export function formatRealResults(results: readonly RealResult[]): string {
  const lines: string[] = [];
  const runs = results[0]?.audit.wallMs.length ?? 0;
  lines.push(
    `Real repositories: full audit (--format json) vs native tsc --noEmit (TypeScript 7) on the same tree, best of ${runs} (wall and peak RSS)`,
  );
  lines.push(
    table(
      [
        'repository',
        'files',
        'included',
        'calls',
        'audit',
        'audit RSS',
        'tsc 7',
        'tsc 7 RSS',
        'wall ratio',
        'RSS ratio',
        'CPU ratio',
        'parse floor',
        'floor / tsc 7',
        'native API floor',
        'load',
      ],
      results.map((result) => {
        const loads = [...result.audit.loads, ...result.tsc7.loads];
        return [
          result.name,
          String(result.filesScanned),
          String(result.filesParsed),
          String(result.calls),
          seconds(result.audit.bestWallMs),
          `${result.audit.bestRssMb.toFixed(0)} MB`,
          seconds(result.tsc7.bestWallMs),
          `${result.tsc7.bestRssMb.toFixed(0)} MB`,
          ratio(result.wallRatio),
          ratio(result.rssRatio),
          ratio(best(result.audit.cpuMs) / best(result.tsc7.cpuMs)),
          result.floor?.ok ? `${seconds(result.floor.bestWallMs)}, ${result.floor.bestRssMb.toFixed(0)} MB` : '-',
          result.floor?.ok
            ? `${ratio(result.floor.bestWallMs / result.tsc7.bestWallMs)} wall, ${ratio(result.floor.bestRssMb / result.tsc7.bestRssMb)} RSS`
            : '-',
          result.nativeFloor?.ok
            ? `${seconds(result.nativeFloor.bestWallMs)}, ${result.nativeFloor.bestRssMb.toFixed(0)} MB (${ratio(result.nativeFloor.bestWallMs / result.tsc7.bestWallMs)}, ${ratio(result.nativeFloor.bestRssMb / result.tsc7.bestRssMb)})`
            : '-',
          `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`,
        ];
      }),
    ),
  );
  lines.push(
    'files = files the audit scanned; included = files it parsed into its program; CPU ratio = least user+system CPU of each (steadier than wall under load); load = 1-min load average before the runs.',
  );
  lines.push(
    'parse floor = reading, parsing and binding the included files alone with the TypeScript 6 compiler the audit is built on (test/bench/parse-floor.mjs; its time without the process start-up, its peak RSS with it): no audit on that syntax tree goes below it.',
  );
  lines.push(
    "native API floor = the same files loaded by TypeScript 7's API (typescript-native unstable/sync) in its own process and every tree read into Node (test/bench/native-api-floor.mjs): load + read time, RSS of both processes; ratios to tsc 7 in brackets.",
  );
  for (const result of results) {
    if (result.tsconfig.generated)
      lines.push(`  ${result.name}: no root tsconfig; tsc ran on ${result.tsconfig.project}`);
    if (!result.audit.ok)
      lines.push(`  WARNING ${result.name}: the audit did not succeed (${result.audit.note ?? ''})`);
    if (!result.tsc7.ok) lines.push(`  WARNING ${result.name}: tsc did not complete (${result.tsc7.note ?? ''})`);
  }

  const compared = results.filter((result) => result.baseline);
  if (compared.length > 0) {
    lines.push('');
    lines.push(`Against the baseline build (${compared[0].baseline?.cli ?? ''}), same runs, best of each`);
    lines.push(
      table(
        [
          'repository',
          'baseline',
          'baseline RSS',
          'this build',
          'this RSS',
          'tsc 7',
          'baseline/tsc wall',
          'this/tsc wall',
          'baseline/tsc RSS',
          'this/tsc RSS',
        ],
        compared.map((result) => {
          const base = result.baseline as NonNullable<RealResult['baseline']>;
          return [
            result.name,
            seconds(base.bestWallMs),
            `${base.bestRssMb.toFixed(0)} MB`,
            seconds(result.audit.bestWallMs),
            `${result.audit.bestRssMb.toFixed(0)} MB`,
            seconds(result.tsc7.bestWallMs),
            ratio(base.wallRatio),
            ratio(result.wallRatio),
            ratio(base.rssRatio),
            ratio(result.rssRatio),
          ];
        }),
      ),
    );
  }

  const withPhases = results.filter((result) => result.phases);
  if (withPhases.length > 0) {
    lines.push('');
    lines.push("Where the audit's time goes (its best run), ms and share of the process time");
    const names = phaseRows(withPhases[0].phases as PhaseReport).map((row) => row.phase);
    lines.push(
      table(
        ['phase', ...withPhases.map((result) => result.name)],
        names.map((phase) => [
          phase,
          ...withPhases.map((result) => {
            const row = phaseRows(result.phases as PhaseReport).find((candidate) => candidate.phase === phase);
            return row ? `${Math.round(row.ms)} (${(row.share * 100).toFixed(0)}%)` : '-';
          }),
        ]),
      ),
    );
    lines.push(
      'callGraph = caller queries and wrapper sites (their checker work included); program = parse, bind, resolve; the checker works lazily inside detect, callGraph and facets.',
    );
  }

  lines.push('');
  lines.push(
    'Edit-time re-analysis (AnalysisSession.update after load), per edited file: p50 / p95 / max; then, after the edits pause, the files it affects (refreshDependents)',
  );
  lines.push(
    table(
      [
        'repository',
        'load',
        'warm-up',
        'provider file',
        'its dependents',
        'calls a wrapper',
        'its dependents',
        'unrelated',
        'files edited',
      ],
      results.map((result) => {
        const editor = result.editor;
        if (!editor.available) return [result.name, '-', '-', editor.message, '', '', '', '', ''];
        const stats = (s: { p50Ms: number; p95Ms: number; maxMs: number } | undefined): string =>
          s ? `${s.p50Ms} / ${s.p95Ms} / ${s.maxMs} ms` : '-';
        const dependents = (s: LatencyStats | undefined): string =>
          s?.dependents ? `${stats(s.dependents)} (${s.dependents.files} files)` : '-';
        return [
          result.name,
          seconds(editor.loadMs),
          seconds(editor.warmUpMs),
          stats(editor.model),
          dependents(editor.model),
          stats(editor.caller),
          dependents(editor.caller),
          stats(editor.plain),
          [editor.file.model, editor.file.caller ?? '-', editor.file.plain].join(', '),
        ];
      }),
    ),
  );
  lines.push(
    'Targets (issue 15): p95 <= 50 ms on a provider file, <= 20 ms on a file calling a wrapper, <= 10 ms unrelated.',
  );
  return lines.join('\n');
}
