import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
// The official SARIF 2.1.0 JSON Schema (release rtm.5, draft-04), as shipped by Microsoft's
// @microsoft/jest-sarif package; there is no network here to fetch it from OASIS.
import sarifSchema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';
import { sarifReport, toSarifLog, type SarifLog } from '../../src/report/sarif';
import { ROOT, sampleResult, SAMPLE_RULES, span, TOOL_VERSION } from './sample-result';

const context = { root: ROOT, toolVersion: TOOL_VERSION, rules: SAMPLE_RULES };

function compileSarifSchema() {
  // The schema is draft-04, which ajv 8 reads once `id` is spelt `$id`: the keywords it uses
  // (type, enum, format, pattern, minimum, uniqueItems, anyOf, oneOf, $ref) mean the same in
  // draft-07. Its `language` pattern is not valid with the regex `u` flag, hence unicodeRegExp.
  const { $schema: _draft, id, ...rest } = sarifSchema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: id });
}

function log(): SarifLog {
  return JSON.parse(sarifReport(sampleResult(), context)) as SarifLog;
}

describe('sarif report', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const validate = compileSarifSchema();
    const valid = validate(log());
    assert.equal(valid, true, JSON.stringify(validate.errors, null, 2));
  });

  it('the schema check is real: a wrong level and a zero line are refused', () => {
    const validate = compileSarifSchema();
    const text = sarifReport(sampleResult(), context);
    assert.equal(validate(JSON.parse(text.replace('"level": "warning"', '"level": "warn"'))), false);
    assert.equal(validate(JSON.parse(text.replace('"startLine": 9', '"startLine": 0'))), false);
  });

  it('describes the tool and every rule of the catalogue', () => {
    const { driver } = log().runs[0].tool;
    assert.equal(driver.name, 'orchestration-audit');
    assert.equal(driver.version, '0.1.0');
    assert.equal(driver.informationUri, 'https://github.com/orchestration-audit/orchestration-audit');
    assert.deepEqual(
      driver.rules.map((rule) => rule.id),
      SAMPLE_RULES.map((rule) => rule.meta.id),
    );
    const amplification = driver.rules.find((rule) => rule.id === 'retry-amplification');
    assert.deepEqual(amplification, {
      id: 'retry-amplification',
      name: 'RetryAmplification',
      shortDescription: { text: 'Nested retry layers must not multiply into too many attempts.' },
      fullDescription: {
        text: 'Nested retry layers must not multiply into too many attempts. Facet: retry. Default severity: warning.',
      },
      helpUri:
        'https://github.com/orchestration-audit/orchestration-audit/blob/main/src/core/rules/retry-amplification.md',
      help: {
        text: 'Nested retry layers must not multiply into too many attempts. See https://github.com/orchestration-audit/orchestration-audit/blob/main/src/core/rules/retry-amplification.md',
        markdown:
          'Nested retry layers must not multiply into too many attempts. [Documentation](https://github.com/orchestration-audit/orchestration-audit/blob/main/src/core/rules/retry-amplification.md)',
      },
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['orchestration', 'retry'] },
    });
    assert.deepEqual(driver.rules.find((rule) => rule.id === 'implicit-timeout')?.defaultConfiguration, {
      level: 'note',
    });
  });

  it('writes results with rule index, level, relative location and related locations', () => {
    const run = log().runs[0];
    const amplified = run.results.find((result) => result.ruleId === 'retry-amplification');
    assert.ok(amplified);
    assert.equal(run.tool.driver.rules[amplified.ruleIndex]?.id, 'retry-amplification');
    assert.deepEqual(amplified, {
      ruleId: 'retry-amplification',
      ruleIndex: 3,
      level: 'warning',
      message: { text: 'Up to 18 attempts: p-retry 6 × Anthropic SDK 3 (threshold 10).' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/support/classify.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 15, startColumn: 22, endLine: 15, endColumn: 27 },
          },
        },
      ],
      relatedLocations: [
        {
          id: 1,
          message: { text: 'Anthropic SDK default: 3 attempts' },
          physicalLocation: {
            artifactLocation: { uri: 'src/support/classify.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 15, startColumn: 28, endLine: 15, endColumn: 52 },
          },
        },
      ],
      properties: { callId: 'src/support/classify.ts:15:28', facet: 'retry' },
    });
    assert.deepEqual(
      run.results.map((result) => result.level),
      ['warning', 'error', 'error', 'warning', 'warning', 'warning', 'note', 'note', 'warning'],
    );
  });

  it('marks documented findings as suppressed in source, with the annotation as justification', () => {
    const chain = log().runs[0].results.find((result) => result.ruleId === 'unchecked-chain');
    assert.deepEqual(chain?.suppressions, [
      {
        kind: 'inSource',
        justification:
          '@ai-decision flow: the summary is plain prose; a wrong queue is corrected by agents (owner: support-platform)',
        location: {
          physicalLocation: {
            artifactLocation: { uri: 'src/support/classify.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 14, startColumn: 3, endLine: 14, endColumn: 96 },
          },
        },
      },
    ]);
    const suppressed = log().runs[0].results.filter((result) => result.suppressions !== undefined);
    assert.equal(suppressed.length, 1, 'only the documented finding is suppressed');
  });

  it('anchors %SRCROOT% at the root as a file URI ending in "/"', () => {
    const base = log().runs[0].originalUriBaseIds['%SRCROOT%'];
    assert.ok(base);
    assert.match(base.uri, /^file:\/\/.*\/acme-support\/$/);
  });

  it('reports skipped files as tool notifications', () => {
    assert.deepEqual(log().runs[0].invocations[0]?.toolExecutionNotifications, [
      {
        level: 'warning',
        message: { text: 'Skipped: larger than 2 MB' },
        locations: [
          { physicalLocation: { artifactLocation: { uri: 'src/generated/prompts.ts', uriBaseId: '%SRCROOT%' } } },
        ],
      },
    ]);
  });

  it('percent-encodes file names and still validates', () => {
    const result = sampleResult();
    result.findings = [{ ...result.findings[0], span: span('src/my prompts/#1 100%.ts', 2, 3, 2, 9) }];
    const sarif = toSarifLog(result, context);
    assert.equal(
      sarif.runs[0].results[0]?.locations[0]?.physicalLocation.artifactLocation.uri,
      'src/my%20prompts/%231%20100%25.ts',
    );
    const validate = compileSarifSchema();
    assert.equal(validate(JSON.parse(JSON.stringify(sarif))), true, JSON.stringify(validate.errors));
  });

  it('adds a minimal descriptor for a rule id missing from the catalogue', () => {
    const sarif = toSarifLog(sampleResult(), { ...context, rules: [] });
    const ids = sarif.runs[0].tool.driver.rules.map((rule) => rule.id);
    assert.equal(new Set(ids).size, 9);
    for (const result of sarif.runs[0].results)
      assert.equal(sarif.runs[0].tool.driver.rules[result.ruleIndex]?.id, result.ruleId);
  });
});
