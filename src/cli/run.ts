import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../core/config';
import { audit, type AuditOptions } from '../core/index';
import type { AuditResult, Finding } from '../core/types';
import { isOpenFinding } from '../core/open-finding';
import { phaseClock } from '../core/phases';
import { REPORTERS, SHOWS_FIXES } from '../report/index';
import { countFindings, SEVERITY_RANK } from '../report/context';
import { parseCliArgs, UsageError, USAGE, type FailOn, type RunArgs } from './args';
import { formatFixReport, runSafeFixes } from './fix';
import { progressLine } from './progress';
import { resolveRoot, resolveTargets } from './root';
import { TOOL_VERSION } from './version';

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;
/** The analyser failed (a bug): not the user's input, so not 2. */
export const EXIT_INTERNAL = 3;
/** Interrupted (Ctrl-C), as shells report a SIGINT. */
const EXIT_CANCELLED = 130;

interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Cancels the audit (the CLI wires Ctrl-C to it). */
  signal?: AbortSignal;
  /** Called once an audit has run and its output is written (the CLI then writes its code cache). */
  audited?: () => void;
}

export interface CliDeps {
  audit(options: AuditOptions): Promise<AuditResult>;
}

/** args -> config -> audit -> report -> exit code. Never throws: every failure becomes a message and a code. */
export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps = { audit }): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.kind === 'help') {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    if (args.kind === 'version') {
      io.stdout.write(`${TOOL_VERSION}\n`);
      return EXIT_OK;
    }
    const code = await runAudit(args, io, deps);
    writePhases(io);
    io.audited?.();
    return code;
  } catch (error) {
    return reportFailure(error, io);
  }
}

async function runAudit(args: RunArgs, io: CliIo, deps: CliDeps): Promise<number> {
  const targets = resolveTargets(args.paths, io.cwd);
  const root = resolveRoot(targets, args.root, io.cwd);
  const { config } = loadConfig(root, args.config === undefined ? undefined : path.resolve(io.cwd, args.config));

  const progress = progressLine(io.stderr);
  // The wall clock, the one file times come from: `performance.timeOrigin + now()` drifts away from
  // it in a long-lived process (the monotonic clock is not adjusted), by enough to miss a save.
  const auditStartedMs = Date.now();
  let result: AuditResult;
  try {
    result = await deps.audit({
      root,
      paths: targets,
      config,
      onProgress: progress?.update,
      signal: io.signal,
      // Fixes are built only for an output that uses them: --fix, and the JSON report's list.
      fixes: args.fix !== 'off' || SHOWS_FIXES[args.format],
    });
  } finally {
    progress?.clear();
  }

  if (args.fix !== 'off') return applySafeFixes(result, args.fix === 'dry-run', auditStartedMs, io);

  const toTerminal = args.output === undefined;
  const color = args.color ?? (args.format === 'text' && toTerminal && io.stdout.isTTY === true && !io.env.NO_COLOR);
  const report = phaseClock.time('reporters', () =>
    REPORTERS[args.format](result, { root, toolVersion: TOOL_VERSION, cwd: io.cwd, color }),
  );

  // Skipped files always go to stderr, never into a report stream; only a text report shown on a
  // terminal lists them itself, so they are not printed twice on the same screen.
  if (!(args.format === 'text' && toTerminal && io.stdout.isTTY === true)) {
    for (const entry of result.stats.skipped)
      io.stderr.write(`skipped ${shown(io.cwd, entry.file)}: ${entry.reason}\n`);
  }
  if (args.output === undefined) {
    io.stdout.write(report);
  } else {
    writeReport(path.resolve(io.cwd, args.output), report);
    const counts = countFindings(result.findings);
    io.stderr.write(
      `wrote ${args.output}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info, ${counts.documented} documented\n`,
    );
  }
  return failingFindings(result.findings, args.failOn).length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * `--fix` writes the safe fixes and lists them on stdout; `--fix-dry-run` prints their unified diff
 * on stdout (the list goes to stderr) and writes nothing. Exit 1 when a file had to be refused.
 */
async function applySafeFixes(
  result: AuditResult,
  dryRun: boolean,
  auditStartedMs: number,
  io: CliIo,
): Promise<number> {
  for (const entry of result.stats.skipped) io.stderr.write(`skipped ${shown(io.cwd, entry.file)}: ${entry.reason}\n`);
  const report = await runSafeFixes(result, { dryRun, auditStartedMs, cwd: io.cwd, signal: io.signal });
  const summary = formatFixReport(report, { dryRun, cwd: io.cwd });
  if (dryRun) {
    io.stdout.write(report.diff);
    io.stderr.write(summary);
  } else {
    io.stdout.write(summary);
  }
  if (report.cancelled) {
    io.stderr.write('orchestration-audit: cancelled; the files listed as written were written\n');
    return EXIT_CANCELLED;
  }
  return report.refused.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** Findings that fail the run: at or above the level, neither documented nor silenced by a comment. */
function failingFindings(findings: readonly Finding[], failOn: FailOn): Finding[] {
  if (failOn === 'none') return [];
  const threshold = SEVERITY_RANK[failOn];
  return findings.filter((finding) => isOpenFinding(finding) && SEVERITY_RANK[finding.severity] >= threshold);
}

function writeReport(file: string, report: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, report);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/**
 * For the benchmark (test/bench): with ORCHESTRATION_AUDIT_PHASES=<file>, the milliseconds per
 * phase of the audit (see core/phases.ts) and since the process started go to that file as JSON.
 */
function writePhases(io: CliIo): void {
  const file = io.env.ORCHESTRATION_AUDIT_PHASES;
  if (!file) return;
  const phases = phaseClock.snapshot();
  fs.writeFileSync(path.resolve(io.cwd, file), `${JSON.stringify({ phases, processMs: performance.now() })}\n`);
}

function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`orchestration-audit: ${error.message}\nRun orchestration-audit --help for usage.\n`);
    return EXIT_USAGE;
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`orchestration-audit: invalid config: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof Error && error.name === 'AuditCancelledError') {
    io.stderr.write('orchestration-audit: cancelled\n');
    return EXIT_CANCELLED;
  }
  // An analyser bug: say so plainly; the stack only on request, for a bug report.
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`orchestration-audit: the audit failed: ${message}\n`);
  if (io.env.ORCHESTRATION_AUDIT_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('Set ORCHESTRATION_AUDIT_DEBUG=1 to see the stack trace.\n');
  return EXIT_INTERNAL;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function shown(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return (relative === '' || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
}
