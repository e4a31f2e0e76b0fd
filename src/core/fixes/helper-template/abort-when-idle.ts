/**
 * abortWhenIdle: ends a model stream that stalls, never one that keeps sending.
 *
 * The stream gets an AbortSignal (pass it to the SDK call); a timer starts whenever the stream is
 * waited for (the response, then each chunk) and stops when something arrives, so a long answer
 * whose chunks keep coming is never cut, and the time your loop spends on a chunk does not count.
 * When nothing arrives for `idleMs`, the request is aborted and the wait fails with
 * `StreamIdleTimeoutError`: some SDKs end an aborted stream quietly, which would read as a
 * complete answer. Written by Orchestration Audit ("Abort the stream when no chunk arrives");
 * plain TypeScript with no dependency: edit it freely, it is your code now.
 */

/** Thrown into the wait (the call, or the next chunk) when nothing arrived for `idleMs`. */
export class StreamIdleTimeoutError extends Error {
  constructor(readonly idleMs: number) {
    super(`the stream sent nothing for ${idleMs} ms`);
    this.name = 'StreamIdleTimeoutError';
  }
}

/**
 * Starts the stream with a signal of its own and returns its chunks, each wait for one bounded by
 * `idleMs`: `for await (const chunk of await abortWhenIdle(30_000, (signal) => startStream(signal)))`.
 */
export async function abortWhenIdle<T>(
  idleMs: number,
  start: (signal: AbortSignal) => PromiseLike<AsyncIterable<T>> | AsyncIterable<T>,
): Promise<AsyncIterable<T>> {
  const controller = new AbortController();
  const stream = await waitAtMost(idleMs, controller, () => start(controller.signal));
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const chunks = stream[Symbol.asyncIterator]();
      return {
        next: () => waitAtMost(idleMs, controller, () => chunks.next()),
        return: async (value?: unknown) => (await chunks.return?.(value)) ?? { done: true, value: undefined },
      };
    },
  };
}

/** One wait, failed with StreamIdleTimeoutError (and the request aborted) after `idleMs`. */
async function waitAtMost<R>(idleMs: number, controller: AbortController, wait: () => PromiseLike<R> | R): Promise<R> {
  if (controller.signal.aborted) throw controller.signal.reason;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new StreamIdleTimeoutError(idleMs);
      controller.abort(error);
      reject(error);
    }, idleMs);
  });
  try {
    return await Promise.race([wait(), stalled]);
  } finally {
    clearTimeout(timer);
  }
}
