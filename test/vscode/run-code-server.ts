// Runs the extension-host test suite (test/vscode/suite, built to dist/test/vscode/suite/index.js)
// inside a real VS Code here: code-server 4.100.3 on loopback + Debian's headless Chromium.
// The workbench loads the extension under development and calls the suite's run() in its Node
// extension host, as @vscode/test-electron does on desktop (see run-electron.ts for that runner).
//
//   npm run test:vscode                       # builds, then runs the real suite
//   tsx test/vscode/run-code-server.ts [--extension <dir>] [--suite <index.js>] [--workspace <dir>]
//        [--results <file>] [--timeout <seconds>] [--label <name>] [--no-copy-workspace]
//
// Builds nothing itself: run `node esbuild.js` first. The suite writes its mocha results as JSON
// to $OA_TEST_RESULTS (set here to an absolute path); this runner waits for that file, prints each
// test, the totals and a closing `N passed, N failed` line, and exits non-zero on any failure or
// when no result came before the deadline. Browser console and code-server logs go to
// test-results/ for debugging.
import * as fs from 'node:fs';
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

interface Args {
  extension: string;
  suite: string;
  workspace: string;
  results: string;
  timeoutSeconds: number;
  copyWorkspace: boolean;
  label: string;
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
  fs.mkdirSync(path.dirname(args.results), { recursive: true });
  fs.rmSync(args.results, { force: true });
  const codeServerLog = path.join(RESULTS_DIR, `${args.label}-code-server.log`);
  const consoleLog = path.join(RESULTS_DIR, `${args.label}-browser-console.log`);

  let workspace = args.workspace;
  if (args.copyWorkspace) {
    workspace = path.join(makeTempDir('workspace'), path.basename(args.workspace));
    copyDir(args.workspace, workspace);
  }

  log(`starting code-server (workspace ${workspace})`);
  const server = await startCodeServer({
    workspace,
    logFile: codeServerLog,
    env: {
      OA_TEST_RESULTS: args.results,
      OA_TEST_WORKSPACE: workspace,
      OA_TEST_SOURCE_WORKSPACE: args.workspace,
      OA_REPO_ROOT: REPO_ROOT,
    },
  });
  log(`code-server ${server.url} ready after ${elapsed()}`);

  let exitCode = 1;
  try {
    const session = await openBrowser(consoleLog);
    const url = workbenchUrl(server, workspace, {
      extensionDevelopmentPath: args.extension,
      extensionTestsPath: args.suite,
    });
    await session.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await session.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    log(
      `workbench loaded after ${elapsed()}; waiting for ${path.relative(REPO_ROOT, args.results)} (deadline ${args.timeoutSeconds} s)`,
    );

    const deadline = started + args.timeoutSeconds * 1000;
    let results: unknown;
    let serverExited = false;
    server.process.once('exit', () => (serverExited = true));
    // The extension host exits once run() settles (or throws): then the results are due at once.
    let hostExitedAt: number | undefined;
    while (Date.now() < deadline && !serverExited) {
      results = await readResults(args.results);
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
          : `no results within ${args.timeoutSeconds} s`;
      log(`${why}; see ${path.relative(REPO_ROOT, consoleLog)} and ${path.relative(REPO_ROOT, codeServerLog)}`);
      await session.page.screenshot({ path: path.join(RESULTS_DIR, `${args.label}-timeout.png`) }).catch(() => {});
      process.stdout.write('\n0 passed, 1 failed\n');
    } else {
      log(`results after ${elapsed()}`);
      const summary = summarize(results);
      printSummary(summary, args.label);
      exitCode = summary.failed === 0 && summary.passed > 0 ? 0 : 1;
      if (summary.passed === 0 && summary.failed === 0) log('the suite ran no test');
      process.stdout.write(`\n${summary.passed} passed, ${summary.failed} failed\n`);
    }
  } finally {
    collectLogs(server.userDataDir, path.join(RESULTS_DIR, `${args.label}-logs`));
    await runCleanups();
  }
  log(`done in ${elapsed()} (logs: test-results/${args.label}-*)`);
  return exitCode;
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
