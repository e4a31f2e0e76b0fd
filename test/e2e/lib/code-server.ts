// Shared harness for the real-VS-Code runs on machines that cannot download desktop VS Code:
// code-server (VS Code's workbench + Node extension host, from npm) on loopback, driven by
// Debian's headless Chromium through playwright-core. Used by test/vscode/run-code-server.ts
// (extension-host test suite) and test/e2e/ui-smoke.ts (packaged .vsix, UI through the browser).
// See the README section "Testing in a real VS Code".
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CODE_SERVER_VERSION = '4.100.3';
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

/** Chromium flags for a machine with no network but loopback (README, "Testing in a real VS Code"). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export function log(message: string): void {
  process.stdout.write(`[harness] ${message}\n`);
}

export function cacheDir(): string {
  return (
    process.env.OA_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'orchestration-audit')
  );
}

/** The code-server binary: $OA_CODE_SERVER, else the cache install of scripts/install-test-deps.sh, else PATH. */
export function findCodeServer(): string | undefined {
  const candidates = [
    process.env.OA_CODE_SERVER,
    path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server'),
  ].filter((candidate): candidate is string => Boolean(candidate));
  for (const candidate of candidates) if (fs.existsSync(candidate)) return candidate;
  const onPath = spawnSync('sh', ['-c', 'command -v code-server'], { encoding: 'utf8' });
  return onPath.status === 0 && onPath.stdout.trim() ? onPath.stdout.trim() : undefined;
}

export function findChromium(): string | undefined {
  const candidates = [process.env.OA_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((candidate): candidate is string => Boolean(candidate && fs.existsSync(candidate)));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A temp dir, removed by runCleanups() (after the processes using it stopped) unless OA_KEEP_TEMP=1. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `oa-${prefix}-`));
  if (process.env.OA_KEEP_TEMP !== '1') {
    registerCleanup(async () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
  }
  return dir;
}

/** Copy a folder (the test workspace) so that a run never changes the repository's copy. */
export function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    dereference: false,
    filter: (src) => !src.includes(`${path.sep}.git${path.sep}`),
  });
}

export interface CodeServerOptions {
  /** Folder opened as the workspace (also passed on the command line). */
  workspace: string;
  /** Extensions dir (for an installed .vsix); a fresh temp dir when omitted. */
  extensionsDir?: string;
  /** Extra environment for code-server and, through it, the extension host. */
  env?: NodeJS.ProcessEnv;
  /** File that receives code-server's stdout/stderr. */
  logFile: string;
  /** The profile (user data) folder, kept by the caller; a fresh temp dir when omitted. */
  userDataDir?: string;
  /** Settings written to the user settings.json before start. */
  userSettings?: Record<string, unknown>;
}

export interface CodeServer {
  port: number;
  url: string;
  bin: string;
  userDataDir: string;
  extensionsDir: string;
  process: ChildProcess;
  /** Stops the whole process group (code-server, its extension hosts and file watchers). */
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic for tests. */
export const TEST_USER_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'editor.minimap.enabled': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const bin = findCodeServer();
  if (!bin) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} not found: run \`bash scripts/install-test-deps.sh\` (or set OA_CODE_SERVER)`,
    );
  }
  const port = await freePort();
  const userDataDir = options.userDataDir ?? makeTempDir('user-data');
  const extensionsDir = options.extensionsDir ?? makeTempDir('extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...TEST_USER_SETTINGS, ...options.userSettings }, null, 2),
  );
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const logFd = fs.openSync(options.logFile, 'w');
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-file-downloads',
    '--ignore-last-opened',
    '--extensions-dir',
    extensionsDir,
    '--user-data-dir',
    userDataDir,
    options.workspace,
  ];
  // detached: its own process group, so stop() reaches the extension host and watchers too.
  const child = spawn(bin, args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, ...options.env, NODE_OPTIONS: '' },
  });
  fs.closeSync(logFd);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const stop = async (): Promise<void> => {
    if (exited || child.pid === undefined) return;
    const group = -child.pid;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return;
    }
    for (let waited = 0; waited < 5000 && !exited; waited += 100) await sleep(100);
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  registerCleanup(stop);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited early; see ${options.logFile}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 60 s; see ${options.logFile}`);
    }
    await sleep(200);
  }
  return { port, url, bin, userDataDir, extensionsDir, process: child, stop };
}

/** `code-server --install-extension <vsix> --extensions-dir <dir>`. */
export function installExtension(vsix: string, extensionsDir: string, userDataDir?: string): void {
  const bin = findCodeServer();
  if (!bin) throw new Error('code-server not found: run `bash scripts/install-test-deps.sh`');
  const args = ['--install-extension', vsix, '--extensions-dir', extensionsDir];
  if (userDataDir) args.push('--user-data-dir', userDataDir);
  const result = spawnSync(bin, args, {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) {
    throw new Error(`installing ${vsix} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** The workbench URL, optionally with an extension under development and a test suite (payload). */
export function workbenchUrl(
  server: Pick<CodeServer, 'url' | 'port'>,
  workspace: string,
  dev?: { extensionDevelopmentPath: string; extensionTestsPath?: string },
): string {
  const params = new URLSearchParams({ folder: workspace });
  if (dev) {
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
    const payload: [string, string][] = [['extensionDevelopmentPath', remote(dev.extensionDevelopmentPath)]];
    if (dev.extensionTestsPath) payload.push(['extensionTestsPath', remote(dev.extensionTestsPath)]);
    params.set('payload', JSON.stringify(payload));
  }
  return `${server.url}/?${params.toString()}`;
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Headless Debian Chromium, its console and page errors appended to consoleLog. */
export async function openBrowser(
  consoleLog: string,
  viewport = { width: 1600, height: 1000 },
): Promise<BrowserSession> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('Chromium not found at /usr/bin/chromium: run `bash scripts/install-test-deps.sh`');
  // Required lazily so that `tsc` and a machine without the devDependency still load this module.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  fs.mkdirSync(path.dirname(consoleLog), { recursive: true });
  const out = fs.createWriteStream(consoleLog, { flags: 'w' });
  const started = Date.now();
  const stamp = () => `+${((Date.now() - started) / 1000).toFixed(1)}s`;
  page.on('console', (message) => out.write(`${stamp()} [${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => out.write(`${stamp()} [pageerror] ${error.stack ?? error.message}\n`));
  page.on('crash', () => out.write(`${stamp()} [crash] page crashed\n`));
  const close = async () => {
    try {
      await browser.close();
    } catch {
      /* already closed */
    }
    out.end();
  };
  registerCleanup(close);
  return { browser, context, page, close };
}

/** Copies code-server's logs (exthost, remote agent, renderer) next to the test results. */
export function collectLogs(userDataDir: string, into: string): void {
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return;
  fs.rmSync(into, { recursive: true, force: true });
  fs.cpSync(logs, into, { recursive: true });
}

// ---- cleanup on any exit ---------------------------------------------------------------------

const cleanups: (() => Promise<void>)[] = [];
export function registerCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}
export async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const cleanup = cleanups.pop()!;
    try {
      await cleanup();
    } catch {
      /* best effort */
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    void runCleanups().finally(() => process.exit(130));
  });
}
