import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { jsonReport, type JsonReport } from '../../src/report/json';
import { file, ROOT, sampleResult, SAMPLE_RULES, span, TOOL_VERSION } from './sample-result';

const context = { root: ROOT, toolVersion: TOOL_VERSION, rules: SAMPLE_RULES };
const schema: unknown = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'audit-result.schema.json'), 'utf8'),
);

function compileSchema() {
  // Union types ("string" | "null") are plain JSON Schema; ajv's strict mode only asks to opt in.
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  if (typeof schema !== 'object' || schema === null) throw new Error('schema is not an object');
  return ajv.compile(schema);
}

function report(): JsonReport {
  return JSON.parse(jsonReport(sampleResult(), context)) as JsonReport;
}

describe('json report', () => {
  it('validates against schemas/audit-result.schema.json', () => {
    const validate = compileSchema();
    const valid = validate(report());
    assert.equal(valid, true, JSON.stringify(validate.errors, null, 2));
  });

  it('the schema is not vacuous: it refuses a renamed field and a wrong enum value', () => {
    const validate = compileSchema();
    const text = jsonReport(sampleResult(), context);
    assert.equal(validate(JSON.parse(text.replace('"ruleId":', '"rule":'))), false);
    assert.equal(validate(JSON.parse(text.replace('"handledBy": "caller"', '"handledBy": "someone"'))), false);
    assert.equal(
      validate(
        JSON.parse(text.replace('"file": "src/support/classify.ts"', '"file": "src\\\\support\\\\classify.ts"')),
      ),
      false,
      'backslashes are refused',
    );
  });

  it('accepts "unknown" for a token limit and a timeout that unread options may set, and no other string', () => {
    const validate = compileSchema();
    const text = jsonReport(sampleResult(), context);
    const unknownTokens = text.replace('"maxTokens": false', '"maxTokens": "unknown"');
    const unknownTimeout = text.replace(
      '"source": "none",\n          "worstCaseMs": "unbounded"',
      '"source": "unknown",\n          "worstCaseMs": "unknown"',
    );
    assert.notEqual(unknownTokens, text);
    assert.notEqual(unknownTimeout, text);
    assert.equal(validate(JSON.parse(unknownTokens)), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(validate(JSON.parse(unknownTimeout)), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(validate(JSON.parse(text.replace('"maxTokens": false', '"maxTokens": "maybe"'))), false);
  });

  it('has the versioned top level', () => {
    const json = report();
    assert.equal(json.version, 1);
    assert.deepEqual(json.tool, { name: 'orchestration-audit', version: '0.1.0' });
    assert.equal(json.root, ROOT);
    assert.deepEqual(json.stats, {
      filesScanned: 42,
      filesParsed: 5,
      ms: 1234,
      callsBySdk: { openai: 2, anthropic: 1, 'vercel-ai': 1 },
      skipped: [{ file: 'src/generated/prompts.ts', reason: 'larger than 2 MB' }],
    });
  });

  it('writes each call with its full profile, files relative with "/"', () => {
    const summarize = report().calls.find((call) => call.operation === 'chat.completions.create');
    assert.deepEqual(summarize, {
      id: 'src/support/summarize.ts:44:24',
      file: 'src/support/summarize.ts',
      line: 44,
      column: 24,
      endLine: 48,
      endColumn: 6,
      sdk: 'openai',
      site: 'sdk',
      operation: 'chat.completions.create',
      streaming: false,
      recognisedBy: 'type',
      model: 'gpt-4o',
      enclosing: { name: 'summarizeTicket', file: 'src/support/summarize.ts', line: 41, exported: true },
      profile: {
        failure: {
          handledBy: 'caller',
          where: { file: 'src/routes/ticket.ts', line: 18, function: 'handleTicket' },
          swallowed: false,
          reaction: 'returns HTTP 500',
          logged: true,
        },
        retry: {
          layers: [
            {
              kind: 'sdk',
              attempts: 3,
              source: 'sdk-default',
              backoff: 'exponential-jitter',
              predicate: 'retryable',
              label: 'OpenAI SDK',
            },
          ],
          worstCaseAttempts: 3,
        },
        timeout: { source: 'sdk-default', ms: 600000, worstCaseMs: 1800000, label: 'OpenAI SDK default' },
        validation: { kind: 'json-parse-only', truncationChecked: false, castTo: 'TicketSummary' },
        flow: { upstream: [] },
        fallback: { kind: 'none' },
        observability: { kind: 'none' },
        cost: { maxTokens: false, model: 'gpt-4o' },
        decisions: [],
      },
    });
  });

  it('keeps "unbounded" as a value, not a number', () => {
    const digest = report().calls.find((call) => call.enclosing.name === 'runDigest');
    assert.equal(digest?.profile.retry.worstCaseAttempts, 'unbounded');
    assert.equal(digest?.profile.retry.layers[1]?.attempts, 'unbounded');
    assert.equal(digest?.profile.timeout.worstCaseMs, 'unbounded');
  });

  it('orders calls by file and position', () => {
    assert.deepEqual(
      report().calls.map((call) => call.id),
      [
        'src/app/api/chat/route.ts:9:18',
        'src/jobs/digest.ts:21:25',
        'src/support/classify.ts:15:28',
        'src/support/summarize.ts:44:24',
      ],
    );
  });

  it('writes findings with range, callId, documented flag and help link', () => {
    const findings = report().findings;
    assert.equal(findings.length, 9);
    const chain = findings.find((finding) => finding.ruleId === 'unchecked-chain');
    assert.deepEqual(chain, {
      ruleId: 'unchecked-chain',
      severity: 'warning',
      message: 'The output of summarizeTicket (src/support/summarize.ts:44) reaches this prompt without validation.',
      messageId: 'unchecked',
      data: {},
      facet: 'flow',
      file: 'src/support/classify.ts',
      line: 15,
      column: 28,
      endLine: 15,
      endColumn: 52,
      callId: 'src/support/classify.ts:15:28',
      documented: true,
      documentedBy: {
        facet: 'flow',
        text: 'the summary is plain prose; a wrong queue is corrected by agents',
        owner: 'support-platform',
        file: 'src/support/classify.ts',
        line: 14,
      },
      helpUri: 'https://github.com/orchestration-audit/orchestration-audit/blob/main/src/core/rules/unchecked-chain.md',
      related: [
        {
          message: 'upstream model call',
          file: 'src/support/summarize.ts',
          line: 44,
          column: 24,
          endLine: 44,
          endColumn: 54,
        },
      ],
      fixes: [],
    });
    const annotation = findings.find((finding) => finding.ruleId === 'invalid-decision-annotation');
    assert.equal(annotation?.callId, null);
    assert.equal(annotation?.documented, false);
    assert.deepEqual(
      findings.filter((finding) => finding.ruleId === 'unvalidated-output').map((finding) => finding.fixes),
      [[{ title: 'Validate the output with a zod schema', safe: false }]],
    );
  });

  it('keeps files outside the root absolute rather than inventing "../" paths', () => {
    const result = sampleResult();
    const outside = path.resolve(ROOT, '..', 'shared-lib', 'ai.ts');
    result.findings = [{ ...result.findings[0], span: { ...span('src/x.ts', 1, 1, 1, 2), file: outside } }];
    const json = JSON.parse(jsonReport(result, context)) as JsonReport;
    assert.equal(json.findings[0]?.file, outside.split(path.sep).join('/'));
    assert.equal(file('src/a.ts').startsWith(ROOT), true);
  });

  it('lists wrapper sites among the calls, with the model calls they reach, valid against the schema', () => {
    const result = sampleResult();
    const [reached] = result.profiles;
    const caller = span('src/routes/ticket.ts', 20, 5, 20, 30);
    result.wrappers = [
      {
        ...reached,
        call: {
          ...reached.call,
          id: 'src/routes/ticket.ts:20:5',
          site: 'wrapper',
          via: [reached.call.id],
          range: caller,
          calleeRange: caller,
        },
      },
    ];
    const json = JSON.parse(jsonReport(result, context)) as JsonReport;
    const wrapper = json.calls.find((call) => call.site === 'wrapper');
    assert.deepEqual(
      { id: wrapper?.id, via: wrapper?.via, line: wrapper?.line },
      { id: 'src/routes/ticket.ts:20:5', via: [reached.call.id], line: 20 },
    );
    assert.equal(json.calls.filter((call) => call.site !== 'wrapper').length, result.profiles.length);
    const validate = compileSchema();
    assert.equal(validate(json), true, JSON.stringify(validate.errors, null, 2));
  });

  it('is deterministic: the same result gives the same bytes', () => {
    assert.equal(jsonReport(sampleResult(), context), jsonReport(sampleResult(), context));
  });
});
