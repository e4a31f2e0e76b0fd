import type { AuditConfig } from '../core/config';
import { RULE_SEVERITY_SETTINGS, type ExtensionSettings } from './contract';

/** What the merge needs to know of a rule (the core's RULES, passed in so this file stays pure). */
export interface RuleDefaults {
  id: string;
  defaultOptions?: Record<string, unknown>;
}

export interface MergedConfig {
  config: AuditConfig;
  /** Settings that were ignored, each as one sentence for the log. */
  warnings: string[];
}

/**
 * The editor's settings over the workspace's `.orchestration-audit.json`: a severity set in the
 * settings wins over the file's (the file's rule options stay), excludes add up, and the fix
 * settings apply only when set (null means "the file's value, else the default").
 */
export function mergeSettings(
  fileConfig: AuditConfig,
  settings: ExtensionSettings,
  rules: readonly RuleDefaults[],
): MergedConfig {
  const warnings: string[] = [];
  const config: AuditConfig = {
    ...fileConfig,
    rules: { ...fileConfig.rules },
    exclude: [...fileConfig.exclude],
  };
  for (const [ruleId, severity] of Object.entries(settings.rules)) {
    const rule = rules.find((candidate) => candidate.id === ruleId);
    if (!rule) {
      warnings.push(`orchestrationAudit.rules: unknown rule "${ruleId}" ignored.`);
      continue;
    }
    if (!(RULE_SEVERITY_SETTINGS as readonly string[]).includes(severity)) {
      warnings.push(
        `orchestrationAudit.rules.${ruleId}: "${String(severity)}" is not one of ${RULE_SEVERITY_SETTINGS.join(', ')}; ignored.`,
      );
      continue;
    }
    const options = fileConfig.rules[ruleId]?.options ?? { ...rule.defaultOptions };
    config.rules[ruleId] = { severity, options };
  }
  for (const glob of settings.exclude) {
    if (typeof glob !== 'string' || glob.trim() === '') continue;
    if (!config.exclude.includes(glob)) config.exclude.push(glob);
  }
  if (settings.fixesDefaultTimeoutMs !== null) {
    if (Number.isInteger(settings.fixesDefaultTimeoutMs) && settings.fixesDefaultTimeoutMs > 0)
      config.defaultTimeoutMs = settings.fixesDefaultTimeoutMs;
    else
      warnings.push(
        `orchestrationAudit.fixes.defaultTimeoutMs: ${settings.fixesDefaultTimeoutMs} is not a positive whole number of milliseconds; ignored.`,
      );
  }
  if (settings.fixesFallbackModel !== null && settings.fixesFallbackModel.trim() !== '')
    config.fallbackModel = settings.fixesFallbackModel.trim();
  if (settings.fixesHelperModulePath !== null && settings.fixesHelperModulePath.trim() !== '') {
    const helper = settings.fixesHelperModulePath.trim().replace(/\\/g, '/');
    if (helper.startsWith('/') || /^[A-Za-z]:/.test(helper) || helper.split('/').includes('..')) {
      warnings.push(
        `orchestrationAudit.fixes.helperModulePath: "${helper}" must be a path inside the workspace folder; ignored.`,
      );
    } else {
      config.helperModulePath = helper;
    }
  }
  return { config, warnings };
}
