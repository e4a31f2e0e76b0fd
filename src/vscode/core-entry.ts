/**
 * The entry of dist/core.js: everything the extension needs from the analyser, bundled apart from
 * dist/extension.js so that ts-morph and the TypeScript compiler load only at the first analysis
 * (core-loader.ts `require`s this bundle then). The extension imports only *types* from here.
 */
import { CONFIG_FILE_NAME, DEFAULT_CONFIG } from '../core/config';
import { formatMessage } from '../core/rules/define-rule';
import { RULES, ruleById } from '../core/rules/index';
import type { Finding } from '../core/types';
import { wouldAudit as wouldAuditFile } from '../core/workspace/discover';
import type { AuditConfig } from '../core/config';

export { AnalysisSession, AuditCancelledError, RULES, docsUrl } from '../core/index';
export { ConfigError, loadConfig, parseConfigText } from '../core/config';
export {
  code,
  describeCall,
  describeProfile,
  summarizeProfile,
  groupByWorkflow,
  relative,
  SDK_DISPLAY_NAMES,
} from '../core/register';
export { formatDuration } from '../core/format';
export { REPORTERS } from '../report/index';
export { writeScopeProblem } from '../core/fixes/write-scope';
export { keepFormatted } from '../core/fixes/project-formatter';
export { buildReportModel, type FolderResult } from './report-model';
export { CONFIG_FILE_NAME, DEFAULT_CONFIG };

/** Whether an audit of `root` would read `file` (the editor shows live diagnostics only for those). */
export function wouldAudit(root: string, file: string, config: AuditConfig): boolean {
  return wouldAuditFile(root, file, config);
}

/** Rule ids and their default options, for merging the editor's severity settings. */
export function ruleDefaults(): { id: string; description: string; defaultOptions?: Record<string, unknown> }[] {
  return RULES.map((rule) => ({
    id: rule.meta.id,
    description: rule.meta.description,
    defaultOptions: rule.meta.defaultOptions,
  }));
}

/**
 * The few words an implicit decision gets in the editor's grouped diagnostic ("3 attempts",
 * "not logged"), from its rule's `implicitLabels`; undefined for a finding that is not one.
 */
export function implicitLabelOf(finding: Finding): string | undefined {
  const template = ruleById(finding.ruleId)?.meta.implicitLabels?.[finding.messageId];
  return template === undefined ? undefined : formatMessage(template, finding.data);
}
