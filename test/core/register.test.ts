import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { code, describeProfile, groupByWorkflow, summarizeProfile } from '../../src/core/register';
import type { DecisionProfile } from '../../src/core/types';
import { classify, digest, file, ROOT, sampleResult, stream, summarize } from '../report/sample-result';

const ctx = { root: ROOT, profiles: sampleResult().profiles };

function sentences(profile: DecisionProfile): Record<string, string> {
  return Object.fromEntries(describeProfile(profile, ctx).map((line) => [line.label, line.sentence]));
}

describe('decision register', () => {
  describe('describeProfile', () => {
    it('gives one labelled sentence per facet, in register order', () => {
      assert.deepEqual(
        describeProfile(summarize, ctx).map((line) => [line.facet, line.label]),
        [
          ['failure', 'If it fails'],
          ['retry', 'Retries'],
          ['timeout', 'Time'],
          ['validation', 'Output'],
          ['flow', 'Feeds'],
          ['observability', 'Visibility'],
          ['cost', 'Cost'],
          ['documentation', 'Documented decisions'],
        ],
      );
    });

    it('names nested retry layers outermost first, with the product', () => {
      assert.equal(
        sentences(classify).Retries,
        'up to 18 attempts: p-retry 6 × Anthropic SDK 3 (default, not stated in code). p-retry retries every error, even ones that cannot succeed.',
      );
    });

    it('says what a re-ask on an unusable answer does, and asks no delay of it', () => {
      const reask = {
        ...classify,
        retry: {
          layers: [
            classify.retry.layers[0],
            {
              kind: 'recursion' as const,
              attempts: 4,
              source: 'explicit' as const,
              backoff: 'none' as const,
              predicate: 'invalid-output' as const,
              label: 're-ask in JsonClient.ask',
            },
          ],
          worstCaseAttempts: 12,
        },
      };
      assert.equal(
        sentences(reask).Retries,
        'up to 12 attempts: re-ask in JsonClient.ask 4 × Anthropic SDK 3 (default, not stated in code). The re-ask in JsonClient.ask asks the model again when its answer fails a check.',
      );
    });

    it('names the unbounded layer and what is wrong with it', () => {
      assert.equal(
        sentences(digest).Retries,
        'unbounded: the while loop (`src/jobs/digest.ts:19`) has no attempt limit. The while loop retries without any delay. The while loop retries every error, even ones that cannot succeed.',
      );
      assert.equal(
        sentences(digest).Time,
        'up to 30 s per attempt (client option timeout) - worst case unbounded (the retries have no limit).',
      );
    });

    it("says a library's own default is not known, rather than a number or a value read at run time", () => {
      const portkey = (timeout: DecisionProfile['timeout']): DecisionProfile => ({
        ...classify,
        retry: {
          layers: [
            {
              kind: 'sdk',
              attempts: 'unknown',
              source: 'sdk-default',
              backoff: 'unknown',
              predicate: 'unknown',
              label: 'Portkey client',
            },
          ],
          worstCaseAttempts: 'unknown',
        },
        timeout,
      });
      const unstated = sentences(
        portkey({ source: 'sdk-default', worstCaseMs: 'unknown', label: 'Portkey client default' }),
      );
      assert.equal(
        unstated.Retries,
        'an unknown number of attempts: Portkey client retries by a default the audit does not know.',
      );
      assert.equal(
        unstated.Time,
        'not known: the Portkey client default, which the audit does not know; the code states none.',
      );
      const stated = sentences(
        portkey({ source: 'explicit', ms: 15_000, worstCaseMs: 'unknown', label: 'client option requestTimeout' }),
      );
      assert.equal(
        stated.Time,
        "up to 15 s per attempt (client option requestTimeout) - worst case unknown (the library's retries are not known).",
      );
    });

    it('says when a handler swallows the error', () => {
      assert.equal(
        sentences(digest)['If it fails'],
        'caught in `runDigest` (`src/jobs/digest.ts:23`) and swallowed (retries at once, forever): nobody learns that it failed. No fallback.',
      );
    });

    it('names a local handler and a static fallback', () => {
      assert.equal(
        sentences(classify)['If it fails'],
        'caught in `classifyTicket` (`src/support/classify.ts:22`); the handler logs the error and routes to the general queue. Falls back to a static answer (`src/support/classify.ts:24`).',
      );
    });

    it('says where an unhandled error ends up', () => {
      assert.equal(
        sentences(stream)['If it fails'],
        'nothing handles the error; it reaches `POST` (`src/app/api/chat/route.ts:6`) uncaught. No fallback.',
      );
    });

    it('describes an exported function whose callers decide', () => {
      const exported: DecisionProfile = {
        ...summarize,
        failure: { handledBy: 'exported', swallowed: false, logged: false },
      };
      assert.equal(
        sentences(exported)['If it fails'],
        'the error propagates out of `summarizeTicket`, which is exported and has no caller in this workspace: its callers decide. No fallback.',
      );
    });

    it('says where the failure of a function a framework runs goes', () => {
      const listener: DecisionProfile = {
        ...summarize,
        failure: {
          handledBy: 'exported',
          swallowed: false,
          logged: false,
          reaches: { file: 'src/main.ts', line: 8, function: 'registerHandlers (callback of ipcMain.handle)' },
        },
      };
      assert.equal(
        sentences(listener)['If it fails'],
        'the error propagates out of the function given to `ipcMain.handle`, which hands it to callers outside this workspace: they decide. No fallback.',
      );
    });

    it('names the upstream call a prompt depends on', () => {
      assert.equal(
        sentences(classify)['Fed by'],
        'the prompt includes the output of `summarizeTicket` (`src/support/summarize.ts:44`) unchecked.',
      );
    });

    it('says "no time limit" without a timeout, and notes a timeout that misses the stream', () => {
      assert.equal(sentences(stream).Time, 'no time limit: the call can wait indefinitely.');
      const partial: DecisionProfile = {
        ...stream,
        timeout: {
          source: 'explicit',
          ms: 20_000,
          coversStream: false,
          worstCaseMs: 60_000,
          label: 'request option timeout',
        },
      };
      assert.equal(
        sentences(partial).Time,
        'up to 20 s per attempt (request option timeout) - worst case about 1 min. It does not cover the streamed response.',
      );
    });

    it('drops "per attempt" when there is a single attempt', () => {
      const once: DecisionProfile = {
        ...summarize,
        retry: {
          layers: [
            {
              kind: 'sdk',
              attempts: 1,
              source: 'explicit',
              backoff: 'none',
              predicate: 'retryable',
              label: 'OpenAI SDK',
            },
          ],
          worstCaseAttempts: 1,
        },
        timeout: { source: 'explicit', ms: 20_000, worstCaseMs: 20_000, label: 'request option timeout' },
      };
      assert.equal(sentences(once).Retries, 'none (1 attempt; OpenAI SDK, stated in code).');
      assert.equal(sentences(once).Time, 'up to 20 s (request option timeout).');
    });

    it('describes each kind of output check', () => {
      const output = (validation: DecisionProfile['validation']) => sentences({ ...summarize, validation }).Output;
      assert.equal(output({ kind: 'schema', truncationChecked: true }), 'validated against a schema before use.');
      assert.equal(
        output({ kind: 'cast', truncationChecked: true, castTo: 'Reply' }),
        'cast to `Reply` without validation.',
      );
      assert.equal(
        output({ kind: 'manual', truncationChecked: false }),
        'checked field by field in code (no schema). A truncated response (finish reason) is not detected.',
      );
      assert.equal(output({ kind: 'not-applicable', truncationChecked: false }), 'streamed text; nothing to validate.');
    });

    it('names the caller far away that degrades its whole work, where there is no fallback', () => {
      const degraded: DecisionProfile = {
        ...summarize,
        fallback: { kind: 'none', degradedBy: { file: path.join(ROOT, 'src/routes/digest.ts'), line: 9 } },
      };
      assert.match(
        sentences(degraded)['If it fails'],
        / No fallback for this call; `src\/routes\/digest\.ts:9` turns any failure of its work into a default\.$/,
      );
    });

    it('says no fallback is needed where nothing uses the answer', () => {
      const warmUp: DecisionProfile = { ...summarize, fallback: { kind: 'none', unused: true } };
      assert.match(sentences(warmUp)['If it fails'], / No fallback; nothing uses the answer\.$/);
    });

    it('says what the code does with vectors, with no truncation to detect and nothing in the summary', () => {
      const embedding = (validation: DecisionProfile['validation']): DecisionProfile => ({
        ...summarize,
        call: { ...summarize.call, output: 'embedding' },
        validation,
      });
      assert.equal(
        sentences(embedding({ kind: 'none', truncationChecked: false })).Output,
        'vectors, used as they come.',
      );
      assert.equal(
        sentences(embedding({ kind: 'json-parse-only', truncationChecked: false })).Output,
        'vectors, parsed with `JSON.parse`, not validated.',
      );
      assert.ok(!summarizeProfile(embedding({ kind: 'none', truncationChecked: false })).includes('output'));
    });

    it('names a moderation verdict, and bounds no output size where no text is generated', () => {
      const moderation: DecisionProfile = {
        ...summarize,
        call: { ...summarize.call, output: 'moderation' },
        validation: { kind: 'manual', truncationChecked: false },
        cost: { maxTokens: false, model: 'omni-moderation-latest' },
      };
      assert.equal(sentences(moderation).Output, 'a moderation verdict, checked in code before use.');
      assert.equal(sentences(moderation).Cost, 'model `omni-moderation-latest`; no generated text to bound.');
      assert.equal(sentences(summarize).Cost.endsWith('output size not bounded (no max tokens).'), true);
    });
  });

  describe('options the audit cannot read', () => {
    const unread: DecisionProfile = {
      ...summarize,
      retry: {
        layers: [{ ...summarize.retry.layers[0], attempts: 'unknown', source: 'explicit' }],
        worstCaseAttempts: 'unknown',
      },
      timeout: {
        source: 'unknown',
        worstCaseMs: 'unknown',
        label: 'a timeout or abort signal may be set by `...settings`',
      },
      cost: { maxTokens: 'unknown', model: 'gpt-4o' },
    };

    it('says the token limit, the timeout and the attempts are unknown, not absent', () => {
      assert.equal(
        sentences(unread).Cost,
        'model `gpt-4o`; output size unknown (options the audit cannot read may set max tokens).',
      );
      assert.equal(
        sentences(unread).Time,
        'not known: a timeout or abort signal may be set by `...settings`, which the audit cannot read.',
      );
      assert.equal(summarizeProfile(unread), 'attempts unknown · timeout unknown · output not validated · not logged');
    });
  });

  describe('summarizeProfile', () => {
    it('is the CodeLens line', () => {
      assert.equal(
        summarizeProfile(summarize),
        '3 attempts · 10 min/attempt (SDK defaults) · output not validated · not logged',
      );
      assert.equal(summarizeProfile(classify), '18 attempts · 20 s/attempt · output validated · logged');
      assert.equal(summarizeProfile(stream), '3 attempts (SDK default) · no timeout · console only · errors unhandled');
      assert.equal(
        summarizeProfile(digest),
        'unbounded retries · 30 s/attempt · output not validated · not logged · errors swallowed',
      );
    });
  });

  describe('groupByWorkflow', () => {
    it('groups calls by enclosing function and file, ordered by file and line, with their findings', () => {
      const workflows = groupByWorkflow(sampleResult());
      assert.deepEqual(
        workflows.map((workflow) => [
          workflow.name,
          workflow.line,
          workflow.profiles.length,
          workflow.findings.map((finding) => finding.ruleId),
        ]),
        [
          ['POST', 6, 1, ['missing-timeout', 'unhandled-model-error']],
          ['runDigest', 17, 1, ['unbounded-retry']],
          ['classifyTicket', 12, 1, ['retry-amplification', 'unchecked-chain']],
          ['summarizeTicket', 41, 1, ['implicit-retry-policy', 'implicit-timeout', 'unvalidated-output']],
        ],
      );
    });

    it('puts two calls of one function in one workflow, in source order', () => {
      const second: DecisionProfile = {
        ...summarize,
        call: {
          ...summarize.call,
          id: 'src/support/summarize.ts:60:3',
          range: { ...summarize.call.range, start: 60_003, line: 60, column: 3 },
        },
      };
      const result = { ...sampleResult(), profiles: [second, summarize] };
      const workflow = groupByWorkflow(result).find((candidate) => candidate.name === 'summarizeTicket');
      assert.deepEqual(
        workflow?.profiles.map((profile) => profile.call.id),
        ['src/support/summarize.ts:44:24', 'src/support/summarize.ts:60:3'],
      );
      assert.equal(workflow?.file, file('src/support/summarize.ts'));
    });
  });

  describe('code', () => {
    it('fences text that contains backticks', () => {
      assert.equal(code('a`b'), '``a`b``');
      assert.equal(code('`x`'), '`` `x` ``');
    });
  });
});
