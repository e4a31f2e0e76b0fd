import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible chat completions endpoint on 127.0.0.1 that streams server-sent events at
 * a chosen pace: `chunks` deltas `intervalMs` apart, then `[DONE]`, or, with `stallAfter`, that
 * many deltas and then nothing (the connection stays open). Records whether the client hung up
 * before the stream ended, which is what an abort does.
 */
export interface LoopbackStreamOptions {
  chunks: number;
  intervalMs: number;
  stallAfter?: number;
}

export interface LoopbackStream {
  /** `http://127.0.0.1:<port>/v1`: the SDK's baseURL. */
  baseURL: string;
  /** Requests whose client closed the connection before the last chunk. */
  readonly abandoned: number;
  close(): Promise<void>;
}

export async function startLoopbackStream(options: LoopbackStreamOptions): Promise<LoopbackStream> {
  let abandoned = 0;
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    request.resume();
    open.add(response);
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let sent = 0;
    let finished = false;
    const timer = setInterval(() => {
      if (options.stallAfter !== undefined && sent >= options.stallAfter) return;
      if (sent === options.chunks) {
        finished = true;
        clearInterval(timer);
        response.end('data: [DONE]\n\n');
        return;
      }
      response.write(`data: ${JSON.stringify(chunk(sent))}\n\n`);
      sent++;
    }, options.intervalMs);
    response.on('close', () => {
      clearInterval(timer);
      open.delete(response);
      if (!finished) abandoned++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get abandoned() {
      return abandoned;
    },
    close: async () => {
      for (const response of open) response.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The n-th delta, `part <n>`, as a chat.completion.chunk. */
function chunk(index: number): unknown {
  return {
    id: 'chatcmpl-loopback',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'loopback-model',
    choices: [{ index: 0, delta: { content: `part ${index} ` }, finish_reason: null }],
  };
}
