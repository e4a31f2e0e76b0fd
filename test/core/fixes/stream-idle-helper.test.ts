import * as assert from 'node:assert/strict';
import { IDLE_HELPER_MODULE_SOURCE } from '../../../src/core/fixes/helper-source';
import { auditSources } from '../../../src/core/index';
import { describeProfile } from '../../../src/core/register';
import { CASE_FILE, fixTests, runFix } from './support/fix-tester';

/**
 * Streams whose SDK has no idle timeout of its own (OpenAI, Anthropic) get one from a helper the fix
 * writes, `abortWhenIdle`, beside the orchestration helper: the exact edit per SDK shape, the code
 * type-checked against the installed SDKs, and re-audited (the fix tester): the stream then reads as
 * bounded by an idle timeout and nothing new is reported on it.
 */
const HELPER = { 'src/ai/abort-when-idle.ts': IDLE_HELPER_MODULE_SOURCE };
const TITLE = 'Abort the stream when no chunk arrives for 30 s (abortWhenIdle, written to src/ai/abort-when-idle.ts)';

fixTests('fix: Abort the stream when no chunk arrives (helper)', [
  {
    name: 'OpenAI chat.completions.create({ stream: true }) iterated with for await: the signal in the request options',
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle-helper',
    title: TITLE,
    safe: false,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function streamAnswer(question: string, onText: (text: string) => void): Promise<void> {
  try {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: question }],
      stream: true,
    });
    for await (const chunk of stream) onText(chunk.choices[0]?.delta.content ?? '');
  } catch (error) {
    console.error('answer stream failed', error);
    throw error;
  }
}
`,
    output: `import OpenAI from 'openai';
import { abortWhenIdle } from './ai/abort-when-idle';

const client = new OpenAI();

export async function streamAnswer(question: string, onText: (text: string) => void): Promise<void> {
  try {
    const stream = await abortWhenIdle(30000, (signal) => client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: question }],
      stream: true,
    }, { signal }));
    for await (const chunk of stream) onText(chunk.choices[0]?.delta.content ?? '');
  } catch (error) {
    console.error('answer stream failed', error);
    throw error;
  }
}
`,
    otherOutputs: HELPER,
  },
  {
    name: 'OpenAI responses.create({ stream: true }) straight in the for await',
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle-helper',
    title: TITLE,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function* events(input: string): AsyncGenerator<string> {
  try {
    for await (const event of await client.responses.create({ model: 'gpt-4.1-mini', input, stream: true })) {
      if (event.type === 'response.output_text.delta') yield event.delta;
    }
  } catch (error) {
    console.error('responses stream failed', error);
    throw error;
  }
}
`,
    output: `import OpenAI from 'openai';
import { abortWhenIdle } from './ai/abort-when-idle';

const client = new OpenAI();

export async function* events(input: string): AsyncGenerator<string> {
  try {
    for await (const event of await abortWhenIdle(30000, (signal) => client.responses.create({ model: 'gpt-4.1-mini', input, stream: true }, { signal }))) {
      if (event.type === 'response.output_text.delta') yield event.delta;
    }
  } catch (error) {
    console.error('responses stream failed', error);
    throw error;
  }
}
`,
    otherOutputs: HELPER,
  },
  {
    name: 'Anthropic messages.stream() (no await): the fix awaits the helper; a signal taken by the name goes unshadowed',
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle-helper',
    title: TITLE,
    code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function relay(prompt: string, signal: string, send: (text: string) => void): Promise<void> {
  try {
    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: \`\${signal}: \${prompt}\` }],
    });
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') send(event.delta.text);
    }
  } catch (error) {
    console.error('relay failed', error);
    throw error;
  }
}
`,
    output: `import Anthropic from '@anthropic-ai/sdk';
import { abortWhenIdle } from './ai/abort-when-idle';

const anthropic = new Anthropic();

export async function relay(prompt: string, signal: string, send: (text: string) => void): Promise<void> {
  try {
    const stream = await abortWhenIdle(30000, (idleSignal) => anthropic.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: \`\${signal}: \${prompt}\` }],
    }, { signal: idleSignal }));
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') send(event.delta.text);
    }
  } catch (error) {
    console.error('relay failed', error);
    throw error;
  }
}
`,
    otherOutputs: HELPER,
  },
  {
    name: 'Anthropic messages.create({ stream: true }) into an existing request options object',
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle-helper',
    title: TITLE,
    code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function collect(prompt: string): Promise<string> {
  let text = '';
  try {
    const stream = await anthropic.messages.create(
      { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: prompt }], stream: true },
      { maxRetries: 1 },
    );
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
  } catch (error) {
    console.error('collect failed', error);
    throw error;
  }
  return text;
}
`,
    output: `import Anthropic from '@anthropic-ai/sdk';
import { abortWhenIdle } from './ai/abort-when-idle';

const anthropic = new Anthropic();

export async function collect(prompt: string): Promise<string> {
  let text = '';
  try {
    const stream = await abortWhenIdle(30000, (signal) => anthropic.messages.create(
      { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: prompt }], stream: true },
      { maxRetries: 1, signal },
    ));
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
  } catch (error) {
    console.error('collect failed', error);
    throw error;
  }
  return text;
}
`,
    otherOutputs: HELPER,
  },
  {
    name: 'a project without src/ (a Next.js route): the helper goes to lib/ai/, beside the orchestration helper',
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle-helper',
    title: 'Abort the stream when no chunk arrives for 30 s (abortWhenIdle, written to lib/ai/abort-when-idle.ts)',
    file: 'app/api/chat/route.ts',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function POST(request: Request): Promise<Response> {
  const { prompt } = (await request.json()) as { prompt: string };
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }], stream: true });
        for await (const chunk of stream) controller.enqueue(encoder.encode(chunk.choices[0]?.delta.content ?? ''));
        controller.close();
      } catch (error) {
        console.error('chat stream failed', error);
        controller.error(error);
      }
    },
  });
  return new Response(body);
}
`,
    output: `import OpenAI from 'openai';
import { abortWhenIdle } from '../../../lib/ai/abort-when-idle';

const client = new OpenAI();

export async function POST(request: Request): Promise<Response> {
  const { prompt } = (await request.json()) as { prompt: string };
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        const stream = await abortWhenIdle(30000, (signal) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }], stream: true }, { signal }));
        for await (const chunk of stream) controller.enqueue(encoder.encode(chunk.choices[0]?.delta.content ?? ''));
        controller.close();
      } catch (error) {
        console.error('chat stream failed', error);
        controller.error(error);
      }
    },
  });
  return new Response(body);
}
`,
    otherOutputs: { 'lib/ai/abort-when-idle.ts': IDLE_HELPER_MODULE_SOURCE },
  },
  {
    name: 'not offered where the stream object is used for more than for await (its own methods would be lost)',
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle-helper',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function body(question: string): Promise<ReadableStream> {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
    stream: true,
  });
  return stream.toReadableStream();
}
`,
    output: null,
  },
  {
    name: "not offered where the call already takes a signal: the caller's cancellation would be lost",
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle-helper',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function streamAnswer(question: string, cancel: AbortSignal, onText: (text: string) => void): Promise<void> {
  const stream = await client.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }], stream: true },
    { signal: cancel },
  );
  for await (const chunk of stream) onText(chunk.choices[0]?.delta.content ?? '');
}
`,
    output: null,
  },
  {
    name: 'not offered where the call awaits inside it (the await cannot move into the callback)',
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle-helper',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

declare function history(): Promise<{ role: 'user'; content: string }[]>;

export async function streamAnswer(onText: (text: string) => void): Promise<void> {
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: await history(), stream: true });
  for await (const chunk of stream) onText(chunk.choices[0]?.delta.content ?? '');
}
`,
    output: null,
  },
]);

describe('the stream idle helper is read for what it does', () => {
  const code = `import OpenAI from 'openai';

const client = new OpenAI();

export async function streamAnswer(question: string, onText: (text: string) => void): Promise<void> {
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }], stream: true });
  for await (const chunk of stream) onText(chunk.choices[0]?.delta.content ?? '');
}
`;

  it('after the fix: an idle timeout (timeout.idleMs) that also bounds the start, no missing-timeout', async () => {
    const run = await runFix({
      name: 'idle',
      ruleId: 'missing-timeout',
      fix: 'add-timeout:stream-idle-helper',
      code,
      output: '',
    });
    assert.equal(run.fix?.id, 'add-timeout:stream-idle-helper');
    const before = run.result.profiles[0];
    assert.ok(before);
    assert.deepEqual(
      { source: before.timeout.source, idleMs: before.timeout.idleMs, coversStream: before.timeout.coversStream },
      { source: 'sdk-default', idleMs: undefined, coversStream: false },
    );
    const again = await auditSources({ [CASE_FILE]: code, ...Object.fromEntries(run.outputs) });
    const profile = again.profiles.find((candidate) => candidate.call.range.file.endsWith(CASE_FILE));
    assert.ok(profile);
    assert.deepEqual(profile.timeout, {
      source: 'explicit',
      coversStream: true,
      idleMs: 30000,
      idleBoundsStart: true,
      label: 'abortWhenIdle',
      worstCaseMs: 'unbounded',
    });
    assert.deepEqual(
      again.findings.filter((finding) => finding.callId === profile.call.id && finding.ruleId.includes('timeout')),
      [],
    );
    const sentence = describeProfile(profile, { root: '/' }).find((line) => line.facet === 'timeout')?.sentence;
    assert.match(
      sentence ?? '',
      /a stalled stream ends after 30 s without a chunk \(abortWhenIdle\); so does a response that does not start/,
    );
  });
});
