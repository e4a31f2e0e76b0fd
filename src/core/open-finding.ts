import type { Finding } from './types';

/**
 * Open: neither documented by an `@ai-decision` comment nor silenced by a disable comment. Only open
 * findings are problems (diagnostics, text lines, `--fail-on`). No ts-morph here: the editor bundle
 * imports it.
 */
export function isOpenFinding(finding: Finding): boolean {
  return finding.documentedBy === undefined && finding.suppressedBy === undefined;
}
