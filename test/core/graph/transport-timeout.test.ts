import * as assert from 'node:assert/strict';
import { profileAt } from './profile-at';

const AGENT_OPTIONS = `
export interface TransportSettings { timeoutSeconds?: number; caPath?: string }

export async function socketOptions(settings?: TransportSettings): Promise<Record<string, unknown>> {
  const seconds = settings?.timeoutSeconds ?? 600;
  const options: Record<string, unknown> = { keepAlive: true, timeout: seconds * 1000 };
  return options;
}
`;

const TRANSPORT = `
import * as https from 'node:https';
import { socketOptions, type TransportSettings } from './agent-options';

export async function fetchThroughAgent(url: string, init: RequestInit, settings?: TransportSettings): Promise<Response> {
  const agent = new https.Agent(await socketOptions(settings));
  return fetch(url, { ...init, agent } as RequestInit);
}
`;

describe('engine: transport timeout of a fetch wrapper', () => {
  it("a call of the workspace's fetch shim is bounded by the agent its own request is sent through", async () => {
    const files = {
      'src/agent-options.ts': AGENT_OPTIONS,
      'src/transport.ts': TRANSPORT,
      'src/chat.ts': `
import { fetchThroughAgent } from './transport';

export async function chat(prompt: string): Promise<string> {
  const response = await fetchThroughAgent('https://api.openai.com/v1/chat/completions', { // CALL
    method: 'POST',
    body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }),
  });
  const data = await response.json();
  return data.choices[0].message.content;
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.call.site, 'wrapper');
    assert.equal(profile.timeout.source, 'explicit');
    assert.equal(profile.timeout.label, 'request option agent (agent socket timeout)');
  });

  it("a fetch made by a factory, called at once, and a base class's fetch method inherit the agent's timeout", async () => {
    const files = {
      'src/agent-options.ts': AGENT_OPTIONS,
      'src/transport.ts': TRANSPORT,
      'src/factory.ts': `
import { fetchThroughAgent } from './transport';
import type { TransportSettings } from './agent-options';

export function makeFetch(settings?: TransportSettings) {
  return (url: string, init: RequestInit) => fetchThroughAgent(url, init, settings);
}

export async function complete(prompt: string, settings?: TransportSettings): Promise<unknown> {
  const response = await makeFetch(settings)('https://api.anthropic.com/v1/messages', { // FACTORY
    method: 'POST',
    headers: { 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 512, messages: [{ role: 'user', content: prompt }] }),
  });
  return response.json();
}
`,
      'src/base.ts': `
import { fetchThroughAgent } from './transport';

export abstract class Provider {
  protected fetch(url: string, init: RequestInit): Promise<Response> {
    return fetchThroughAgent(url, init);
  }
  abstract answer(prompt: string): Promise<string>;
}

export class Local extends Provider {
  async answer(prompt: string): Promise<string> {
    const response = await this.fetch('http://localhost:11434/api/chat', { // METHOD
      method: 'POST',
      body: JSON.stringify({ model: 'llama3', stream: false, messages: [{ role: 'user', content: prompt }] }),
    });
    const data = await response.json();
    return data.message.content;
  }
}
`,
    };
    const factory = await profileAt(files, '// FACTORY');
    assert.equal(factory.timeout.source, 'explicit');
    assert.equal(factory.timeout.label, 'agent socket timeout in fetchThroughAgent');
    const method = await profileAt(files, '// METHOD');
    assert.equal(method.timeout.source, 'explicit');
  });

  it('an agent without a timeout, or with the timeout turned off, bounds nothing', async () => {
    const files = {
      'src/chat.ts': `
import * as https from 'node:https';

const keepAlive = new https.Agent({ keepAlive: true });
const noTimeout = new https.Agent({ keepAlive: true, timeout: 0 });

export async function chat(prompt: string): Promise<unknown> {
  const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] });
  await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body, agent: keepAlive } as RequestInit); // KEEPALIVE
  const response = await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body, agent: noTimeout } as RequestInit); // OFF
  return response.json();
}

const bounded = new https.Agent({ timeout: 30_000 });

export async function bounded_chat(prompt: string): Promise<unknown> {
  const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] });
  const response = await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body, agent: bounded } as RequestInit); // OWN
  return response.json();
}
`,
    };
    assert.equal((await profileAt(files, '// KEEPALIVE')).timeout.source, 'none');
    assert.equal((await profileAt(files, '// OFF')).timeout.source, 'none');
    const own = await profileAt(files, '// OWN');
    assert.equal(own.timeout.source, 'explicit');
    assert.equal(own.timeout.ms, 30_000);
    assert.equal(own.timeout.label, 'request option agent (agent socket timeout)');
  });
});

describe('engine: timer helpers', () => {
  it('a helper that sleeps between attempts and forwards the abort signal is no timeout', async () => {
    const files = {
      'src/backoff.ts': `
import OpenAI from 'openai';
const client = new OpenAI();

async function withBackoff<T>(operation: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const attemptController = new AbortController();
    const forward = () => attemptController.abort();
    signal.addEventListener('abort', forward);
    try {
      return await operation(attemptController.signal);
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    } finally {
      signal.removeEventListener('abort', forward);
    }
  }
}

async function withDeadline<T>(operation: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await operation(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

export function ask(question: string, signal: AbortSignal) {
  return withBackoff((attemptSignal) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }, { signal: attemptSignal }), signal); // SLEEPS
}

export function askInTime(question: string) {
  return withDeadline((deadline) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }, { signal: deadline }), 15_000); // ABORTS
}
`,
    };
    const sleeps = await profileAt(files, '// SLEEPS');
    assert.equal(sleeps.timeout.source, 'sdk-default');
    assert.equal(sleeps.timeout.ms, 600_000);
    const aborts = await profileAt(files, '// ABORTS');
    assert.equal(aborts.timeout.source, 'explicit');
    assert.equal(aborts.timeout.ms, 15_000);
  });
});

describe('engine: wrapper sites behind an interface', () => {
  it('inherit the timeout most of the implementations they can reach have', async () => {
    const files = {
      'src/providers.ts': `
import OpenAI from 'openai';
import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';

export interface Completer {
  complete(prompt: string): Promise<string>;
}

export class SdkCompleter implements Completer {
  async complete(prompt: string): Promise<string> {
    const { text } = await generateText({ model: openai('gpt-4o'), prompt });
    return text;
  }
}

export class FastCompleter implements Completer {
  private readonly client = new OpenAI({ timeout: 20_000 });
  async complete(prompt: string): Promise<string> {
    const response = await this.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
    return response.choices[0]?.message.content ?? '';
  }
}

export class SlowCompleter implements Completer {
  private readonly client = new OpenAI({ timeout: 120_000 });
  async complete(prompt: string): Promise<string> {
    const response = await this.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] });
    return response.choices[0]?.message.content ?? '';
  }
}
`,
      'src/app.ts': `
import type { Completer } from './providers';

export async function title(completer: Completer, text: string): Promise<string> {
  try {
    return await completer.complete('Title: ' + text); // CALL
  } catch (error) {
    console.error('title failed', error);
    return 'Untitled';
  }
}
`,
    };
    const profile = await profileAt(files, '// CALL');
    assert.equal(profile.call.site, 'wrapper');
    assert.equal(profile.call.via?.length, 3);
    // The first reached call has no timeout; two of three have a client timeout.
    assert.match(profile.call.via?.[0] ?? '', /providers\.ts:12:/);
    assert.equal(profile.timeout.source, 'explicit');
    assert.equal(profile.timeout.ms, 20_000);
  });
});
