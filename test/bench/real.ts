/**
 * The real-repository mode of the benchmark (issue 15): the full CLI audit against TypeScript 7's
 * `tsc --noEmit` on the same tree, where the time of the audit goes by phase, and edit-time
 * re-analysis on files the audit picks from its own report. The repositories are only read: the
 * audit reads their sources, tsc type-checks them (no emit), nothing of theirs is built or run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Phase } from '../../src/core/phases';

/** The development corpus (read-only), beside the project: `../shared/corpus-dev/repos/*`. */
export function corpusRepositories(repoRoot: string): string[] {
  const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus-dev', 'repos');
  try {
    return fs
      .readdirSync(corpus, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(corpus, entry.name))
      .sort();
  } catch {
    return [];
  }
}

/** File extensions tsc takes with `allowJs` (declaration files come with `.ts`). */
const SOURCE_EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];

/**
 * The tsc project for a repository: its root `tsconfig.json` as it is (what its developers
 * type-check), else a tsconfig written outside the repository (under `cacheDir`) that includes
 * every TS/JS file of the tree but `node_modules`, with `allowJs`, as the audit reads them.
 */
export function tscProject(repo: string, cacheDir: string): { project: string; generated: boolean } {
  const own = path.join(repo, 'tsconfig.json');
  if (fs.existsSync(own)) return { project: own, generated: false };
  fs.mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `tsconfig.${path.basename(repo)}.json`);
  fs.writeFileSync(file, `${JSON.stringify(generatedTsconfig(repo), null, 2)}\n`);
  return { project: file, generated: true };
}

export function generatedTsconfig(repo: string): Record<string, unknown> {
  const root = path.resolve(repo).split(path.sep).join('/');
  return {
    compilerOptions: {
      allowJs: true,
      checkJs: false,
      noEmit: true,
      skipLibCheck: true,
      target: 'es2022',
      module: 'preserve',
      moduleResolution: 'bundler',
      jsx: 'preserve',
      resolveJsonModule: true,
    },
    include: SOURCE_EXTENSIONS.map((extension) => `${root}/**/*.${extension}`),
    exclude: [`${root}/**/node_modules`],
  };
}

/** tsc exits 1 or 2 when the code has type errors (these trees have no node_modules): it did the work. */
export function tscCompleted(exitCode: number | null): boolean {
  return exitCode === 0 || exitCode === 1 || exitCode === 2;
}

export interface PhaseReport {
  phases: Record<Phase, number>;
  /** Milliseconds from the process's start to the end of the report (module loading included). */
  processMs: number;
}

/** Reads the file ORCHESTRATION_AUDIT_PHASES made the CLI write; undefined when it is missing or malformed. */
export function readPhaseReport(file: string): PhaseReport | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<PhaseReport>;
    if (!parsed.phases || typeof parsed.processMs !== 'number') return undefined;
    return { phases: parsed.phases, processMs: parsed.processMs };
  } catch {
    return undefined;
  }
}

/**
 * The phases with the rest: `startup + other` is the process time no phase claims (loading the
 * bundle, config, discovery of the root, writing the output, exit). Shares are of `processMs`.
 */
export function phaseRows(report: PhaseReport): { phase: string; ms: number; share: number }[] {
  const rows = Object.entries(report.phases).map(([phase, ms]) => ({ phase, ms }));
  const claimed = rows.reduce((sum, row) => sum + row.ms, 0);
  rows.push({ phase: 'startup + other', ms: Math.max(0, report.processMs - claimed) });
  return rows.map((row) => ({ ...row, share: report.processMs > 0 ? row.ms / report.processMs : 0 }));
}

/** The smallest of the runs (best of N: the run least disturbed by the machine's other work). */
export function best(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value));
  return finite.length > 0 ? Math.min(...finite) : NaN;
}

interface ReportedCall {
  file?: string;
  site?: string;
}

/**
 * Files to edit for the edit-time benchmark, from the audit's own JSON report: the file with the
 * most direct model calls (a provider), a file with wrapper calls but no direct call (calls a
 * wrapper), and a source file the audit did not include in its program (unrelated: no import path
 * to a model call), chosen from `unrelatedCandidates`.
 */
export function editTargets(
  report: { calls?: ReportedCall[] },
  unrelatedCandidates: readonly string[],
  isIncluded: (file: string) => boolean,
): { model?: string; caller?: string; plain?: string } {
  const direct = new Map<string, number>();
  const wrapper = new Map<string, number>();
  for (const call of report.calls ?? []) {
    if (!call.file) continue;
    const counts = call.site === 'wrapper' ? wrapper : direct;
    counts.set(call.file, (counts.get(call.file) ?? 0) + 1);
  }
  const mostFirst = (counts: Map<string, number>): string[] =>
    [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([file]) => file);
  const model = mostFirst(direct)[0];
  const caller = mostFirst(wrapper).find((file) => !direct.has(file));
  const plain = [...unrelatedCandidates]
    .filter((file) => /\.(?:ts|tsx)$/.test(file) && !file.endsWith('.d.ts') && !isIncluded(file))
    .sort()[0];
  return { model, caller, plain };
}
