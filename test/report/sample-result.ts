import * as path from 'node:path';
import { z } from 'zod';
import { createRule, type RuleDefinition } from '../../src/core/rules/define-rule';
import type {
  AuditResult,
  Decision,
  DecisionProfile,
  Facet,
  Finding,
  ModelCall,
  Severity,
  Span,
} from '../../src/core/types';

/**
 * A hand-made audit of a small support app, shaped like the analyser's output: four workflows,
 * five calls across four SDK situations, one documented finding, one finding on an annotation, one
 * skipped file. Reporter tests assert on it, so changing it means changing their expectations.
 */

export const ROOT = path.resolve('/srv/acme-support');
export const TOOL_VERSION = '0.1.0';

export const file = (relative: string) => path.join(ROOT, ...relative.split('/'));

/** Offsets only need to be increasing within a file; lines and columns are what reporters show. */
export function span(relative: string, line: number, column: number, endLine: number, endColumn: number): Span {
  return {
    file: file(relative),
    start: line * 1000 + column,
    end: endLine * 1000 + endColumn,
    line,
    column,
    endLine,
    endColumn,
  };
}

function call(init: Omit<ModelCall, 'id' | 'calleeRange'> & { calleeEnd: number }): ModelCall {
  const { calleeEnd, ...rest } = init;
  const relative = path.relative(ROOT, init.range.file).split(path.sep).join('/');
  return {
    ...rest,
    id: `${relative}:${init.range.line}:${init.range.column}`,
    calleeRange: {
      ...init.range,
      end: init.range.start + (calleeEnd - init.range.column),
      endLine: init.range.line,
      endColumn: calleeEnd,
    },
  };
}

// --- 1. summarizeTicket: every decision left to OpenAI SDK defaults (the README's JSON example).
const summarizeCall = call({
  sdk: 'openai',
  site: 'sdk',
  operation: 'chat.completions.create',
  output: 'text',
  streaming: false,
  recognisedBy: 'type',
  range: span('src/support/summarize.ts', 44, 24, 48, 6),
  calleeEnd: 54,
  enclosing: { name: 'summarizeTicket', file: file('src/support/summarize.ts'), line: 41, exported: true },
  model: 'gpt-4o',
});

export const summarize: DecisionProfile = {
  call: summarizeCall,
  failure: {
    handledBy: 'caller',
    where: { file: file('src/routes/ticket.ts'), line: 18, function: 'handleTicket' },
    swallowed: false,
    logged: true,
    reaction: 'returns HTTP 500',
  },
  retry: {
    layers: [
      {
        kind: 'sdk',
        attempts: 3,
        source: 'sdk-default',
        backoff: 'exponential-jitter',
        predicate: 'retryable',
        label: 'OpenAI SDK',
      },
    ],
    worstCaseAttempts: 3,
  },
  timeout: { source: 'sdk-default', ms: 600_000, worstCaseMs: 1_800_000, label: 'OpenAI SDK default' },
  validation: {
    kind: 'json-parse-only',
    truncationChecked: false,
    castTo: 'TicketSummary',
    span: span('src/support/summarize.ts', 49, 10, 49, 48),
  },
  flow: { upstream: [] },
  fallback: { kind: 'none' },
  observability: { kind: 'none' },
  cost: { maxTokens: false, model: 'gpt-4o' },
  decisions: [],
};

// --- 2. classifyTicket: Anthropic behind p-retry, fed by the summary, with a documented decision.
const classifyCall = call({
  sdk: 'anthropic',
  site: 'sdk',
  operation: 'messages.create',
  output: 'text',
  streaming: false,
  recognisedBy: 'type',
  range: span('src/support/classify.ts', 15, 28, 19, 4),
  calleeEnd: 52,
  enclosing: { name: 'classifyTicket', file: file('src/support/classify.ts'), line: 12, exported: true },
  model: 'claude-sonnet-4-5',
});

const flowDecision: Decision = {
  facet: 'flow',
  text: 'the summary is plain prose; a wrong queue is corrected by agents',
  owner: 'support-platform',
  line: 14,
  file: file('src/support/classify.ts'),
  span: span('src/support/classify.ts', 14, 3, 14, 96),
};

export const classify: DecisionProfile = {
  call: classifyCall,
  failure: {
    handledBy: 'local',
    where: { file: file('src/support/classify.ts'), line: 22, function: 'classifyTicket' },
    swallowed: false,
    logged: false,
    reaction: 'logs the error and routes to the general queue',
  },
  retry: {
    layers: [
      {
        kind: 'sdk',
        attempts: 3,
        source: 'sdk-default',
        backoff: 'exponential-jitter',
        predicate: 'retryable',
        label: 'Anthropic SDK',
      },
      {
        kind: 'library',
        attempts: 6,
        source: 'explicit',
        backoff: 'exponential',
        predicate: 'all',
        label: 'p-retry',
        where: { file: file('src/support/classify.ts'), line: 15, function: 'classifyTicket' },
        span: span('src/support/classify.ts', 15, 22, 15, 27),
      },
    ],
    worstCaseAttempts: 18,
  },
  timeout: { source: 'explicit', ms: 20_000, worstCaseMs: 360_000, label: 'request option timeout' },
  validation: { kind: 'schema', truncationChecked: true },
  flow: { upstream: [{ callId: summarizeCall.id, validated: false }] },
  fallback: { kind: 'static', where: { file: file('src/support/classify.ts'), line: 24 } },
  observability: { kind: 'structured', via: 'logger.info' },
  cost: { maxTokens: true, model: 'claude-sonnet-4-5' },
  decisions: [flowDecision],
};

// --- 3. POST /api/chat: a streamed Vercel AI SDK call recognised by syntax only, no timeout.
const streamCall = call({
  sdk: 'vercel-ai',
  site: 'sdk',
  operation: 'streamText',
  output: 'stream',
  streaming: true,
  recognisedBy: 'syntax',
  range: span('src/app/api/chat/route.ts', 9, 18, 13, 4),
  calleeEnd: 28,
  enclosing: { name: 'POST', file: file('src/app/api/chat/route.ts'), line: 6, exported: true },
  model: 'process.env.CHAT_MODEL',
});

export const stream: DecisionProfile = {
  call: streamCall,
  failure: {
    handledBy: 'none',
    swallowed: false,
    logged: false,
    reaches: { file: file('src/app/api/chat/route.ts'), line: 6, function: 'POST' },
  },
  retry: {
    layers: [
      {
        kind: 'sdk',
        attempts: 3,
        source: 'sdk-default',
        backoff: 'exponential',
        predicate: 'retryable',
        label: 'AI SDK',
      },
    ],
    worstCaseAttempts: 3,
  },
  timeout: { source: 'none', worstCaseMs: 'unbounded' },
  validation: { kind: 'not-applicable', truncationChecked: false },
  flow: { upstream: [] },
  fallback: { kind: 'none' },
  observability: { kind: 'unstructured', via: 'console.log' },
  cost: { maxTokens: false, model: 'process.env.CHAT_MODEL' },
  decisions: [],
};

// --- 4. runDigest: a hand-written `while (true)` retry around the Responses API.
const digestCall = call({
  sdk: 'openai',
  site: 'sdk',
  operation: 'responses.create',
  output: 'text',
  streaming: false,
  recognisedBy: 'type',
  range: span('src/jobs/digest.ts', 21, 25, 21, 78),
  calleeEnd: 48,
  enclosing: { name: 'runDigest', file: file('src/jobs/digest.ts'), line: 17, exported: false },
  model: 'gpt-4o-mini',
});

export const digest: DecisionProfile = {
  call: digestCall,
  failure: {
    handledBy: 'local',
    where: { file: file('src/jobs/digest.ts'), line: 23, function: 'runDigest' },
    swallowed: true,
    logged: false,
    reaction: 'retries at once, forever',
  },
  retry: {
    layers: [
      {
        kind: 'sdk',
        attempts: 1,
        source: 'explicit',
        backoff: 'exponential-jitter',
        predicate: 'retryable',
        label: 'OpenAI SDK',
      },
      {
        kind: 'loop',
        attempts: 'unbounded',
        source: 'explicit',
        backoff: 'none',
        predicate: 'all',
        label: 'while loop',
        where: { file: file('src/jobs/digest.ts'), line: 19, function: 'runDigest' },
        span: span('src/jobs/digest.ts', 19, 3, 19, 16),
      },
    ],
    worstCaseAttempts: 'unbounded',
  },
  timeout: { source: 'explicit', ms: 30_000, worstCaseMs: 'unbounded', label: 'client option timeout' },
  validation: { kind: 'none', truncationChecked: false },
  flow: { upstream: [] },
  fallback: { kind: 'none' },
  observability: { kind: 'none' },
  cost: { maxTokens: true, model: 'gpt-4o-mini' },
  decisions: [],
};

function finding(init: {
  ruleId: string;
  severity: Severity;
  facet: Facet;
  messageId: string;
  message: string;
  data?: Record<string, string | number>;
  span: Span;
  callId?: string;
  related?: Finding['related'];
  fixes?: Finding['fixes'];
  documentedBy?: Decision;
}): Finding {
  return { data: {}, related: [], fixes: [], ...init };
}

export const findings: Finding[] = [
  // Deliberately not in source order: reporters sort.
  finding({
    ruleId: 'unvalidated-output',
    severity: 'warning',
    facet: 'validation',
    messageId: 'parsedWithoutSchema',
    message: 'The output is parsed with JSON.parse and used as TicketSummary without a schema check.',
    data: { use: 'JSON.parse', type: 'TicketSummary' },
    span: span('src/support/summarize.ts', 49, 10, 49, 48),
    callId: summarizeCall.id,
    fixes: [
      {
        id: 'validate-output:zod',
        kind: 'validate-output',
        title: 'Validate the output with a zod schema',
        safe: false,
        preferred: true,
        edits: [],
      },
    ],
  }),
  finding({
    ruleId: 'implicit-retry-policy',
    severity: 'info',
    facet: 'retry',
    messageId: 'sdkDefault',
    message: 'Retried up to 3 times by the OpenAI SDK default; not stated in code.',
    data: { attempts: 3, sdk: 'OpenAI SDK' },
    span: summarizeCall.calleeRange,
    callId: summarizeCall.id,
    fixes: [
      {
        id: 'state-retry-policy:sdk-default',
        kind: 'state-retry-policy',
        title: 'State the retry policy (maxRetries: 2)',
        safe: true,
        edits: [],
      },
    ],
  }),
  finding({
    ruleId: 'implicit-timeout',
    severity: 'info',
    facet: 'timeout',
    messageId: 'sdkDefault',
    message:
      'Times out after the OpenAI SDK default of 10 min per attempt: worst case about 30 min (10 min x 3 attempts).',
    span: summarizeCall.calleeRange,
    callId: summarizeCall.id,
  }),
  finding({
    ruleId: 'retry-amplification',
    severity: 'warning',
    facet: 'retry',
    messageId: 'amplified',
    message: 'Up to 18 attempts: p-retry 6 × Anthropic SDK 3 (threshold 10).',
    data: { worstCase: 18, threshold: 10 },
    span: span('src/support/classify.ts', 15, 22, 15, 27),
    callId: classifyCall.id,
    related: [{ message: 'Anthropic SDK default: 3 attempts', span: classifyCall.calleeRange }],
  }),
  finding({
    ruleId: 'unchecked-chain',
    severity: 'warning',
    facet: 'flow',
    messageId: 'unchecked',
    message: 'The output of summarizeTicket (src/support/summarize.ts:44) reaches this prompt without validation.',
    span: classifyCall.calleeRange,
    callId: classifyCall.id,
    related: [{ message: 'upstream model call', span: summarizeCall.calleeRange }],
    documentedBy: flowDecision,
  }),
  finding({
    ruleId: 'invalid-decision-annotation',
    severity: 'warning',
    facet: 'documentation',
    messageId: 'unknownFacet',
    message:
      'Unknown facet "retries" in @ai-decision; use one of failure, retry, timeout, validation, flow, fallback, observability, cost, routing.',
    span: span('src/support/classify.ts', 13, 6, 13, 40),
  }),
  finding({
    ruleId: 'unhandled-model-error',
    severity: 'error',
    facet: 'failure',
    messageId: 'reachesEntry',
    message: 'If streamText fails, nothing handles the error: it reaches the route handler POST | no response is sent.',
    span: streamCall.calleeRange,
    callId: streamCall.id,
  }),
  finding({
    ruleId: 'missing-timeout',
    severity: 'warning',
    facet: 'timeout',
    messageId: 'noTimeout',
    message: 'No timeout: the Vercel AI SDK waits indefinitely without abortSignal or timeout.',
    span: streamCall.calleeRange,
    callId: streamCall.id,
    fixes: [
      {
        id: 'add-timeout',
        kind: 'add-timeout',
        title: 'Add timeout (abortSignal: AbortSignal.timeout(30_000))',
        safe: true,
        preferred: true,
        edits: [],
      },
    ],
  }),
  finding({
    ruleId: 'unbounded-retry',
    severity: 'error',
    facet: 'retry',
    messageId: 'noBound',
    message: 'The while loop retries the call forever: no attempt limit is reachable.',
    span: span('src/jobs/digest.ts', 19, 3, 19, 16),
    callId: digestCall.id,
    related: [{ message: 'the retried model call', span: digestCall.calleeRange }],
  }),
];

export function sampleResult(): AuditResult {
  return {
    root: ROOT,
    profiles: [stream, summarize, digest, classify],
    findings: [...findings],
    stats: {
      filesScanned: 42,
      filesParsed: 5,
      ms: 1234.4,
      callsBySdk: { openai: 2, anthropic: 1, 'vercel-ai': 1 },
      skipped: [{ file: file('src/generated/prompts.ts'), reason: 'larger than 2 MB' }],
    },
  };
}

/** The rule catalogue the sample's findings come from (RULES may be empty while rules are written). */
const meta = (
  id: string,
  facet: Facet,
  defaultSeverity: Severity,
  description: string,
  options?: z.ZodType<Record<string, unknown>>,
) => createRule({ id, meta: { facet, defaultSeverity, description, messages: { message: '{{text}}' }, options } });

export const SAMPLE_RULES: RuleDefinition[] = [
  meta(
    'unhandled-model-error',
    'failure',
    'warning',
    'Model call failures must be handled before they reach an entry point.',
  ),
  meta(
    'implicit-retry-policy',
    'retry',
    'info',
    'The retry policy of a model call should be stated, not left to an SDK default.',
  ),
  meta('unbounded-retry', 'retry', 'error', 'Retry layers around model calls must have a reachable bound.'),
  meta(
    'retry-amplification',
    'retry',
    'warning',
    'Nested retry layers must not multiply into too many attempts.',
    z.object({ threshold: z.number().int().min(2) }),
  ),
  meta('missing-timeout', 'timeout', 'warning', 'Model calls need a timeout.'),
  meta(
    'implicit-timeout',
    'timeout',
    'info',
    'The timeout of a model call should be stated, not left to an SDK default.',
  ),
  meta('unvalidated-output', 'validation', 'warning', 'Model output used as data must be validated.'),
  meta('unchecked-chain', 'flow', 'warning', "One model's output must be validated before it feeds another model."),
  meta(
    'invalid-decision-annotation',
    'documentation',
    'warning',
    '@ai-decision comments must name a known facet and have text.',
  ),
];
