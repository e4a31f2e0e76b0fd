import type { FixRecipes, OperationShape, SdkCatalogEntry } from './types';

/** Operations whose output is generated text, the ones an output-token limit applies to. */
const GENERATES_TOKENS = new Set<OperationShape['output']>(['text', 'structured', 'stream']);

/**
 * The candidates a fix may write for one kind of option on one operation: the operation's own
 * recipe, else the entry's. A stream's timeout falls back to the operation's, then the entry's,
 * call timeout; the entry's token limit applies only to operations that generate text a limit bounds.
 */
export function recipeFor<K extends keyof FixRecipes>(
  entry: SdkCatalogEntry,
  shape: OperationShape,
  kind: K,
): NonNullable<FixRecipes[K]> {
  const own = shape.fixes?.[kind];
  if (own) return own;
  const empty = [] as NonNullable<FixRecipes[K]>;
  if (kind === 'streamTimeout') {
    const fallback = shape.fixes?.timeout ?? entry.fixes.streamTimeout ?? entry.fixes.timeout;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- K is 'streamTimeout' here, which TS does not narrow
    return (fallback ?? empty) as NonNullable<FixRecipes[K]>;
  }
  if (kind === 'maxTokens' && (!GENERATES_TOKENS.has(shape.output) || shape.tokenCap === false)) return empty;
  return entry.fixes[kind] ?? empty;
}
