/**
 * Every identifier the extension shares with package.json `contributes`, declared once.
 * test/vscode-unit/contract.test.ts keeps the two in step, so a renamed command or setting
 * cannot drift from its contribution. No `vscode` import here: the unit tests load this file.
 */

export const EXTENSION_ID = 'orchestration-audit.orchestration-audit';

/** `Diagnostic.source`, and the name the CLI and SARIF use for the tool. */
export const DIAGNOSTIC_SOURCE = 'orchestration-audit';

/** `source.fixAll.orchestrationAudit`: the kind that applies every safe fix of a file. */
export const FIX_ALL_KIND_SUFFIX = 'orchestrationAudit';

/**
 * The rule that reports a disable comment silencing nothing (src/core/rules/unused-disable-comment.ts,
 * not imported: the extension bundle takes only types from the core). No comment silences it, and
 * only the workspace's analysis knows whether a comment is used.
 */
export const UNUSED_DISABLE_RULE = 'unused-disable-comment';

export const OUTPUT_CHANNEL_NAME = 'Orchestration Audit';

export const CONFIG_FILE_NAME = '.orchestration-audit.json';

export const Commands = {
  auditWorkspace: 'orchestrationAudit.auditWorkspace',
  cancelAudit: 'orchestrationAudit.cancelAudit',
  showReport: 'orchestrationAudit.showReport',
  exportMarkdown: 'orchestrationAudit.exportMarkdown',
  exportJson: 'orchestrationAudit.exportJson',
  exportSarif: 'orchestrationAudit.exportSarif',
  showRuleDocs: 'orchestrationAudit.showRuleDocs',
  revealCall: 'orchestrationAudit.revealCall',
  applyFix: 'orchestrationAudit.applyFix',
  refreshCalls: 'orchestrationAudit.refreshCalls',
  openConfig: 'orchestrationAudit.openConfig',
  showLog: 'orchestrationAudit.showLog',
  documentDecision: 'orchestrationAudit.documentDecision',
  deactivateRule: 'orchestrationAudit.deactivateRule',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Commands that only make sense with arguments (from a code action, a lens, the tree): hidden from the palette. */
export const INTERNAL_COMMANDS: readonly CommandId[] = [
  Commands.revealCall,
  Commands.applyFix,
  Commands.documentDecision,
];

/** Context key, true while a workspace audit runs: shows *Cancel Audit* instead of *Audit Workspace*. */
export const AUDIT_RUNNING_CONTEXT = 'orchestrationAudit.auditRunning';

export const Views = {
  container: 'orchestrationAudit',
  calls: 'orchestrationAudit.calls',
} as const;

export const WALKTHROUGH_ID = 'orchestrationAudit.gettingStarted';

export const SETTINGS_SECTION = 'orchestrationAudit';

/** Keys under `orchestrationAudit.`; the full key is `${SETTINGS_SECTION}.${key}`. */
export const SettingKeys = {
  enable: 'enable',
  run: 'run',
  rules: 'rules',
  exclude: 'exclude',
  codeLensEnabled: 'codeLens.enabled',
  groupImplicit: 'diagnostics.groupImplicit',
  fixesDefaultTimeoutMs: 'fixes.defaultTimeoutMs',
  fixesFallbackModel: 'fixes.fallbackModel',
  fixesHelperModulePath: 'fixes.helperModulePath',
} as const;

export const RUN_MODES = ['onType', 'onSave'] as const;
export type RunMode = (typeof RUN_MODES)[number];

export const RULE_SEVERITY_SETTINGS = ['error', 'warning', 'info', 'off'] as const;
export type RuleSeveritySetting = (typeof RULE_SEVERITY_SETTINGS)[number];

/** The typed value of every setting, as `settings.ts` reads it. */
export interface ExtensionSettings {
  enable: boolean;
  run: RunMode;
  /** Rule id -> severity, over the config file's. */
  rules: Record<string, RuleSeveritySetting>;
  /** Globs added to the config file's `exclude`. */
  exclude: string[];
  codeLensEnabled: boolean;
  /** One diagnostic per call for its implicit decisions (true), or one per rule (false). */
  groupImplicit: boolean;
  /** null: the config file's value, else the built-in default. */
  fixesDefaultTimeoutMs: number | null;
  fixesFallbackModel: string | null;
  fixesHelperModulePath: string | null;
}

export const DEFAULT_SETTINGS: ExtensionSettings = {
  enable: true,
  run: 'onType',
  rules: {},
  exclude: [],
  codeLensEnabled: true,
  groupImplicit: true,
  fixesDefaultTimeoutMs: null,
  fixesFallbackModel: null,
  fixesHelperModulePath: null,
};

/** Languages the analyser reads (VS Code language ids). */
export const ANALYSED_LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

/** How long typing must pause before a document is re-analysed. */
export const ON_TYPE_DEBOUNCE_MS = 300;
