// The first-open pass of run-code-server.ts opens several fresh windows, each timing the first
// diagnostics of its first file (suite/first-open.test.ts). One window is one sample of a start-up
// whose speed moves by half either way on the 2-core CI machine (VS Code's workbench, its
// TypeScript server and the extension host share the cores): the figure reported is the median
// window's, with every window's beside it.

/** How many fresh windows the first-open pass opens: an odd number, so that one is the median. */
export const FIRST_OPEN_WINDOWS = 3;

/** Mocha's JSON results as the suite writes them (suite/index.ts), with its `metrics`. */
export type WindowResults = Record<string, unknown>;

const TIMED_METRIC = 'firstOpenToDiagnosticsMs';

/**
 * The windows' results as one: every window's tests, their stats summed (a window that wrote no
 * results is one failure more), and the metrics of the median window by time to the first
 * diagnostics, so that its breakdown (editor shown, analyser loaded, file analysed) is one
 * window's, plus `firstOpenToDiagnosticsMsByWindow` in the order the windows ran. Undefined when
 * no window wrote results.
 */
export function combineWindows(windows: readonly (WindowResults | undefined)[]): WindowResults | undefined {
  const written = windows.filter((window): window is WindowResults => window !== undefined);
  if (written.length === 0) return undefined;
  const combined = mergeRuns(windows);
  const timed = written.filter((window) => typeof metricsOf(window)[TIMED_METRIC] === 'number');
  const byTime = [...timed].sort((a, b) => timeOf(a) - timeOf(b));
  const median = byTime[Math.floor((byTime.length - 1) / 2)] ?? written[0];
  combined.metrics = {
    ...metricsOf(median),
    firstOpenWindows: windows.length,
    [`${TIMED_METRIC}ByWindow`]: timed.map(timeOf),
  };
  return combined;
}

/** The stats that add up when runs are merged (the others, such as the start time, are the first run's). */
const COUNTED_STATS = ['tests', 'passes', 'failures', 'pending', 'duration'];

/**
 * Mocha results of several runs (windows) as one, without metrics: every run's tests in order, the
 * counted stats summed over them, and one failure more for each run that wrote no results.
 */
export function mergeRuns(runs: readonly (WindowResults | undefined)[]): WindowResults {
  const written = runs.filter((run): run is WindowResults => run !== undefined);
  const merged: WindowResults = {};
  for (const key of ['tests', 'passes', 'failures', 'pending'])
    merged[key] = written.flatMap((run) => (Array.isArray(run[key]) ? (run[key] as unknown[]) : []));
  const stats: Record<string, unknown> = { ...((written[0]?.stats ?? {}) as Record<string, unknown>) };
  for (const key of COUNTED_STATS) {
    const values = written.map((run) => ((run.stats ?? {}) as Record<string, unknown>)[key]);
    stats[key] = values.reduce<number>((sum, value) => sum + (typeof value === 'number' ? value : 0), 0);
  }
  stats.failures = (stats.failures as number) + (runs.length - written.length);
  merged.stats = stats;
  return merged;
}

function metricsOf(window: WindowResults): Record<string, unknown> {
  return (window.metrics ?? {}) as Record<string, unknown>;
}

function timeOf(window: WindowResults): number {
  return metricsOf(window)[TIMED_METRIC] as number;
}
