import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { textReport } from '../../src/report/text';
import { ROOT, sampleResult, SAMPLE_RULES, TOOL_VERSION } from './sample-result';

const context = { root: ROOT, toolVersion: TOOL_VERSION, rules: SAMPLE_RULES };

describe('text report', () => {
  it('prints compiler-like lines grouped by file, then the summary and the skipped files', () => {
    assert.equal(
      textReport(sampleResult(), context),
      [
        'src/app/api/chat/route.ts:9:18  warning  No timeout: the Vercel AI SDK waits indefinitely without abortSignal or timeout.  missing-timeout',
        'src/app/api/chat/route.ts:9:18  error    If streamText fails, nothing handles the error: it reaches the route handler POST | no response is sent.  unhandled-model-error',
        '',
        'src/jobs/digest.ts:19:3  error    The while loop retries the call forever: no attempt limit is reachable.  unbounded-retry',
        '',
        'src/support/classify.ts:13:6  warning  Unknown facet "retries" in @ai-decision; use one of failure, retry, timeout, validation, flow, fallback, observability, cost, routing.  invalid-decision-annotation',
        'src/support/classify.ts:15:22  warning  Up to 18 attempts: p-retry 6 × Anthropic SDK 3 (threshold 10).  retry-amplification',
        '',
        'src/support/summarize.ts:44:24  info     Retried up to 3 times by the OpenAI SDK default; not stated in code.  implicit-retry-policy',
        'src/support/summarize.ts:44:24  info     Times out after the OpenAI SDK default of 10 min per attempt: worst case about 30 min (10 min x 3 attempts).  implicit-timeout',
        'src/support/summarize.ts:49:10  warning  The output is parsed with JSON.parse and used as TicketSummary without a schema check.  unvalidated-output',
        '',
        '2 errors, 4 warnings, 2 info (1 documented) · 4 model calls (anthropic 1, openai 2, vercel-ai 1) in 42 files scanned, 5 parsed · 1.2 s',
        'Skipped 1 file:',
        '  src/generated/prompts.ts: larger than 2 MB',
        '',
      ].join('\n'),
    );
  });

  it('leaves documented findings out of the lines but counts them', () => {
    const report = textReport(sampleResult(), context);
    assert.doesNotMatch(report, /unchecked-chain/);
    assert.match(report, /\(1 documented\)/);
  });

  it('shows paths relative to the working directory when it is given', () => {
    const report = textReport(sampleResult(), { ...context, cwd: path.join(ROOT, 'src', 'support') });
    assert.match(report, /^classify\.ts:13:6 {2}warning/m);
    assert.match(report, /^\.\.\/jobs\/digest\.ts:19:3 {2}error/m);
  });

  it('uses no ANSI colour unless asked', () => {
    const ansi = /\u001b\[/;
    assert.doesNotMatch(textReport(sampleResult(), context), ansi);
    const coloured = textReport(sampleResult(), { ...context, color: true });
    assert.match(coloured, /\u001b\[31merror\u001b\[0m {3}/);
    assert.match(coloured, /\u001b\[33mwarning\u001b\[0m {2}/);
    assert.match(coloured, /\u001b\[2mmissing-timeout\u001b\[0m/);
  });

  it('says so when there is nothing to report', () => {
    const result = {
      ...sampleResult(),
      profiles: [],
      findings: [],
      stats: { filesScanned: 3, filesParsed: 0, ms: 40, callsBySdk: {}, skipped: [] },
    };
    assert.equal(textReport(result, context), 'No findings · 0 model calls in 3 files scanned, 0 parsed · 40 ms\n');
  });
});
