import { ts } from 'ts-morph';
import type { DetectedCall } from '../detect';
import { CATALOG } from '../catalog/index';
import { recipeFor } from '../catalog/recipes';
import type { FixRecipes, OptionPath } from '../catalog/types';
import { forVersion } from '../catalog/versions';
import type { TextEdit } from '../types';
import { appendArgument, setArgumentOption } from './edits/call-argument';
import { propertyText, type SetOptionOptions, type ValueText } from './edits/object-option';
import type { FileStyle } from './style';
import { formatNumber } from './style';
import { readOption } from '../facets/options';
import { skipParentheses } from './text';

/**
 * Where the fixes write options, from the catalogue's fix recipes (`src/core/catalog`) for the
 * SDK version the workspace has installed: the call's own options object (`params`), its
 * per-request options argument (`request`), or the options where the client or model is
 * constructed (`client`).
 */
export interface OptionTarget {
  site: 'params' | 'request' | 'client';
  path: string[];
}

export interface TimeoutOption {
  target: OptionTarget;
  value: string;
  /** `timeout: 30000`, `signal: AbortSignal.timeout(30000)`: for the fix title. */
  describe: string;
}

function targetOf(path: OptionPath): OptionTarget {
  return { site: path.site, path: path.path };
}

/** The recipe's candidate for the installed version, or undefined when that version has none. */
function recipe<K extends keyof FixRecipes>(
  call: DetectedCall,
  kind: K,
): NonNullable<FixRecipes[K]>[number] | undefined {
  return forVersion(recipeFor(call.entry, call.shape, kind), call.sdkVersion?.version);
}

/**
 * The SDK's own timeout mechanism for this call (the catalogue's `timeout`, or `streamTimeout` for
 * a stream): a numeric timeout where it bounds what the call waits for, an `AbortSignal.timeout`
 * where only a signal also bounds a stream.
 */
export function timeoutOption(call: DetectedCall, ms: number, style: FileStyle): TimeoutOption | undefined {
  const chosen = recipe(call, call.streaming ? 'streamTimeout' : 'timeout');
  if (!chosen) return undefined;
  const number = durationIn(chosen, ms, style);
  const value = chosen.writes === 'signal' ? `AbortSignal.timeout(${formatNumber(ms, style)})` : number;
  return {
    target: targetOf(chosen),
    value,
    describe: `${chosen.path[chosen.path.length - 1]}: ${value}`,
  };
}

/**
 * The SDK's own idle timeout between stream chunks (`timeout: { chunkMs }`), where the installed
 * version has one and the operation honours its `timeout`.
 */
export function idleTimeoutOption(call: DetectedCall, ms: number, style: FileStyle): TimeoutOption | undefined {
  if (!call.streaming || call.shape.ignores?.includes('timeout')) return undefined;
  const chosen = recipe(call, 'streamIdleTimeout');
  if (!chosen) return undefined;
  const value = durationIn(chosen, ms, style);
  // `timeout: { chunkMs: 30000 }`, as the fix writes it.
  const describe = chosen.path.reduceRight(
    (inner, key, index) => (index === chosen.path.length - 1 ? `${key}: ${inner}` : `${key}: { ${inner} }`),
    value,
  );
  return { target: targetOf(chosen), value, describe };
}

/**
 * Where the SDK reports that its idle timeout ended a stream (AI SDK `onAbort`), unless the call
 * already sets it: undefined when the SDK reports it as an error, or has no such callback.
 */
export function idleAbortCallbackOption(call: DetectedCall): OptionTarget | undefined {
  const chosen = recipe(call, 'streamIdleAbortCallback');
  if (!chosen || readOption(call, [chosen])) return undefined;
  return targetOf(chosen);
}

/** A duration in the recipe's unit: whole seconds (at least 1) or milliseconds. */
function durationIn(chosen: { unit?: string }, ms: number, style: FileStyle): string {
  return formatNumber(chosen.unit === 's' ? Math.max(1, Math.ceil(ms / 1000)) : ms, style);
}

/** Where the SDK's retry count goes, and how a number of retries is written there. */
export function retriesOption(
  call: DetectedCall,
): { target: OptionTarget; value(retries: number): number } | undefined {
  const chosen = recipe(call, 'retries');
  if (!chosen) return undefined;
  const counts = chosen.counts ?? 'retries';
  return { target: targetOf(chosen), value: (retries) => (counts === 'attempts' ? retries + 1 : retries) };
}

/** The SDK's output-token limit for this operation, in the installed version's name. */
export function maxTokensOption(call: DetectedCall): OptionTarget | undefined {
  const chosen = recipe(call, 'maxTokens');
  return chosen ? targetOf(chosen) : undefined;
}

/** Where an abort signal goes, for routing a call through the helper. */
export function signalOption(call: DetectedCall): OptionTarget | undefined {
  const chosen = recipe(call, 'signal');
  return chosen ? targetOf(chosen) : undefined;
}

/**
 * A cheaper model of the same SDK for the fallback fix (the catalogue's `fallbackModels`); for the
 * Vercel AI SDK, of the SDK whose provider function made the model.
 */
export function fallbackModelFor(
  call: DetectedCall,
  current: string,
  configured: string | null,
  provider?: string,
): string | undefined {
  if (configured) return configured === current ? undefined : configured;
  const entry = call.entry.fallbackModels
    ? call.entry
    : provider
      ? CATALOG.find((candidate) => candidate.aiSdkProviders?.includes(provider))
      : undefined;
  return entry?.fallbackModels?.find((model) => model !== current);
}

/**
 * The edits that set an option at a target, or undefined when that cannot be done exactly: the
 * object is not written at the call (an identifier, a spread), or the client was not constructed
 * with `new` and a literal.
 */
export function setOptionEdits(
  call: DetectedCall,
  target: OptionTarget,
  value: ValueText,
  style: FileStyle,
  options: SetOptionOptions = {},
): TextEdit[] | undefined {
  if (target.site === 'request') {
    if (addsArgumentToCast(call, call.requestArgIndex)) return undefined;
    return setArgumentOption(call.node, call.requestArgIndex, target.path, value, style, options);
  }
  if (target.site === 'params') {
    if (call.shape.kind === 'command') {
      const command = call.node.arguments[0] ? skipParentheses(call.node.arguments[0]) : undefined;
      if (!command || !ts.isNewExpression(command)) return undefined;
      return setArgumentOption(command, 0, target.path, value, style, options);
    }
    return setArgumentOption(call.node, call.shape.paramsArg ?? 0, target.path, value, style, options);
  }
  const construction = call.origin?.construction;
  if (!construction || !ts.isNewExpression(construction) || call.origin?.constructedBy === undefined) return undefined;
  return setArgumentOption(construction, 0, target.path, value, style, options);
}

/**
 * `(client.messages.create as unknown as (body: Body) => Promise<T>)(body)`: the cast decides which
 * arguments the call takes, so a new one could break it.
 */
function addsArgumentToCast(call: DetectedCall, index: number): boolean {
  let callee: ts.Expression = call.node.expression;
  while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
  const cast = ts.isAsExpression(callee) || ts.isTypeAssertionExpression(callee) || ts.isSatisfiesExpression(callee);
  return cast && call.node.arguments.length <= index;
}

export interface OptionSetting {
  target: OptionTarget;
  value: ValueText;
}

/**
 * Several options at once (routing through the helper sets a signal and turns SDK retries off).
 * Settings for an argument that does not exist yet become one new object; settings into existing
 * objects are separate insertions, which compose.
 */
export function setOptionsEdits(
  call: DetectedCall,
  settings: readonly OptionSetting[],
  style: FileStyle,
  options: SetOptionOptions = {},
): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const bySite = new Map<OptionTarget['site'], OptionSetting[]>();
  for (const setting of settings)
    bySite.set(setting.target.site, [...(bySite.get(setting.target.site) ?? []), setting]);
  for (const [siteName, group] of bySite) {
    const index =
      siteName === 'request' ? call.requestArgIndex : siteName === 'params' ? (call.shape.paramsArg ?? 0) : undefined;
    const absent = index !== undefined && call.shape.kind !== 'command' && call.node.arguments.length === index;
    if (absent && addsArgumentToCast(call, index)) return undefined;
    if (absent && group.every((setting) => setting.target.path.length === 1)) {
      const object = (indent: string): string =>
        `{ ${group.map((setting) => propertyText(setting.target.path[0], typeof setting.value === 'string' ? setting.value : setting.value(indent))).join(', ')} }`;
      const added = appendArgument(call.node, object, style);
      if (!added) return undefined;
      edits.push(...added);
      continue;
    }
    for (const setting of group) {
      const added = setOptionEdits(call, setting.target, setting.value, style, options);
      if (!added) return undefined;
      edits.push(...added);
    }
  }
  return edits;
}
