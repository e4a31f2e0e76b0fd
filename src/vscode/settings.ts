import * as vscode from 'vscode';
import {
  DEFAULT_SETTINGS,
  RUN_MODES,
  SETTINGS_SECTION,
  SettingKeys,
  type ExtensionSettings,
  type RuleSeveritySetting,
  type RunMode,
} from './contract';

/** The one place settings are read: typed, with the contributed defaults as fallback. */
export function readSettings(scope?: vscode.ConfigurationScope): ExtensionSettings {
  const section = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const run = section.get<string>(SettingKeys.run, DEFAULT_SETTINGS.run);
  return {
    enable: section.get<boolean>(SettingKeys.enable, DEFAULT_SETTINGS.enable) !== false,
    run: isRunMode(run) ? run : DEFAULT_SETTINGS.run,
    rules: stringRecord(section.get<unknown>(SettingKeys.rules, {})),
    exclude: stringArray(section.get<unknown>(SettingKeys.exclude, [])),
    codeLensEnabled: section.get<boolean>(SettingKeys.codeLensEnabled, DEFAULT_SETTINGS.codeLensEnabled) !== false,
    groupImplicit: section.get<boolean>(SettingKeys.groupImplicit, DEFAULT_SETTINGS.groupImplicit) !== false,
    fixesDefaultTimeoutMs: numberOrNull(section.get<unknown>(SettingKeys.fixesDefaultTimeoutMs, null)),
    fixesFallbackModel: stringOrNull(section.get<unknown>(SettingKeys.fixesFallbackModel, null)),
    fixesHelperModulePath: stringOrNull(section.get<unknown>(SettingKeys.fixesHelperModulePath, null)),
  };
}

/** Whether a configuration change touches any of our settings (for `scope`, when given). */
export function affectsSettings(
  event: vscode.ConfigurationChangeEvent,
  scope?: vscode.ConfigurationScope,
  key?: string,
): boolean {
  return event.affectsConfiguration(key ? `${SETTINGS_SECTION}.${key}` : SETTINGS_SECTION, scope);
}

function isRunMode(value: string): value is RunMode {
  return (RUN_MODES as readonly string[]).includes(value);
}

/** Values are checked again when merged (config-merge.ts), where a wrong one is logged. */
function stringRecord(value: unknown): Record<string, RuleSeveritySetting> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const record: Record<string, RuleSeveritySetting> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (entry === 'error' || entry === 'warning' || entry === 'info' || entry === 'off') record[key] = entry;
  }
  return record;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
