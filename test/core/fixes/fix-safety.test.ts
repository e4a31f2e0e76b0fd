import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audit } from '../../../src/core/index';
import { applyFixes } from '../../../src/core/fixes/apply';
import type { Finding, Fix } from '../../../src/core/types';
import { existingOnDisk, readDisk } from './support/disk';
import { FixtureChecker, fixtureTsconfig, lostComments, newDiagnostics } from './support/type-checker';
import { NATIVE_TSC } from '../../helpers/native-tsc';

/**
 * Every fix the analyser offers at every call site of every fixture, applied alone, must leave a
 * project that parses, keeps its comments and has no TypeScript error it did not have before
 * (checked in-process against the real SDK typings). Once per fixture, the native `tsc` confirms on
 * a copy with all safe fixes applied together (what `--fix` writes) plus the largest other fix.
 */

const REPO = path.join(__dirname, '..', '..', '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures');
const TSC = NATIVE_TSC;
/** Git-ignored (.cache/), inside the repository so that the copies resolve its node_modules. */
const COPIES = path.join(REPO, '.cache', 'fix-safety');

interface Offered {
  fix: Fix;
  findings: Finding[];
}

const fixtures = fs
  .readdirSync(FIXTURES)
  .filter(
    (name) =>
      fs.existsSync(path.join(FIXTURES, name, 'expect.json')) &&
      fs.existsSync(path.join(FIXTURES, name, 'tsconfig.json')),
  )
  .sort();

const totals = { fixtures: 0, offered: 0, distinct: 0, applied: 0, newErrors: 0, nativeChecks: 0, idempotent: 0 };
const problems: string[] = [];

describe('fix safety over every fixture', function () {
  after(function () {
    const line = `fix safety: ${totals.fixtures} fixtures, ${totals.offered} fixes offered (${totals.distinct} distinct), ${totals.applied} applied one at a time, ${totals.newErrors} introduced a TypeScript error; native tsc confirmed ${totals.nativeChecks} fixtures with their safe fixes and largest other fix applied together; ${totals.idempotent} fixtures offered no safe fix again after --fix`;
    console.log(`      ${line}`);
    fs.mkdirSync(COPIES, { recursive: true });
    fs.writeFileSync(path.join(COPIES, 'summary.txt'), `${line}\n${problems.join('\n')}\n`);
  });

  for (const name of fixtures) {
    it(`${name}: every offered fix applies alone and adds no error`, async function () {
      const dir = path.join(FIXTURES, name);
      const result = await audit({ root: dir });
      const offered = distinctFixes(result.findings);
      totals.fixtures++;
      totals.offered += result.findings.reduce((count, finding) => count + finding.fixes.length, 0);
      totals.distinct += offered.length;
      const checker = new FixtureChecker(fixtureTsconfig(dir));
      const baseline = checker.diagnostics();
      const failures: string[] = [];
      for (const { fix, findings } of offered) {
        const where = `${findings[0].ruleId} at ${findings[0].callId ?? ''}: ${fix.title}`;
        const applied = applyFixes([fix], readDisk, existingOnDisk);
        const outcome = applied.outcomes[0];
        if (!outcome?.applied) {
          failures.push(`${where}: not applicable alone (${outcome?.reason ?? 'no outcome'})`);
          continue;
        }
        totals.applied++;
        const changed = new Map(applied.files.map((file) => [file.file, file.after]));
        for (const file of applied.files) {
          if (file.created) continue;
          const lost = lostComments(file.file, file.before, file.after);
          if (lost.length) failures.push(`${where}: drops comments ${JSON.stringify(lost)}`);
        }
        checker.set(changed);
        for (const file of changed.keys()) {
          const syntax = checker.syntaxErrors(file);
          if (syntax.length) failures.push(`${where}: ${path.basename(file)} no longer parses: ${syntax.join('; ')}`);
        }
        const added = newDiagnostics(baseline, checker.diagnostics());
        checker.reset();
        if (added.length) {
          totals.newErrors++;
          failures.push(
            `${where}: new TypeScript errors:\n        ${added.join('\n        ')}\n${diffOf(applied.files)}`,
          );
        }
      }
      problems.push(...failures.map((failure) => `${name}: ${failure}`));
      assert.deepEqual(failures, [], failures.join('\n'));
      assert.deepEqual(baseline, [], 'the fixture type-checks before any fix');

      // The native compiler, once per fixture, on a real copy: every safe fix together (what --fix
      // writes) plus the largest other fix where it does not overlap them.
      const safe = offered.filter(({ fix }) => fix.safe).map(({ fix }) => fix);
      const largest = offered.filter(({ fix }) => !fix.safe).sort((a, b) => editSize(b.fix) - editSize(a.fix))[0]?.fix;
      // --fix is idempotent: once the safe fixes are written, a new audit offers none.
      if (safe.length > 0) {
        const fixedCopy = writeCopy(dir, name, applyFixes(safe, readDisk, existingOnDisk).files);
        const again = await audit({ root: fixedCopy });
        const offeredAgain = again.findings.filter(
          (finding) => !finding.documentedBy && finding.fixes.some((fix) => fix.safe),
        );
        assert.deepEqual(
          offeredAgain.map(
            (finding) => `${finding.ruleId} ${finding.callId}: ${finding.fixes.find((fix) => fix.safe)?.title}`,
          ),
          [],
          'safe fixes offered again after --fix',
        );
        totals.idempotent++;
      }
      const sample = [...safe, ...(largest ? [largest] : [])];
      if (sample.length > 0) {
        const copy = writeCopy(dir, name, applyFixes(sample, readDisk, existingOnDisk).files);
        try {
          execFileSync(TSC, ['--noEmit', '-p', path.join(copy, path.relative(dir, fixtureTsconfig(dir)))], {
            stdio: 'pipe',
            encoding: 'utf8',
          });
          totals.nativeChecks++;
        } catch (error) {
          const output = (error as { stdout?: string }).stdout ?? String(error);
          assert.fail(`native tsc rejects ${name} with its safe fixes and the largest other fix applied:\n${output}`);
        }
      }
    });
  }
});

function distinctFixes(findings: readonly Finding[]): Offered[] {
  const byKey = new Map<string, Offered>();
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      const key = JSON.stringify([fix.edits, fix.newFiles ?? []]);
      const entry = byKey.get(key);
      if (entry) entry.findings.push(finding);
      else byKey.set(key, { fix, findings: [finding] });
    }
  }
  return [...byKey.values()];
}

function editSize(fix: Fix): number {
  return (
    fix.edits.reduce((size, item) => size + item.newText.length + (item.end - item.start), 0) +
    (fix.newFiles?.length ?? 0) * 1000
  );
}

function diffOf(files: readonly { file: string; before: string; after: string; created?: boolean }[]): string {
  return files
    .map((file) => {
      if (file.created) return `      +++ ${path.basename(file.file)} (new file)`;
      const before = file.before.split('\n');
      const after = file.after.split('\n');
      let start = 0;
      while (start < before.length && before[start] === after[start]) start++;
      let end = 0;
      while (end < before.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
      return [
        `      --- ${path.basename(file.file)}`,
        ...before.slice(start, before.length - end).map((line) => `      - ${line}`),
        ...after.slice(start, after.length - end).map((line) => `      + ${line}`),
      ].join('\n');
    })
    .join('\n');
}

/** A copy of the fixture under .cache/fix-safety with the changed files written. */
function writeCopy(dir: string, name: string, files: readonly { file: string; after: string }[]): string {
  const copy = path.join(COPIES, name);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(dir, copy, { recursive: true });
  for (const file of files) {
    const target = path.join(copy, path.relative(dir, file.file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.after);
  }
  return copy;
}
