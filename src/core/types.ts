/**
 * The analyser's plain records. Everything a front end (CLI, VS Code) needs is in these types;
 * nothing here knows who is listening.
 */

import type { SdkId } from './catalog/index';
import type { OperationShape } from './catalog/types';

export type { SdkId } from './catalog/index';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const FACETS = [
  'failure',
  'retry',
  'timeout',
  'validation',
  'flow',
  'fallback',
  'observability',
  'cost',
  'routing',
  'documentation',
] as const;
export type Facet = (typeof FACETS)[number];

/** A place in a file. `file` is absolute; offsets are 0-based; lines and columns are 1-based. */
export interface Span {
  file: string;
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where a decision lives: a file, a line and (when known) the function there. */
export interface CodeLocation {
  file: string;
  line: number;
  function?: string;
}

interface EnclosingFunction {
  /** `summarizeTicket`, `TicketService.summarize`, `makeFetch (the function it returns)`, `<anonymous>` or `<module>`. */
  name: string;
  file: string;
  line: number;
  exported: boolean;
}

/** The version of an SDK's package the analysis assumed for a call, and where it was read. */
export interface SdkVersion {
  package: string;
  version: string;
  /** `lockfile`: pinned there; `node_modules`: the installed copy; `package.json`: the lowest version its range allows. */
  source: 'lockfile' | 'node_modules' | 'package.json';
}
export type CallSite = 'sdk' | 'http' | 'websocket' | 'wrapper';

export interface ModelCall {
  /** Stable within one audit: `<relative file>:<line>:<column>`. */
  id: string;
  sdk: SdkId;
  /**
   * `sdk`, `http` and `websocket`: the model request itself (an SDK's method or function, a raw HTTP
   * request, a message on a model websocket). `wrapper`: a call of the workspace's own function
   * that reaches model calls (`via`); its profile is what the code around that call decides.
   */
  site: CallSite;
  /** For a wrapper site: the ids of the model calls it reaches. */
  via?: string[];
  /** The SDK operation, e.g. `chat.completions.create`, `streamText`, `ConverseCommand`. */
  operation: string;
  /** What the operation returns, from the catalogue: generated text, a stream, embeddings, a tool result, ... */
  output: OperationShape['output'];
  streaming: boolean;
  recognisedBy: 'type' | 'syntax';
  /** The whole call expression. */
  range: Span;
  /** The callee (`client.chat.completions.create`): where findings point. */
  calleeRange: Span;
  enclosing: EnclosingFunction;
  /** The model name when it is a literal, the expression text when configured, null when unknown. */
  model: string | null;
  /**
   * The SDK version whose option names the analysis and its fixes used; absent when the workspace
   * does not say (the current version's names are then assumed).
   */
  sdkVersion?: SdkVersion;
}

/**
 * `callback`: errors arrive in a callback (`onError`, an `'error'` listener), not at the call;
 * `result`: the call's function turns them into a failure value its callers check.
 */
export type HandledBy = 'local' | 'caller' | 'exported' | 'none' | 'callback' | 'result';

export interface FailureFacet {
  handledBy: HandledBy;
  /** The handler (local catch, or the caller that catches). */
  where?: CodeLocation;
  /** True when a handler drops the error: empty catch, or a default returned with no log/rethrow. */
  swallowed: boolean;
  /** How the handler reacts, in a few words for the register ("returns HTTP 500", "logs and rethrows"). */
  reaction?: string;
  /** Top-level entry the error reaches when nothing handles it. */
  reaches?: CodeLocation;
  /** The workspace's code records the error (logger, `console.error`, a span, an error service) where it is handled. */
  logged: boolean;
  /** Where it is recorded: the handler, or the handler its rethrown error reaches. */
  loggedAt?: CodeLocation;
  /**
   * The handler records the error and rethrows it unchanged, doing nothing else: the failure is
   * logged here and decided further out (no fallback is asked of this handler).
   */
  passesOn?: true;
}

export type RetryLayerKind =
  'sdk' | 'loop' | 'recursion' | 'library' | 'langchain-with-retry' | 'gateway' | 'decorator';
export type RetryPredicate = 'all' | 'retryable' | 'invalid-output' | 'unknown';
export type Backoff = 'none' | 'fixed' | 'exponential' | 'exponential-jitter' | 'unknown';

/**
 * A number of attempts: `unbounded` when nothing limits them, `unknown` when a limit exists but
 * its value cannot be read here (`attempt < config.maxRetries` with the config read at run time).
 */
export type Attempts = number | 'unbounded' | 'unknown';

export interface RetryLayer {
  kind: RetryLayerKind;
  /** Total attempts this layer makes (retries + 1). */
  attempts: Attempts;
  source: 'explicit' | 'sdk-default';
  backoff: Backoff;
  /**
   * `all` retries every error, `retryable` only transient ones; `invalid-output` retries no error
   * but asks the model again when its answer is unusable (a re-ask on a failed check of the result).
   */
  predicate: RetryPredicate;
  /** `p-retry`, `OpenAI SDK`, `for loop`, ... */
  label: string;
  /**
   * Each attempt after a failure sends another request (a loop's branch that drops the option the
   * service refused and goes round once, a self-call passing another model once): nothing to wait
   * for between them.
   */
  changesRequest?: true;
  where?: CodeLocation;
  /** The node that bounds (or fails to bound) the layer, for findings that point at it. */
  span?: Span;
}

export interface RetryFacet {
  /** Innermost first. */
  layers: RetryLayer[];
  worstCaseAttempts: Attempts;
  /**
   * Layers that only some callers' paths put around the call (a task loop that retries, where a
   * one-shot helper calls the same function too): they retry those callers' calls, not this one.
   */
  onSomePaths?: RetryLayer[];
  /**
   * Retry layers around the call that can never retry its errors: their guard reads something
   * (`error.status === 429`) that a catch on the way has dropped by rethrowing a plain
   * `new Error(message)`.
   */
  inert?: RetryLayer[];
}

export interface TimeoutFacet {
  /** `unknown`: a spread or options argument the audit cannot read may set the timeout or signal. */
  source: 'explicit' | 'sdk-default' | 'none' | 'unknown';
  ms?: number;
  /** For streaming calls: does the timeout also bound the stream body? */
  coversStream?: boolean;
  /**
   * For streaming calls: the idle timeout between chunks (AI SDK `timeout.chunkMs`), which ends a
   * stalled stream but not a long healthy one, and does not bound the wait for the stream to start.
   */
  idleMs?: number;
  /** The idle timeout also bounds the wait for the response to start (the stream idle helper). */
  idleBoundsStart?: boolean;
  /** `unknown` when the attempts that multiply it are. */
  worstCaseMs: number | 'unbounded' | 'unknown';
  /** `request option timeout`, `AbortSignal.timeout`, `client option timeout`, `OpenAI SDK default`. */
  label?: string;
}

export type ValidationKind = 'schema' | 'manual' | 'json-parse-only' | 'cast' | 'none' | 'not-applicable';

export interface ValidationFacet {
  kind: ValidationKind;
  truncationChecked: boolean;
  /** Where the unchecked use happens (the `JSON.parse`, the cast). */
  span?: Span;
  /** `TicketSummary` when cast to a type. */
  castTo?: string;
  /** For `none`: the output is used as data (stored, parsed, passed to code), not only shown. */
  usedAsData?: boolean;
  /**
   * For `manual`: the only checks test that text is there (`if (!reply)`, `typeof text === 'string'`);
   * no parsed or cast data is trusted, so a cut-off answer breaks nothing the code checks.
   */
  presenceOnly?: boolean;
  /**
   * Unchecked, and nothing to check: the request goes to an API the catalogue does not know
   * (recognised by its peers), whose answer's finish field, if it has one, the audit cannot name.
   */
  truncationUnknown?: true;
}

export interface FlowFacet {
  upstream: { callId: string; validated: boolean }[];
}

export interface FallbackFacet {
  kind: 'model' | 'static' | 'library' | 'none';
  where?: CodeLocation;
  /** The id of the call this one is the fallback of (it runs in that call's catch block). */
  fallbackFor?: string;
  /**
   * For `none`: a caller far from the call (in another module and class, two calls up or more)
   * turns every failure of its work into a default result. That degrades a whole feature; it is
   * not an alternative for this call.
   */
  degradedBy?: CodeLocation;
  /**
   * For `none`: nothing uses the call's answer (`await client.x(...)` as a statement, `void
   * client.x(...)`: a warm-up, a notification): there is no answer to stand in for.
   */
  unused?: true;
}

export interface ObservabilityFacet {
  kind: 'structured' | 'unstructured' | 'none';
  /** `logger.info`, `observeOpenAI`, `experimental_telemetry`, `console.log`. */
  via?: string;
}

export interface CostFacet {
  /** `unknown` when a spread or options argument the audit cannot read may set the limit. */
  maxTokens: boolean | 'unknown';
  model: string | null;
}

export interface Decision {
  /** A {@link Facet}, or the unknown facet as written (reported by invalid-decision-annotation). */
  facet: string;
  text: string;
  owner?: string;
  line: number;
  file: string;
  span: Span;
}

export interface DecisionProfile {
  call: ModelCall;
  failure: FailureFacet;
  retry: RetryFacet;
  timeout: TimeoutFacet;
  validation: ValidationFacet;
  flow: FlowFacet;
  fallback: FallbackFacet;
  observability: ObservabilityFacet;
  cost: CostFacet;
  decisions: Decision[];
}

export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

/**
 * Every fix recipe the core offers, by id (`<kind>` or `<kind>:<variant>` when one kind has several
 * recipes), with its kind: the builder in src/core/fixes/kinds/ that makes it. Code and tests
 * recognise a fix by these, never by its title, which is prose for people.
 */
export const FIX_KINDS = {
  'add-timeout': 'add-timeout',
  'add-timeout:stream-idle': 'add-timeout',
  'add-timeout:stream-idle-helper': 'add-timeout',
  'state-retry-policy:sdk-default': 'state-retry-policy',
  'state-retry-policy:sdk-retries-off': 'state-retry-policy',
  'orchestration-helper': 'orchestration-helper',
  'bound-retry:loop': 'bound-retry',
  'bound-retry:p-retry': 'bound-retry',
  'bound-retry:cockatiel': 'bound-retry',
  'handle-failure:rethrow': 'handle-failure',
  'handle-failure:log-swallowed': 'handle-failure',
  'add-fallback': 'add-fallback',
  'validate-output:zod': 'validate-output',
  'validate-output:structured-outputs': 'validate-output',
  'log-call': 'log-call',
  'set-max-tokens': 'set-max-tokens',
  'observe-stream-errors:on-error': 'observe-stream-errors',
  'observe-stream-errors:consumption': 'observe-stream-errors',
  'remove-unused-disable': 'remove-unused-disable',
} as const;
export type FixId = keyof typeof FIX_KINDS;
export type FixKind = (typeof FIX_KINDS)[FixId];

export interface Fix {
  /** The recipe that made it. */
  id: FixId;
  /** What it does. */
  kind: FixKind;
  /** For people: the code-action title and the `--fix` list. */
  title: string;
  /** Safe fixes are applied by `--fix` and `source.fixAll`. */
  safe: boolean;
  preferred?: boolean;
  edits: TextEdit[];
  newFiles?: { path: string; text: string }[];
}

export interface RelatedLocation {
  message: string;
  span: Span;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  data: Record<string, string | number>;
  facet: Facet;
  span: Span;
  callId?: string;
  related: RelatedLocation[];
  fixes: Fix[];
  /** The annotation that documents this decision, when one applies. */
  documentedBy?: Decision;
  /** The `orchestration-audit-disable…` comment that silences this finding, when one applies. */
  suppressedBy?: Suppression;
}

/**
 * An `// orchestration-audit-disable-next-line <rules>` (kind `line`: the findings that start on
 * the next line) or `// orchestration-audit-disable <rules>` (kind `file`: the whole file) comment.
 * No rule listed: every rule.
 */
export interface Suppression {
  kind: 'line' | 'file';
  rules: string[];
  /** The reason written after `--`, if any. */
  reason?: string;
  span: Span;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface AuditStats {
  filesScanned: number;
  filesParsed: number;
  ms: number;
  callsBySdk: Partial<Record<SdkId, number>>;
  skipped: SkippedFile[];
}

export interface AuditResult {
  root: string;
  /** The model calls themselves (SDK and HTTP): what the rules judge and the editor shows. */
  profiles: DecisionProfile[];
  /** Calls of the workspace's own model-calling functions (`site: 'wrapper'`): listed, not judged. */
  wrappers?: DecisionProfile[];
  findings: Finding[];
  stats: AuditStats;
}
