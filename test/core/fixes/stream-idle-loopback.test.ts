import * as assert from 'node:assert/strict';
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';
import OpenAI from 'openai';
import { abortWhenIdle, StreamIdleTimeoutError } from '../../../src/core/fixes/helper-template/abort-when-idle';
import { type LoopbackStream, startLoopbackStream } from '../../helpers/loopback-stream';

/**
 * What the stream fixes do at run time, with the real OpenAI SDK against a server on loopback that
 * streams slowly: the idle helper lets a healthy stream that lasts longer than its limit finish
 * (no truncation), and turns a stall into an error, where a total deadline ends the same healthy
 * stream early and quietly (the issue this replaces: a long answer cut and read as complete).
 */
describe('stream fixes at run time (openai SDK, loopback server)', function () {
  this.timeout(30_000);
  let server: LoopbackStream | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const client = (baseURL: string): OpenAI => new OpenAI({ baseURL, apiKey: 'test-key', maxRetries: 0 });
  const request = {
    model: 'loopback-model',
    messages: [{ role: 'user' as const, content: 'hi' }],
    stream: true as const,
  };

  it('abortWhenIdle(1 s): all 12 chunks 150 ms apart arrive (1.8 s in all), none cut', async () => {
    server = await startLoopbackStream({ chunks: 12, intervalMs: 150 });
    const openai = client(server.baseURL);
    const started = Date.now();
    const parts: string[] = [];
    const stream = await abortWhenIdle(1000, (signal) => openai.chat.completions.create(request, { signal }));
    for await (const chunk of stream) parts.push(chunk.choices[0]?.delta.content ?? '');
    assert.deepEqual(
      parts,
      Array.from({ length: 12 }, (_, index) => `part ${index} `),
    );
    assert.ok(Date.now() - started > 1000, 'the stream lasted longer than the idle limit');
    assert.equal(server.abandoned, 0);
  });

  it('abortWhenIdle(1 s): a stream that stalls after 2 chunks fails with StreamIdleTimeoutError and is aborted', async () => {
    server = await startLoopbackStream({ chunks: 12, intervalMs: 150, stallAfter: 2 });
    const openai = client(server.baseURL);
    const parts: string[] = [];
    const started = Date.now();
    const stream = await abortWhenIdle(1000, (signal) => openai.chat.completions.create(request, { signal }));
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) parts.push(chunk.choices[0]?.delta.content ?? '');
      })(),
      (error: unknown) => error instanceof StreamIdleTimeoutError && error.idleMs === 1000,
    );
    const elapsed = Date.now() - started;
    assert.deepEqual(parts, ['part 0 ', 'part 1 ']);
    assert.ok(elapsed >= 1000 && elapsed < 5000, `failed after ${elapsed} ms`);
    // The request was aborted, not left open: the server sees the client hang up.
    for (let wait = 0; wait < 20 && server.abandoned === 0; wait++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(server.abandoned, 1);
  });

  it('the time the loop spends on a chunk does not count as idle', async () => {
    server = await startLoopbackStream({ chunks: 3, intervalMs: 50 });
    const openai = client(server.baseURL);
    const parts: string[] = [];
    const stream = await abortWhenIdle(300, (signal) => openai.chat.completions.create(request, { signal }));
    for await (const chunk of stream) {
      parts.push(chunk.choices[0]?.delta.content ?? '');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.equal(parts.length, 3);
  });

  it('for contrast, a total deadline (AbortSignal.timeout(1 s)) ends the same healthy stream early', async () => {
    server = await startLoopbackStream({ chunks: 12, intervalMs: 150 });
    const openai = client(server.baseURL);
    const parts: string[] = [];
    let failed: unknown;
    try {
      const stream = await openai.chat.completions.create(request, { signal: AbortSignal.timeout(1000) });
      for await (const chunk of stream) parts.push(chunk.choices[0]?.delta.content ?? '');
    } catch (error) {
      failed = error;
    }
    assert.ok(parts.length < 12, `${parts.length} of 12 chunks`);
    // The openai SDK ends an aborted stream's loop without an error: the cut answer reads as complete.
    assert.equal(failed, undefined);
  });
});

/** The same server for the Vercel AI SDK's own idle option, which the `add-timeout:stream-idle` fix writes. */
describe('AI SDK timeout: { chunkMs } at run time (loopback server)', function () {
  this.timeout(30_000);
  let server: LoopbackStream | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function streamed(chunkMs: number): Promise<{ parts: string[]; error?: unknown; aborted: boolean }> {
    const openai = createOpenAI({ baseURL: server!.baseURL, apiKey: 'test-key' });
    let error: unknown;
    let aborted = false;
    const result = streamText({
      model: openai.chat('loopback-model'),
      prompt: 'hi',
      maxRetries: 0,
      timeout: { chunkMs },
      onError: (event) => {
        error = event.error;
      },
      onAbort: () => {
        aborted = true;
      },
    });
    const parts: string[] = [];
    try {
      for await (const text of result.textStream) parts.push(text);
    } catch (thrown) {
      error ??= thrown;
    }
    return { parts, error, aborted };
  }

  it('chunkMs 1 s: all 12 chunks 150 ms apart arrive', async () => {
    server = await startLoopbackStream({ chunks: 12, intervalMs: 150 });
    const { parts, error, aborted } = await streamed(1000);
    assert.equal(error, undefined);
    assert.equal(aborted, false);
    assert.equal(parts.join(''), Array.from({ length: 12 }, (_, index) => `part ${index} `).join(''));
  });

  it('chunkMs 1 s: a stall after 2 chunks ends the stream as aborted (onAbort), not as an error', async () => {
    server = await startLoopbackStream({ chunks: 12, intervalMs: 150, stallAfter: 2 });
    const { parts, error, aborted } = await streamed(1000);
    assert.equal(parts.join(''), 'part 0 part 1 ');
    // ai 6.0.326: textStream just ends and onError is not called; only onAbort (or an `abort`
    // part in fullStream) tells the stall from a complete answer.
    assert.equal(error, undefined);
    assert.equal(aborted, true);
  });
});
