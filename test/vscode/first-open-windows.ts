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
  const combined: WindowResults = {};
  for (const key of ['tests', 'passes', 'failures', 'pending'])
    combined[key] = written.flatMap((window) => (Array.isArray(window[key]) ? (window[key] as unknown[]) : []));
  const stats: Record<string, number> = {};
  for (const window of written)
    for (const [key, value] of Object.entries((window.stats ?? {}) as Record<string, unknown>))
      if (typeof value === 'number') stats[key] = (stats[key] ?? 0) + value;
  stats.failures = (stats.failures ?? 0) + (windows.length - written.length);
  combined.stats = stats;

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

function metricsOf(window: WindowResults): Record<string, unknown> {
  return (window.metrics ?? {}) as Record<string, unknown>;
}

function timeOf(window: WindowResults): number {
  return metricsOf(window)[TIMED_METRIC] as number;
}
