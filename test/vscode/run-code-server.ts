// Runs the extension-host test suite (test/vscode/suite, built to dist/test/vscode/suite/index.js)
// inside a real VS Code here: code-server 4.100.3 on loopback + Debian's headless Chromium.
// The workbench loads the extension under development and calls the suite's run() in its Node
// extension host, as @vscode/test-electron does on desktop (see run-electron.ts for that runner).
//
//   npm run test:vscode                       # builds, then runs the real suite
//   tsx test/vscode/run-code-server.ts [--extension <dir>] [--suite <index.js>] [--workspace <dir>]
//        [--results <file>] [--timeout <seconds>] [--label <name>] [--no-copy-workspace]
//        [--no-first-open | --first-open-only] [--user-data-dir <dir>]
//
// Builds nothing itself: run `node esbuild.js` first. The suite writes its mocha results as JSON
// to $OA_TEST_RESULTS (set here to an absolute path); this runner waits for that file, prints each
// test, the totals and a closing `N passed, N failed` line, and exits non-zero on any failure or
// when no result came before the deadline. Three fresh windows then open a generated workspace
// of real size (200 files) in turn and time the first diagnostics of its first opened file (the
// suite's first-open.test.ts); their tests and the median window's metrics join the results
// (skipped with --no-first-open or when OA_TEST_GREP picks tests). Browser console and code-server logs go to
// test-results/ for debugging.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  REPO_ROOT,
  RESULTS_DIR,
  collectLogs,
  copyDir,
  log,
  makeTempDir,
  openBrowser,
  runCleanups,
  sleep,
  startCodeServer,
  workbenchUrl,
} from '../e2e/lib/code-server';
import { generateWorkspace } from '../bench/generate';
import { combineWindows, FIRST_OPEN_WINDOWS, mergeRuns } from './first-open-windows';

/** The first-open pass's workspace: about 200 files, a tenth of them calling models. */
const FIRST_OPEN_FILES = 200;
const FIRST_OPEN_SHARE = 0.1;

interface Args {
  extension: string;
  suite: string;
  workspace: string;
  results: string;
  timeoutSeconds: number;
  copyWorkspace: boolean;
  label: string;
  /** The first-open pass (a fresh window on a generated 200-file workspace): after the main one, skipped, or alone. */
  firstOpen: 'run' | 'skip' | 'only';
  /** A profile folder kept across runs (default: a temporary one for this run). */
  userDataDir?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    extension: REPO_ROOT,
    suite: path.join(REPO_ROOT, 'dist', 'test', 'vscode', 'suite', 'index.js'),
    workspace: path.join(REPO_ROOT, 'test', 'vscode', 'workspace'),
    results: process.env.OA_TEST_RESULTS ?? path.join(RESULTS_DIR, 'vscode.json'),
    timeoutSeconds: Number(process.env.OA_TEST_TIMEOUT ?? 600),
    copyWorkspace: true,
    label: 'vscode',
    firstOpen: process.env.OA_TEST_GREP ? 'skip' : 'run',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--extension':
        args.extension = path.resolve(value());
        break;
      case '--suite':
        args.suite = path.resolve(value());
        break;
      case '--workspace':
        args.workspace = path.resolve(value());
        break;
      case '--results':
        args.results = path.resolve(value());
        break;
      case '--timeout':
        args.timeoutSeconds = Number(value());
        break;
      case '--label':
        args.label = value();
        break;
      case '--no-first-open':
        args.firstOpen = 'skip';
        break;
      case '--first-open-only':
        args.firstOpen = 'only';
        break;
      case '--user-data-dir':
        args.userDataDir = path.resolve(value());
        break;
      case '--no-copy-workspace':
        args.copyWorkspace = false;
        break;
      case '-h':
      case '--help':
        process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\nimport')[0] + '\n');
        return process.exit(0);
      default:
        throw new Error(`unknown argument ${flag}`);
    }
  }
  args.results = path.resolve(args.results);
  return args;
}

// ---- mocha results -----------------------------------------------------------------------------

interface TestRow {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  duration?: number;
  error?: string;
}

interface Summary {
  tests: TestRow[];
  passed: number;
  failed: number;
  pending: number;
  durationMs?: number;
  metrics?: Record<string, unknown>;
}

type MochaTest = {
  title?: string;
  fullTitle?: string;
  duration?: number;
  state?: string;
  err?: { message?: string; stack?: string };
};

/**
 * Accepts mocha's JSON reporter shape ({ stats, tests, passes, failures, pending }) and a plain
 * { tests: [{ title, state, error }] } shape. Any top-level `metrics` object is printed as is.
 */
export function summarize(raw: unknown): Summary {
  const data = raw as Record<string, unknown>;
  const fullTitle = (test: MochaTest) => test.fullTitle ?? test.title ?? '(untitled)';
  const list = (key: string) => (Array.isArray(data[key]) ? (data[key] as MochaTest[]) : []);
  const failedTitles = new Set(list('failures').map(fullTitle));
  const pendingTitles = new Set(list('pending').map(fullTitle));
  const all = list('tests').length ? list('tests') : [...list('passes'), ...list('failures'), ...list('pending')];
  const tests: TestRow[] = all.map((test) => {
    const hasError = Boolean(test.err && (test.err.message || test.err.stack));
    let state: TestRow['state'] = 'passed';
    if (test.state === 'failed' || failedTitles.has(fullTitle(test)) || hasError) state = 'failed';
    else if (test.state === 'pending' || pendingTitles.has(fullTitle(test))) state = 'pending';
    const error = test.err?.stack ?? test.err?.message ?? (test as { error?: string }).error;
    return { title: fullTitle(test), state, duration: test.duration, error };
  });
  const stats = (data.stats ?? {}) as Record<string, number>;
  const count = (state: TestRow['state']) => tests.filter((test) => test.state === state).length;
  return {
    tests,
    passed: tests.length ? count('passed') : (stats.passes ?? 0),
    // A failure outside any test (a hook, a load error) is in stats/failures but not in tests.
    failed: Math.max(count('failed'), stats.failures ?? 0, failedTitles.size),
    pending: tests.length ? count('pending') : (stats.pending ?? 0),
    durationMs: stats.duration,
    metrics: (data.metrics as Record<string, unknown>) ?? undefined,
  };
}

function printSummary(summary: Summary, label: string): void {
  const mark = { passed: 'ok  ', failed: 'FAIL', pending: 'skip' } as const;
  process.stdout.write(`\n${label} suite results:\n`);
  for (const test of summary.tests) {
    const time = test.duration !== undefined ? ` (${test.duration} ms)` : '';
    process.stdout.write(`  ${mark[test.state]} ${test.title}${time}\n`);
  }
  const failures = summary.tests.filter((test) => test.state === 'failed' && test.error);
  for (const test of failures) {
    process.stdout.write(
      `\n  FAIL ${test.title}\n${test
        .error!.split('\n')
        .map((line) => `      ${line}`)
        .join('\n')}\n`,
    );
  }
  if (summary.metrics && Object.keys(summary.metrics).length) {
    process.stdout.write(`\n  metrics: ${JSON.stringify(summary.metrics)}\n`);
    // Issue 5's activation figure, on a line of its own so that it can be read (and grepped) at a glance.
    const { activationMs, activationBundleMs, activationActivateMs, activationWallMs } = summary.metrics;
    if (typeof activationMs === 'number') {
      const parts =
        typeof activationBundleMs === 'number' && typeof activationActivateMs === 'number'
          ? `bundle ${activationBundleMs.toFixed(1)} + activate() ${activationActivateMs.toFixed(1)}`
          : 'bundle + activate()';
      const wall =
        typeof activationWallMs === 'number'
          ? `; ${activationWallMs.toFixed(1)} ms from the bundle's first line to activate() returning, with VS Code preparing the context`
          : '';
      process.stdout.write(`  activation: ${activationMs.toFixed(1)} ms (${parts}${wall})\n`);
    }
  }
  const duration = summary.durationMs !== undefined ? ` in ${(summary.durationMs / 1000).toFixed(1)} s` : '';
  process.stdout.write(
    `\n${summary.tests.length} tests${duration}: ${summary.passed} passing, ${summary.failed} failing, ${summary.pending} pending\n`,
  );
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function readResults(file: string): Promise<unknown> {
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined; // still being written: try again on the next poll
  }
}

// ---- main --------------------------------------------------------------------------------------

interface PassOptions {
  extension: string;
  suite: string;
  /** The folder the window opens (already copied or generated). */
  workspace: string;
  /** The folder the workspace was copied from (the suite reads pristine sources there). */
  sourceWorkspace: string;
  results: string;
  label: string;
  timeoutSeconds: number;
  /** Extra environment for the extension host (OA_TEST_PASS selects the suite's files). */
  env?: Record<string, string>;
  /** The profile folder, shared by the passes (what the extension stored in one is there in the next). */
  userDataDir?: string;
}

interface PassResult {
  exitCode: number;
  summary?: Summary;
  raw?: Record<string, unknown>;
}

/** One window: code-server on the workspace, the workbench in Chromium, the suite's results read back. */
async function runPass(options: PassOptions): Promise<PassResult> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  fs.mkdirSync(path.dirname(options.results), { recursive: true });
  fs.rmSync(options.results, { force: true });
  const codeServerLog = path.join(RESULTS_DIR, `${options.label}-code-server.log`);
  const consoleLog = path.join(RESULTS_DIR, `${options.label}-browser-console.log`);
  const { workspace } = options;

  log(`starting code-server (workspace ${workspace})`);
  const server = await startCodeServer({
    workspace,
    userDataDir: options.userDataDir,
    logFile: codeServerLog,
    env: {
      OA_TEST_RESULTS: options.results,
      OA_TEST_WORKSPACE: workspace,
      OA_TEST_SOURCE_WORKSPACE: options.sourceWorkspace,
      OA_REPO_ROOT: REPO_ROOT,
      ...options.env,
    },
  });
  log(`code-server ${server.url} ready after ${elapsed()}`);

  const result: PassResult = { exitCode: 1 };
  try {
    const session = await openBrowser(consoleLog);
    const url = workbenchUrl(server, workspace, {
      extensionDevelopmentPath: options.extension,
      extensionTestsPath: options.suite,
    });
    await session.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await session.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    log(
      `workbench loaded after ${elapsed()}; waiting for ${path.relative(REPO_ROOT, options.results)} (deadline ${options.timeoutSeconds} s)`,
    );

    const deadline = started + options.timeoutSeconds * 1000;
    let results: unknown;
    let serverExited = false;
    server.process.once('exit', () => (serverExited = true));
    // The extension host exits once run() settles (or throws): then the results are due at once.
    let hostExitedAt: number | undefined;
    while (Date.now() < deadline && !serverExited) {
      results = await readResults(options.results);
      if (results !== undefined) break;
      if (hostExitedAt === undefined && /Extension Host Process exited/.test(readText(codeServerLog))) {
        hostExitedAt = Date.now();
      }
      if (hostExitedAt !== undefined && Date.now() - hostExitedAt > 5000) break;
      await sleep(500);
    }
    if (results === undefined) {
      const why = serverExited
        ? 'code-server exited'
        : hostExitedAt !== undefined
          ? 'the extension host exited without writing results (run() threw? see the console log)'
          : `no results within ${options.timeoutSeconds} s`;
      log(`${why}; see ${path.relative(REPO_ROOT, consoleLog)} and ${path.relative(REPO_ROOT, codeServerLog)}`);
      await session.page.screenshot({ path: path.join(RESULTS_DIR, `${options.label}-timeout.png`) }).catch(() => {});
    } else {
      log(`results after ${elapsed()}`);
      result.raw = results as Record<string, unknown>;
      result.summary = summarize(results);
      result.exitCode = result.summary.failed === 0 && result.summary.passed > 0 ? 0 : 1;
      if (result.summary.passed === 0 && result.summary.failed === 0) log('the suite ran no test');
    }
  } finally {
    collectLogs(server.userDataDir, path.join(RESULTS_DIR, `${options.label}-logs`));
    await runCleanups();
  }
  log(`${options.label} window done in ${elapsed()} (logs: test-results/${options.label}-*)`);
  return result;
}

/**
 * The first-open pass: FIRST_OPEN_WINDOWS fresh windows, one after the other, each on a new copy
 * of a generated workspace of real size (200 files, 20 with model calls: test/bench/generate.ts),
 * where the suite's first-open file opens one file and times its first diagnostics (issue 14).
 * Their tests and the median window's metrics (first-open-windows.ts) join the main results.
 * Each window has a folder of its own: a folder a window had open before would restore its editors.
 */
async function firstOpenPass(args: Args, userDataDir: string, afterMain: boolean): Promise<PassResult> {
  const windows: PassResult[] = [];
  for (let window = 1; window <= FIRST_OPEN_WINDOWS; window++)
    // A window after the first finds the code cache the first wrote, as one after the main window does.
    windows.push(await firstOpenWindow(args, userDataDir, window, afterMain || window > 1));
  const raw = combineWindows(windows.map((window) => window.raw));
  const summary = raw === undefined ? undefined : summarize(raw);
  return { exitCode: summary && summary.failed === 0 && summary.passed > 0 ? 0 : 1, summary, raw };
}

async function firstOpenWindow(
  args: Args,
  userDataDir: string,
  window: number,
  expectCodeCache: boolean,
): Promise<PassResult> {
  const dir = path.join(makeTempDir('first-open'), 'app');
  const { manifest } = generateWorkspace({
    files: FIRST_OPEN_FILES,
    share: FIRST_OPEN_SHARE,
    outDir: dir,
    force: true,
  });
  // The SDK typings resolve as in a project with its dependencies installed.
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // As in the main workspace (test/vscode/workspace/.vscode): one diagnostic per finding, so that
  // the test compares them with the core's findings; no autosave.
  fs.mkdirSync(path.join(dir, '.vscode'));
  fs.writeFileSync(
    path.join(dir, '.vscode', 'settings.json'),
    `${JSON.stringify({ 'files.autoSave': 'off', 'orchestrationAudit.diagnostics.groupImplicit': false }, null, 2)}\n`,
  );
  log(`generated ${manifest.files} files (${manifest.modelFiles} with model calls) in ${dir}`);
  return runPass({
    extension: args.extension,
    suite: args.suite,
    workspace: dir,
    sourceWorkspace: dir,
    results: path.join(path.dirname(args.results), `${args.label}-first-open-${window}.json`),
    label: `${args.label}-first-open-${window}`,
    timeoutSeconds: args.timeoutSeconds,
    env: { OA_TEST_PASS: 'first-open', OA_EXPECT_CODE_CACHE: expectCodeCache ? '1' : '0' },
    userDataDir,
  });
}

/** The main results file gains the first-open pass's tests and metrics (CI reads one file). */
function mergeResults(file: string, main: PassResult, extra: PassResult): void {
  if (!main.raw) return;
  const merged = {
    ...main.raw,
    ...mergeRuns([main.raw, extra.raw]),
    metrics: {
      ...(main.raw.metrics as Record<string, unknown>),
      ...(extra.raw?.metrics as Record<string, unknown>),
    },
  };
  fs.writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  for (const [what, file] of [
    ['extension manifest', path.join(args.extension, 'package.json')],
    ['test suite', args.suite],
    ['workspace', args.workspace],
  ] as const) {
    if (!fs.existsSync(file)) {
      log(`${what} not found: ${file}${what === 'test suite' ? ' (run `node esbuild.js` first)' : ''}`);
      return 2;
    }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(args.extension, 'package.json'), 'utf8'));
  if (manifest.main && !fs.existsSync(path.resolve(args.extension, manifest.main))) {
    log(`extension entry ${manifest.main} not built (run \`node esbuild.js\` first)`);
    return 2;
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });

  let workspace = args.workspace;
  if (args.copyWorkspace) {
    workspace = path.join(makeTempDir('workspace'), path.basename(args.workspace));
    copyDir(args.workspace, workspace);
  }
  // One profile for both windows, as for a user who opens a second project: the first-open window
  // finds what the extension stored in the first (the analyser's code cache). A new profile with
  // --first-open-only, or --user-data-dir to keep one across runs.
  const userDataDir = args.userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'oa-profile-'));
  // Removed at the end of the run, not by a pass's cleanups (which run when each window closes).
  const dropProfile = () => {
    if (!args.userDataDir && process.env.OA_KEEP_TEMP !== '1')
      fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  process.once('exit', dropProfile);
  const pass = (label: string) => ({
    extension: args.extension,
    suite: args.suite,
    workspace,
    sourceWorkspace: args.workspace,
    results: args.results,
    label,
    timeoutSeconds: args.timeoutSeconds,
    userDataDir,
  });
  let result: PassResult = args.firstOpen === 'only' ? { exitCode: 0 } : await runPass(pass(args.label));
  if (args.firstOpen !== 'skip') {
    const firstOpen = await firstOpenPass(args, userDataDir, args.firstOpen === 'run' && result.raw !== undefined);
    if (args.firstOpen === 'only') {
      result = firstOpen;
      if (firstOpen.raw) fs.writeFileSync(args.results, `${JSON.stringify(firstOpen.raw, null, 2)}\n`);
    } else {
      mergeResults(args.results, result, firstOpen);
      const merged = await readResults(args.results);
      const summary = merged === undefined ? undefined : summarize(merged);
      result = { exitCode: summary && summary.failed === 0 && summary.passed > 0 ? 0 : 1, summary };
    }
  }
  if (result.summary) {
    printSummary(result.summary, args.label);
    process.stdout.write(`\n${result.summary.passed} passed, ${result.summary.failed} failed\n`);
  } else {
    process.stdout.write('\n0 passed, 1 failed\n');
  }
  log(`done in ${elapsed()}`);
  return result.summary ? result.exitCode : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    async (error) => {
      process.stderr.write(`[harness] ${error instanceof Error ? error.stack : String(error)}\n`);
      await runCleanups();
      process.stdout.write('\n0 passed, 1 failed\n');
      process.exit(1);
    },
  );
}
