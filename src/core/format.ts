import type { Attempts } from './types';
/**
 * How durations, counts and attempts read, everywhere a person reads them: rule messages, fix
 * titles, the register (hover, Markdown), the CodeLens, the report view, the text report and the
 * editor's status bar and tree. One form each, so the same value never reads two ways.
 *
 * Pure and dependency-free: the extension bundle may import this file (and only this file of
 * src/core; esbuild.js allows it), so the editor's own labels share the forms.
 */

const UNITS = [
  { unit: 'ms', ms: 1 },
  { unit: 's', ms: 1_000 },
  { unit: 'min', ms: 60_000 },
  { unit: 'h', ms: 3_600_000 },
  { unit: 'd', ms: 86_400_000 },
] as const;

/** Where each unit hands over to the next: 1000 ms, 60 s, 60 min, 24 h. */
const NEXT_AT = [1_000, 60, 60, 24];

/**
 * `450 ms`, `1.5 s`, `30 s`, `2.5 min`, `33 min`, `1.2 h`, `2 d`: two significant digits (one
 * decimal below 10, whole numbers above), which is all a time budget needs. A value that rounds
 * up to the next unit's threshold reads in that unit (`59.97 s` is `1 min`, not `60 s`).
 */
export function formatDuration(ms: number): string {
  for (let index = UNITS.length - 1; index >= 0; index--) {
    const { unit, ms: size } = UNITS[index];
    if (ms < size && index > 0) continue;
    const value = ms / size;
    const rounded = unit === 'ms' ? Math.round(value) : roundForDisplay(value);
    const limit = NEXT_AT[index];
    if (limit !== undefined && rounded >= limit) return formatDuration(limit * size);
    return `${rounded} ${unit}`;
  }
  return `${Math.round(ms)} ms`;
}

function roundForDisplay(value: number): number {
  return value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
}

/** `1 file`, `3 model calls`: the count and the noun, plural unless the count is 1. */
export function formatCount(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** An attempt limit: `3`, `unlimited` for a layer with no bound, `unknown` for a limit read at run time. */
export function formatAttempts(attempts: Attempts): string {
  return attempts === 'unbounded' ? 'unlimited' : String(attempts);
}

/** Factors multiplied, as the retry layers nest: `p-retry 6 × OpenAI SDK default 3`. */
export function formatProduct(factors: readonly string[]): string {
  return factors.join(' × ');
}
