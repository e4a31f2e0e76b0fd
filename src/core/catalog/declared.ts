import type { FixRecipes, SdkCatalogEntry } from './types';

/**
 * A model-calling function of a package the audit cannot see into (the team's own gateway or
 * client library), declared in `.orchestration-audit.json` under `models`.
 */
export interface DeclaredModel {
  /** The module specifier it is imported from: `@acme/llm`. */
  module: string;
  /** The exported function: `complete`. */
  export: string;
  /** Retries the function makes itself (not attempts); absent: it does not retry. */
  retries?: number;
  /** The timeout it applies to each attempt, in ms; absent: it sets none. */
  timeoutMs?: number;
  /** It returns a stream. */
  streaming?: boolean;
  /** The option of its first argument that limits output tokens (`maxTokens`); absent: it has none. */
  maxTokens?: string;
}

/**
 * One catalogue entry per declared module, so that its functions are recognised like an SDK's:
 * imported by name (or through a namespace import), called, profiled with the declared retries
 * and timeout. Options are unknown to the audit, so no option paths are read.
 */
export function declaredEntries(models: readonly DeclaredModel[]): SdkCatalogEntry<'gateway'>[] {
  const byModule = new Map<string, DeclaredModel[]>();
  for (const model of models) byModule.set(model.module, [...(byModule.get(model.module) ?? []), model]);
  return [...byModule].map(([module, declared]) => entryFor(module, declared));
}

/** Options unknown to the audit (a declared function's, an unknown library's): no fix writes one. */
export const NO_FIXES: FixRecipes = { timeout: [], retries: [], signal: [], maxTokens: [] };

/**
 * The catalogue's entry for declared model functions: it names the kind (`gateway` in reports) and
 * holds no package; `declaredEntries` makes one per declared module from the config.
 */
export const DECLARED: SdkCatalogEntry<'gateway'> = {
  id: 'gateway',
  displayName: 'Declared model function',
  // Its retries and timeout are the config's: reports name the declared function.
  ownLayer: 'declared',
  packages: [],
  versionPackage: null,
  clientClasses: [],
  operations: [],
  retry: { defaultRetries: 0, paths: [], backoff: 'unknown', predicate: 'unknown' },
  timeout: { defaultMs: null, paths: [], signalPaths: [], coversStream: false },
  maxTokens: [],
  // Gateways name the model the way the SDKs do, when they take one.
  model: [{ site: 'params', path: ['model'] }],
  finishReasonFields: [],
  fixes: NO_FIXES,
};

function entryFor(module: string, declared: DeclaredModel[]): SdkCatalogEntry<'gateway'> {
  return {
    ...DECLARED,
    displayName: module,
    packages: [module],
    operations: declared.map((model) => ({
      name: model.export,
      kind: 'function' as const,
      path: [model.export],
      streaming: model.streaming === true,
      output: model.streaming === true ? ('stream' as const) : ('text' as const),
      defaults: { retries: model.retries ?? 0, timeoutMs: model.timeoutMs ?? null },
    })),
    maxTokens: declared.flatMap((model) =>
      model.maxTokens ? [{ site: 'params' as const, path: [model.maxTokens] }] : [],
    ),
  };
}
