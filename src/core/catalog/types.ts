import type { SdkId } from './index';

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

/**
 * The versions of the SDK's package (`versionPackage`) that have an option: `since` included,
 * `until` excluded, both full versions (`4.60.0`). Absent: every version.
 */
export interface VersionRange {
  since?: string;
  until?: string;
}

export interface OptionPath {
  site: OptionSite;
  /** Property path inside that object, e.g. `['config', 'abortSignal']`. */
  path: string[];
  /** Unit of a numeric timeout value. Defaults to `ms`. */
  unit?: 'ms' | 's';
  /**
   * For a numeric timeout option: `true` when it is one deadline for the whole call, the SDK's own
   * retries included (the SDK makes one abort signal of it), so only retry layers outside the call
   * multiply it. Absent: a per-attempt timeout, multiplied by the SDK's attempts. Signal options
   * are always deadlines.
   */
  deadline?: true;
  /**
   * For retry options: does the number count retries (attempts = n + 1) or attempts, or is it a
   * `switch` whose `false` turns retries off, or a `config` object (Speakeasy's `RetryConfig`:
   * `{ strategy: 'none' }`, or `{ strategy: 'backoff', backoff }` retrying until a time has passed,
   * see `retry.backoffConfig`)? Defaults to `retries`.
   */
  counts?: 'retries' | 'attempts' | 'switch' | 'config';
  /** The versions that take this option; reading accepts it in any version, a fix writes it only there. */
  versions?: VersionRange;
  /** For a `client` option: the client classes that take it (LangChain's `numPredict` is ChatOllama's). */
  clients?: string[];
  /**
   * For a `client` option: the index of the construction's argument that holds it, for options that
   * are not in the first object argument (`getGenerativeModel(ai, { model }, { timeout })`: 2).
   * Absent: the first object argument.
   */
  argument?: number;
}

/** A transport class a client option takes, and the construction options that bound each attempt. */
interface TransportHandler {
  option: string;
  classes: string[];
  timeouts: { name: string; requires?: string }[];
}

/** An option a fix writes, and whether its value is a number or an `AbortSignal.timeout(...)`. */
interface TimeoutRecipe extends OptionPath {
  writes: 'number' | 'signal';
}

/**
 * Where the fixes write each option. Every recipe is a list of candidates: the first whose
 * `versions` include the installed version is written; with no candidate for that version the fix
 * is not offered. An empty list means "this SDK has no such option".
 */
export interface FixRecipes {
  /** The timeout a fix adds to a call that is not streamed. */
  timeout?: TimeoutRecipe[];
  /** The timeout for a streamed call (default: `timeout`): only a signal bounds most SDKs' streams. */
  streamTimeout?: TimeoutRecipe[];
  /** The SDK's own idle timeout between stream chunks, where the installed version has one. */
  streamIdleTimeout?: OptionPath[];
  /**
   * The callback the SDK calls, instead of its error callback, when that idle timeout ends the
   * stream: the fix that sets the timeout records the stall there, or it would end unseen.
   */
  streamIdleAbortCallback?: OptionPath[];
  /** The SDK's retry count (`counts` says whether it counts the first attempt). */
  retries?: OptionPath[];
  /** Where an abort signal goes (routing a call through the orchestration helper). */
  signal?: OptionPath[];
  /**
   * The output-token limit. An entry's recipe applies to its text, structured and stream
   * operations; an operation's own recipe overrides it.
   */
  maxTokens?: OptionPath[];
}

/** Options the SDK's types accept for an operation but that its runtime ignores. */
type IgnoredOption = 'timeout';

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
  /**
   * The versions that have this operation (`beta.chat.completions.parse`: openai 4 only). Calls are
   * recognised in any version (the code was written against one); the conformance test checks the
   * installed typings only for the operations its version has.
   */
  versions?: VersionRange;
  /** Where in params the `'option'` stream flag is (default `['stream']`). */
  streamOption?: string[];
  /**
   * What comes back; embeddings, images and a moderation's verdict have no output to validate;
   * `tool` is a tool's result (data to validate, no tokens to cap).
   */
  output: 'text' | 'structured' | 'embedding' | 'moderation' | 'image' | 'audio' | 'stream' | 'tool';
  /**
   * `false`: text that no output-token limit of this request bounds (a transcription is as long as
   * the audio; a run's tool-output submission goes on under the limit the run was created with),
   * so the cost rules skip it. Absent: `text`, `structured` and `stream` output is generated tokens.
   */
  tokenCap?: false;
  /**
   * The output kind depends on the model the request names (Bedrock `InvokeModel` runs text and
   * embedding models alike): a response whose `embedding` fields the code reads is an embedding.
   */
  outputFromUse?: true;
  /** Index of the `params` argument (default 0). */
  paramsArg?: number;
  /** Index of the `request` options argument (default: same as params for single-object SDKs). */
  requestArg?: number;
  /**
   * HTTP only: where the JSON payload sits inside the params argument (`['body']` for fetch's init,
   * `['json']` for ky and got). Absent: the params argument is the payload (axios.post's data).
   */
  bodyPath?: string[];
  /** HTTP only: other keys of the params argument the payload may be given under (gaxios 7's `body` beside `data`). */
  otherBodyKeys?: string[];
  /**
   * HTTP only: a call with one argument gives the whole request in it, the URL as `url` (axios'
   * `axios(config)`, gaxios' and google-auth-library's `request(options)`).
   */
  urlInOptions?: true;
  /**
   * HTTP only: the client's own defaults where they differ from the entry's (ky's 10 s timeout,
   * fetchEventSource's reconnects). `retries: Infinity` retries forever.
   */
  defaults?: { retries?: number; timeoutMs?: number | null };
  /** Options accepted here by the types but ignored at run time: reading them decides nothing. */
  ignores?: IgnoredOption[];
  /** HTTP only: a message sent on a websocket to a realtime endpoint (reported as site `websocket`). */
  websocket?: true;
  /** Where the result carries its token usage (`usage`, `usageMetadata`), for the log fix. */
  usage?: {
    field: string;
    /** Only for results of these client classes (Cohere's v2 client). */
    clients?: string[];
  };
  /** This operation's own fix recipes, over the entry's (`[]`: that fix is not offered here). */
  fixes?: FixRecipes;
  /** A stream that never throws while it is read: where its errors go instead. */
  streamErrors?: StreamErrors;
  /**
   * The result is an event emitter that also emits the call's failure as this event (`'error'`:
   * the SDK's stream helpers), besides rejecting where it is read: a listener the code subscribes
   * (`stream.on('error', report)`) handles it.
   */
  errorEvent?: string;
  /**
   * How the validate-output fix moves a call of this operation to the SDK's own schema validation;
   * candidates like the fix recipes (the first whose `versions` include the installed version).
   */
  structuredFix?: StructuredFix[];
}

/**
 * OpenAI `chat.completions.create` → `chat.completions.parse` with `response_format:
 * zodResponseFormat(Schema, 'name')`, the use reading `message.parsed` for `message.content`.
 */
export interface StructuredFix {
  /** The operation the call becomes (an operation of the same entry, by name). */
  operation: string;
  /** The params option that takes the schema. */
  option: string;
  /** The SDK helper that turns a zod object schema and a name into the option's value. */
  helper: { module: string; name: string };
  /** The result's text the code parsed (`message.content`), and its sibling with the parsed value (`parsed`). */
  text: string[];
  parsed: string;
  versions?: VersionRange;
}

/**
 * Errors of a stream that does not throw (Vercel AI SDK `streamText`): they reach a callback option
 * or the SDK's own default, never a catch around the call or the stream's consumption.
 */
export interface StreamErrors {
  /** The params option that receives them (`onError`); absent: no option takes them (the fix adds none). */
  callback?: OptionPath;
  /**
   * The result is an Observable: the errors go to the observer the code subscribes, the function
   * of `option` in the object given to `method` (`run(input).subscribe({ next, error })`).
   */
  observer?: { method: string; option: string };
  /** What the SDK does with them when no callback is given, as the profile's reaction. */
  withoutCallback: string;
  /**
   * A callback that throws on every path lets the failure out: the call's promise rejects with it
   * (fetchEventSource's `onerror`, which otherwise decides when to reconnect), so a catch where the
   * call is awaited handles it, and the client's reconnects stop (one attempt).
   */
  throwingCallbackRejects?: true;
  /** A stream part that carries an error (`part.type === 'error'`): code that reads it observes the errors. */
  errorPart?: { field: string; value: string };
  /**
   * Where the errors go when the code turns the stream into a UI stream for the client: an option
   * of a method of the result (`result.toUIMessageStreamResponse({ onError })`, `argument` is the
   * options' position) or of the function whose `execute` callback merges it into its writer
   * (`createUIMessageStream({ execute, onError })`). The option maps each error to the message the
   * client shows; only one the code writes counts (without it the SDK sends a generic message).
   */
  uiStream?: {
    methods: { name: string; argument: number; option: string }[];
    functions: { name: string; option: string }[];
  };
}

/**
 * A method of a model that returns a derived model whose calls the SDK retries itself, on top of
 * the model's own retries (LangChain `model.withRetry({ stopAfterAttempt: 5 })`).
 */
interface DerivedRetry {
  /** The method: `withRetry`. */
  method: string;
  /** The option of its first argument that bounds the attempts (`stopAfterAttempt`). */
  countOption: string;
  /** Does the option count attempts (the first included) or retries? */
  counts: 'attempts' | 'retries';
  /** Attempts when the option is not set. */
  defaultAttempts: number;
  backoff: 'none' | 'fixed' | 'exponential' | 'exponential-jitter' | 'unknown';
  predicate: 'all' | 'retryable' | 'unknown';
  /** The layer's name in reports: "LangChain withRetry". */
  label: string;
}

/** A client class of the SDK that another package exports under its own name (see `reexportedBy`). */
export interface ClientReexport {
  module: string;
  /** The name it is imported by from `module` (`default` for the default export). */
  name: string;
  /** The SDK's class it is. */
  as: string;
  /**
   * A subclass that records every call (PostHog's `OpenAI`): the name of the observability wrapper
   * (catalog/wrappers.ts) its calls are traced by.
   */
  tracedBy?: string;
}

export interface SdkCatalogEntry<Id extends string = SdkId> {
  id: Id;
  /** "OpenAI", "Vercel AI SDK": reports, the register and the README's list of SDKs. */
  displayName: string;
  /**
   * How reports name the layer the SDK itself makes of a call (its retries, its default timeout).
   * Absent: the SDK (`OpenAI SDK`, `OpenAI SDK default`). `operation`: the call itself, for raw HTTP,
   * where no SDK stands between the code and the request (`fetch`, `fetch default`). `declared`: a
   * function the config declares, with the retries and timeout stated there (`@acme/llm complete
   * (declared)`). `client`: the class the workspace constructed, for a client of a package the
   * catalogue does not name (`TokenJS client`).
   */
  ownLayer?: 'operation' | 'declared' | 'client';
  /** Module specifiers whose import identifies the SDK (exact). */
  packages: string[];
  /**
   * The package whose installed version decides version-dependent options (default: the first
   * package); null when no package's version matters (raw HTTP).
   */
  versionPackage?: string | null;
  /** Module specifier prefixes, e.g. `@langchain/` (for provider packages). */
  packagePrefixes?: string[];
  /**
   * For a package that code imports for far more than its model calls (`vscode`, in every file of
   * an extension): an import of it makes a file a candidate (workspace/prefilter.ts) only when the
   * text also names one of these: the operations, the client classes and factories. A file naming
   * none of them holds no call of the SDK and builds no client of it.
   */
  prefilterWords?: string[];
  /** Exported classes whose `new` makes a client. */
  clientClasses: string[];
  /**
   * Other packages that export one of `clientClasses` under another name (`@langchain/openai`
   * exports the SDK's `OpenAI` as `OpenAIClient`): an import of that name from that package is this
   * SDK's class, recognised without the packages installed.
   */
  reexportedBy?: ClientReexport[];
  /**
   * Client classes that are registries of models rather than models: only these methods of theirs
   * return one (`mastra.getAgent(name)`); what their other methods return is not a model
   * (`mastra.getWorkflow(name)`).
   */
  derivedOnlyBy?: Record<string, string[]>;
  /** Exported functions that return a client or model (`createOpenAI`, `initChatModel`, `openai`). */
  clientFactories?: string[];
  /**
   * Of those, the ones whose result is a list of clients, or a promise of one (`selectChatModels`
   * resolves to `LanguageModelChat[]`): `const [model] = await selectChatModels()` and `models[0]`
   * are clients.
   */
  listFactories?: string[];
  /**
   * Base classes, interfaces and type aliases whose values are models (LangChain's `BaseChatModel`).
   * A receiver of such a type makes model calls wherever the model was built (`model: BaseChatModel`
   * as a parameter); when the list is given, a method of another type of the SDK's packages (a
   * Runnable chain's `invoke`) is not a model call.
   */
  modelTypes?: string[];
  /**
   * Package exports whose member holds the model the application configured (LlamaIndex.TS
   * `Settings.llm`): a call on it is a model call, with the options of the workspace's assignment
   * to it (`Settings.llm = new OpenAI({ ... })`) when there is one.
   */
  clientHolders?: { export: string; member: string }[];
  /**
   * The package's default export is already a client, known by this name (`import ollama from
   * 'ollama'`: `ollama`), which a named import of that name means too.
   */
  clientExport?: string;
  operations: OperationShape[];
  retry: {
    /** Retries (not attempts) the SDK makes when nothing is set; `unknown` for a library not read. */
    defaultRetries: number | 'unknown';
    paths: OptionPath[];
    /** Backoff and predicate of the SDK's own retry layer. */
    backoff: 'none' | 'fixed' | 'exponential' | 'exponential-jitter' | 'unknown';
    predicate: 'all' | 'retryable' | 'unknown';
    /**
     * The classes (by name: an error's `name`, else its class's) of the errors the SDK throws for
     * failures that carry no HTTP status and that a later attempt can fix: connection failures,
     * timeouts, throttling. The orchestration helper retries them (`npm run generate` writes them
     * into its template).
     */
    transientErrors?: string[];
    /** Methods that derive a model with another retry layer of the SDK's around its calls. */
    derived?: DerivedRetry[];
    /**
     * A retry layer the client's construction adds around its calls when the option is set, on top
     * of the SDK layer (Mastra's `new Agent({ maxRetries })`, which runs each model step again).
     */
    constructionLayer?: Omit<DerivedRetry, 'method' | 'countOption' | 'defaultAttempts'> & { option: string };
    /**
     * For a `counts: 'config'` option set to `{ strategy: 'backoff', backoff }`: the `backoff` values
     * the SDK uses for those not given. It waits `initialInterval * n ** exponent` ms (at most
     * `maxInterval`) after the nth failure and gives up once `maxElapsedTime` ms have passed.
     */
    backoffConfig?: { initialInterval: number; maxInterval: number; exponent: number; maxElapsedTime: number };
  };
  /**
   * Methods that derive a model which, when a call fails, makes it with other models the code
   * hands over (LangChain `model.withFallbacks([backup])`): a fallback of the SDK's.
   */
  fallbackMethods?: string[];
  timeout: {
    /** Per-attempt default in ms; null = no timeout at all; `unknown` for a library not read. */
    defaultMs: number | null | 'unknown';
    /**
     * `true` when the default, like a `deadline` option, is one deadline for the whole call, the
     * SDK's own retries included. Absent: the default applies to each attempt.
     */
    defaultDeadline?: true;
    /**
     * Defaults that depend on the client class (LangChain's ChatOpenAI builds an OpenAI client, whose
     * 600 s default applies), over `defaultMs`.
     */
    defaultMsByClient?: Record<string, number | null>;
    /**
     * Where the default changed between releases: the first entry whose range includes the
     * installed version wins over `defaultMs` (which stays the current release's, the one assumed
     * when the version is not known).
     */
    defaultMsByVersion?: { versions: VersionRange; ms: number | null }[];
    /** Numeric timeout options. */
    paths: OptionPath[];
    /** AbortSignal options (`signal`, `abortSignal`, `config.abortSignal`). */
    signalPaths: OptionPath[];
    /** Does the numeric/default timeout bound the streamed body too? */
    coversStream: boolean;
    /**
     * Options that bound the wait between stream chunks (an idle timeout: AI SDK `timeout.chunkMs`).
     * They end a stalled stream, never a long healthy one; they do not bound the wait for the
     * response to start.
     */
    idlePaths?: OptionPath[];
    /**
     * Transports the client takes as a constructed instance (`requestHandler: new
     * NodeHttpHandler({ requestTimeout })`), here, through variables or from a workspace function
     * that builds it: the client option, the classes, and the construction options that bound each
     * attempt (`requires`: only together with that option set to `true`).
     */
    handlers?: TransportHandler[];
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
  /** Where the fixes write options (see `FixRecipes`). */
  fixes: FixRecipes;
  /** Cheaper models of this SDK, for the fallback fix; the second when the call already uses the first. */
  fallbackModels?: string[];
  /** Vercel AI SDK provider functions that serve this SDK's models (`openai('gpt-4o')`), for the fallback fix. */
  aiSdkProviders?: string[];
}
