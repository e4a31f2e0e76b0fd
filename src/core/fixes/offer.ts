import { FIX_KINDS, type Fix, type FixId } from '../types';

/** A fix made by the recipe `id`; its kind follows from the id. */
export function offer(id: FixId, fix: Omit<Fix, 'id' | 'kind'>): Fix {
  return { id, kind: FIX_KINDS[id], ...fix };
}
