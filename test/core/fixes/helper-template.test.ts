import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  backoffDelayMs,
  callModel,
  CALL_MODEL_DEFAULTS,
  type CallModelLogRecord,
  isRetryableModelError,
  ModelCallTimeoutError,
} from '../../../src/core/fixes/helper-template/call-model';
import { HELPER_MODULE_SOURCE } from '../../../src/core/fixes/helper-source';
import { transientErrorNames } from '../../../src/core/fixes/transient-errors';

/** An error shaped like the SDKs' API errors: a name and an HTTP status. */
function apiError(status: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`HTTP ${status}`), { name: 'APIError', status }, extra);
}

/** Records the waits instead of waiting. */
function recorder() {
  const records: CallModelLogRecord[] = [];
  const sleeps: number[] = [];
  return {
    records,
    sleeps,
    options: {
      log: (record: CallModelLogRecord) => records.push(record),
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    },
  };
}

describe('orchestration helper (the callModel module the fix writes)', () => {
  it('is written verbatim from helper-template/call-model.ts', () => {
    const file = path.join(__dirname, '..', '..', '..', 'src', 'core', 'fixes', 'helper-template', 'call-model.ts');
    assert.equal(
      HELPER_MODULE_SOURCE,
      fs.readFileSync(file, 'utf8'),
      'helper-source.ts is out of date: run `npm run generate`',
    );
  });

  describe('isRetryableModelError', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 529]) {
      it(`retries HTTP ${status}`, () => assert.equal(isRetryableModelError(apiError(status)), true));
    }
    for (const status of [400, 401, 403, 404, 422]) {
      it(`does not retry HTTP ${status}: the same request fails again`, () =>
        assert.equal(isRetryableModelError(apiError(status)), false));
    }
    it('does not retry an exhausted quota, although it arrives as a 429', () => {
      assert.equal(isRetryableModelError(apiError(429, { code: 'insufficient_quota' })), false);
      assert.equal(isRetryableModelError(apiError(429, { error: { code: 'insufficient_quota' } })), false);
    });
    it('retries network failures and the SDKs connection errors', () => {
      assert.equal(isRetryableModelError(Object.assign(new Error('socket'), { code: 'ECONNRESET' })), true);
      assert.equal(isRetryableModelError(Object.assign(new TypeError('fetch failed'))), true);
      assert.equal(isRetryableModelError(Object.assign(new Error('x'), { name: 'APIConnectionTimeoutError' })), true);
      assert.equal(
        isRetryableModelError(
          new Error('wrapped', { cause: Object.assign(new Error('inner'), { code: 'ETIMEDOUT' }) }),
        ),
        true,
      );
    });
    it('reads the status where other SDKs keep it (statusCode, response.status, $metadata)', () => {
      assert.equal(isRetryableModelError({ statusCode: 503 }), true);
      assert.equal(isRetryableModelError({ response: { status: 429 } }), true);
      assert.equal(isRetryableModelError({ $metadata: { httpStatusCode: 400 } }), false);
      assert.equal(isRetryableModelError(Object.assign(new Error('slow down'), { name: 'ThrottlingException' })), true);
    });
    it("retries every transient error class the catalogue's SDKs name, by name or by class", () => {
      const names = transientErrorNames();
      assert.ok(names.includes('APIConnectionTimeoutError') && names.includes('RequestTimeoutError'), names.join());
      for (const name of names) {
        assert.equal(isRetryableModelError(Object.assign(new Error('x'), { name })), true, name);
        // OpenAI's and Groq's errors set no `name`: only their class says what they are.
        const byClass = { [name]: class extends Error {} }[name];
        assert.equal(isRetryableModelError(new byClass('x')), true, `class ${name}`);
      }
      assert.equal(isRetryableModelError(Object.assign(new Error('x'), { name: 'BadRequestError' })), false);
    });
    it('does not retry programming errors or values that are not errors', () => {
      assert.equal(isRetryableModelError(new TypeError('x is not a function')), false);
      assert.equal(isRetryableModelError('boom'), false);
      assert.equal(isRetryableModelError(undefined), false);
    });
  });

  describe('backoffDelayMs', () => {
    it('is full jitter under a cap that doubles from the base', () => {
      assert.equal(backoffDelayMs(1, { random: () => 0.999999 }), 499);
      assert.equal(backoffDelayMs(2, { random: () => 0.999999 }), 999);
      assert.equal(backoffDelayMs(3, { random: () => 0.5 }), 1000);
      assert.equal(backoffDelayMs(1, { random: () => 0 }), 0);
    });
    it('never exceeds maxDelayMs, however many retries', () => {
      for (let retry = 1; retry <= 40; retry++) {
        const delay = backoffDelayMs(retry, { random: () => 1 });
        assert.ok(delay <= CALL_MODEL_DEFAULTS.maxDelayMs, `retry ${retry}: ${delay}`);
        assert.ok(delay >= 0);
      }
      assert.equal(backoffDelayMs(30, { random: () => 1 }), CALL_MODEL_DEFAULTS.maxDelayMs);
    });
    it('clamps a random source outside [0, 1]', () => {
      assert.equal(backoffDelayMs(1, { random: () => 7 }), 500);
      assert.equal(backoffDelayMs(1, { random: () => -1 }), 0);
    });
    it('uses the given base and maximum', () => {
      assert.equal(backoffDelayMs(3, { baseDelayMs: 100, maxDelayMs: 250, random: () => 1 }), 250);
    });
  });

  describe('callModel', () => {
    it('returns the first success and logs one record per attempt', async () => {
      const { records, options } = recorder();
      const result = await callModel(
        { operation: 'chat.completions.create', model: 'gpt-4o-mini', ...options },
        async ({ attempt }) => `answer ${attempt}`,
      );
      assert.equal(result, 'answer 1');
      assert.equal(records.length, 1);
      assert.deepEqual(
        { ...records[0], durationMs: 0 },
        {
          event: 'model_call',
          operation: 'chat.completions.create',
          model: 'gpt-4o-mini',
          maxAttempts: 3,
          attempt: 1,
          outcome: 'ok',
          durationMs: 0,
        },
      );
      assert.doesNotThrow(() => JSON.stringify(records));
    });

    it('retries retryable errors with backoff, at most maxAttempts attempts', async () => {
      const { records, sleeps, options } = recorder();
      let calls = 0;
      await assert.rejects(
        callModel({ operation: 'op', maxAttempts: 3, ...options }, async () => {
          calls++;
          throw apiError(503);
        }),
        (error: unknown) => error instanceof Error && (error as Error & { status: number }).status === 503,
      );
      assert.equal(calls, 3);
      assert.deepEqual(sleeps, [250, 500]);
      assert.deepEqual(
        records.map((record) => [record.attempt, record.outcome, record.status, record.delayMs]),
        [
          [1, 'retry', 503, 250],
          [2, 'retry', 503, 500],
          [3, 'failed', 503, undefined],
        ],
      );
    });

    it('succeeds on a later attempt after a rate limit', async () => {
      const { records, options } = recorder();
      let calls = 0;
      const result = await callModel({ operation: 'op', ...options }, async () => {
        calls++;
        if (calls === 1) throw apiError(429);
        return 'ok';
      });
      assert.equal(result, 'ok');
      assert.deepEqual(
        records.map((record) => record.outcome),
        ['retry', 'ok'],
      );
    });

    it('does not retry an error a retry cannot fix', async () => {
      const { records, sleeps, options } = recorder();
      let calls = 0;
      await assert.rejects(
        callModel({ operation: 'op', ...options }, async () => {
          calls++;
          throw apiError(400);
        }),
      );
      assert.equal(calls, 1);
      assert.deepEqual(sleeps, []);
      assert.equal(records[0]?.outcome, 'failed');
    });

    it('calls the fallback once when every attempt failed, and logs it', async () => {
      const { records, options } = recorder();
      const result = await callModel(
        { operation: 'op', maxAttempts: 2, fallback: async () => 'from the fallback model', ...options },
        async () => {
          throw apiError(500);
        },
      );
      assert.equal(result, 'from the fallback model');
      assert.deepEqual(
        records.map((record) => record.outcome),
        ['retry', 'failed', 'fallback_ok'],
      );
    });

    it('rethrows the primary error when the fallback fails too', async () => {
      const { records, options } = recorder();
      await assert.rejects(
        callModel(
          { operation: 'op', maxAttempts: 1, fallback: async () => Promise.reject(apiError(401)), ...options },
          async () => {
            throw apiError(503);
          },
        ),
        (error: unknown) => (error as { status?: number }).status === 503,
      );
      assert.deepEqual(
        records.map((record) => [record.outcome, record.status]),
        [
          ['failed', 503],
          ['fallback_failed', 401],
        ],
      );
    });

    it('times an attempt out, aborts its signal, and retries it', async () => {
      const { records, options } = recorder();
      const signals: AbortSignal[] = [];
      let calls = 0;
      const result = await callModel({ operation: 'op', timeoutMs: 20, ...options }, ({ signal }) => {
        calls++;
        signals.push(signal);
        // The first attempt never settles by itself (an SDK that ignores its signal).
        return calls === 1 ? new Promise<string>(() => {}) : Promise.resolve('second');
      });
      assert.equal(result, 'second');
      assert.equal(signals[0]?.aborted, true);
      assert.ok(signals[0]?.reason instanceof ModelCallTimeoutError);
      assert.equal(signals[1]?.aborted, false);
      assert.deepEqual(
        records.map((record) => [record.outcome, record.errorName]),
        [
          ['retry', 'ModelCallTimeoutError'],
          ['ok', undefined],
        ],
      );
    });

    it("stops at once when the caller's signal aborts: no retry, no fallback", async () => {
      const { records, options } = recorder();
      const controller = new AbortController();
      let fallbackCalls = 0;
      const pending = callModel(
        {
          operation: 'op',
          signal: controller.signal,
          fallback: async () => {
            fallbackCalls++;
            return 'fallback';
          },
          ...options,
        },
        ({ signal }) =>
          new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      );
      controller.abort(new Error('user cancelled'));
      await assert.rejects(pending, /user cancelled/);
      assert.equal(fallbackCalls, 0);
      assert.equal(records.length, 1);
      assert.equal(records[0]?.outcome, 'failed');
    });

    it('waits between attempts with its own timer when no sleep is given', async () => {
      const records: CallModelLogRecord[] = [];
      let calls = 0;
      const started = Date.now();
      const result = await callModel(
        { operation: 'op', baseDelayMs: 5, maxDelayMs: 5, random: () => 1, log: (record) => records.push(record) },
        async () => {
          calls++;
          if (calls < 3) throw apiError(502);
          return 'done';
        },
      );
      assert.equal(result, 'done');
      assert.ok(Date.now() - started >= 8, 'two waits of about 5 ms');
      assert.deepEqual(
        records.map((record) => record.delayMs),
        [5, 5, undefined],
      );
    });
  });
});
