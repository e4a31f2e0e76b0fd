/**
 * A typescript-eslint-style tester for profile rules: each case is analysed as `src/case.ts` by the
 * real analyser (against the real SDK typings), and only the tested rule's findings are compared,
 * with the text the rule's fixes produce.
 *
 * `OA_RECORD_RULE_OUTPUTS=<file.json>` records the actual `output` of every invalid case in that
 * file (keyed `<rule> > <case name>`) instead of comparing it: for writing a new case's expected
 * output, which is then read by eye before it goes into the test.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { applyFixes } from '../../src/core/fixes/apply';
import { auditSources } from '../../src/core/index';
import type { AuditResult, Finding, Fix } from '../../src/core/index';
import { ruleById } from '../../src/core/rules/index';
import type { RuleDefinition } from '../../src/core/rules/define-rule';

export const CASE_FILE = 'src/case.ts';

export interface ValidTestCase {
  /** A behaviour sentence: "does not report a call inside try/catch that logs". */
  name: string;
  code: string;
  /** The rule's options, merged over its defaults. */
  options?: Record<string, unknown>;
  /**
   * Other files of the workspace, by path (`src/routes/digest.ts`), for what only another module
   * decides: a caller far away. Only the case file's findings are the case's.
   */
  files?: Record<string, string>;
  /**
   * Model calls the analyser must recognise in `code`. Defaults to "at least one", so a valid
   * case cannot pass only because the call went unnoticed.
   */
  calls?: number;
  only?: boolean;
}

export interface TestCaseError {
  messageId: string;
  /** 1-based, of the finding's span. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Compared as a subset of the finding's data. */
  data?: Record<string, string | number>;
}

export interface InvalidTestCase extends ValidTestCase {
  /** Every finding of the rule, in source order. */
  errors: TestCaseError[];
  /**
   * The exact code after the preferred fix of each of the rule's findings, applied together as
   * `--fix` would (`null`: no finding offers a preferred fix, only *Document this decision*).
   */
  output: string | null;
}

export interface RunTests {
  valid: ValidTestCase[];
  invalid: InvalidTestCase[];
}

export interface RuleRun {
  result: AuditResult;
  /** The rule's findings in `code`, in source order. */
  findings: Finding[];
}

/** Audits `code` as `src/case.ts` (beside `files`) with `options` for `rule` and returns the rule's findings in it. */
export async function runRule(
  rule: RuleDefinition,
  code: string,
  options?: Record<string, unknown>,
  files: Record<string, string> = {},
): Promise<RuleRun> {
  const merged = { ...rule.meta.defaultOptions, ...options };
  if (options && rule.meta.options) rule.meta.options.parse(merged);
  const result = await auditSources(
    { ...files, [CASE_FILE]: code },
    { config: { rules: { [rule.meta.id]: { severity: rule.meta.defaultSeverity, options: merged } } } },
  );
  const caseFile = `${result.root}/${CASE_FILE}`;
  const findings = result.findings
    .filter((finding) => finding.ruleId === rule.meta.id && finding.span.file === caseFile)
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { result, findings };
}

export class RuleTester {
  run(ruleId: string, tests: RunTests): void {
    const rule = ruleById(ruleId);
    describe(ruleId, () => {
      it('is registered', () => {
        assert.ok(rule, `rule ${ruleId} is not in RULES`);
      });
      if (!rule) return;
      describe('valid', () => {
        for (const testCase of tests.valid) {
          caseIt(testCase)(testCase.name, async () => {
            const { result, findings } = await runRule(rule, testCase.code, testCase.options, testCase.files);
            assertAnalysed(result, testCase);
            assert.deepEqual(findings.map(describeFinding), [], `expected no ${ruleId} finding`);
          });
        }
      });
      describe('invalid', () => {
        for (const testCase of tests.invalid) {
          caseIt(testCase)(testCase.name, async () => {
            assert.ok(testCase.errors.length > 0, 'an invalid case must expect at least one error');
            for (const error of testCase.errors) {
              assert.ok(
                Object.hasOwn(rule.meta.messages, error.messageId),
                `messageId "${error.messageId}" is not in ${ruleId}'s messages`,
              );
            }
            const { result, findings } = await runRule(rule, testCase.code, testCase.options, testCase.files);
            assertAnalysed(result, testCase);
            assert.equal(
              findings.length,
              testCase.errors.length,
              `expected ${testCase.errors.length} ${ruleId} finding(s), got:\n${findings.map(describeFinding).join('\n')}`,
            );
            testCase.errors.forEach((expected, index) => assertFinding(rule, findings[index], expected, index));
            const output = fixedOutput(result, findings, testCase.code);
            if (RECORD_FILE) recordOutput(`${ruleId} > ${testCase.name}`, output);
            else assert.equal(output, testCase.output, 'the output after the preferred fixes');
          });
        }
      });
    });
  }
}

export const ruleTester = new RuleTester();

const RECORD_FILE = process.env.OA_RECORD_RULE_OUTPUTS;

function recordOutput(key: string, output: string | null): void {
  if (!RECORD_FILE) return;
  const recorded = fs.existsSync(RECORD_FILE) ? (JSON.parse(fs.readFileSync(RECORD_FILE, 'utf8')) as object) : {};
  fs.writeFileSync(RECORD_FILE, `${JSON.stringify({ ...recorded, [key]: output }, null, 2)}\n`);
}

/** The case's text after the preferred fix of every finding (`null` when none has one). */
function fixedOutput(result: AuditResult, findings: readonly Finding[], code: string): string | null {
  const preferred = findings
    .map((finding) => finding.fixes.find((fix) => fix.preferred === true))
    .filter((fix): fix is Fix => fix !== undefined);
  if (preferred.length === 0) return null;
  const caseFile = `${result.root}/${CASE_FILE}`;
  const applied = applyFixes(preferred, (file) => (file === caseFile ? code : undefined));
  return applied.files.find((file) => file.file === caseFile)?.after ?? code;
}

function caseIt(testCase: ValidTestCase): Mocha.TestFunction | Mocha.ExclusiveTestFunction {
  return testCase.only ? it.only : it;
}

function assertAnalysed(result: AuditResult, testCase: ValidTestCase): void {
  assert.deepEqual(result.stats.skipped, [], 'the case file was skipped');
  const calls = result.profiles.length;
  if (testCase.calls === undefined) {
    assert.ok(calls > 0, 'the analyser recognised no model call in the case');
  } else {
    assert.equal(calls, testCase.calls, 'recognised model calls');
  }
}

function assertFinding(rule: RuleDefinition, finding: Finding, expected: TestCaseError, index: number): void {
  const at = `finding ${index + 1} (${describeFinding(finding)})`;
  assert.equal(finding.messageId, expected.messageId, `${at}: messageId`);
  assert.equal(finding.severity, rule.meta.defaultSeverity, `${at}: severity`);
  assert.doesNotMatch(finding.message, /\{\{/, `${at}: unfilled placeholder`);
  const actualRange = {
    line: finding.span.line,
    column: finding.span.column,
    ...(expected.endLine === undefined ? {} : { endLine: finding.span.endLine }),
    ...(expected.endColumn === undefined ? {} : { endColumn: finding.span.endColumn }),
  };
  const expectedRange = {
    line: expected.line,
    column: expected.column,
    ...(expected.endLine === undefined ? {} : { endLine: expected.endLine }),
    ...(expected.endColumn === undefined ? {} : { endColumn: expected.endColumn }),
  };
  assert.deepEqual(actualRange, expectedRange, `${at}: range`);
  if (expected.data) {
    const actualData = Object.fromEntries(Object.keys(expected.data).map((key) => [key, finding.data[key]]));
    assert.deepEqual(actualData, expected.data, `${at}: data`);
  }
}

function describeFinding(finding: Finding): string {
  const { line, column, endLine, endColumn } = finding.span;
  return `${line}:${column}-${endLine}:${endColumn} ${finding.messageId}: ${finding.message}`;
}
