import path from 'node:path';
import { formatAttempts, formatProduct } from '../format';
import type { CodeLocation, DecisionProfile, RetryLayer, Span } from '../types';

/** Layers a person wrote: loops, recursion, retry libraries, LangChain `withRetry` (not SDK or gateway). */
const CUSTOM_LAYER_KINDS = new Set<RetryLayer['kind']>(['loop', 'recursion', 'library', 'langchain-with-retry']);

/**
 * Operations whose output is not generated text (embeddings, images, audio, reranking,
 * moderation, token counting): they take no output-token limit, so cost rules skip them.
 * Read from the operation name because the profile carries no output kind.
 */
const NON_TEXT_OPERATION = /embed|image|rerank|moderation|transcri|translation|speech|tokeni[sz]e|counttokens/i;

/**
 * Every retry layer that can run the call again: those around it on every path, and those only some
 * callers add (a task loop that another, one-shot caller bypasses). A layer's own shape (no delay,
 * no bound, every error) is a finding wherever it retries.
 */
export function retryLayersOnAnyPath(profile: DecisionProfile): RetryLayer[] {
  return [...profile.retry.layers, ...(profile.retry.onSomePaths ?? [])];
}

export function isCustomRetryLayer(layer: RetryLayer): boolean {
  return CUSTOM_LAYER_KINDS.has(layer.kind);
}

export function isTextGeneration(profile: DecisionProfile): boolean {
  if (!GENERATED.has(profile.call.output)) return false;
  return !NON_TEXT_OPERATION.test(profile.call.operation);
}

/** The catalogue's output kinds that are generated tokens (not a tool's result, a vector or media). */
const GENERATED = new Set<DecisionProfile['call']['output']>(['text', 'structured', 'stream']);

/** How reports name a call: its SDK operation, `chat.completions.create`, `streamText`. */
export function callName(profile: DecisionProfile): string {
  return profile.call.operation;
}

/** `OpenAI SDK default 3`, `p-retry 6`, `while loop unlimited`. */
function formatLayer(layer: RetryLayer): string {
  const name = layer.source === 'sdk-default' ? `${layer.label} default` : layer.label;
  return `${name} ${formatAttempts(layer.attempts)}`;
}

/** Outermost first, as a reader nests them: `p-retry 6 × OpenAI SDK default 3`. */
export function formatLayerChain(layers: readonly RetryLayer[]): string {
  return formatProduct([...layers].reverse().map(formatLayer));
}

/**
 * `main (line 20)`, `the module top level (line 3)`, `handleTicket (routes.ts:18)`: the file is
 * named only when it differs from the call's file.
 */
export function formatLocation(location: CodeLocation, fromFile: string): string {
  const name =
    location.function === undefined || location.function === '<module>' ? 'the module top level' : location.function;
  const place =
    location.file === fromFile ? `line ${location.line}` : `${path.basename(location.file)}:${location.line}`;
  return `${name} (${place})`;
}

/** `line 12` in the same file, `summarize.ts:12` elsewhere. */
export function formatSpanPlace(span: Span, fromFile: string): string {
  return span.file === fromFile ? `line ${span.line}` : `${path.basename(span.file)}:${span.line}`;
}

export function sameSpan(a: Span, b: Span): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end;
}

/**
 * Where a finding about a retry layer goes: on the layer (the loop header, the retry library's
 * call) when it is in the call's file, with the call as related information, since the change is
 * made there. A layer in another file (a task loop shared by several calls) keeps the finding on
 * the call, the layer as related information: one diagnostic per call, not several stacked on the
 * shared loop.
 */
export function layerRange(
  layer: RetryLayer,
  profile: DecisionProfile,
): { span?: Span; related: { message: string; span: Span }[] } {
  if (!layer.span) return { related: [] };
  const callee = profile.call.calleeRange;
  if (layer.span.file === callee.file)
    return { span: layer.span, related: [{ message: 'Retried model call', span: callee }] };
  return { related: [{ message: 'Retry layer', span: layer.span }] };
}
