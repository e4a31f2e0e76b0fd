import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditSources } from '../../../../src/core/index';
import { applyFixes } from '../../../../src/core/fixes/apply';
import type { AuditResult, Finding, Fix, FixId, FixKind } from '../../../../src/core/types';
import { FixtureChecker, newDiagnostics } from './type-checker';

export const CASE_FILE = 'src/case.ts';

export interface FixCase {
  /** A behaviour sentence: "adds the request options argument with timeout". */
  name: string;
  code: string;
  /** The file name (default `src/case.ts`; `.js` for JavaScript). */
  file?: string;
  /** Other files of the case, by name. */
  files?: Record<string, string>;
  ruleId: string;
  /** The fix: its id, or its kind when the kind has one recipe for this case. */
  fix: FixId | FixKind;
  /** The start of the fix's title, where the case is about what the title says (a duration, a value). */
  title?: string;
  /** The whole text after the fix; `null`: the fix must not be offered. */
  output: string | null;
  /** Files the fix writes besides the case file (name → exact text), e.g. the helper module. */
  otherOutputs?: Record<string, string>;
  /** Expect the fix to be `safe` (applied by --fix). */
  safe?: boolean;
  /** Config overrides (fallbackModel, defaultTimeoutMs). */
  config?: Parameters<typeof auditSources>[1] extends infer O ? (O extends { config?: infer C } ? C : never) : never;
  only?: boolean;
}

export interface FixRun {
  result: AuditResult;
  finding?: Finding;
  fix?: Fix;
  outputs: Map<string, string>;
}

/** Audits the case, finds the rule's finding and the fix, applies it alone. */
export async function runFix(testCase: FixCase): Promise<FixRun> {
  const file = testCase.file ?? CASE_FILE;
  const sources = { ...testCase.files, [file]: testCase.code };
  const result = await auditSources(sources, { config: testCase.config });
  const isTheFix = (fix: Fix): boolean => fix.id === testCase.fix || fix.kind === testCase.fix;
  const finding = result.findings.find(
    (candidate) => candidate.ruleId === testCase.ruleId && candidate.fixes.some(isTheFix),
  );
  // An exact id first: `add-timeout` is the id of one recipe and the kind of several.
  const fix = finding?.fixes.find((candidate) => candidate.id === testCase.fix) ?? finding?.fixes.find(isTheFix);
  const outputs = new Map<string, string>();
  if (!fix) return { result, finding, fix, outputs };
  const byPath = new Map(Object.entries(sources).map(([name, text]) => [`${result.root}/${name}`, text]));
  const applied = applyFixes([fix], (path) => byPath.get(path));
  assert.equal(applied.outcomes[0]?.applied, true, `the fix does not apply alone: ${applied.outcomes[0]?.reason}`);
  for (const changed of applied.files) outputs.set(changed.file.slice(result.root.length + 1), changed.after);
  return { result, finding, fix, outputs };
}

export function fixTests(title: string, cases: readonly FixCase[]): void {
  describe(title, () => {
    for (const testCase of cases) {
      (testCase.only ? it.only : it)(testCase.name, async () => {
        const file = testCase.file ?? CASE_FILE;
        const run = await runFix(testCase);
        if (testCase.output === null) {
          assert.equal(
            run.fix,
            undefined,
            `expected no "${testCase.fix}" fix for ${testCase.ruleId}, got: ${run.fix?.title}`,
          );
          // The fix is missing because it cannot be made, not because there is nothing to fix.
          assert.ok(
            run.result.findings.some((finding) => finding.ruleId === testCase.ruleId),
            `expected a ${testCase.ruleId} finding (offered without the fix); findings: ${run.result.findings.map((finding) => finding.ruleId).join(', ')}`,
          );
          return;
        }
        assert.ok(
          run.finding,
          `no ${testCase.ruleId} finding with a "${testCase.fix}" fix; findings: ${run.result.findings.map((finding) => `${finding.ruleId} [${finding.fixes.map((fix) => fix.title).join(' | ')}]`).join('; ')}`,
        );
        if (testCase.safe !== undefined) assert.equal(run.fix!.safe, testCase.safe, 'safe');
        if (testCase.title !== undefined)
          assert.ok(
            run.fix!.title.startsWith(testCase.title),
            `title "${run.fix!.title}" starts with "${testCase.title}"`,
          );
        assert.equal(run.outputs.get(file) ?? testCase.code, testCase.output);
        for (const [name, text] of Object.entries(testCase.otherOutputs ?? {}))
          assert.equal(run.outputs.get(name), text, name);

        // Type-checks against the real SDK typings as well as the original did.
        const checker = caseChecker();
        const before = { ...testCase.files, [file]: testCase.code };
        const after = { ...before, ...Object.fromEntries(run.outputs) };
        const added = newDiagnostics(checkCase(checker, before), checkCase(checker, after));
        assert.deepEqual(added, [], 'the fix introduces TypeScript errors');

        // Idempotent: re-audited, the finding is gone and the same fix is not offered again.
        const again = await auditSources(after, { config: testCase.config });
        const callId = movedCallId(run, again);
        assert.ok(callId, 'the fixed call is no longer recognised');
        const offeredAgain = again.findings.filter(
          (finding) => finding.callId === callId && finding.fixes.some((fix) => fix.id === run.fix!.id),
        );
        assert.deepEqual(
          offeredAgain.map((finding) => finding.ruleId),
          [],
          'the same fix is offered again',
        );
        const stays = again.findings.filter(
          (finding) =>
            finding.ruleId === testCase.ruleId &&
            finding.callId === callId &&
            finding.messageId === run.finding!.messageId,
        );
        assert.deepEqual(
          stays.map((finding) => finding.message),
          [],
          'the finding it fixed is still reported',
        );
        // The analyser understands what the fix wrote: no finding on the call that it did not have.
        const kindsBefore = new Set(
          run.result.findings.filter((finding) => finding.callId === run.finding!.callId).map(findingKind),
        );
        const newKinds = again.findings
          .filter((finding) => finding.callId === callId)
          .map(findingKind)
          .filter((kind) => !kindsBefore.has(kind));
        assert.deepEqual(newKinds, [], 'the fix makes the analyser report something new on the call');
      });
    }
  });
}

function findingKind(finding: Finding): string {
  return `${finding.ruleId}/${finding.messageId}`;
}

/**
 * The id of the fixed call in the re-audit: the call with the same position among the file's calls
 * and SDK (no fix adds a call before the one it fixes; a fallback's copy comes after it; the
 * structured-output fix changes the operation).
 */
function movedCallId(run: FixRun, again: AuditResult): string | undefined {
  const profile = run.result.profiles.find((candidate) => candidate.call.id === run.finding!.callId);
  if (!profile) return undefined;
  const inFile = (result: AuditResult) =>
    result.profiles
      .filter((candidate) => candidate.call.range.file === profile.call.range.file)
      .sort((a, b) => a.call.range.start - b.call.range.start);
  const index = inFile(run.result).indexOf(profile);
  const moved = inFile(again)[index];
  return moved && moved.call.sdk === profile.call.sdk ? moved.call.id : undefined;
}

const CASES_ROOT = path.join(__dirname, '..', '..', '..', '..', '.cache', 'fix-cases');
let sharedChecker: FixtureChecker | undefined;

/** One in-process checker for every case: a project under .cache/ (git-ignored) that resolves the repo's node_modules. */
function caseChecker(): FixtureChecker {
  if (sharedChecker) return sharedChecker;
  fs.mkdirSync(CASES_ROOT, { recursive: true });
  const tsconfig = path.join(CASES_ROOT, 'tsconfig.json');
  fs.writeFileSync(
    tsconfig,
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: [],
      },
      null,
      2,
    ),
  );
  sharedChecker = new FixtureChecker(tsconfig);
  return sharedChecker;
}

/** Diagnostics of the case's TypeScript files, placed under the checker's project. */
function checkCase(checker: FixtureChecker, files: Record<string, string>): string[] {
  checker.reset();
  const typed = Object.entries(files).filter(([name]) => /\.tsx?$/.test(name));
  checker.set(new Map(typed.map(([name, text]) => [path.join(CASES_ROOT, name), text])));
  const diagnostics = checker.diagnostics();
  checker.reset();
  return diagnostics;
}
