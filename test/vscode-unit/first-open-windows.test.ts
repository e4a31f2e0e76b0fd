import * as assert from 'node:assert/strict';
import { combineWindows, mergeRuns, type WindowResults } from '../vscode/first-open-windows';

/** One window's results as the suite writes them: one test, its metrics. */
function window(toDiagnosticsMs: number | undefined, loadMs: number, passed = true): WindowResults {
  const test = { title: 'shows the first diagnostics', fullTitle: `window ${loadMs}` };
  return {
    stats: { tests: 1, passes: passed ? 1 : 0, failures: passed ? 0 : 1, pending: 0, duration: 1000 },
    tests: [test],
    passes: passed ? [test] : [],
    failures: passed ? [] : [test],
    pending: [],
    metrics: {
      firstOpenWorkspaceFiles: 200,
      ...(toDiagnosticsMs === undefined ? {} : { firstOpenToDiagnosticsMs: toDiagnosticsMs }),
      firstOpenAnalyserLoadMs: loadMs,
    },
  };
}

describe('the first-open windows combined (test/vscode/first-open-windows.ts)', () => {
  it("reports the median window's metrics, its breakdown included, and every window's time in order", () => {
    const combined = combineWindows([window(1700, 700), window(900, 200), window(1200, 400)]);
    assert.deepEqual(combined?.metrics, {
      firstOpenWorkspaceFiles: 200,
      firstOpenToDiagnosticsMs: 1200,
      firstOpenAnalyserLoadMs: 400,
      firstOpenWindows: 3,
      firstOpenToDiagnosticsMsByWindow: [1700, 900, 1200],
    });
  });

  it("keeps every window's tests and sums their stats", () => {
    const combined = combineWindows([window(1000, 1), window(1100, 2, false), window(1200, 3)]);
    assert.deepEqual(combined?.stats, { tests: 3, passes: 2, failures: 1, pending: 0, duration: 3000 });
    assert.equal((combined?.tests as unknown[]).length, 3);
    assert.deepEqual(
      (combined?.failures as { fullTitle: string }[]).map((test) => test.fullTitle),
      ['window 2'],
    );
  });

  it('a window that wrote no results is a failure, and the median is of the windows that did', () => {
    const combined = combineWindows([window(1500, 1), undefined, window(1000, 2)]);
    assert.equal((combined?.stats as Record<string, number>).failures, 1);
    assert.equal((combined?.metrics as Record<string, unknown>).firstOpenToDiagnosticsMs, 1000);
    assert.deepEqual((combined?.metrics as Record<string, unknown>).firstOpenToDiagnosticsMsByWindow, [1500, 1000]);
    assert.equal((combined?.metrics as Record<string, unknown>).firstOpenWindows, 3);
  });

  it('a window that failed before timing has no time; none written: nothing to report', () => {
    const combined = combineWindows([window(undefined, 5), window(1300, 6)]);
    assert.deepEqual((combined?.metrics as Record<string, unknown>).firstOpenToDiagnosticsMsByWindow, [1300]);
    assert.equal((combined?.metrics as Record<string, unknown>).firstOpenAnalyserLoadMs, 6);
    assert.equal(combineWindows([undefined, undefined]), undefined);
  });

  it("the main window's results merged with the first-open pass keep the main window's start time", () => {
    const main = {
      ...window(undefined, 0),
      stats: { start: '2026-12-05T04:00:00Z', tests: 50, passes: 50, failures: 0, pending: 0, duration: 90_000 },
    };
    const merged = mergeRuns([main, window(1000, 1), undefined]);
    assert.deepEqual(merged.stats, {
      start: '2026-12-05T04:00:00Z',
      tests: 51,
      passes: 51,
      failures: 1,
      pending: 0,
      duration: 91_000,
    });
    assert.equal((merged.tests as unknown[]).length, 2);
  });
});
