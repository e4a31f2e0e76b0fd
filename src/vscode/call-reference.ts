import type { DecisionProfile } from '../core/types';

/** What the lens, the hover, the tree and the report pass to name one call (JSON-safe: it goes through commands). */
export interface CallReference {
  file: string;
  callId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function referenceTo(profile: DecisionProfile): CallReference {
  const { range } = profile.call;
  return {
    file: range.file,
    callId: profile.call.id,
    line: range.line,
    column: range.column,
    endLine: range.endLine,
    endColumn: range.endColumn,
  };
}

/** Narrows a command argument that should be a call reference (or at least a place in a file). */
export function parseCallReference(value: unknown): CallReference | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.file !== 'string') return undefined;
  const number = (key: string, fallback: number): number => {
    const entry = candidate[key];
    return typeof entry === 'number' && Number.isInteger(entry) && entry > 0 ? entry : fallback;
  };
  const line = number('line', 1);
  const column = number('column', 1);
  return {
    file: candidate.file,
    callId: typeof candidate.callId === 'string' ? candidate.callId : '',
    line,
    column,
    endLine: number('endLine', line),
    endColumn: number('endColumn', column),
  };
}
