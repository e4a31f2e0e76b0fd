/** The shortest wait after a change before the report is rebuilt (typing pauses are longer). */
export const MIN_REFRESH_DELAY_MS = 300;
/** The longest: past this the report looks stuck. */
export const MAX_REFRESH_DELAY_MS = 5_000;
/** Rebuilding may take at most this share of the extension host's time while changes keep coming. */
const MAX_SHARE = 0.25;

/**
 * How long the report waits after a change before it rebuilds, given how long the last rebuild
 * took. On a large workspace a rebuild takes hundreds of milliseconds; at a fixed 300 ms debounce,
 * typing beside an open report would spend most of the extension host's time on it.
 */
export function refreshDelay(lastRefreshMs: number | undefined): number {
  if (lastRefreshMs === undefined || !Number.isFinite(lastRefreshMs) || lastRefreshMs <= 0) return MIN_REFRESH_DELAY_MS;
  const delay = (lastRefreshMs * (1 - MAX_SHARE)) / MAX_SHARE;
  return Math.round(Math.min(MAX_REFRESH_DELAY_MS, Math.max(MIN_REFRESH_DELAY_MS, delay)));
}
