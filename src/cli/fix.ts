import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFixes, type AppliedFile } from '../core/fixes/apply';
import { keepFormatted } from '../core/fixes/project-formatter';
import { writeScopeProblem } from '../core/fixes/write-scope';
import type { AuditResult, Finding, Fix } from '../core/types';
import { decodeSource } from '../core/workspace/read';
import { isOpenFinding } from '../core/open-finding';
import { unifiedDiff } from './diff';

/** How `--fix` / `--fix-dry-run` went, for the summary and the exit code. */
export interface FixReport {
  /** Files written (or, for a dry run, that would be). */
  changed: { file: string; created: boolean; fixes: Fix[] }[];
  /** Fixes left out: overlapping another, or their file could not be read or written safely. */
  skipped: { fix: Fix; reason: string }[];
  /** Files refused: changed since the audit read them, unreadable, not writable, outside the audited root. */
  refused: { file: string; reason: string }[];
  /** The unified diff (dry run only). */
  diff: string;
  /** Ctrl-C came while the files were written: the files after it were left as they were. */
  cancelled: boolean;
}

interface ReadFile {
  /** The text exactly as the analyser decodes it (its offsets are the fixes' offsets). */
  text: string;
  /** The file starts with a UTF-8 byte-order mark that the decoded text does not keep: written back in front. */
  bom: boolean;
  mtimeMs: number;
  size: number;
}

/** Longest lag of file times behind the wall clock (Linux's coarse clock ticks every 1-10 ms). */
const MTIME_TICK_MS = 20;

/**
 * The safe fixes (timeouts, explicit retries, max tokens, stream `onError`) of the findings, applied
 * to disk (or only diffed). Findings documented with `@ai-decision` are left as decided.
 *
 * Safety: a file is read whole before anything is written; a file modified since the audit
 * started (`auditStartedMs`) or between reading and writing is refused; so is a file outside the
 * audited root, also one reached through a symlinked folder that points elsewhere; each write
 * goes to a temporary file in the same folder and is renamed over the original, so a crash never
 * leaves a half-written source; files no fix touches are not opened for writing at all.
 */
export async function runSafeFixes(
  result: AuditResult,
  options: { dryRun: boolean; auditStartedMs: number; cwd: string; signal?: AbortSignal },
): Promise<FixReport> {
  const fixes = safeFixesOf(result.findings);
  const report: FixReport = { changed: [], skipped: [], refused: [], diff: '', cancelled: false };
  const files = new Map<string, ReadFile | null>();
  const read = (file: string): string | undefined => {
    if (!files.has(file)) files.set(file, readWhole(file, options.auditStartedMs, report));
    return files.get(file)?.text;
  };
  const exists = (file: string): string | undefined =>
    fs.existsSync(file) ? (read(file) ?? '\0unreadable') : undefined;
  const applied = applyFixes(fixes, read, exists);
  for (const outcome of applied.outcomes)
    if (!outcome.applied) report.skipped.push({ fix: outcome.fix, reason: outcome.reason ?? 'not applicable' });

  const diffs: string[] = [];
  for (const file of applied.files) {
    const shown = displayPath(options.cwd, file.file);
    const outside = writeScopeProblem(result.root, file.file);
    if (outside) {
      const reason = `not written: it ${outside}`;
      report.refused.push({ file: file.file, reason });
      for (const fix of file.fixes) report.skipped.push({ fix, reason: `${shown}: ${reason}` });
      continue;
    }
    // The project's formatter lays out what the fixes wrote, where the file was clean under it.
    file.after = await keepFormatted(file.file, result.root, file.created ? undefined : file.before, file.after);
    if (options.dryRun) {
      diffs.push(unifiedDiff(shown, file.before, file.after, { created: file.created }));
      report.changed.push({ file: file.file, created: file.created === true, fixes: file.fixes });
      continue;
    }
    // Ctrl-C is delivered between event-loop turns: give it one before each rename, and honour it
    // there, so no file is written after the user asked to stop.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) report.cancelled = true;
    const problem = report.cancelled
      ? 'not written: cancelled'
      : writeAtomically(file, files.get(file.file) ?? undefined);
    if (problem) {
      report.refused.push({ file: file.file, reason: problem });
      for (const fix of file.fixes) report.skipped.push({ fix, reason: `${shown}: ${problem}` });
    } else {
      report.changed.push({ file: file.file, created: file.created === true, fixes: file.fixes });
    }
  }
  report.diff = diffs.join('');
  return report;
}

/** Each finding's safe fixes, in finding order; undocumented findings only. */
function safeFixesOf(findings: readonly Finding[]): Fix[] {
  const fixes: Fix[] = [];
  for (const finding of findings) {
    if (!isOpenFinding(finding)) continue;
    const safe = finding.fixes.find((fix) => fix.safe);
    if (safe) fixes.push(safe);
  }
  return fixes;
}

/** The whole file as the analyser read it, or null (and the reason recorded) when it cannot be trusted. */
function readWhole(file: string, auditStartedMs: number, report: FixReport): ReadFile | null {
  let buffer: Buffer;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
    buffer = fs.readFileSync(file);
  } catch (error) {
    report.refused.push({ file, reason: `cannot read it (${describe(error)})` });
    return null;
  }
  if (buffer.length !== stat.size) {
    report.refused.push({ file, reason: 'it changed while being read' });
    return null;
  }
  // File times come from the kernel's coarse clock, up to a tick behind the wall clock: a save just
  // after the audit started can carry an earlier time. Refusing a file saved just before it is the
  // safe side of that doubt (nothing is written; the next run applies the fix).
  if (stat.mtimeMs > auditStartedMs - MTIME_TICK_MS) {
    report.refused.push({ file, reason: 'it changed on disk after the audit read it' });
    return null;
  }
  const decoded = decodeSource(buffer);
  if (!decoded.ok) {
    report.refused.push({ file, reason: decoded.reason });
    return null;
  }
  // The analyser reads files with workspace/read.ts: the same decoding gives the same offsets.
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf && decoded.text.charCodeAt(0) !== 0xfeff;
  return { text: decoded.text, bom, mtimeMs: stat.mtimeMs, size: stat.size };
}

/** Temp file beside the target, then rename: the original is replaced whole or not at all. */
function writeAtomically(file: AppliedFile, original: ReadFile | undefined): string | undefined {
  const target = file.file;
  const folder = path.dirname(target);
  let mode: number | undefined;
  if (!file.created) {
    if (!original) return 'it could not be read whole';
    let current: fs.Stats;
    try {
      current = fs.statSync(target);
    } catch (error) {
      return `it disappeared (${describe(error)})`;
    }
    if (current.mtimeMs !== original.mtimeMs || current.size !== original.size)
      return 'it changed on disk while the fixes were prepared';
    mode = current.mode & 0o7777;
    // A rename replaces a read-only file as easily as any other (and root may write any file):
    // its mode says it is not to be changed.
    if ((mode & 0o222) === 0) return 'not written: it is read-only';
  } else {
    if (fs.existsSync(target)) return 'it appeared on disk while the fixes were prepared';
    try {
      fs.mkdirSync(folder, { recursive: true });
    } catch (error) {
      return `cannot create its folder (${describe(error)})`;
    }
  }
  const temp = path.join(
    folder,
    `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    fs.writeFileSync(temp, `${original?.bom ? '\ufeff' : ''}${file.after}`, { flag: 'wx', mode: mode ?? 0o644 });
    if (mode !== undefined) fs.chmodSync(temp, mode);
    fs.renameSync(temp, target);
    return undefined;
  } catch (error) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing more to do: the original is untouched.
    }
    return `cannot write it (${describe(error)})`;
  }
}

function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return (relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative)
    .split(path.sep)
    .join('/');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `fixed src/a.ts: Add a 30 s timeout (...)` lines and a summary, for the terminal. */
export function formatFixReport(report: FixReport, options: { dryRun: boolean; cwd: string }): string {
  const lines: string[] = [];
  const verb = options.dryRun ? 'would change' : 'changed';
  for (const changed of report.changed) {
    const shown = displayPath(options.cwd, changed.file);
    lines.push(`${verb} ${shown}${changed.created ? ' (new file)' : ''}:`);
    for (const title of countTitles(changed.fixes)) lines.push(`  ${title}`);
  }
  for (const refused of report.refused)
    lines.push(`refused ${displayPath(options.cwd, refused.file)}: ${refused.reason}`);
  const skipped = report.skipped.filter(
    (item) => !report.refused.some((refused) => item.reason.startsWith(displayPath(options.cwd, refused.file))),
  );
  for (const item of skipped) lines.push(`skipped "${item.fix.title}": ${item.reason}`);
  const fixCount = report.changed.reduce((count, changed) => count + changed.fixes.length, 0);
  lines.push(
    report.changed.length === 0 && report.refused.length === 0 && skipped.length === 0
      ? 'no safe fixes to apply'
      : `${options.dryRun ? 'would apply' : 'applied'} ${fixCount} safe fix${fixCount === 1 ? '' : 'es'} in ${report.changed.length} file${report.changed.length === 1 ? '' : 's'}${report.refused.length ? `; refused ${report.refused.length} file${report.refused.length === 1 ? '' : 's'}` : ''}${skipped.length ? `; skipped ${skipped.length}` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

function countTitles(fixes: readonly Fix[]): string[] {
  const counts = new Map<string, number>();
  for (const fix of fixes) counts.set(fix.title, (counts.get(fix.title) ?? 0) + 1);
  return [...counts].map(([title, count]) => (count > 1 ? `${title} (x${count})` : title));
}
