import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFixes } from '../../../src/core/fixes/apply';
import { AnalysisSession } from '../../../src/core/index';
import type { DecisionProfile, Finding } from '../../../src/core/types';
import { existingOnDisk, readDisk } from './support/disk';

/**
 * Issue 14: the analyser understands every fix it offers. Each distinct fix offered on each
 * fixture is applied (in memory, as the editor applies a quick fix: the created files first, then
 * the edited ones) and the session re-analyses; the call the fix was about must not get a finding
 * of a kind (rule and message) it did not have.
 */

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

function scenarios(): string[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((name) => {
      const expectFile = path.join(FIXTURES, name, 'expect.json');
      if (!fs.existsSync(expectFile) || !fs.existsSync(path.join(FIXTURES, name, 'tsconfig.json'))) return false;
      return (JSON.parse(fs.readFileSync(expectFile, 'utf8')) as { isolate?: boolean }).isolate !== true;
    })
    .sort();
}

const kindOf = (finding: Finding): string => `${finding.ruleId}/${finding.messageId}`;

/** The calls of the same file, SDK and operation, in file order: a fix moves a call, not its rank. */
function sameShape(profiles: readonly DecisionProfile[], profile: DecisionProfile): DecisionProfile[] {
  return profiles
    .filter(
      (other) =>
        other.call.range.file === profile.call.range.file &&
        other.call.sdk === profile.call.sdk &&
        other.call.operation === profile.call.operation,
    )
    .sort((a, b) => a.call.range.start - b.call.range.start);
}

describe('every offered fix, applied and re-analysed, brings out no new finding on its call', function () {
  this.timeout(600_000);

  it('on every fixture', async () => {
    const found: string[] = [];
    let fixes = 0;
    for (const name of scenarios()) {
      const session = new AnalysisSession({ root: path.join(FIXTURES, name) });
      const loaded = await session.load();
      const seen = new Set<string>();
      for (const profile of loaded.profiles) {
        const findings = loaded.findings.filter((finding) => finding.callId === profile.call.id);
        const before = new Set(findings.map(kindOf));
        const rank = sameShape(loaded.profiles, profile).indexOf(profile);
        for (const fix of findings.flatMap((finding) => finding.fixes)) {
          const key = JSON.stringify([fix.edits, fix.newFiles ?? []]);
          if (seen.has(key)) continue;
          seen.add(key);
          const applied = applyFixes([fix], readDisk, existingOnDisk);
          if (!applied.outcomes[0]?.applied) continue;
          fixes++;
          const created = applied.files.filter((file) => file.created);
          const edited = applied.files.filter((file) => !file.created);
          for (const file of created) session.update(file.file, file.after);
          let results = edited.flatMap((file) => session.update(file.file, file.after));
          const callFile = edited.find((file) => file.file === profile.call.range.file);
          if (callFile) results = session.update(callFile.file, callFile.after);
          const call = sameShape(
            results.flatMap((result) => result.profiles),
            profile,
          )[rank];
          const after = call
            ? results.flatMap((result) => result.findings).filter((f) => f.callId === call.call.id)
            : [];
          for (const kind of new Set(after.map(kindOf)))
            if (!before.has(kind)) found.push(`${name} ${fix.id} -> ${kind}`);
          // Back to the fixture as it is on disk.
          for (const file of edited) session.update(file.file, readDisk(file.file) ?? '');
          for (const file of created) session.remove(file.file);
        }
      }
    }
    // 369 distinct fixes applied on 2026-12-03.
    assert.ok(fixes > 350, `${fixes} fixes applied`);
    assert.deepEqual([...new Set(found)].sort(), []);
  });
});
