import * as path from 'node:path';
import { formatCount, formatDuration } from '../core/format';
import type { AuditResult, Severity } from '../core/types';
import { compareText, countFindings, oneLine, sortFindings, type FindingCounts, type ReportContext } from './context';

/**
 * Compiler-like lines (`src/a.ts:12:5  warning  <message>  <rule-id>`) that terminals and editors
 * turn into links, grouped by file, then one summary line. Documented findings are decisions a
 * person already made: they are counted in the summary, not listed.
 */
export function textReport(result: AuditResult, context: ReportContext): string {
  const paint = painter(context.color === true);
  const base = context.cwd ?? context.root;
  const lines: string[] = [];
  let currentFile: string | undefined;
  for (const finding of sortFindings(result.findings)) {
    if (finding.documentedBy || finding.suppressedBy) continue;
    if (currentFile !== undefined && finding.span.file !== currentFile) lines.push('');
    currentFile = finding.span.file;
    const where = `${shownPath(base, finding.span.file)}:${finding.span.line}:${finding.span.column}`;
    lines.push(
      `${where}  ${paint.severity(finding.severity)}  ${oneLine(finding.message)}  ${paint.dim(finding.ruleId)}`,
    );
  }
  if (lines.length > 0) lines.push('');
  lines.push(paint.bold(summaryLine(result, countFindings(result.findings))));
  const { skipped } = result.stats;
  if (skipped.length > 0) {
    lines.push(`Skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'}:`);
    for (const entry of skipped) lines.push(`  ${shownPath(base, entry.file)}: ${entry.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

function summaryLine(result: AuditResult, counts: FindingCounts): string {
  const findings =
    counts.error + counts.warning + counts.info === 0
      ? 'No findings'
      : [formatCount(counts.error, 'error'), formatCount(counts.warning, 'warning'), `${counts.info} info`].join(', ');
  const documented = counts.documented > 0 ? ` (${counts.documented} documented)` : '';
  const calls = result.profiles.length;
  const bySdk = Object.entries(result.stats.callsBySdk)
    .filter(([, n]) => n !== undefined && n > 0)
    .sort(([a], [b]) => compareText(a, b))
    .map(([sdk, n]) => `${sdk} ${n}`);
  const sdkText = bySdk.length > 0 ? ` (${bySdk.join(', ')})` : '';
  const { filesScanned, filesParsed, ms } = result.stats;
  return `${findings}${documented} · ${formatCount(calls, 'model call')}${sdkText} in ${formatCount(filesScanned, 'file')} scanned, ${filesParsed} parsed · ${formatDuration(ms)}`;
}

/** Relative to the working directory, `..` included: that is what a terminal can open. */
function shownPath(base: string, file: string): string {
  const relativePath = path.relative(base, file);
  return (relativePath === '' || path.isAbsolute(relativePath) ? file : relativePath).split(path.sep).join('/');
}

const SEVERITY_WIDTH = 'warning'.length;

function painter(color: boolean) {
  const wrap = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const severityCodes: Record<Severity, string> = { error: '31', warning: '33', info: '36' };
  return {
    // Pad outside the colour codes so columns line up either way.
    severity: (severity: Severity) =>
      wrap(severityCodes[severity], severity) + ' '.repeat(SEVERITY_WIDTH - severity.length),
    dim: (text: string) => wrap('2', text),
    bold: (text: string) => wrap('1', text),
  };
}
