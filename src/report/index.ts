import type { Reporter } from './context';
import { jsonReport } from './json';
import { markdownReport } from './markdown';
import { sarifReport } from './sarif';
import { textReport } from './text';

export type { Reporter } from './context';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** One reporter per format, all with the same signature; a new format is one file and one line here. */
export const REPORTERS: Record<ReportFormat, Reporter> = {
  text: textReport,
  json: jsonReport,
  sarif: sarifReport,
  markdown: markdownReport,
};

/**
 * Whether a format's report shows the findings' fixes (JSON lists each one's title and safety):
 * an audit for the others does not build them (`AuditOptions.fixes`).
 */
export const SHOWS_FIXES: Record<ReportFormat, boolean> = {
  text: false,
  json: true,
  sarif: false,
  markdown: false,
};

export function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}
