/**
 * callModel: one place for the decisions around a model call, stated in code.
 *
 * - Timeout: every attempt gets an AbortSignal that fires after `timeoutMs`; pass it to the SDK.
 * - Retries: at most `maxAttempts` attempts (the first included), only for errors a later attempt
 *   can fix (see `isRetryableModelError`), with exponential backoff and full jitter in between.
 * - Fallback: when every attempt failed, `fallback` (another model, a cached answer) runs once.
 * - Logging: one structured record (a JSON line) per attempt: operation, model, attempt, outcome,
 *   duration, error class and HTTP status.
 *
 * Turn the SDK's own retries off for calls made through here (`maxRetries: 0`), or the attempts
 * multiply. Written by Orchestration Audit ("Create orchestration helper"); plain TypeScript with
 * no dependency: edit it freely, it is your code now.
 */

export interface AttemptContext {
  /** Aborts when this attempt times out or the caller cancels. Pass it to the SDK call. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface CallModelLogRecord {
  event: 'model_call';
  operation: string;
  model?: string;
  attempt: number;
  maxAttempts: number;
  outcome: 'ok' | 'retry' | 'failed' | 'fallback_ok' | 'fallback_failed';
  durationMs: number;
  errorName?: string;
  status?: number;
  /** Wait before the next attempt, when one follows. */
  delayMs?: number;
}

export interface CallModelOptions<T> {
  /** What the call does, for the log: `chat.completions.create`, `summarizeTicket`. */
  operation: string;
  model?: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  /** First backoff step; the n-th wait is random between 0 and min(maxDelayMs, baseDelayMs * 2^(n-1)). Default 500 ms. */
  baseDelayMs?: number;
  /** Default 8 s. */
  maxDelayMs?: number;
  /** The caller's own cancellation: stops at once, without retry or fallback. */
  signal?: AbortSignal;
  /** Runs once when every attempt failed (another model, a cached answer). */
  fallback?: (context: AttemptContext) => Promise<T>;
  /** Which errors are worth another attempt. Default `isRetryableModelError`. */
  isRetryable?: (error: unknown) => boolean;
  /** Where the records go. Default: one JSON line with console.info (console.warn for failures). */
  log?: (record: CallModelLogRecord) => void;
  /** For tests: the source of jitter (default Math.random) and of waiting. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const CALL_MODEL_DEFAULTS = {
  timeoutMs: 30_000,
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
} as const;

/** Thrown into an attempt (and logged) when its timeout elapses. */
export class ModelCallTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the model call did not finish within ${timeoutMs} ms`);
    this.name = 'ModelCallTimeoutError';
  }
}

/** Runs `attempt` under the timeout, retry, fallback and logging policy described above. */
export async function callModel<T>(
  options: CallModelOptions<T>,
  attempt: (context: AttemptContext) => Promise<T>,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? CALL_MODEL_DEFAULTS.timeoutMs;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? CALL_MODEL_DEFAULTS.maxAttempts));
  const isRetryable = options.isRetryable ?? isRetryableModelError;
  const log = options.log ?? writeLogLine;
  const sleep = options.sleep ?? sleepFor;
  const base = {
    event: 'model_call' as const,
    operation: options.operation,
    ...(options.model === undefined ? {} : { model: options.model }),
    maxAttempts,
  };
  let lastError: unknown;
  for (let number = 1; number <= maxAttempts; number++) {
    throwIfCancelled(options.signal);
    const started = Date.now();
    try {
      const result = await withTimeout(attempt, number, timeoutMs, options.signal);
      log({ ...base, attempt: number, outcome: 'ok', durationMs: Date.now() - started });
      return result;
    } catch (error) {
      lastError = error;
      const cancelled = options.signal?.aborted === true;
      const retry = !cancelled && number < maxAttempts && isRetryable(error);
      const delayMs = retry ? backoffDelayMs(number, options) : 0;
      log({
        ...base,
        attempt: number,
        outcome: retry ? 'retry' : 'failed',
        durationMs: Date.now() - started,
        ...errorFields(error),
        ...(retry ? { delayMs } : {}),
      });
      if (cancelled) throw error;
      if (!retry) break;
      await sleep(delayMs, options.signal);
    }
  }
  if (!options.fallback) throw lastError;
  throwIfCancelled(options.signal);
  const started = Date.now();
  try {
    const result = await withTimeout(options.fallback, 1, timeoutMs, options.signal);
    log({ ...base, attempt: 1, outcome: 'fallback_ok', durationMs: Date.now() - started });
    return result;
  } catch (error) {
    log({ ...base, attempt: 1, outcome: 'fallback_failed', durationMs: Date.now() - started, ...errorFields(error) });
    // The primary's failure is the one to act on; the fallback's is in the log.
    throw lastError;
  }
}

// The SDKs' own errors for failures a later attempt can fix (connection, timeout, throttling), by class name.
// transient-errors:start (generated by `npm run generate` from the catalogue's retry.transientErrors)
const TRANSIENT_ERROR_NAMES =
  /^(?:APIConnectionError|APIConnectionTimeoutError|ConnectionError|RequestTimeoutError|ThrottlingException|ServiceUnavailableException|InternalServerException|ModelNotReadyException|TimeoutError)$/;
// transient-errors:end

/**
 * Errors a later attempt can fix: 408, 409, 429 and 5xx responses, timeouts and network failures.
 * Not 400, 401, 403, 404 or 422 (the same request fails again), and not an exhausted quota
 * (`insufficient_quota` arrives as a 429 but waits do not refill it).
 */
export function isRetryableModelError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (error instanceof ModelCallTimeoutError) return true;
  const code = errorCode(error);
  if (code === 'insufficient_quota') return false;
  const status = statusOf(error);
  if (status !== undefined) return status === 408 || status === 409 || status === 429 || status >= 500;
  const name = error instanceof Error ? error.name : '';
  // The SDKs' own connection, timeout and throttling errors, by name or by class (some SDKs set no name).
  const className = typeof error.constructor === 'function' ? error.constructor.name : '';
  if (TRANSIENT_ERROR_NAMES.test(name) || TRANSIENT_ERROR_NAMES.test(className)) return true;
  if (
    typeof code === 'string' &&
    /^(?:ECONNRESET|ETIMEDOUT|ECONNREFUSED|ECONNABORTED|EAI_AGAIN|EPIPE|ENETUNREACH|EHOSTUNREACH|UND_ERR_\w+)$/.test(
      code,
    )
  )
    return true;
  const message = error instanceof Error ? error.message : '';
  if (name === 'TypeError' && /fetch failed|network/i.test(message)) return true;
  const cause = 'cause' in error ? error.cause : undefined;
  return cause !== undefined && cause !== error && isRetryableModelError(cause);
}

/** The wait before retry number `retry` (1 for the first retry): full jitter over an exponential cap. */
export function backoffDelayMs(
  retry: number,
  options: Pick<CallModelOptions<unknown>, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {},
): number {
  const base = options.baseDelayMs ?? CALL_MODEL_DEFAULTS.baseDelayMs;
  const max = options.maxDelayMs ?? CALL_MODEL_DEFAULTS.maxDelayMs;
  const cap = Math.min(max, base * 2 ** Math.max(0, retry - 1));
  const random = (options.random ?? Math.random)();
  return Math.floor(cap * Math.min(Math.max(random, 0), 1));
}

/** An HTTP status on the error (`status`, `statusCode`, `response.status`, AWS `$metadata.httpStatusCode`). */
function statusOf(error: object): number | undefined {
  for (const candidate of [
    read(error, 'status'),
    read(error, 'statusCode'),
    read(read(error, 'response'), 'status'),
    read(read(error, '$metadata'), 'httpStatusCode'),
  ]) {
    if (typeof candidate === 'number' && Number.isInteger(candidate)) return candidate;
  }
  return undefined;
}

function errorCode(error: object): unknown {
  return read(error, 'code') ?? read(read(error, 'error'), 'code') ?? read(read(error, 'error'), 'type');
}

function read(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? Reflect.get(value, key) : undefined;
}

function errorFields(error: unknown): Pick<CallModelLogRecord, 'errorName' | 'status'> {
  const status = typeof error === 'object' && error !== null ? statusOf(error) : undefined;
  return { errorName: error instanceof Error ? error.name : typeof error, ...(status === undefined ? {} : { status }) };
}

/**
 * One attempt with its own timeout. The attempt's signal aborts on timeout or cancellation; the
 * timeout also rejects the wait itself, so an SDK that ignores the signal cannot hold the caller.
 */
async function withTimeout<T>(
  run: (context: AttemptContext) => Promise<T>,
  number: number,
  timeoutMs: number,
  cancel: AbortSignal | undefined,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onCancel: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ModelCallTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    onCancel = () => {
      controller.abort(cancel?.reason);
      reject(cancel?.reason);
    };
    cancel?.addEventListener('abort', onCancel, { once: true });
  });
  try {
    return await Promise.race([run({ signal: controller.signal, attempt: number }), stopped]);
  } finally {
    clearTimeout(timer);
    if (onCancel) cancel?.removeEventListener('abort', onCancel);
  }
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function writeLogLine(record: CallModelLogRecord): void {
  const line = JSON.stringify(record);
  if (record.outcome === 'ok' || record.outcome === 'fallback_ok') console.info(line);
  else console.warn(line);
}
