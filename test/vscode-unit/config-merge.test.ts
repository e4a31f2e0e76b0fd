import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type AuditConfig } from '../../src/core/config';
import { mergeSettings } from '../../src/vscode/config-merge';
import { DEFAULT_SETTINGS } from '../../src/vscode/contract';

const RULES = [{ id: 'implicit-timeout' }, { id: 'retry-amplification', defaultOptions: { threshold: 10 } }];

function fileConfig(overrides: Partial<AuditConfig> = {}): AuditConfig {
  return { ...DEFAULT_CONFIG, rules: {}, exclude: [], ...overrides };
}

describe('config-merge: settings over .orchestration-audit.json', () => {
  it('keeps the file as it is with the default settings', () => {
    const base = fileConfig({ exclude: ['gen/**'], defaultTimeoutMs: 20_000 });
    assert.deepEqual(mergeSettings(base, DEFAULT_SETTINGS, RULES), { config: base, warnings: [] });
  });

  it("lets a severity from the settings win and keeps the file's rule options", () => {
    const base = fileConfig({ rules: { 'retry-amplification': { severity: 'warning', options: { threshold: 6 } } } });
    const { config } = mergeSettings(
      base,
      { ...DEFAULT_SETTINGS, rules: { 'retry-amplification': 'error', 'implicit-timeout': 'off' } },
      RULES,
    );
    assert.deepEqual(config.rules['retry-amplification'], { severity: 'error', options: { threshold: 6 } });
    assert.deepEqual(config.rules['implicit-timeout'], { severity: 'off', options: {} });
    assert.deepEqual(base.rules['implicit-timeout'], undefined, 'the file config is not mutated');
  });

  it("uses the rule's default options for a rule the file does not mention", () => {
    const { config } = mergeSettings(
      fileConfig(),
      { ...DEFAULT_SETTINGS, rules: { 'retry-amplification': 'info' } },
      RULES,
    );
    assert.deepEqual(config.rules['retry-amplification'], { severity: 'info', options: { threshold: 10 } });
  });

  it('adds exclude globs and applies the fix settings only when set', () => {
    const { config, warnings } = mergeSettings(
      fileConfig({ exclude: ['gen/**'] }),
      {
        ...DEFAULT_SETTINGS,
        exclude: ['gen/**', 'scripts/**'],
        fixesDefaultTimeoutMs: 15_000,
        fixesFallbackModel: ' gpt-4o-mini ',
        fixesHelperModulePath: 'lib\\ai.ts',
      },
      RULES,
    );
    assert.deepEqual(config.exclude, ['gen/**', 'scripts/**']);
    assert.equal(config.defaultTimeoutMs, 15_000);
    assert.equal(config.fallbackModel, 'gpt-4o-mini');
    assert.equal(config.helperModulePath, 'lib/ai.ts');
    assert.deepEqual(warnings, []);
  });

  it('ignores, with a warning, unknown rules and values it cannot use', () => {
    const { config, warnings } = mergeSettings(
      fileConfig(),
      {
        ...DEFAULT_SETTINGS,
        rules: { 'no-such-rule': 'error' },
        fixesDefaultTimeoutMs: -5,
        fixesHelperModulePath: '../outside.ts',
      },
      RULES,
    );
    assert.deepEqual(config.rules, {});
    assert.equal(config.defaultTimeoutMs, DEFAULT_CONFIG.defaultTimeoutMs);
    assert.equal(config.helperModulePath, DEFAULT_CONFIG.helperModulePath);
    assert.equal(warnings.length, 3);
    assert.match(warnings.join('\n'), /no-such-rule/);
  });
});
