// Browser smoke test of the PACKAGED extension in a real VS Code (code-server 4.100.3 + Debian's
// headless Chromium, driven by playwright-core): install the .vsix, open a fixture from the
// Explorer, read our findings in the Problems panel, apply a quick fix from the UI and check the
// file on disk, run the report command ("Show Decision Register") from the palette and
// screenshot the report view.
//
//   npm run test:e2e                          # packages, then runs this and package.test.ts
//   node --import tsx --test test/e2e/ui-smoke.ts
//
// Environment:
//   OA_VSIX                the .vsix to install (default ./<name>-<version>.vsix from package.json)
//   OA_UI_SMOKE_CONFIG     JSON file overriding fields of UiSmokeConfig (e.g. for the harness's
//                          own throwaway extension, or another fixture)
//   OA_UPDATE_SCREENSHOTS  =1: also copy the Problems panel, quick-fix menu and report screenshots
//                          to media/screenshots/ (README)
// Artifacts in test-results/: ui-smoke-*.png, ui-smoke-browser-console.log, ui-smoke-code-server.log,
// ui-smoke-logs/, report-view.png, ui-smoke-metrics.json.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import {
  REPO_ROOT,
  RESULTS_DIR,
  collectLogs,
  copyDir,
  findCodeServer,
  installExtension,
  log,
  makeTempDir,
  openBrowser,
  runCleanups,
  sleep,
  startCodeServer,
  workbenchUrl,
  type BrowserSession,
  type CodeServer,
} from './lib/code-server';

export interface UiSmokeConfig {
  /** Packaged extension. */
  vsix: string;
  /** `publisher.name`, as installed. */
  extensionId: string;
  /** Workspace folder (copied to a temp dir before the run). */
  workspace: string;
  /** Fixture to open from the Explorer, relative to the workspace, '/'-separated. */
  fixture: string;
  /** Texts that must all appear in the Problems panel once the fixture is open. */
  problemsText: string[];
  /** At least one of these must appear too (default: the rule ids, from src/core/rules/*.md). */
  problemsAnyOf?: string[];
  /** Text of the Problems-panel row whose quick fix is applied (first row with it). */
  quickFixMarker: string;
  /** Regex source (case-insensitive) for the quick fix to choose in the Ctrl+. menu. */
  quickFixTitle: string;
  /** Command palette label of the report command. */
  reportCommand: string;
  /** Text expected inside the report webview. */
  reportText: string;
}

function defaultConfig(): UiSmokeConfig {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  return {
    vsix: path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`),
    extensionId: `${manifest.publisher}.${manifest.name}`,
    workspace: path.join(REPO_ROOT, 'test', 'vscode', 'workspace'),
    // test/vscode/workspace/src/support.ts is the openai-basic fixture (see its README). The
    // checks name no particular finding, so that they hold while fixtures and rules evolve: our
    // source and some rule id in the panel, and the first real fix (not Document / Show docs).
    fixture: 'src/support.ts',
    problemsText: ['orchestration-audit'],
    problemsAnyOf: ruleIds(),
    quickFixMarker: 'orchestration-audit',
    quickFixTitle: '^(?!Document this|Show documentation|Disable )',
    reportCommand: 'Orchestration Audit: Show Decision Register',
    reportText: 'summarizeTicket',
  };
}

function ruleIds(): string[] {
  const dir = path.join(REPO_ROOT, 'src', 'core', 'rules');
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((name) => name.endsWith('.md'))
        .map((name) => name.slice(0, -3))
    : [];
}

function loadConfig(): UiSmokeConfig {
  const config = defaultConfig();
  const file = process.env.OA_UI_SMOKE_CONFIG;
  if (file) {
    const overrides = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<UiSmokeConfig>;
    const base = path.dirname(path.resolve(file));
    for (const key of ['vsix', 'workspace'] as const) {
      if (overrides[key]) overrides[key] = path.resolve(base, overrides[key]);
    }
    Object.assign(config, overrides);
  }
  if (process.env.OA_VSIX) config.vsix = path.resolve(process.env.OA_VSIX);
  return config;
}

/**
 * The test workspace's settings turn the grouping of implicit decisions off for the extension-host
 * suite; the UI smoke (and its screenshots) shows what a user sees by default.
 */
function showDefaultDiagnostics(workspace: string): void {
  const settings = path.join(workspace, '.vscode', 'settings.json');
  if (!fs.existsSync(settings)) return;
  const text = fs.readFileSync(settings, 'utf8');
  fs.writeFileSync(settings, text.replace(/^.*"orchestrationAudit\.diagnostics\.groupImplicit".*\r?\n/m, ''));
}

/** With OA_UPDATE_SCREENSHOTS=1, a screenshot of the run becomes the README's copy. */
function readmeCopy(shotName: string, fileName: string): void {
  if (process.env.OA_UPDATE_SCREENSHOTS !== '1') return;
  const source = path.join(RESULTS_DIR, `ui-smoke-${shotName}.png`);
  if (!fs.existsSync(source)) return;
  const target = path.join(REPO_ROOT, 'media', 'screenshots', fileName);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
  log(`screenshot copied to ${path.relative(REPO_ROOT, target)}`);
}

// ---- workbench helpers -----------------------------------------------------------------------

async function runFromPalette(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/**
 * Expands each folder of a '/'-separated path in the Explorer and clicks the file. Retries the
 * whole walk: the tree re-renders while the workspace loads, and a click can land mid-refresh.
 */
async function openFromExplorer(page: Page, relative: string): Promise<void> {
  const explorer = page.locator('.explorer-folders-view');
  await explorer.waitFor({ state: 'visible', timeout: 30_000 });
  const segments = relative.split('/');
  const rowOf = (segment: string, level: number) =>
    explorer
      .locator(`.monaco-list-row[aria-level="${level}"]`, {
        has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegex(segment)}$`) }),
      })
      .first();
  await waitFor(
    `${relative} in the Explorer`,
    async () => {
      for (const [index, segment] of segments.entries()) {
        const row = rowOf(segment, index + 1);
        if (!(await row.isVisible())) {
          // Scrolled out of the (virtualised) tree by another expanded top folder: collapse those.
          const others = explorer.locator('.monaco-list-row[aria-level="1"][aria-expanded="true"]', {
            hasNot: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegex(segments[0])}$`) }),
          });
          if (await others.count())
            await others
              .first()
              .click()
              .catch(() => {});
          return false;
        }
        if (index < segments.length - 1) {
          if ((await row.getAttribute('aria-expanded')) !== 'true') {
            await row.click();
            await waitFor(
              'the folder to expand',
              async () => (await row.getAttribute('aria-expanded')) === 'true',
              5_000,
            ).catch(() => {});
          }
        } else {
          await row.click();
        }
      }
      return true;
    },
    30_000,
  );
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function textOf(page: Page, selector: string): Promise<string> {
  return page
    .locator(selector)
    .first()
    .innerText({ timeout: 2_000 })
    .catch(() => '');
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** The report webview's content frame (VS Code nests it: iframe.webview > iframe#active-frame). */
async function webviewFrame(page: Page, containing: string, timeoutMs: number): Promise<Frame> {
  return waitFor(
    `a webview containing "${containing}"`,
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const text = await frame
          .locator('body')
          .innerText({ timeout: 1_000 })
          .catch(() => '');
        if (text.includes(containing)) return frame;
      }
      return undefined;
    },
    timeoutMs,
  );
}

// ---- the test ----------------------------------------------------------------------------------

const config = loadConfig();
const metrics: Record<string, number | string> = {};
const skipReason = !findCodeServer()
  ? 'code-server not installed (bash scripts/install-test-deps.sh)'
  : !fs.existsSync(config.vsix)
    ? `no ${path.relative(REPO_ROOT, config.vsix)} (npm run package)`
    : undefined;

describe('UI smoke: the packaged extension in code-server', { skip: skipReason, timeout: 300_000 }, () => {
  let server: CodeServer;
  let session: BrowserSession;
  let page: Page;
  let workspace: string;
  let extensionsDir: string;
  const shot = (name: string) =>
    page.screenshot({ path: path.join(RESULTS_DIR, `ui-smoke-${name}.png`) }).catch(() => {});

  before(async () => {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    extensionsDir = makeTempDir('ui-extensions');
    const installStart = Date.now();
    installExtension(config.vsix, extensionsDir);
    metrics.installVsixMs = Date.now() - installStart;
    workspace = path.join(makeTempDir('ui-workspace'), path.basename(config.workspace));
    copyDir(config.workspace, workspace);
    showDefaultDiagnostics(workspace);
    // The SDK typings resolve from the repository's node_modules, as for the fixtures and the
    // extension-host suite (which links it the same way).
    const modules = path.join(REPO_ROOT, 'node_modules');
    if (fs.existsSync(modules) && !fs.existsSync(path.join(workspace, 'node_modules'))) {
      fs.symlinkSync(modules, path.join(workspace, 'node_modules'), 'dir');
    }
    server = await startCodeServer({
      workspace,
      extensionsDir,
      logFile: path.join(RESULTS_DIR, 'ui-smoke-code-server.log'),
    });
    session = await openBrowser(path.join(RESULTS_DIR, 'ui-smoke-browser-console.log'));
    page = session.page;
    const loadStart = Date.now();
    await page.goto(workbenchUrl(server, workspace), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view').waitFor({ state: 'visible', timeout: 60_000 });
    metrics.workbenchLoadMs = Date.now() - loadStart;
    log(`workbench ready in ${metrics.workbenchLoadMs} ms (vsix installed in ${metrics.installVsixMs} ms)`);
  });

  after(async () => {
    if (page) await shot('final');
    fs.writeFileSync(path.join(RESULTS_DIR, 'ui-smoke-metrics.json'), JSON.stringify(metrics, null, 2));
    if (server) collectLogs(server.userDataDir, path.join(RESULTS_DIR, 'ui-smoke-logs'));
    await runCleanups();
    if (Object.keys(metrics).length) log(`metrics: ${JSON.stringify(metrics)}`);
  });

  it('installs the .vsix with the bundle only (no sources, no node_modules)', () => {
    const installed = fs
      .readdirSync(extensionsDir)
      .find((entry) => entry.toLowerCase().startsWith(config.extensionId.toLowerCase()));
    assert.ok(installed, `${config.extensionId} not in ${fs.readdirSync(extensionsDir).join(', ')}`);
    const root = path.join(extensionsDir, installed);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    if (manifest.main) assert.ok(fs.existsSync(path.join(root, manifest.main)), `${manifest.main} missing`);
    assert.ok(!fs.existsSync(path.join(root, 'node_modules')), 'node_modules shipped');
  });

  it('lists our findings in the Problems panel after opening a fixture from the Explorer', async () => {
    // Problems panel first, so that the time measured is file click -> findings listed.
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 15_000 });
    const clickedAt = Date.now();
    await openFromExplorer(page, config.fixture);
    const fileName = config.fixture.split('/').pop()!;
    await page.locator('.tabs-container .tab', { hasText: fileName }).first().waitFor({ timeout: 15_000 });
    metrics.clickToEditorMs = Date.now() - clickedAt;
    const text = await waitFor(
      `${config.problemsText.join(', ')}${config.problemsAnyOf?.length ? ' and a rule id' : ''} in the Problems panel`,
      async () => {
        const panel = await textOf(page, '.markers-panel');
        if (metrics.firstFindingMs === undefined && panel.includes(config.problemsText[0])) {
          metrics.firstFindingMs = Date.now() - clickedAt;
        }
        const anyOf = config.problemsAnyOf?.length
          ? config.problemsAnyOf.some((needle) => panel.includes(needle))
          : true;
        return anyOf && config.problemsText.every((needle) => panel.includes(needle)) ? panel : undefined;
      },
      90_000,
    ).catch(async (error) => {
      await shot('problems-timeout');
      throw new Error(`${error.message}\nProblems panel:\n${await textOf(page, '.markers-panel')}`);
    });
    metrics.openToDiagnosticsMs = Date.now() - clickedAt;
    log(`findings listed ${metrics.openToDiagnosticsMs} ms after clicking ${config.fixture} in the Explorer`);
    await shot('problems');
    readmeCopy('problems', 'problems-panel.png');
    for (const needle of config.problemsText) assert.ok(text.includes(needle), `Problems panel lacks "${needle}"`);
  });

  it('applies a quick fix chosen from Ctrl+. and the file changes on disk', async () => {
    const file = path.join(workspace, ...config.fixture.split('/'));
    const before = fs.readFileSync(file, 'utf8');
    // Double-click the marker: the editor takes focus with the cursor on the diagnostic.
    const marker = page.locator('.markers-panel .monaco-list-row', { hasText: config.quickFixMarker }).first();
    await marker.waitFor({ state: 'visible', timeout: 10_000 });
    await marker.dblclick();
    await page.locator('.monaco-editor.focused').waitFor({ timeout: 10_000 });
    // The menu opens once every code-action provider answered, the built-in TypeScript one too,
    // which waits for its server to load the project: press again until it shows.
    const menu = page.locator('.action-widget').first();
    const askedAt = Date.now();
    await waitFor(
      'the quick fix menu (Ctrl+.)',
      async () => {
        await page.keyboard.press('Control+.');
        return menu.waitFor({ state: 'visible', timeout: 5_000 }).then(
          () => true,
          async () => {
            // The menu may open just after the wait gave up: take it rather than close it.
            if (await menu.isVisible()) return true;
            // A context view left open puts its pointer block over the panel; a double-click
            // that waits for it would spend the whole test. Close it, then try briefly.
            await page.keyboard.press('Escape');
            await page
              .locator('.context-view-pointerBlock')
              .waitFor({ state: 'detached', timeout: 5_000 })
              .catch(() => {});
            await marker.dblclick({ timeout: 5_000 }).catch(() => {});
            return false;
          },
        );
      },
      90_000,
    );
    metrics.quickFixMenuMs = Date.now() - askedAt;
    await shot('quick-fix-menu');
    readmeCopy('quick-fix-menu', 'quick-fix-menu.png');
    const items = page.locator('.action-widget .monaco-list-row.action');
    const titles = await items.allInnerTexts();
    // Only the "Quick Fix" group: the built-in TypeScript refactorings follow in other groups.
    const groups = await page.locator('.action-widget .monaco-list-row').evaluateAll((rows) => {
      let group = '';
      const out: string[] = [];
      for (const row of rows) {
        if (row.classList.contains('action')) out.push(group);
        else group = (row.textContent ?? '').trim();
      }
      return out;
    });
    const pattern = new RegExp(config.quickFixTitle, 'i');
    const index = titles.findIndex(
      (title, i) => (groups[i] ?? 'Quick Fix') === 'Quick Fix' && pattern.test(title.trim()),
    );
    assert.ok(index >= 0, `no quick fix matching /${config.quickFixTitle}/i among: ${titles.join(' | ')}`);
    metrics.quickFixChosen = titles[index].trim();
    // Keyboard, not a click: the context view's pointer block sits over the menu for a moment.
    const focused = await items.evaluateAll((rows) => rows.findIndex((row) => row.classList.contains('focused')));
    const steps = index - Math.max(focused, 0);
    for (let step = 0; step < Math.abs(steps); step++) await page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
    await page.keyboard.press('Enter');
    await waitFor(
      'the editor to become dirty',
      async () => page.locator('.tabs-container .tab.dirty').count(),
      10_000,
    ).catch(() => 0);
    await page.keyboard.press('Control+S');
    const afterText = await waitFor(
      'the fixed file on disk',
      async () => {
        const now = fs.readFileSync(file, 'utf8');
        return now !== before ? now : undefined;
      },
      15_000,
    );
    log(`quick fix "${metrics.quickFixChosen}" changed ${config.fixture} on disk`);
    assert.notEqual(afterText, before);
  });

  it('shows the report view from the command palette (screenshot saved)', async () => {
    await page.keyboard.press('Escape');
    await runFromPalette(page, config.reportCommand);
    const frame = await webviewFrame(page, config.reportText, 60_000).catch(async (error) => {
      await shot('report-timeout');
      throw error;
    });
    assert.ok((await frame.locator('body').innerText()).includes(config.reportText));
    // Hide the Problems panel so the report fills the editor area, then let it settle.
    await runFromPalette(page, 'View: Hide Panel').catch(() => {});
    await sleep(1_000);
    const target = path.join(RESULTS_DIR, 'report-view.png');
    await page.screenshot({ path: target });
    if (process.env.OA_UPDATE_SCREENSHOTS === '1') {
      const readmeCopy = path.join(REPO_ROOT, 'media', 'screenshots', 'report-view.png');
      fs.mkdirSync(path.dirname(readmeCopy), { recursive: true });
      fs.copyFileSync(target, readmeCopy);
      log(`screenshot copied to ${path.relative(REPO_ROOT, readmeCopy)}`);
    }
    log(`screenshot: ${path.relative(REPO_ROOT, target)}`);
  });
});
