// The report webview against hostile workspace text, in headless Chromium (playwright-core, as
// ui-smoke.ts): the exact page the report panel loads (src/vscode/html.ts `reportPage`, with
// media/report.js and its strict CSP) receives, by postMessage as the panel sends it, the model
// of a workspace whose file names, folder names, model names and `@ai-decision` text are HTML and
// script (test/fixtures/hostile-strings, plus names only a Linux disk allows, made at run time).
// No script of theirs may run, each payload must show as literal text, and the CSP must block an
// inline script without the page's nonce.
//
//   node --import tsx --test test/e2e/report-xss.test.ts     (also in npm run test:e2e)
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { audit } from '../../src/core/index';
import { reportPage } from '../../src/vscode/html';
import { buildReportModel } from '../../src/vscode/report-model';
import { messagesFor, type ReportModel } from '../../src/vscode/report-protocol';
import { findChromium, log, makeTempDir, openBrowser, REPO_ROOT, RESULTS_DIR, runCleanups } from './lib/code-server';

/** `webview.cspSource` as VS Code gives it (webviewGenericCspSource). */
const CSP_SOURCE = "'self' https://*.vscode-cdn.net";
/** Where VS Code serves a webview's local resources (`asWebviewUri`); routed to media/ here. */
const RESOURCES = 'https://file+.vscode-resource.vscode-cdn.net';
/** The page's own origin (VS Code's is vscode-webview://...): anything else there is a 404. */
const PAGE_URL = 'https://webview.orchestration-audit.test/index.html';
const MEDIA = path.join(REPO_ROOT, 'media');

/** Names a Linux folder may have but a repository should not carry (Windows forbids `<>"`). */
const HOSTILE_FOLDER = '<svg onload="window.__pwned=1">';
const HOSTILE_FILE = '<img src=x onerror="window.__pwned=1">.ts';
/** A second workspace folder's name: shown next to each call when there are several. */
const HOSTILE_WORKSPACE_NAME = '"><img src=x onerror=window.__pwned=1> & co';

/** Workspace text that would be markup if it ever reached an HTML parser. */
const MARKUP = /[<>]|&/;

interface PageReport {
  pwned: unknown;
  inlineRan: unknown;
  violations: { directive: string; blocked: string }[];
  posted: { type: string }[];
  text: string;
  injected: string[];
  scripts: number;
  handlers: string[];
  calls: number;
  focused: string | undefined;
}

const skipReason = findChromium()
  ? undefined
  : 'Chromium not found at /usr/bin/chromium (bash scripts/install-test-deps.sh)';

describe('report webview: hostile workspace text renders as text', { skip: skipReason, timeout: 180_000 }, () => {
  let model: ReportModel;
  let focusKey: string;
  let context: BrowserContext;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    const workspace = path.join(makeTempDir('report-xss'), 'hostile-strings');
    fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'hostile-strings'), workspace, { recursive: true });
    // The SDK typings resolve from the repository's node_modules, as for the fixture itself.
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
    fs.mkdirSync(path.join(workspace, 'src', HOSTILE_FOLDER));
    fs.writeFileSync(path.join(workspace, 'src', HOSTILE_FOLDER, 'triage.ts'), TRIAGE_SOURCE);
    // Does not parse: listed under "Not audited" by its name.
    fs.writeFileSync(path.join(workspace, 'src', HOSTILE_FILE), BROKEN_SOURCE);
    const result = await audit({ root: workspace });
    // The panel's model (ReportPanel.buildModel), for two workspace folders so that folder names show.
    model = buildReportModel([
      { name: 'hostile-strings', result },
      { name: HOSTILE_WORKSPACE_NAME, result },
    ]);
    const triage = model.calls.find((call) => call.shownFile.includes(HOSTILE_FOLDER));
    assert.ok(triage, `the call in ${HOSTILE_FOLDER}/triage.ts is in the model`);
    assert.ok(
      model.skipped.some((entry) => entry.shownFile.includes(HOSTILE_FILE)),
      `${HOSTILE_FILE} is listed as not audited`,
    );
    focusKey = triage.key;

    const session = await openBrowser(path.join(RESULTS_DIR, 'report-xss-browser-console.log'));
    context = session.context;
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      const file = url.origin === RESOURCES ? path.join(MEDIA, decodeURIComponent(url.pathname)) : undefined;
      if (file && file.startsWith(`${MEDIA}${path.sep}`) && fs.existsSync(file)) {
        await route.fulfill({
          status: 200,
          contentType: file.endsWith('.css') ? 'text/css' : 'text/javascript',
          body: fs.readFileSync(file),
        });
      } else {
        await route.fulfill({ status: 404, body: '' });
      }
    });
    // What VS Code gives a webview: acquireVsCodeApi. Also records what a hostile string could do.
    // (A string: tsx would wrap a function's inner names in a helper the page does not have.)
    await context.addInitScript(VSCODE_API_STUB);
    context.on('page', (page) => {
      page.on('dialog', (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
    });
  });

  after(async () => {
    await runCleanups();
  });

  /** Loads `html` as the webview page, sends the panel's messages once the page says it is ready. */
  async function render(html: string, name: string): Promise<PageReport> {
    const page = await context.newPage();
    await context.route(PAGE_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    await page.goto(PAGE_URL, { waitUntil: 'load' });
    await page.waitForFunction(
      () =>
        (window as unknown as { __posted: { type: string }[] }).__posted.some((message) => message.type === 'ready'),
      undefined,
      { timeout: 10_000 },
    );
    await page.evaluate(
      (messages) => {
        for (const message of messages) window.postMessage(message, '*');
      },
      messagesFor(model, focusKey),
    );
    await page.waitForFunction(
      (count) => document.querySelectorAll('article.call').length === count,
      model.calls.length,
      { timeout: 10_000 },
    );
    // An <img onerror> fires after its load fails: give anything that was scheduled time to run.
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(RESULTS_DIR, `report-xss-${name}.png`), fullPage: true }).catch(() => {});
    const report = await readPage(page);
    await page.close();
    await context.unroute(PAGE_URL);
    return report;
  }

  it('shows every hostile string as literal text, and no script of theirs runs (real page, real CSP)', async () => {
    const page = reportPage(CSP_SOURCE, (file) => `${RESOURCES}/${file}`);
    const report = await render(page, 'rendered');
    assertNothingRan(report, dialogs, pageErrors);
    const payloads = payloadsOf(model);
    assert.ok(payloads.length >= 10, `the model carries the fixture's payloads (${payloads.length})`);
    const missing = payloads.filter((payload) => !report.text.includes(payload));
    assert.deepEqual(missing, [], 'each payload is shown as text');
    assert.equal(report.calls, model.calls.length);
    assert.equal(report.focused, focusKey, 'focus reaches the call whose file name is markup');
    log(`report-xss: ${payloads.length} distinct payloads from the workspace checked as literal text`);
  });

  it('renders them as text even without the CSP (the escaping alone holds)', async () => {
    const page = reportPage(CSP_SOURCE, (file) => `${RESOURCES}/${file}`);
    const withoutCsp = page.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, '');
    assert.notEqual(withoutCsp, page, 'the CSP meta tag was found and removed');
    const report = await render(withoutCsp, 'no-csp');
    assertNothingRan(report, dialogs, pageErrors);
    assert.deepEqual(
      payloadsOf(model).filter((payload) => !report.text.includes(payload)),
      [],
    );
  });

  it('blocks inline script and handlers without the nonce (the CSP alone holds)', async () => {
    const page = reportPage(CSP_SOURCE, (file) => `${RESOURCES}/${file}`);
    const nonce = /nonce="([^"]+)"/.exec(page)?.[1];
    assert.ok(nonce, 'the page carries a nonce');
    // As if markup had slipped into the page: a script with no nonce, one with a wrong nonce, an
    // inline handler, and a script from an origin the policy does not list.
    const slipped = [
      '<script>window.__inlineRan = 1</script>',
      '<script nonce="bm90LXRoZS1ub25jZQ==">window.__inlineRan = 2</script>',
      '<img src="x" onerror="window.__pwned = 1">',
      '<script src="https://evil.example/x.js"></script>',
    ].join('\n');
    const report = await render(page.replace('<body>', `<body>\n${slipped}`), 'csp');
    assert.equal(report.inlineRan, undefined, 'an inline script without the nonce ran');
    assert.equal(report.pwned, undefined, 'an inline event handler ran');
    assert.ok(
      report.violations.some(
        (violation) => violation.directive === 'script-src-elem' && violation.blocked === 'inline',
      ),
      `a securitypolicyviolation for the inline script (got ${JSON.stringify(report.violations)})`,
    );
    assert.ok(
      report.violations.some((violation) => violation.blocked.startsWith('https://evil.example')),
      'the foreign script is blocked',
    );
    assert.ok(
      report.posted.some((message) => message.type === 'ready'),
      "the page's own script, with the nonce, still runs",
    );
  });
});

function assertNothingRan(report: PageReport, dialogs: readonly string[], pageErrors: readonly string[]): void {
  assert.equal(report.pwned, undefined, 'a payload ran as script');
  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(pageErrors, [], 'no error in the page');
  assert.deepEqual(report.injected, [], 'no element from the workspace text');
  assert.equal(report.scripts, 1, 'only the page script');
  assert.deepEqual(report.handlers, [], 'no inline event handler attribute');
  assert.deepEqual(report.violations, [], 'nothing even tried to break the CSP');
}

/** Every distinct string of the model that would be markup: model names, annotation text, owners, file and folder names. */
function payloadsOf(model: ReportModel): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      // Absolute paths and keys are not shown; their shown forms are.
      if (MARKUP.test(value) && !path.isAbsolute(value) && !value.includes('\u0000')) found.add(value);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  // Register sentences and call titles are rendered with their `code` fences removed; the model
  // names inside them are checked on their own.
  visit({ ...model, calls: model.calls.map(({ lines, title, ...call }) => call) });
  return [...found].sort();
}

async function readPage(page: Page): Promise<PageReport> {
  return page.evaluate(() => {
    const own = window as unknown as {
      __pwned?: unknown;
      __inlineRan?: unknown;
      __violations: PageReport['violations'];
      __posted: { type: string }[];
    };
    const elements = [...document.querySelectorAll('*')];
    return {
      pwned: own.__pwned,
      inlineRan: own.__inlineRan,
      violations: own.__violations,
      posted: own.__posted,
      text: document.body.textContent ?? '',
      injected: [...document.querySelectorAll('img, svg, b, iframe, object, embed, form')].map(
        (element) => element.outerHTML,
      ),
      scripts: document.scripts.length,
      handlers: elements.flatMap((element) =>
        element
          .getAttributeNames()
          .filter((name) => name.startsWith('on'))
          .map((name) => `${element.tagName.toLowerCase()} ${name}`),
      ),
      calls: document.querySelectorAll('article.call').length,
      focused: document.querySelector<HTMLElement>('article.call.focused')?.dataset.key,
    };
  });
}

/**
 * What VS Code gives a webview (acquireVsCodeApi: postMessage, getState, setState), recording what
 * the page posts, and a log of CSP violations. Runs before the page's own script.
 */
const VSCODE_API_STUB = `(() => {
  const posted = [];
  const violations = [];
  let state;
  window.__posted = posted;
  window.__violations = violations;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => { posted.push(message); },
    getState: () => state,
    setState: (value) => { state = value; },
  });
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI });
  });
})();`;

/** A call in a folder whose name is markup. */
const TRIAGE_SOURCE = `import OpenAI from 'openai';

const openai = new OpenAI();

export async function triageTicket(body: string): Promise<string> {
  // @ai-decision failure: callers show <img src=x onerror="window.__pwned=1"> as the error banner (owner: support)
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 50,
    messages: [{ role: 'user', content: \`Label this ticket: \${body}\` }],
  });
  return completion.choices[0]?.message.content ?? 'unlabelled';
}
`;

/** Cut off mid-call: the audit skips it, and the report lists it by name. */
const BROKEN_SOURCE = `import OpenAI from 'openai';

const openai = new OpenAI();

export const reply = openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [
`;
