/**
 * The entry of dist/core.js: everything the extension needs from the analyser, bundled apart from
 * dist/extension.js so that ts-morph and the TypeScript compiler load only at the first analysis
 * (core-loader.ts `require`s this bundle then). The extension imports only *types* from here.
 */
import * as path from 'node:path';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG } from '../core/config';
import { RULES } from '../core/rules/index';
import { globToRegExp, matchesAny } from '../core/workspace/glob';
import { isSourceFile, isTestFile, toRelative } from '../core/workspace/discover';
import type { AuditConfig } from '../core/config';

export { AnalysisSession, AuditCancelledError, RULES, docsUrl } from '../core/index';
export { ConfigError, loadConfig, parseConfigText } from '../core/config';
export { code, describeCall, describeProfile, summarizeProfile, groupByWorkflow, formatDuration, relative, SDK_DISPLAY_NAMES } from '../core/register';
export { REPORTERS } from '../report/index';
export { buildReportModel, type FolderResult } from './report-model';
export { CONFIG_FILE_NAME, DEFAULT_CONFIG };

/** Folders the workspace discovery never enters (mirrors src/core/workspace/discover.ts). */
const IGNORED_FOLDERS = new Set(['node_modules', 'dist', 'out', 'build', '.git', '.next', '.turbo', 'coverage', '.vscode-test']);

/**
 * Whether an audit of `root` would read `file`: a source file inside the root, not in an ignored
 * folder, not excluded, and not a test file when tests are ignored. Live diagnostics follow the
 * same rule, so an open file shows what the workspace audit would show.
 */
export function wouldAudit(root: string, file: string, config: AuditConfig): boolean {
  const relativePath = toRelative(root, file);
  if (relativePath === '.' || relativePath.startsWith('../') || path.isAbsolute(relativePath)) return false;
  if (!isSourceFile(file)) return false;
  if (relativePath.split('/').slice(0, -1).some((segment) => IGNORED_FOLDERS.has(segment))) return false;
  if (matchesAny(relativePath, config.exclude.map(globToRegExp))) return false;
  return !(config.ignoreTests && isTestFile(relativePath));
}

/** Rule ids and their default options, for merging the editor's severity settings. */
export function ruleDefaults(): { id: string; description: string; defaultOptions?: Record<string, unknown> }[] {
  return RULES.map((rule) => ({ id: rule.meta.id, description: rule.meta.description, defaultOptions: rule.meta.defaultOptions }));
}
