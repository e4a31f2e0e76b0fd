import type { SdkId } from '../types';

/**
 * Where an option lives relative to a call:
 * - `params`: the call's main argument (OpenAI `create(params)`, `generateText(options)`,
 *   a Bedrock command's input, `fetch`'s init).
 * - `request`: the per-request options argument (OpenAI's second argument, Bedrock `send`'s
 *   second argument, LangChain's `invoke(input, config)`); for SDKs with one options object this
 *   is the same argument as `params`.
 * - `client`: the options object passed where the client was constructed.
 */
type OptionSite = 'params' | 'request' | 'client';

export interface OptionPath {
  site: OptionSite;
  /** Property path inside that object, e.g. `['config', 'abortSignal']`. */
  path: string[];
  /** Unit of a numeric timeout value. Defaults to `ms`. */
  unit?: 'ms' | 's';
  /** For retry options: does the number count retries (attempts = n + 1) or attempts? Defaults to `retries`. */
  counts?: 'retries' | 'attempts';
}

export interface OperationShape {
  /** Name used in reports: `chat.completions.create`, `generateText`, `ConverseCommand`. */
  name: string;
  /**
   * - `method`: a member path on a client, e.g. `['chat','completions','create']`, matched as the
   *   suffix of a property-access chain whose root is a client of this SDK.
   * - `function`: an exported function called directly (`generateText(...)`).
   * - `command`: `client.send(new <name>(input))` (Bedrock).
   * - `http`: an HTTP client call (fetch, axios, ky, got, undici, an SSE client, a websocket's
   *   `send`) that carries a model request: see `MODEL_HTTP` in `http.ts`.
   */
  kind: 'method' | 'function' | 'command' | 'http';
  path: string[];
  /** `true`, `false`, or `'option'` when `stream: true` in params makes it streaming. */
  streaming: boolean | 'option';
  /** What comes back; embeddings and images have no output to validate. */
  output: 'text' | 'structured' | 'embedding' | 'image' | 'audio' | 'stream';
  /** Index of the `params` argument (default 0). */
  paramsArg?: number;
  /** Index of the `request` options argument (default: same as params for single-object SDKs). */
  requestArg?: number;
  /**
   * HTTP only: where the JSON payload sits inside the params argument (`['body']` for fetch's init,
   * `['json']` for ky and got). Absent: the params argument is the payload (axios.post's data).
   */
  bodyPath?: string[];
  /**
   * HTTP only: the client's own defaults where they differ from the entry's (ky's 10 s timeout,
   * fetchEventSource's reconnects). `retries: Infinity` retries forever.
   */
  defaults?: { retries?: number; timeoutMs?: number | null };
}

export interface SdkCatalogEntry {
  id: SdkId;
  /** "OpenAI", "Vercel AI SDK". */
  displayName: string;
  /** Module specifiers whose import identifies the SDK (exact). */
  packages: string[];
  /** Module specifier prefixes, e.g. `@langchain/` (for provider packages). */
  packagePrefixes?: string[];
  /** Exported classes whose `new` makes a client. */
  clientClasses: string[];
  /** Exported functions that return a client or model (`createOpenAI`, `initChatModel`, `openai`). */
  clientFactories?: string[];
  /** The package's default export (or named export) is already a client (`import ollama from 'ollama'`). */
  defaultExportIsClient?: boolean;
  operations: OperationShape[];
  retry: {
    /** Retries (not attempts) the SDK makes when nothing is set. */
    defaultRetries: number;
    paths: OptionPath[];
    /** Backoff and predicate of the SDK's own retry layer. */
    backoff: 'none' | 'fixed' | 'exponential' | 'exponential-jitter' | 'unknown';
    predicate: 'all' | 'retryable' | 'unknown';
  };
  timeout: {
    /** Per-attempt default in ms; null = no timeout at all. */
    defaultMs: number | null;
    /** Numeric timeout options. */
    paths: OptionPath[];
    /** AbortSignal options (`signal`, `abortSignal`, `config.abortSignal`). */
    signalPaths: OptionPath[];
    /** Does the numeric/default timeout bound the streamed body too? */
    coversStream: boolean;
  };
  maxTokens: OptionPath[];
  model: OptionPath[];
  /** Options that turn on the SDK's own structured logging/telemetry (`experimental_telemetry`). */
  telemetry?: OptionPath[];
  /** Structured-output helpers or options that validate output against a schema. */
  structuredOutput?: {
    /** Functions imported from the SDK whose use in params means schema-validated output (`zodResponseFormat`). */
    helpers?: string[];
    /** Params options whose presence means schema-validated output (`schema`, `responseSchema`). */
    paths?: OptionPath[];
    /** Operations that are structured by themselves (`chat.completions.parse`, `generateObject`). */
    operations?: string[];
  };
  /** Property names on the result that carry the finish/stop reason. */
  finishReasonFields: string[];
  /** Hosts or URL fragments for raw HTTP (only for `http`). */
  urlPatterns?: RegExp[];
}
