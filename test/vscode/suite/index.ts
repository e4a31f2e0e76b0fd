/**
 * The extension-host suite's entry (built to dist/test/vscode/suite/index.js): VS Code calls
 * `run()` inside its extension host, as @vscode/test-electron and the code-server runner do.
 * It runs mocha over the built `*.test.js` beside it and writes the results as JSON to
 * $OA_TEST_RESULTS (default test-results/vscode.json): { stats, tests, passes, failures,
 * pending, metrics }, each test with title, fullTitle, state, duration and err { message, stack }.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import Mocha from 'mocha';
import { linkNodeModules, metrics } from './helpers';

interface TestRecord {
  title: string;
  fullTitle: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  duration?: number;
  err?: { message: string; stack?: string };
}

/** dist/test/vscode/suite -> the repository root. */
const REPO_ROOT = process.env.OA_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..');

export async function run(): Promise<void> {
  const resultsFile = path.resolve(REPO_ROOT, process.env.OA_TEST_RESULTS ?? path.join('test-results', 'vscode.json'));
  linkNodeModules(REPO_ROOT);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, slow: 5_000 });
  const grep = process.env.OA_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of suiteFiles()) mocha.addFile(path.join(__dirname, file));

  const records: TestRecord[] = [];
  const started = Date.now();
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((count) => resolve(count));
      runner.on('pass', (test) => records.push(record(test, 'passed')));
      runner.on('pending', (test) => records.push(record(test, 'pending')));
      runner.on('fail', (runnable, error: unknown) => records.push(record(runnable, 'failed', error)));
    } catch (error) {
      reject(error);
    }
  });
  const tests = records;
  const passes = tests.filter((test) => test.state === 'passed');
  const failed = tests.filter((test) => test.state === 'failed');
  const pending = tests.filter((test) => test.state === 'pending');
  const results = {
    stats: {
      tests: tests.length,
      passes: passes.length,
      failures: failed.length,
      pending: pending.length,
      duration: Date.now() - started,
      start: new Date(started).toISOString(),
    },
    tests,
    passes,
    failures: failed,
    pending,
    metrics: metrics(),
  };
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `[orchestration-audit suite] ${passes.length} passing, ${failed.length} failing, ${pending.length} pending; results in ${resultsFile}`,
  );
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed (see ${resultsFile}).`);
}

/**
 * The suite's files in a fixed order: the first opens of files (timed) before anything else opens
 * them, and the workspace audit (which fills every file's diagnostics) last. Files not listed run
 * after, alphabetically, and LAST after everything: the load tests grow the workspace and check
 * the extension's log of the whole run.
 */
/**
 * Files that run in a window of their own (the runner's OA_TEST_PASS): `first-open` times the
 * first diagnostics of a fresh window on a generated workspace of real size (run-code-server.ts).
 */
const PASSES: Record<string, string[]> = { 'first-open': ['first-open'] };

const ORDER = ['extension', 'diagnostics', 'documented', 'hover-codelens', 'code-actions', 'config', 'audit'];
const LAST = ['load'];

function suiteFiles(): string[] {
  const rank = (file: string): number => {
    const name = file.replace(/\.test\.js$/, '');
    if (LAST.includes(name)) return ORDER.length + 1 + LAST.indexOf(name);
    const index = ORDER.indexOf(name);
    return index < 0 ? ORDER.length : index;
  };
  const pass = process.env.OA_TEST_PASS;
  const own = pass ? PASSES[pass] : undefined;
  if (pass && !own) throw new Error(`unknown OA_TEST_PASS ${pass} (known: ${Object.keys(PASSES).join(', ')})`);
  const apart = new Set(Object.values(PASSES).flat());
  const inPass = (name: string) => (own ? own.includes(name) : !apart.has(name));
  return fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js') && inPass(name.replace(/\.test\.js$/, '')))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function record(runnable: Mocha.Runnable, state: TestRecord['state'], error?: unknown): TestRecord {
  const entry: TestRecord = {
    title: runnable.title,
    fullTitle: runnable.fullTitle(),
    file: runnable.file ? path.basename(runnable.file) : undefined,
    state,
    duration: runnable.duration,
  };
  if (error !== undefined)
    entry.err = error instanceof Error ? { message: error.message, stack: error.stack } : { message: inspect(error) };
  return entry;
}
