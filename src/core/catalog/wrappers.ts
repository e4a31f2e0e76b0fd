/**
 * Libraries that wrap a model call and change its decisions: an extra retry layer, or tracing. The
 * SDK catalogue says what a call does on its own; this says what the code around it adds. Timeout,
 * fallback, circuit-breaker and validation libraries are recorded in docs/sdk-facts-verified.md but
 * not here: nothing reads them yet, and a fact the analyser does not read is not kept in code.
 *
 * Facts verified against the installed packages where present (p-retry 7.1.1, cockatiel 3.2.1,
 * axios-retry 4.5.0, fetch-retry 6.0.0,
 * @langchain/core 1.4.0, langsmith 0.12.0, zod 4.6.7, ajv 8.20.0, retry 0.13.1, p-timeout 3.2.0,
 * await-to-js 3.0.0, neverthrow 8.2.0);
 * the others from their published sources, noted per entry. docs/sdk-facts-verified.md has the details.
 */

/** Whether a number counts retries (attempts = n + 1) or attempts (the first call included). */
type CountKind = 'retries' | 'attempts';
type WrapperBackoff = 'none' | 'fixed' | 'exponential' | 'exponential-jitter';

export interface RetryLibrary {
  /** Name in reports: `p-retry`, `cockatiel retry`. */
  label: string;
  /** Module specifier whose import identifies the library (a subpath of it also matches). */
  module: string;
  /**
   * How the layer appears in code:
   * - `function`: `fn(task, options)` runs (or, for `makeRetriable`, wraps) the task.
   * - `policy`: builds a policy; the task runs later in `policy.execute(task)`.
   * - `method`: a method on a runnable/model: `model.withRetry(options)`.
   * - `middleware`: an agent middleware factory: `createAgent({ middleware: [f(options)] })`.
   * - `interceptor`: installed on an HTTP client: `f(axiosInstance, options)`; every request sent
   *   through that client retries.
   * - `wrapper`: wraps a fetch: `const send = f(fetch, options)`; every request sent with `send`
   *   retries.
   */
  kind: 'function' | 'policy' | 'method' | 'middleware' | 'interceptor' | 'wrapper';
  /** The export (or method) that creates the layer; `default` for the default export. */
  exportName: string;
  /** Argument index of the options object. */
  optionsArg: number;
  /** Option holding the bound, and whether it counts retries or attempts. */
  countOption: string;
  counts: CountKind;
  /** The bound when the option is absent; `Infinity` means unbounded. */
  defaultCount: number;
  /** Boolean options that make the layer unbounded when `true` (a count of `Infinity` is read from `countOption`). */
  unboundedOptions: string[];
  /** Options that bound the layer by elapsed time instead of a count. */
  timeBoundOptions?: string[];
  /** Backoff when no backoff option is given, and the options that change it. */
  defaultBackoff: WrapperBackoff;
  backoffOptions: string[];
  /** Options that turn jitter on (`randomize: true`, `jitter: 'full'`). */
  jitterOptions: string[];
  /** Which errors are retried by default (`retry-all-errors`), and the options that narrow it. */
  defaultPredicate: 'all' | 'retryable';
  predicateOptions: string[];
  /**
   * Options called with each failure before the library decides to retry, where a throw rejects
   * at once (p-retry's `onFailedAttempt`): one that throws for some errors (`if (!retryable)
   * throw error`) narrows which are retried, as a predicate option does.
   */
  predicateHooks?: string[];
  /** How the task stops retrying from inside, for the register's wording. */
  bail?: string;
  /**
   * The option called with every failed attempt, the last one included, before the library gives
   * up (p-retry's `onFailedAttempt`): a log there records each failure of the task.
   */
  failureHook?: string;
  /** Options the verified version rejects at runtime: code using them throws before the first call. */
  rejectedOptions?: { option: string; reason: string }[];
  /** Where the facts were read. */
  source: string;
}

/** p-retry 7.1.1 (index.js:155-183); shared by `pRetry` and `makeRetriable`. */
const P_RETRY: Omit<RetryLibrary, 'label' | 'exportName'> = {
  module: 'p-retry',
  kind: 'function',
  optionsArg: 1,
  countOption: 'retries',
  counts: 'retries',
  // index.js:164: `options.retries ??= 10`; `retries: Infinity` is allowed (validateRetries).
  defaultCount: 10,
  unboundedOptions: [],
  timeBoundOptions: ['maxRetryTime'],
  // index.js:165-169: factor 2, minTimeout 1000, maxTimeout Infinity, `randomize` false.
  defaultBackoff: 'exponential',
  backoffOptions: ['factor', 'minTimeout', 'maxTimeout'],
  jitterOptions: ['randomize'],
  // index.js:171: `shouldRetry ??= () => true`; a non-network TypeError is never retried.
  defaultPredicate: 'all',
  predicateOptions: ['shouldRetry'],
  // index.js:92: `await options.onFailedAttempt(context)` runs before the checks that retry; what
  // it throws leaves the loop.
  predicateHooks: ['onFailedAttempt'],
  bail: 'throw new AbortError(...)',
  // index.js:91-97: `await options.onFailedAttempt(context)`, then the checks that throw on the last attempt.
  failureHook: 'onFailedAttempt',
  // index.js:160-162: `forever` throws "The `forever` option is no longer supported" (v7).
  rejectedOptions: [
    { option: 'forever', reason: 'p-retry 7 throws when `forever` is present; use `retries: Infinity`' },
  ],
  source: 'p-retry 7.1.1 index.js',
};

export const RETRY_LIBRARIES: readonly RetryLibrary[] = [
  {
    label: 'axios-retry',
    module: 'axios-retry',
    kind: 'interceptor',
    // `axiosRetry(axiosInstance, options)` adds a request and a response interceptor (index.js:166-190).
    exportName: 'default',
    optionsArg: 1,
    countOption: 'retries',
    counts: 'retries',
    // index.js:76-83 DEFAULT_OPTIONS: `retries: 3`, `retryDelay: noDelay`, `retryCondition:
    // isNetworkOrIdempotentRequestError`.
    defaultCount: 3,
    unboundedOptions: [],
    // noDelay waits only for a Retry-After header; `retryDelay: axiosRetry.exponentialDelay` is
    // 2^n * 100 ms plus 0-20 % at random (index.js:56-64), read by facets/installed-retries.ts.
    defaultBackoff: 'none',
    backoffOptions: ['retryDelay'],
    jitterOptions: [],
    // Network errors; 429 and 5xx only for idempotent methods (index.js:18-42): a POST is retried
    // when no response came back.
    defaultPredicate: 'retryable',
    predicateOptions: ['retryCondition'],
    source: 'axios-retry 4.5.0 dist/esm/index.js',
  },
  {
    label: 'fetch-retry',
    module: 'fetch-retry',
    kind: 'wrapper',
    // index.js:3: `module.exports = function (fetch, defaults)`, returning the retrying fetch.
    exportName: 'default',
    optionsArg: 1,
    countOption: 'retries',
    counts: 'retries',
    // index.js:25-29: `retries: 3, retryDelay: 1000, retryOn: []`.
    defaultCount: 3,
    unboundedOptions: [],
    // A number of milliseconds, or a function of the attempt (index.js:123-125).
    defaultBackoff: 'fixed',
    backoffOptions: ['retryDelay'],
    jitterOptions: [],
    // With `retryOn: []` a response is never retried, whatever its status; a network error is
    // (index.js:71-120). `retryOn` adds statuses, or decides for each attempt.
    defaultPredicate: 'retryable',
    predicateOptions: ['retryOn'],
    source: 'fetch-retry 6.0.0 index.js',
  },
  { ...P_RETRY, label: 'p-retry', exportName: 'default' },
  // `makeRetriable(fn, options)` returns a function that retries `fn` the same way.
  { ...P_RETRY, label: 'p-retry makeRetriable', exportName: 'makeRetriable' },
  {
    label: 'async-retry',
    module: 'async-retry',
    kind: 'function',
    // lib/index.js: `module.exports = retry`; `retry(async (bail, attempt) => ..., options)`.
    exportName: 'default',
    optionsArg: 1,
    countOption: 'retries',
    counts: 'retries',
    // Options go to `retry` (node-retry) 0.13.1 lib/retry.js:18: `retries: 10`.
    defaultCount: 10,
    // retry/lib/retry.js:6: `forever: options.forever || options.retries === Infinity`.
    unboundedOptions: ['forever'],
    timeBoundOptions: ['maxRetryTime'],
    // async-retry turns `randomize` on unless given; node-retry: factor 2, minTimeout 1000.
    defaultBackoff: 'exponential-jitter',
    backoffOptions: ['factor', 'minTimeout', 'maxTimeout', 'randomize'],
    jitterOptions: [],
    defaultPredicate: 'all',
    predicateOptions: [],
    bail: 'bail(error)',
    source: 'vercel/async-retry lib/index.js (not installed); retry 0.13.1 lib/retry.js (installed)',
  },
  {
    label: 'exponential-backoff',
    module: 'exponential-backoff',
    kind: 'function',
    exportName: 'backOff',
    optionsArg: 1,
    countOption: 'numOfAttempts',
    counts: 'attempts',
    // src/options.ts: `numOfAttempts: 10` (values below 1 become 1).
    defaultCount: 10,
    unboundedOptions: [],
    // startingDelay 100, timeMultiple 2, maxDelay Infinity, jitter 'none'.
    defaultBackoff: 'exponential',
    backoffOptions: ['startingDelay', 'timeMultiple', 'maxDelay', 'delayFirstAttempt'],
    // `jitter: 'full'` adds jitter ('none' is the default).
    jitterOptions: ['jitter'],
    // `retry: () => true` by default.
    defaultPredicate: 'all',
    predicateOptions: ['retry'],
    bail: 'return false from the `retry` option',
    source: 'coveooss/exponential-backoff src/options.ts (not installed)',
  },
  {
    label: 'cockatiel retry',
    module: 'cockatiel',
    kind: 'policy',
    // `retry(handleAll | handleWhen(...) | handleType(...), { maxAttempts, backoff })`, then `.execute(fn)`.
    // The first argument decides the predicate: `handleAll` retries every error, the others narrow it
    // (dist/Policy.d.ts:167-183; read by facets/retry.ts).
    exportName: 'retry',
    optionsArg: 1,
    countOption: 'maxAttempts',
    // Despite its name, `maxAttempts` counts retries: RetryPolicy.js:59 retries while
    // `retries < maxAttempts`, so `maxAttempts: 3` makes 4 calls.
    counts: 'retries',
    // Policy.js:247: `maxAttempts: opts.maxAttempts ?? Infinity`.
    defaultCount: Infinity,
    unboundedOptions: [],
    // Policy.js:247 / RetryPolicy.js:51: `ConstantBackoff(0)` unless `backoff` is given: no delay at all.
    defaultBackoff: 'none',
    backoffOptions: ['backoff'],
    jitterOptions: [],
    defaultPredicate: 'all',
    predicateOptions: [],
    source: 'cockatiel 3.2.1 dist/Policy.js, dist/RetryPolicy.js',
  },
  {
    label: 'LangChain withRetry',
    module: '@langchain/core',
    kind: 'method',
    exportName: 'withRetry',
    optionsArg: 0,
    countOption: 'stopAfterAttempt',
    counts: 'attempts',
    // runnables/base.js:836: `maxAttemptNumber = 3`; :850 `retries: max(maxAttemptNumber - 1, 0)`.
    defaultCount: 3,
    unboundedOptions: [],
    // Vendored p-retry with `randomize: true`: 1 s, factor 2, jittered.
    defaultBackoff: 'exponential-jitter',
    backoffOptions: [],
    jitterOptions: [],
    // `onFailedAttempt` defaults to a no-op: every error is retried (except non-network TypeErrors);
    // it can stop the retries only by throwing.
    defaultPredicate: 'all',
    predicateOptions: [],
    bail: 'throw from onFailedAttempt',
    source: '@langchain/core 1.4.0 dist/runnables/base.js:831-900',
  },
  {
    label: 'LangChain modelRetryMiddleware',
    module: 'langchain',
    kind: 'middleware',
    exportName: 'modelRetryMiddleware',
    optionsArg: 0,
    countOption: 'maxRetries',
    counts: 'retries',
    // "default settings (2 retries, exponential backoff)"; backoffFactor 2, initialDelayMs 1000,
    // maxDelayMs 60000, jitter true. NB: `onFailure` defaults to 'continue': once retries are
    // exhausted the error becomes an AIMessage and the agent carries on (a swallowed failure).
    defaultCount: 2,
    unboundedOptions: [],
    defaultBackoff: 'exponential-jitter',
    backoffOptions: ['backoffFactor', 'initialDelayMs', 'maxDelayMs', 'jitter'],
    jitterOptions: [],
    defaultPredicate: 'all',
    predicateOptions: ['retryOn'],
    source: 'langchain 1.2.12 dist/agents/middleware/modelRetry (not installed)',
  },
];

interface ObservabilityWrapper {
  label: string;
  packages: string[];
  functions: string[];
  /**
   * - `client`: wraps an SDK client or module; every call on the result is traced (`observeOpenAI(client)`).
   * - `function`: wraps a function; calls inside it are traced as its children (`traceable(fn)`).
   * - `span`: opens a span around a callback or until `end()` (`tracer.startActiveSpan(name, fn)`);
   *   for OpenTelemetry these are methods of a tracer, so `functions` are method names.
   * - `base-url`: a proxy that logs every request, recognised by the client's `baseURL` host.
   */
  shape: 'client' | 'function' | 'span' | 'base-url';
  hostPattern?: RegExp;
  source: string;
}

const OBSERVABILITY_LIBRARIES: readonly ObservabilityWrapper[] = [
  {
    label: 'Langfuse',
    // `langfuse-langchain`: its CallbackHandler, whose types the analyser asks about.
    packages: ['langfuse', '@langfuse/openai', 'langfuse-langchain'],
    functions: ['observeOpenAI'],
    shape: 'client',
    source: 'Langfuse JS SDK docs (v3 `langfuse`, v4 `@langfuse/openai`; not installed)',
  },
  {
    label: 'Langfuse tracing',
    packages: ['@langfuse/tracing'],
    functions: ['observe', 'startActiveObservation', 'startObservation'],
    shape: 'function',
    source: 'Langfuse JS SDK v4 docs (not installed)',
  },
  {
    label: 'LangSmith',
    packages: ['langsmith'],
    // lib/wrappers/openai.d.ts:79, anthropic.d.ts:81, gemini.d.ts:45, generic.d.ts:20 (`langsmith/wrappers`,
    // `langsmith/wrappers/anthropic`, ...); lib/experimental/vercel/wrap.d.ts:256 `wrapAISDK(ai)`.
    functions: ['wrapOpenAI', 'wrapAnthropic', 'wrapGemini', 'wrapSDK', 'wrapAISDK'],
    shape: 'client',
    source: 'langsmith 0.12.0 (installed)',
  },
  {
    label: 'LangSmith traceable',
    packages: ['langsmith'],
    functions: ['traceable'],
    shape: 'function',
    source: 'langsmith 0.12.0 lib/traceable.d.ts:87',
  },
  {
    label: 'PostHog',
    packages: ['@posthog/ai'],
    // dist/index.d.ts:334 `withTracing(model, phClient, options)` wraps an AI SDK model; the client
    // subclasses (`new OpenAI({ apiKey, posthog })`) are recorded under their class's name
    // (catalog/posthog.ts).
    functions: ['withTracing', 'PostHogOpenAI', 'PostHogAzureOpenAI', 'PostHogAnthropic', 'PostHogGoogleGenAI'],
    shape: 'client',
    source: '@posthog/ai 8.13.1 (npm pack; not installed)',
  },
  {
    label: 'OpenTelemetry',
    packages: ['@opentelemetry/api'],
    // `trace.getTracer(name).startActiveSpan(name, fn)` / `.startSpan(name)`.
    functions: ['startActiveSpan', 'startSpan'],
    shape: 'span',
    source: '@opentelemetry/api Tracer interface',
  },
  {
    label: 'Helicone',
    packages: [],
    functions: [],
    shape: 'base-url',
    // `baseURL: 'https://oai.helicone.ai/v1'`, `anthropic.helicone.ai`, gateway.helicone.ai, ...
    hostPattern: /\b[a-z0-9-]+\.helicone\.ai\b/,
    source: 'Helicone proxy docs (oai.helicone.ai, anthropic.helicone.ai; not installed)',
  },
  {
    label: 'Portkey',
    packages: [],
    functions: [],
    shape: 'base-url',
    // `baseURL: 'https://api.portkey.ai/v1'`.
    hostPattern: /portkey\.ai/,
    source: 'Portkey gateway docs (api.portkey.ai; not installed)',
  },
  {
    label: 'Cloudflare AI Gateway',
    packages: [],
    functions: [],
    shape: 'base-url',
    // `https://gateway.ai.cloudflare.com/v1/{account}/{gateway}/openai`.
    hostPattern: /gateway\.ai\.cloudflare\.com/,
    source: 'Cloudflare AI Gateway docs',
  },
  {
    label: 'Langfuse',
    packages: [],
    functions: [],
    shape: 'base-url',
    // A Langfuse-hosted or self-hosted proxy in front of the API.
    hostPattern: /langfuse/,
    source: 'moved from the observability facet (no published proxy host)',
  },
];

/**
 * Libraries that patch a client so that its calls check the answer against a schema given in the
 * request: a call on a client that went through `function` (its wrapper) with one of `paths` set
 * in its params is schema-validated.
 */
export const SCHEMA_WRAPPERS: readonly {
  label: string;
  packages: string[];
  function: string;
  paths: string[][];
  source: string;
}[] = [
  {
    label: 'Instructor',
    packages: ['@instructor-ai/instructor'],
    // `Instructor({ client, mode })`; `client.chat.completions.create({ response_model: { schema } })`
    // parses the answer and checks it with the zod schema's `safeParseAsync`.
    function: 'Instructor',
    paths: [['response_model', 'schema']],
    source: '@instructor-ai/instructor 1.7.0 dist/index.js (npm pack; not installed)',
  },
];

/**
 * Names of the functions that wrap a client for tracing (`observeOpenAI`, `wrapOpenAI`, `wrapSDK`, ...):
 * a call on a client that went through one of them is observed. Function wrappers (`traceable`,
 * `observe`) and spans enclose the call instead; they are in OBSERVABILITY_LIBRARIES.
 */
export const OBSERVABILITY_WRAPPERS: readonly string[] = OBSERVABILITY_LIBRARIES.filter(
  (library) => library.shape === 'client',
).flatMap((library) => library.functions);

/** Functions that trace what runs inside them (`traceable(fn)`, `observe(fn)`) and span methods (`startActiveSpan`). */
export const OBSERVABILITY_SPAN_FUNCTIONS: readonly string[] = OBSERVABILITY_LIBRARIES.filter(
  (library) => library.shape === 'function' || library.shape === 'span',
).flatMap((library) => library.functions);

/** Logging proxies in front of a model API, by the host of the client's base URL, with their names. */
export const LOGGING_PROXIES: readonly { label: string; hostPattern: RegExp }[] = OBSERVABILITY_LIBRARIES.flatMap(
  (library) =>
    library.shape === 'base-url' && library.hostPattern
      ? [{ label: library.label, hostPattern: library.hostPattern }]
      : [],
);

/** The packages of the observability libraries, whose declarations the analyser asks the checker about. */
export const OBSERVABILITY_PACKAGES: readonly string[] = OBSERVABILITY_LIBRARIES.flatMap((library) => library.packages);

/**
 * Client options that point the SDK at another base URL (a logging proxy's): OpenAI-shaped SDKs'
 * `baseURL`, `baseUrl`, `basePath` (LangChain's `configuration`).
 */
export const BASE_URL_OPTIONS: readonly string[] = ['baseURL', 'baseUrl', 'basePath'];

/**
 * Client options that turn on the SDK's own (unstructured) logging: `logger` and `logLevel`
 * (Stainless SDKs), `debug`, `verbose` and `callbacks` (LangChain).
 */
export const SDK_LOGGING_OPTIONS: readonly string[] = ['logger', 'logLevel', 'debug', 'verbose', 'callbacks'];

/**
 * Libraries that give a promise's rejection back as a value the code then tests, instead of
 * throwing it: the model call's failure is decided where that value is tested.
 */
export interface ErrorValueLibrary {
  module: string;
  /** The exports that take the promise first (`default` for the default export); a class's static method as `Class.method`. */
  exports: readonly string[];
  /** Where the value holds the error: an index of a tuple, or a `Result` (`isErr()`, `.error`). */
  errorAt: number | 'result';
}

export const ERROR_VALUE_LIBRARIES: readonly ErrorValueLibrary[] = [
  // await-to-js 3.0.0 (dist/await-to-js.es5.js): `promise.then((data) => [null, data]).catch((err) => [err, undefined])`.
  { module: 'await-to-js', exports: ['default', 'to'], errorAt: 0 },
  // neverthrow 8.2.0 (dist/index.cjs.js:103, 248): `new ResultAsync(promise.then((value) => new Ok(value)).catch((e) => new Err(errorFn(e))))`.
  { module: 'neverthrow', exports: ['fromPromise', 'ResultAsync.fromPromise'], errorAt: 'result' },
];
