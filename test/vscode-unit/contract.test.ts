import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/core/rules/index';
import {
  Commands,
  DEFAULT_SETTINGS,
  EXTENSION_ID,
  INTERNAL_COMMANDS,
  SETTINGS_SECTION,
  SettingKeys,
  UNUSED_DISABLE_RULE,
  Views,
  WALKTHROUGH_ID,
} from '../../src/vscode/contract';

const ROOT = path.resolve(__dirname, '..', '..');

interface Manifest {
  name: string;
  publisher: string;
  main: string;
  icon: string;
  categories: string[];
  activationEvents: string[];
  capabilities: {
    untrustedWorkspaces: { supported: string; description: string; restrictedConfigurations?: string[] };
    virtualWorkspaces: boolean;
  };
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: { commandPalette: { command: string; when: string }[] };
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    configuration: {
      properties: Record<
        string,
        { default: unknown; markdownDescription?: string; properties?: Record<string, unknown> }
      >;
    };
    jsonValidation: { fileMatch: string; url: string }[];
    grammars: { path: string; injectTo: string[]; scopeName: string }[];
    walkthroughs: { id: string; steps: { media: { markdown?: string } }[] }[];
  };
}

const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const { contributes } = manifest;

describe('contract: package.json contributes mirrors src/vscode/contract.ts', () => {
  it('names the extension as the code does', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('contributes exactly the commands the code registers, each titled in the Orchestration Audit category', () => {
    assert.deepEqual(contributes.commands.map((command) => command.command).sort(), Object.values(Commands).sort());
    for (const command of contributes.commands) {
      assert.equal(command.category, 'Orchestration Audit', command.command);
      assert.ok(command.title.length > 0);
    }
    for (const id of INTERNAL_COMMANDS) {
      assert.ok(
        contributes.menus.commandPalette.some((entry) => entry.command === id && entry.when === 'false'),
        `${id} hidden from the palette`,
      );
    }
  });

  it('contributes exactly the settings the code reads, each with a markdownDescription and the same default', () => {
    const keys = Object.keys(contributes.configuration.properties).sort();
    assert.deepEqual(
      keys,
      Object.values(SettingKeys)
        .map((key) => `${SETTINGS_SECTION}.${key}`)
        .sort(),
    );
    const defaults: Record<string, unknown> = DEFAULT_SETTINGS as unknown as Record<string, unknown>;
    for (const [name, key] of Object.entries(SettingKeys)) {
      const property = contributes.configuration.properties[`${SETTINGS_SECTION}.${key}`];
      assert.ok(property?.markdownDescription, `${key} has a markdownDescription`);
      assert.deepEqual(property.default, defaults[name], `${key} default`);
    }
  });

  it('names the unused-disable rule as the core does', () => {
    assert.ok(RULES.some((rule) => rule.meta.id === UNUSED_DISABLE_RULE));
  });

  it('lists every rule under orchestrationAudit.rules', () => {
    const rules = contributes.configuration.properties[`${SETTINGS_SECTION}.${SettingKeys.rules}`]?.properties ?? {};
    assert.deepEqual(Object.keys(rules).sort(), RULES.map((rule) => rule.meta.id).sort());
  });

  it('declares the view, its container and the walkthrough the code refers to', () => {
    assert.ok(contributes.viewsContainers.activitybar.some((container) => container.id === Views.container));
    assert.ok(
      contributes.views[Views.container]?.some((view) => view.id === Views.calls && view.name === 'Model Calls'),
    );
    assert.ok(
      contributes.walkthroughs.some(
        (walkthrough) => `orchestrationAudit.${walkthrough.id.split('.').pop()}` === WALKTHROUGH_ID,
      ),
    );
  });
});

describe('contract: activation and capabilities', () => {
  it('activates on the four languages, the commands and the view, never on startup', () => {
    for (const language of ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'])
      assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
    assert.ok(manifest.activationEvents.includes(`onView:${Views.calls}`));
    assert.ok(!manifest.activationEvents.some((event) => event === '*' || event === 'onStartupFinished'));
  });

  it('declares limited support for untrusted workspaces and none for virtual ones', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /never runs workspace code/);
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [
      `${SETTINGS_SECTION}.${SettingKeys.fixesHelperModulePath}`,
    ]);
    assert.equal(manifest.capabilities.virtualWorkspaces, false);
  });
});

describe('contract: files the manifest points at', () => {
  it('has them all', () => {
    const files = [
      manifest.icon,
      ...contributes.viewsContainers.activitybar.map((container) => container.icon),
      ...contributes.jsonValidation.map((entry) => entry.url),
      ...contributes.grammars.map((grammar) => grammar.path),
      ...contributes.walkthroughs.flatMap((walkthrough) => walkthrough.steps.map((step) => step.media.markdown ?? '')),
      'media/report.js',
      'media/report.css',
    ];
    for (const file of files) assert.ok(fs.existsSync(path.join(ROOT, file)), file);
  });

  it('validates .orchestration-audit.json with the published schema', () => {
    assert.deepEqual(contributes.jsonValidation, [
      { fileMatch: '.orchestration-audit.json', url: './schemas/orchestration-audit.schema.json' },
    ]);
  });

  it('ships a 128x128 PNG icon', () => {
    const png = fs.readFileSync(path.join(ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), 128);
    assert.equal(png.readUInt32BE(20), 128);
  });
});
