import { ts } from 'ts-morph';
import type { DetectedCall } from '../detect';
import type { SdkId, TextEdit } from '../types';
import { appendArgument, setArgumentOption } from './edits/call-argument';
import { propertyText, type SetOptionOptions, type ValueText } from './edits/object-option';
import type { FileStyle } from './style';
import { formatNumber } from './style';
import { skipParentheses } from './text';

/**
 * Where each SDK takes the options the fixes write, checked against the installed typings
 * (docs/sdk-facts-verified.md): the call's own options object (`params`), its per-request options
 * argument (`request`), or the options where the client or model is constructed (`client`).
 */
export interface OptionTarget {
  site: 'params' | 'request' | 'client';
  path: string[];
}

export interface TimeoutOption {
  target: OptionTarget;
  value: string;
  /** `request option timeout`, `abortSignal: AbortSignal.timeout(...)`: for the fix title. */
  describe: string;
}

const STAINLESS = new Set<SdkId>(['openai', 'anthropic', 'groq']);

/** HTTP operations whose request options take an `AbortSignal` as `signal`. */
const SIGNAL_HTTP = new Set(['fetch', 'fetchEventSource', 'undici.request', 'got.post']);

/**
 * The SDK's own timeout mechanism for this call. A numeric timeout where it bounds what the call
 * waits for; an `AbortSignal.timeout` where only a signal also bounds a stream (the numeric timeouts
 * of OpenAI, Anthropic, Groq, Cohere and LangChain stop once the response headers arrive). Ollama
 * takes no per-request signal: nothing to offer.
 */
export function timeoutOption(call: DetectedCall, ms: number, style: FileStyle): TimeoutOption | undefined {
  const { entry, shape, streaming } = call;
  const number = formatNumber(ms, style);
  const signal = `AbortSignal.timeout(${number})`;
  const numeric = (path: string, value = number): TimeoutOption => ({
    target: { site: 'request', path: [path] },
    value,
    describe: `${path}: ${value}`,
  });
  const bySignal = (site: OptionTarget['site'], path: string[]): TimeoutOption => ({
    target: { site, path },
    value: signal,
    describe: `${path[path.length - 1]}: ${signal}`,
  });
  switch (entry.id) {
    case 'openai':
    case 'anthropic':
    case 'groq':
      return streaming ? bySignal('request', ['signal']) : numeric('timeout');
    case 'mistral':
      return numeric('timeoutMs');
    case 'cohere':
      return streaming
        ? bySignal('request', ['abortSignal'])
        : numeric('timeoutInSeconds', formatNumber(Math.max(1, Math.ceil(ms / 1000)), style));
    case 'vercel-ai':
      return bySignal('params', ['abortSignal']);
    case 'google':
      return bySignal('params', ['config', 'abortSignal']);
    case 'google-legacy':
      return numeric('timeout');
    case 'bedrock':
      return bySignal('request', ['abortSignal']);
    case 'langchain':
      if (shape.requestArg === undefined) return undefined;
      return streaming ? bySignal('request', ['signal']) : numeric('timeout');
    case 'http':
      // axios and ky take a number; fetch, the SSE client, undici and got a signal; a websocket
      // message has no timeout of its own.
      if (shape.name === 'WebSocket.send') return undefined;
      if (SIGNAL_HTTP.has(shape.name)) return bySignal('request', ['signal']);
      return numeric('timeout');
    case 'ollama':
    // A declared gateway's options are unknown to the audit: nothing to write.
    case 'gateway':
      return undefined;
  }
}

/** Where the SDK's retry count goes, and how a number of retries is written there. */
export function retriesOption(
  call: DetectedCall,
): { target: OptionTarget; value(retries: number): number } | undefined {
  const { entry, shape } = call;
  if (STAINLESS.has(entry.id) || entry.id === 'cohere')
    return { target: { site: 'request', path: ['maxRetries'] }, value: (retries) => retries };
  if (entry.id === 'vercel-ai' && shape.kind === 'function')
    return { target: { site: 'params', path: ['maxRetries'] }, value: (retries) => retries };
  // LangChain's caller retries (the wrapped SDK is built with maxRetries: 0): the model's constructor option.
  if (entry.id === 'langchain')
    return { target: { site: 'client', path: ['maxRetries'] }, value: (retries) => retries };
  // @smithy's `maxAttempts` counts the first call.
  if (entry.id === 'bedrock')
    return { target: { site: 'client', path: ['maxAttempts'] }, value: (retries) => retries + 1 };
  return undefined;
}

/** The SDK's output-token limit for this operation. */
export function maxTokensOption(call: DetectedCall): OptionTarget | undefined {
  const { entry, shape } = call;
  const operation = shape.name;
  const params = (...path: string[]): OptionTarget => ({ site: 'params', path });
  switch (entry.id) {
    case 'openai':
      if (operation.startsWith('responses.')) return params('max_output_tokens');
      if (/(?:^|\.)chat\.completions\./.test(operation)) return params('max_completion_tokens');
      if (operation === 'completions.create') return params('max_tokens');
      return undefined;
    case 'groq':
      return operation === 'chat.completions.create' ? params('max_completion_tokens') : undefined;
    case 'anthropic':
      return operation === 'completions.create'
        ? params('max_tokens_to_sample')
        : /messages\.(?:create|stream|parse)$/.test(operation)
          ? params('max_tokens')
          : undefined;
    case 'vercel-ai':
      return shape.kind === 'function' && /^(?:generateText|streamText|generateObject|streamObject)$/.test(operation)
        ? params('maxOutputTokens')
        : undefined;
    case 'langchain':
      return shape.requestArg === undefined ? undefined : { site: 'client', path: ['maxTokens'] };
    case 'google':
      return /generateContent|sendMessage/.test(operation) ? params('config', 'maxOutputTokens') : undefined;
    case 'google-legacy':
      return /generateContent|sendMessage/.test(operation) ? params('generationConfig', 'maxOutputTokens') : undefined;
    case 'mistral':
    case 'cohere':
      return /embed|rerank/.test(operation) ? undefined : params('maxTokens');
    case 'bedrock':
      return /^(?:ConverseCommand|ConverseStreamCommand|converse|converseStream)$/.test(operation)
        ? params('inferenceConfig', 'maxTokens')
        : undefined;
    case 'ollama':
      return /^(?:chat|generate)$/.test(operation) ? params('options', 'num_predict') : undefined;
    case 'http':
    case 'gateway':
      return undefined;
  }
}

/** Where an abort signal goes, for routing a call through the helper. */
export function signalOption(call: DetectedCall): OptionTarget | undefined {
  const { entry, shape } = call;
  switch (entry.id) {
    case 'openai':
    case 'anthropic':
    case 'groq':
    case 'mistral':
    case 'google-legacy':
      return { site: 'request', path: ['signal'] };
    case 'cohere':
    case 'bedrock':
      return { site: 'request', path: ['abortSignal'] };
    case 'vercel-ai':
      return shape.kind === 'function' ? { site: 'params', path: ['abortSignal'] } : undefined;
    case 'google':
      return { site: 'params', path: ['config', 'abortSignal'] };
    case 'http':
      return SIGNAL_HTTP.has(shape.name) ? { site: 'request', path: ['signal'] } : undefined;
    case 'langchain':
    case 'ollama':
    // A declared gateway's options are unknown to the audit: nothing to write.
    case 'gateway':
      return undefined;
  }
}

/** A cheaper model of the same SDK, for the fallback fix; the second is used when the call already uses the first. */
const FALLBACK_MODELS: Partial<Record<SdkId, string[]>> = {
  openai: ['gpt-4o-mini', 'gpt-4.1-mini'],
  anthropic: ['claude-haiku-4-5', 'claude-sonnet-4-5'],
  groq: ['llama-3.1-8b-instant', 'llama-3.3-70b-versatile'],
  google: ['gemini-2.5-flash-lite', 'gemini-2.5-flash'],
  mistral: ['mistral-small-latest', 'mistral-medium-latest'],
  cohere: ['command-r7b-12-2024', 'command-a-03-2025'],
  bedrock: ['anthropic.claude-3-haiku-20240307-v1:0', 'amazon.nova-lite-v1:0'],
  ollama: ['llama3.2', 'qwen2.5'],
};

/** Vercel AI SDK provider functions and the SDK whose models they serve. */
const VERCEL_PROVIDERS: Record<string, SdkId> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  vertex: 'google',
  mistral: 'mistral',
  groq: 'groq',
  cohere: 'cohere',
  bedrock: 'bedrock',
};

export function fallbackModelFor(
  call: DetectedCall,
  current: string,
  configured: string | null,
  provider?: string,
): string | undefined {
  if (configured) return configured === current ? undefined : configured;
  const sdk = call.entry.id === 'vercel-ai' ? (provider ? VERCEL_PROVIDERS[provider] : undefined) : call.entry.id;
  const candidates = sdk ? FALLBACK_MODELS[sdk] : undefined;
  return candidates?.find((model) => model !== current);
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
  if (target.site === 'request')
    return setArgumentOption(call.node, call.requestArgIndex, target.path, value, style, options);
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
