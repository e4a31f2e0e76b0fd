import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../src/core/config';
import { audit, type AuditResult, DEFAULT_CONFIG, type DecisionProfile, type Finding } from '../src/core/index';
import { toRelative } from '../src/core/workspace/discover';
import { NATIVE_TSC } from './helpers/native-tsc';

/**
 * Each fixture is a small project typed against the real SDK packages, with an `expect.json`
 * written by hand from its source: the calls it contains, facts of their profiles, and the findings
 * it is designed to trigger or avoid. See test/fixtures/README.md.
 */
interface Expectation {
  description: string;
  /** Analyse a copy outside the repository, where no SDK types resolve. */
  isolate?: boolean;
  /**
   * The folders whose tsconfig the fixture type-checks with, where it has no root one (a
   * monorepo's packages, each with its own options); absent: the fixture's root tsconfig.
   */
  projects?: string[];
  calls: {
    file: string;
    line: number;
    sdk: string;
    operation: string;
    streaming?: boolean;
    /** `http` or `websocket` for raw requests; absent means `sdk`. */
    site?: 'sdk' | 'http' | 'websocket';
    enclosing?: string;
    recognisedBy?: 'type' | 'syntax';
    profile?: Record<string, unknown>;
  }[];
  notCalls?: { file: string; line: number; why: string }[];
  /**
   * Calls of the fixture's own model-calling functions (`site: "wrapper"`), exhaustively when
   * present: `via` lists the model calls each reaches as `file:line`.
   */
  wrapperCalls?: { file: string; line: number; via: string[]; profile?: Record<string, unknown> }[];
  /** Calls in test files and mocks: skipped by default, found with `ignoreTests: false`. */
  callsWhenTestsIncluded?: { file: string; line: number; sdk: string; operation: string; enclosing?: string }[];
  /**
   * Every finding, at the line and column of its own range (what the text report prints);
   * `documented: true` when an `@ai-decision` annotation covers it (absent: it is not covered).
   */
  findings: { ruleId: string; file: string; line: number; column: number; documented?: boolean }[];
  /** Findings the fixture is designed to avoid, by the line of the call they would be about. */
  absentFindings?: { ruleId: string; file: string; line: number }[];
  /** How many files the audit parses, where the fixture is about which files it leaves out. */
  filesParsed?: number;
}

const FIXTURES = path.join(__dirname, 'fixtures');
const TSC = NATIVE_TSC;

const scenarios = [
  ...fs
    .readdirSync(FIXTURES)
    .filter((name) => fs.existsSync(path.join(FIXTURES, name, 'expect.json')))
    .map((name) => ({ name, dir: path.join(FIXTURES, name) })),
  { name: 'examples/sample-workspace', dir: path.join(__dirname, '..', 'examples', 'sample-workspace') },
].filter((scenario) => fs.existsSync(path.join(scenario.dir, 'expect.json')));

describe('fixtures', () => {
  for (const scenario of scenarios) {
    const expectation: Expectation = JSON.parse(fs.readFileSync(path.join(scenario.dir, 'expect.json'), 'utf8'));
    describe(scenario.name, () => {
      let result: AuditResult;
      /** The same audit with the SDK typings loaded (`sdkTypes`): what `recognisedBy` in expect.json describes. */
      let typed: AuditResult;
      let root: string;

      before(async () => {
        root = scenario.dir;
        if (expectation.isolate) {
          root = fs.mkdtempSync(path.join(os.tmpdir(), `oa-${path.basename(scenario.dir)}-`));
          fs.cpSync(scenario.dir, root, { recursive: true });
        }
        // A fixture's own `.orchestration-audit.json` applies, as it would for the CLI.
        const { config } = loadConfig(root);
        result = await audit({ root, config });
        typed = await audit({ root, config: { ...config, sdkTypes: true } });
      });

      after(() => {
        if (expectation.isolate) fs.rmSync(root, { recursive: true, force: true });
      });

      if (!expectation.isolate) {
        it('type-checks against the real SDK typings', () => {
          for (const project of expectation.projects ?? ['.'])
            execFileSync(TSC, ['--noEmit', '-p', path.join(scenario.dir, project, 'tsconfig.json')], { stdio: 'pipe' });
        });
      }

      it(`finds exactly the ${expectation.calls.length} model calls listed`, () => {
        const found = result.profiles
          .map(
            (profile) =>
              `${toRelative(root, profile.call.range.file)}:${profile.call.range.line} ${profile.call.sdk} ${profile.call.operation}`,
          )
          .sort();
        const expected = expectation.calls
          .map((call) => `${call.file}:${call.line} ${call.sdk} ${call.operation}`)
          .sort();
        assert.deepEqual(found, expected);
      });

      const wrapperCalls = expectation.wrapperCalls;
      if (wrapperCalls) {
        it(`finds exactly the ${wrapperCalls.length} wrapper sites listed, with the model calls they reach`, () => {
          const at = (file: string, line: number): string => `${toRelative(root, file)}:${line}`;
          const ids = new Map(
            result.profiles.map((profile) => [profile.call.id, at(profile.call.range.file, profile.call.range.line)]),
          );
          const found = (result.wrappers ?? [])
            .map(
              (profile) =>
                `${at(profile.call.range.file, profile.call.range.line)} via ${(profile.call.via ?? [])
                  .map((id) => ids.get(id) ?? id)
                  .sort()
                  .join(', ')}`,
            )
            .sort();
          const expected = wrapperCalls
            .map((call) => `${call.file}:${call.line} via ${[...call.via].sort().join(', ')}`)
            .sort();
          assert.deepEqual(found, expected);
        });
        for (const call of wrapperCalls) {
          if (!call.profile) continue;
          it(`profiles the wrapper site at ${call.file}:${call.line}`, () => {
            const profile = (result.wrappers ?? []).find(
              (item) => toRelative(root, item.call.range.file) === call.file && item.call.range.line === call.line,
            );
            assert.ok(profile, `no wrapper site at ${call.file}:${call.line}`);
            for (const [key, value] of Object.entries(call.profile ?? {})) {
              assert.deepEqual(readDotted(profile, key), value, `profile.${key}`);
            }
          });
        }
      }

      for (const call of expectation.calls) {
        it(`profiles ${call.sdk} ${call.operation} at ${call.file}:${call.line}`, () => {
          const profile = profileAt(result, root, call.file, call.line);
          assert.ok(profile, `no call found at ${call.file}:${call.line}`);
          if (call.streaming !== undefined) assert.equal(profile.call.streaming, call.streaming, 'streaming');
          assert.equal(profile.call.site, call.site ?? 'sdk', 'site');
          if (call.enclosing !== undefined)
            assert.equal(profile.call.enclosing.name, call.enclosing, 'enclosing function');
          if (call.recognisedBy !== undefined) {
            assert.equal(
              profileAt(typed, root, call.file, call.line)?.call.recognisedBy,
              call.recognisedBy,
              'recognisedBy with sdkTypes',
            );
          }
          for (const [key, value] of Object.entries(call.profile ?? {})) {
            assert.deepEqual(readDotted(profile, key), value, `profile.${key}`);
          }
        });
      }

      it('finds the same calls and findings with the SDK typings loaded (sdkTypes)', () => {
        const summary = (audited: AuditResult): string[] =>
          [
            ...audited.profiles.map(
              (profile) =>
                `call ${toRelative(root, profile.call.range.file)}:${profile.call.range.line} ${profile.call.sdk} ${profile.call.operation}`,
            ),
            ...audited.findings.map(
              (finding) =>
                `${finding.ruleId} ${toRelative(root, finding.span.file)}:${finding.span.line}:${finding.span.column}`,
            ),
          ].sort();
        assert.deepEqual(summary(typed), summary(result));
      });

      if (expectation.callsWhenTestsIncluded) {
        it('finds the calls in test files when tests are not ignored', async () => {
          const withTests = await audit({ root, config: { ...DEFAULT_CONFIG, ignoreTests: false } });
          for (const call of expectation.callsWhenTestsIncluded ?? []) {
            const profile = profileAt(withTests, root, call.file, call.line);
            assert.ok(profile, `no call found at ${call.file}:${call.line}`);
            assert.equal(profile.call.operation, call.operation);
            if (call.enclosing) assert.equal(profile.call.enclosing.name, call.enclosing);
          }
        });
      }

      for (const notCall of expectation.notCalls ?? []) {
        it(`does not report ${notCall.file}:${notCall.line} (${notCall.why})`, () => {
          assert.equal(profileAt(result, root, notCall.file, notCall.line), undefined);
        });
      }

      const { filesParsed } = expectation;
      if (filesParsed !== undefined)
        it(`parses ${filesParsed} of its files`, () => {
          assert.equal(result.stats.filesParsed, filesParsed);
        });

      it(`reports exactly the ${expectation.findings.length} findings listed`, () => {
        const key = (finding: { ruleId: string; file: string; line: number; column: number; documented?: boolean }) =>
          `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}${finding.documented ? ' (documented)' : ''}`;
        const found = result.findings
          .map((finding) =>
            key({
              ruleId: finding.ruleId,
              file: toRelative(root, finding.span.file),
              line: finding.span.line,
              column: finding.span.column,
              documented: finding.documentedBy !== undefined,
            }),
          )
          .sort();
        assert.deepEqual(found, expectation.findings.map(key).sort());
      });

      for (const finding of expectation.absentFindings ?? []) {
        it(`does not report ${finding.ruleId} at ${finding.file}:${finding.line}`, () => {
          assert.ok(
            !findingsAt(result, root, finding.file, finding.line).some((found) => found.ruleId === finding.ruleId),
          );
        });
      }
    });
  }
});

function profileAt(result: AuditResult, root: string, file: string, line: number): DecisionProfile | undefined {
  return result.profiles.find(
    (profile) => toRelative(root, profile.call.range.file) === file && profile.call.range.line === line,
  );
}

/** Findings that point at the line, or belong to the call that starts there (some rules point at the loop or the cast). */
function findingsAt(result: AuditResult, root: string, file: string, line: number): Finding[] {
  const call = profileAt(result, root, file, line)?.call.id;
  return result.findings.filter(
    (finding) =>
      (toRelative(root, finding.span.file) === file && finding.span.line === line) ||
      (call !== undefined && finding.callId === call),
  );
}

/** `failure.where.function`, `retry.layers.length`, `flow.upstream.0.validated`. */
function readDotted(profile: DecisionProfile, key: string): unknown {
  let current: unknown = profile;
  for (const part of key.split('.')) {
    if (current === null || current === undefined) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
