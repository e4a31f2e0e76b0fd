import { SDK_DISPLAY_NAMES } from './catalog/index';
import * as path from 'node:path';
import { formatCount, formatDuration, formatProduct } from './format';
import type { AuditResult, CodeLocation, DecisionProfile, Facet, Finding, RetryLayer, ValidationKind } from './types';
import { isTextOutput } from './output-kinds';

export { SDK_DISPLAY_NAMES };

/**
 * The decision register: each call's profile in sentences a product owner can read (the README's
 * "Output formats", markdown; docs/ARCHITECTURE.md). Used by the Markdown report, hovers, the
 * CodeLens and the report view; the words are decided here once so every surface says the same thing.
 */

export interface RegisterContext {
  /** Absolute root; files are shown relative to it. */
  root: string;
  /** Every profile of the audit, to name the calls this one feeds or is fed by. */
  profiles?: readonly DecisionProfile[];
}

export interface RegisterLine {
  facet: Facet;
  /** "If it fails", "Retries", ... */
  label: string;
  sentence: string;
}

export function describeProfile(profile: DecisionProfile, ctx: RegisterContext): RegisterLine[] {
  const lines: RegisterLine[] = [
    {
      facet: 'failure',
      label: 'If it fails',
      sentence: `${failureSentence(profile, ctx)} ${fallbackSentence(profile, ctx)}`,
    },
    { facet: 'retry', label: 'Retries', sentence: retrySentence(profile, ctx) },
    { facet: 'timeout', label: 'Time', sentence: timeoutSentence(profile) },
    { facet: 'validation', label: 'Output', sentence: validationSentence(profile) },
  ];
  const fedBy = fedBySentence(profile, ctx);
  if (fedBy) lines.push({ facet: 'flow', label: 'Fed by', sentence: fedBy });
  const feeds = feedsSentence(profile, ctx);
  if (feeds) lines.push({ facet: 'flow', label: 'Feeds', sentence: feeds });
  lines.push(
    { facet: 'observability', label: 'Visibility', sentence: observabilitySentence(profile) },
    { facet: 'cost', label: 'Cost', sentence: costSentence(profile) },
    { facet: 'documentation', label: 'Documented decisions', sentence: documentationSentence(profile) },
  );
  return lines;
}

/** `OpenAI \`chat.completions.create\`, model \`gpt-4o\`` */
export function describeCall(profile: DecisionProfile): string {
  const model = profile.call.model ?? profile.cost.model;
  const streaming = profile.call.streaming ? ', streaming' : '';
  return `${SDK_DISPLAY_NAMES[profile.call.sdk]} ${code(profile.call.operation)}${streaming}${model ? `, model ${code(model)}` : ''}`;
}

/** One line for a CodeLens: "3 attempts · 10 min/attempt (SDK defaults) · output not validated · not logged". */
export function summarizeProfile(profile: DecisionProfile): string {
  const { retry, timeout } = profile;
  const retryIsDefault = retry.layers.length > 0 && retry.layers.every((layer) => layer.source === 'sdk-default');
  const timeoutIsDefault = timeout.source === 'sdk-default';
  let attempts =
    retry.worstCaseAttempts === 'unbounded'
      ? 'unbounded retries'
      : retry.worstCaseAttempts === 'unknown'
        ? 'attempts unknown'
        : formatCount(retry.worstCaseAttempts, 'attempt');
  let time =
    timeout.source === 'none'
      ? 'no timeout'
      : timeout.source === 'unknown'
        ? 'timeout unknown'
        : timeout.ms === undefined
          ? timeout.idleMs !== undefined
            ? `${formatDuration(timeout.idleMs)} idle limit`
            : 'timeout by signal'
          : `${formatDuration(timeout.ms)}/attempt`;
  if (retryIsDefault && timeoutIsDefault) time += ' (SDK defaults)';
  else if (retryIsDefault) attempts += ' (SDK default)';
  else if (timeoutIsDefault) time += ' (SDK default)';
  const parts = [attempts, time];
  const output = outputSummary(profile);
  if (output) parts.push(output);
  parts.push(
    profile.observability.kind === 'structured'
      ? 'logged'
      : profile.observability.kind === 'unstructured'
        ? 'console only'
        : 'not logged',
  );
  if (profile.failure.swallowed) parts.push('errors swallowed');
  else if (profile.failure.handledBy === 'none') parts.push('errors unhandled');
  return parts.join(' · ');
}

export interface Workflow {
  /** The enclosing function or handler (`summarizeTicket`, `<module>`). */
  name: string;
  /** Absolute file of the function. */
  file: string;
  line: number;
  exported: boolean;
  /** Calls in source order. */
  profiles: DecisionProfile[];
  /** Findings on those calls, in source order. */
  findings: Finding[];
}

/** One entry per function that contains model calls, ordered by file and line. */
export function groupByWorkflow(result: AuditResult): Workflow[] {
  const byKey = new Map<string, Workflow>();
  const workflowOfCall = new Map<string, Workflow>();
  for (const profile of result.profiles) {
    const { enclosing } = profile.call;
    const key = `${enclosing.file}\u0000${enclosing.name}`;
    let workflow = byKey.get(key);
    if (!workflow) {
      workflow = {
        name: enclosing.name,
        file: enclosing.file,
        line: enclosing.line,
        exported: enclosing.exported,
        profiles: [],
        findings: [],
      };
      byKey.set(key, workflow);
    }
    workflow.line = Math.min(workflow.line, enclosing.line);
    workflow.exported ||= enclosing.exported;
    workflow.profiles.push(profile);
    workflowOfCall.set(profile.call.id, workflow);
  }
  for (const finding of result.findings) {
    if (finding.callId !== undefined) workflowOfCall.get(finding.callId)?.findings.push(finding);
  }
  const workflows = [...byKey.values()];
  for (const workflow of workflows) {
    workflow.profiles.sort((a, b) => a.call.range.start - b.call.range.start);
    workflow.findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  }
  return workflows.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.name, b.name));
}

// ---------------------------------------------------------------------------------------------
// One sentence per facet.

function failureSentence(profile: DecisionProfile, ctx: RegisterContext): string {
  const { failure, call } = profile;
  const reaction = failure.reaction;
  switch (failure.handledBy) {
    case 'local': {
      const where = failure.where ? `caught in ${location(failure.where, ctx)}` : 'caught next to the call';
      if (failure.swallowed)
        return `${where} and swallowed${reaction ? ` (${reaction})` : ''}: nobody learns that it failed.`;
      return `${where}${reaction ? `; the handler ${reaction}` : ''}.`;
    }
    case 'caller': {
      const where = failure.where ? location(failure.where, ctx) : 'a caller';
      if (failure.swallowed)
        return `the error propagates to ${where}, which swallows it${reaction ? ` (${reaction})` : ''}: nobody learns that it failed.`;
      return `the error propagates to ${where}${reaction ? `, which ${reaction}` : ''}.`;
    }
    case 'exported': {
      // A function given to a framework that runs it (a tRPC resolver, an Electron invoke listener).
      const runner = /(?:^|\()callback of ([^()]+?)\)?$/.exec(failure.reaches?.function ?? '')?.[1];
      return runner
        ? `the error propagates out of the function given to ${code(runner)}, which hands it to callers outside this workspace: they decide.`
        : `the error propagates out of ${code(call.enclosing.name)}, which is exported and has no caller in this workspace: its callers decide.`;
    }
    case 'none':
      return failure.reaches
        ? `nothing handles the error; it reaches ${location(failure.reaches, ctx)} uncaught.`
        : 'nothing handles the error.';
    case 'callback': {
      const where = failure.where ? ` in ${location(failure.where, ctx)}` : '';
      return `the error never reaches the code around the call: it goes to a callback${where}${reaction ? ` that ${reaction}` : ''}.`;
    }
    case 'result':
      return `the error becomes a failure value${failure.where ? ` in ${location(failure.where, ctx)}` : ''} that callers must check.`;
  }
}

function fallbackSentence(profile: DecisionProfile, ctx: RegisterContext): string {
  const { fallback } = profile;
  const where = fallback.where ? ` (${code(`${relative(ctx.root, fallback.where.file)}:${fallback.where.line}`)})` : '';
  switch (fallback.kind) {
    case 'none':
      return fallback.degradedBy
        ? `No fallback for this call; ${code(`${relative(ctx.root, fallback.degradedBy.file)}:${fallback.degradedBy.line}`)} turns any failure of its work into a default.`
        : fallback.unused
          ? 'No fallback; nothing uses the answer.'
          : 'No fallback.';
    case 'model':
      return `Falls back to another model${where}.`;
    case 'static':
      return `Falls back to a static answer${where}.`;
    case 'library':
      return `Falls back through a library${where}.`;
  }
}

function retrySentence(profile: DecisionProfile, ctx: RegisterContext): string {
  const { layers, worstCaseAttempts } = profile.retry;
  if (layers.length === 0) return 'none (1 attempt).';
  let sentence: string;
  const unbounded = layers.filter((layer) => layer.attempts === 'unbounded');
  if (worstCaseAttempts === 'unbounded' || unbounded.length > 0) {
    const named = joinNames(unbounded.length > 0 ? unbounded : layers, ctx);
    sentence = `unbounded: ${named} ${unbounded.length > 1 ? 'have' : 'has'} no attempt limit.`;
  } else if (worstCaseAttempts === 'unknown') {
    const unread = layers.filter((layer) => layer.attempts === 'unknown');
    // A library the catalogue has not read retries by its own default, not by a value read at run time.
    const defaults = unread.filter((layer) => layer.source === 'sdk-default');
    const read = unread.filter((layer) => layer.source !== 'sdk-default');
    const parts = [
      ...(read.length > 0
        ? [`${joinNames(read, ctx)} ${read.length > 1 ? 'have limits' : 'has a limit'} read at run time`]
        : []),
      ...(defaults.length > 0
        ? [
            `${joinNames(defaults, ctx)} ${defaults.length > 1 ? 'retry' : 'retries'} by a default the audit does not know`,
          ]
        : []),
    ];
    sentence = `an unknown number of attempts: ${parts.join('; ')}.`;
  } else if (layers.length === 1) {
    const [layer] = layers;
    const source =
      layer.source === 'sdk-default' ? `${layer.label} default, not stated in code` : `${layer.label}, stated in code`;
    sentence =
      worstCaseAttempts === 1
        ? `none (1 attempt; ${source}).`
        : `up to ${formatCount(worstCaseAttempts, 'attempt')} (${source}).`;
  } else {
    // Outermost first reads like the code: "p-retry 6 × OpenAI SDK 3".
    const factors = [...layers]
      .reverse()
      .map(
        (layer) =>
          `${layer.label} ${layer.attempts}${layer.source === 'sdk-default' ? ' (default, not stated in code)' : ''}`,
      );
    sentence = `up to ${formatCount(worstCaseAttempts, 'attempt')}: ${formatProduct(factors)}.`;
  }
  const custom = layers.filter(
    (layer) => layer.kind === 'loop' || layer.kind === 'recursion' || layer.kind === 'library',
  );
  // A re-ask follows an answer, not a failure: it has nothing to wait for.
  const reasks = custom.filter((layer) => layer.predicate === 'invalid-output');
  if (reasks.length > 0)
    sentence += ` ${startSentence(joinNames(reasks))} ${reasks.length > 1 ? 'ask' : 'asks'} the model again when its answer fails a check.`;
  const changed = custom.filter((layer) => layer.changesRequest);
  if (changed.length > 0)
    sentence += ` ${startSentence(joinNames(changed))} ${changed.length > 1 ? 'go' : 'goes'} round again with a changed request, once for each setting it drops.`;
  const noDelay = custom.filter(
    (layer) => layer.backoff === 'none' && layer.predicate !== 'invalid-output' && !layer.changesRequest,
  );
  if (noDelay.length > 0)
    sentence += ` ${startSentence(joinNames(noDelay))} ${noDelay.length > 1 ? 'retry' : 'retries'} without any delay.`;
  const everyError = custom.filter((layer) => layer.predicate === 'all');
  if (everyError.length > 0)
    sentence += ` ${startSentence(joinNames(everyError))} ${everyError.length > 1 ? 'retry' : 'retries'} every error, even ones that cannot succeed.`;
  return sentence;
}

function timeoutSentence(profile: DecisionProfile): string {
  const { timeout, retry, call } = profile;
  const streamNote =
    call.streaming && timeout.source !== 'none' && timeout.coversStream === false
      ? ' It does not cover the streamed response.'
      : '';
  if (timeout.source === 'none') return 'no time limit: the call can wait indefinitely.';
  if (timeout.source === 'unknown')
    return `not known: ${timeout.label ?? 'the options'}, which the audit cannot read.${streamNote}`;
  const idle =
    timeout.idleMs === undefined
      ? ''
      : ` A stalled stream ends after ${formatDuration(timeout.idleMs)} without a chunk.`;
  if (timeout.ms === undefined && timeout.idleMs !== undefined)
    return `a stalled stream ends after ${formatDuration(timeout.idleMs)} without a chunk (${timeout.label ?? 'idle timeout'}); ${timeout.idleBoundsStart ? 'so does a response that does not start' : 'nothing bounds the wait for the stream to start'}.`;
  const label = timeout.source === 'sdk-default' ? 'SDK default' : (timeout.label ?? 'stated in code');
  if (timeout.ms === undefined && timeout.source === 'sdk-default')
    return `not known: the ${timeout.label ?? 'library default'}, which the audit does not know; the code states none.`;
  if (timeout.ms === undefined)
    return `bounded by ${timeout.label ?? 'an abort signal'}; the duration is not known statically.${streamNote}`;
  if (retry.worstCaseAttempts === 1) return `up to ${formatDuration(timeout.ms)} (${label}).${streamNote}${idle}`;
  const worst =
    timeout.worstCaseMs === 'unbounded'
      ? 'unbounded (the retries have no limit)'
      : timeout.worstCaseMs === 'unknown'
        ? `unknown (${retry.layers.some((layer) => layer.attempts === 'unknown' && layer.source === 'sdk-default') ? "the library's retries are not known" : 'the number of attempts is read at run time'})`
        : `about ${formatDuration(timeout.worstCaseMs)}`;
  return `up to ${formatDuration(timeout.ms)} per attempt (${label}) - worst case ${worst}.${streamNote}${idle}`;
}

/** What a non-text output is called in the register's sentence. */
const NON_TEXT_OUTPUT: Record<string, string> = {
  embedding: 'vectors',
  moderation: 'a moderation verdict',
  image: 'an image',
  audio: 'audio',
};

/** A non-text output's sentence: what the code does with it, with no truncation to detect. */
const NON_TEXT_VALIDATION: Record<ValidationKind, string> = {
  schema: 'validated against a schema before use.',
  manual: 'checked in code before use.',
  'json-parse-only': `parsed with ${code('JSON.parse')}, not validated.`,
  cast: 'cast to a type, not validated.',
  none: 'used as they come.',
  'not-applicable': 'nothing to validate.',
};

function validationSentence(profile: DecisionProfile): string {
  const { validation } = profile;
  if (!isTextOutput(profile.call.output))
    return `${NON_TEXT_OUTPUT[profile.call.output] ?? profile.call.output}, ${NON_TEXT_VALIDATION[validation.kind]}`;
  const asType = validation.castTo ? ` as ${code(validation.castTo)}` : '';
  let sentence: string;
  switch (validation.kind) {
    case 'schema':
      sentence = 'validated against a schema before use.';
      break;
    case 'manual':
      if (validation.presenceOnly) return 'text, checked for being there; nothing structured to validate.';
      sentence = 'checked field by field in code (no schema).';
      break;
    case 'json-parse-only':
      sentence = `parsed with ${code('JSON.parse')} and used${asType} without validation.`;
      break;
    case 'cast':
      sentence = validation.castTo
        ? `cast to ${code(validation.castTo)} without validation.`
        : 'used as typed data without validation.';
      break;
    case 'none':
      if (validation.usedAsData === false) return 'text, not checked; shown or passed on as text.';
      sentence = `used${asType} without validation.`;
      break;
    case 'not-applicable':
      return 'streamed text; nothing to validate.';
  }
  return validation.truncationChecked ? sentence : `${sentence} A truncated response (finish reason) is not detected.`;
}

function fedBySentence(profile: DecisionProfile, ctx: RegisterContext): string | undefined {
  const { upstream } = profile.flow;
  if (upstream.length === 0) return undefined;
  const parts = upstream.map(
    (link) => `${callReference(link.callId, ctx)} ${link.validated ? 'after validation' : 'unchecked'}`,
  );
  return `the prompt includes the output of ${joinList(parts)}.`;
}

function feedsSentence(profile: DecisionProfile, ctx: RegisterContext): string | undefined {
  const parts: string[] = [];
  for (const other of ctx.profiles ?? []) {
    for (const link of other.flow.upstream) {
      if (link.callId === profile.call.id)
        parts.push(`${callReference(other.call.id, ctx)} ${link.validated ? 'after validation' : 'unchecked'}`);
    }
  }
  if (parts.length === 0) return undefined;
  return `the output becomes the prompt of ${joinList(parts)}.`;
}

function observabilitySentence(profile: DecisionProfile): string {
  const { observability } = profile;
  const via = observability.via ? ` (${code(observability.via)})` : '';
  switch (observability.kind) {
    case 'structured':
      return `recorded with request and response${via}.`;
    case 'unstructured':
      return `printed as unstructured text${via}; not queryable.`;
    case 'none':
      return 'not logged.';
  }
}

function costSentence(profile: DecisionProfile): string {
  const model = profile.cost.model ?? profile.call.model;
  const modelText = model ? `model ${code(model)}` : 'model not visible in code';
  // Vectors, a verdict, an image or audio: no generated text whose length max tokens would bound.
  if (!isTextOutput(profile.call.output)) return `${modelText}; no generated text to bound.`;
  const size =
    profile.cost.maxTokens === 'unknown'
      ? 'unknown (options the audit cannot read may set max tokens)'
      : profile.cost.maxTokens
        ? 'bounded (max tokens set)'
        : 'not bounded (no max tokens)';
  return `${modelText}; output size ${size}.`;
}

function documentationSentence(profile: DecisionProfile): string {
  if (profile.decisions.length === 0) return 'none.';
  const entries = profile.decisions.map((decision) => {
    const owner = decision.owner ? ` (owner: ${decision.owner})` : '';
    return `${decision.facet}: ${decision.text.replace(/[.;\s]+$/, '')}${owner}`;
  });
  return `${entries.join('; ')}.`;
}

function outputSummary(profile: DecisionProfile): string | undefined {
  // Vectors, images and audio: nothing a summary should warn about (no rule reports them).
  if (!isTextOutput(profile.call.output)) return undefined;
  switch (profile.validation.kind) {
    case 'schema':
      return 'output validated';
    case 'manual':
      return 'output checked by hand';
    case 'not-applicable':
      return undefined;
    case 'none':
      return profile.validation.usedAsData === false ? undefined : 'output not validated';
    default:
      return 'output not validated';
  }
}

// ---------------------------------------------------------------------------------------------
// Small words.

function layerName(layer: RetryLayer, ctx: RegisterContext): string {
  return layer.where
    ? `${layer.label} (${code(`${relative(ctx.root, layer.where.file)}:${layer.where.line}`)})`
    : layer.label;
}

/** "the while loop", but "p-retry": loops are things, libraries are names. */
function joinNames(layers: RetryLayer[], ctx?: RegisterContext): string {
  return joinList(
    layers.map((layer) => {
      const name = ctx ? layerName(layer, ctx) : layer.label;
      return layer.kind === 'loop' || layer.kind === 'recursion' ? `the ${name}` : name;
    }),
  );
}

function callReference(callId: string, ctx: RegisterContext): string {
  const other = ctx.profiles?.find((candidate) => candidate.call.id === callId);
  if (!other) return code(callId);
  return `${code(other.call.enclosing.name)} (${code(`${relative(ctx.root, other.call.range.file)}:${other.call.range.line}`)})`;
}

function location(where: CodeLocation, ctx: RegisterContext): string {
  const place = code(`${relative(ctx.root, where.file)}:${where.line}`);
  return where.function ? `${code(where.function)} (${place})` : place;
}

/** Relative to the root with `/` separators; files outside the root stay absolute. */
export function relative(root: string, file: string): string {
  if (!path.isAbsolute(file)) return file.split(path.sep).join('/');
  const relativePath = path.relative(root, file);
  if (relativePath.startsWith('..') || path.isAbsolute(relativePath)) return file.split(path.sep).join('/');
  return relativePath.split(path.sep).join('/');
}

/** Inline code that survives backticks inside the text. */
export function code(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function joinList(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "The while loop ...", but "p-retry ...": a package name keeps its spelling. */
function startSentence(text: string): string {
  return text.startsWith('the ') ? `The${text.slice(3)}` : text;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
