import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisSession } from '../../../src/core/index';
import { applyFixes } from '../../../src/core/fixes/apply';
import type { DecisionProfile, Finding, Fix } from '../../../src/core/types';
import { existingOnDisk, readDisk } from './support/disk';
import { FixtureChecker, fixtureTsconfig, lostComments, newDiagnostics } from './support/type-checker';

/**
 * Two fixes in sequence on the same call, as in the editor: apply one, re-analyse the changed
 * (unsaved, in-memory) text, then apply a different fix the new analysis offers for the same call.
 * The result must parse, keep every comment and add no TypeScript error against the real SDK
 * typings. Pairs: every fix of every call with two or more, then every other fix offered for it
 * after the re-analysis. Results reached twice (the same two option fixes in either order often
 * give the same text) are judged once.
 */

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

const fixtures = fs
  .readdirSync(FIXTURES)
  .filter(
    (name) =>
      fs.existsSync(path.join(FIXTURES, name, 'expect.json')) &&
      fs.existsSync(path.join(FIXTURES, name, 'tsconfig.json')),
  )
  .sort();

const totals = { fixtures: 0, calls: 0, first: 0, pairs: 0, typeChecked: 0 };

describe('two fixes in sequence on the same call', function () {
  after(function () {
    console.log(
      `      fix sequences: ${totals.pairs} pairs checked (${totals.first} first fixes on ${totals.calls} calls with 2+ fixes, ${totals.fixtures} fixtures; ${totals.typeChecked} distinct results type-checked)`,
    );
  });

  for (const name of fixtures) {
    it(`${name}: a second fix after the first, on the re-analysed text, gives valid code`, async function () {
      // Hundreds of re-analyses and type checks per fixture: a correctness check, not a timing one.
      this.timeout(600_000);
      const dir = path.join(FIXTURES, name);
      const session = new AnalysisSession({ root: dir });
      const initial = await session.load();
      const checker = new FixtureChecker(fixtureTsconfig(dir));
      const baseline = checker.diagnostics();
      assert.deepEqual(baseline, [], 'the fixture type-checks before any fix');
      const failures: string[] = [];
      /** Results already judged (two orders or two routes often end in the same text): text -> problem. */
      const judged = new Map<string, string | undefined>();
      totals.fixtures++;

      // Files whose text in the session is a fix's, not the disk's: put back before the next first fix.
      const edited = new Set<string>();
      for (const profile of initial.profiles) {
        const offered = distinct(initial.findings.filter((finding) => finding.callId === profile.call.id));
        if (offered.length < 2) continue;
        totals.calls++;
        const place = callPlace(profile, initial.profiles);
        for (const first of offered) {
          const where = `${profile.call.id}: "${first.title}"`;
          const afterFirst = applyFixes([first], readDisk, existingOnDisk);
          if (!afterFirst.outcomes[0]?.applied) {
            failures.push(`${where}: not applicable alone (${afterFirst.outcomes[0]?.reason})`);
            continue;
          }
          totals.first++;
          const texts = new Map(
            afterFirst.files.filter((file) => !file.created).map((file) => [file.file, file.after]),
          );
          const created = afterFirst.files.filter((file) => file.created);
          for (const file of edited) if (!texts.has(file)) session.update(file, readDisk(file)!);
          edited.clear();
          // The editor's path: each changed file re-analysed from its unsaved text (the call's file
          // last, so that its analysis sees the others).
          const callFile = profile.call.range.file;
          const order = [...texts.keys()].filter((file) => file !== callFile);
          for (const file of order) session.update(file, texts.get(file)!);
          const reanalysed = session.update(callFile, texts.get(callFile) ?? readDisk(callFile)!);
          for (const file of texts.keys()) edited.add(file);
          const call = findPlace(
            place,
            reanalysed.flatMap((analysis) => analysis.profiles),
          );
          if (!call) {
            failures.push(`${where}: the call is not found again after the first fix`);
            continue;
          }
          const findings = reanalysed
            .flatMap((analysis) => analysis.findings)
            .filter((finding) => finding.callId === call.call.id);
          const seconds = distinct(findings).filter((second) => second.id !== first.id);
          const final = new Map([...texts, ...created.map((file): [string, string] => [file.file, file.after])]);
          for (const second of seconds) {
            totals.pairs++;
            const problem = checkSecond(second, final, checker, baseline, judged);
            if (problem) failures.push(`${where} then "${second.title}": ${problem}`);
          }
        }
      }
      for (const file of edited) session.update(file, readDisk(file)!);
      assert.deepEqual(failures, [], failures.join('\n'));
    });
  }
});

/** Applies `second` over the texts after the first fix; why the result is not valid code, if it is not. */
function checkSecond(
  second: Fix,
  afterFirst: ReadonlyMap<string, string>,
  checker: FixtureChecker,
  baseline: readonly string[],
  judged: Map<string, string | undefined>,
): string | undefined {
  const current = (file: string): string | undefined => afterFirst.get(file) ?? readDisk(file);
  const applied = applyFixes([second], current, (file) => afterFirst.get(file) ?? existingOnDisk(file));
  if (!applied.outcomes[0]?.applied) return `not applicable (${applied.outcomes[0]?.reason})`;
  const final = new Map(afterFirst);
  for (const file of applied.files) final.set(file.file, file.after);
  const key = JSON.stringify([...final].sort(([a], [b]) => a.localeCompare(b)));
  if (!judged.has(key)) judged.set(key, judge(final, checker, baseline));
  return judged.get(key);
}

/** Why the texts are not valid code (parse, comments kept, no new TypeScript error), if they are not. */
function judge(
  final: ReadonlyMap<string, string>,
  checker: FixtureChecker,
  baseline: readonly string[],
): string | undefined {
  totals.typeChecked++;
  for (const [file, text] of final) {
    const original = readDisk(file);
    if (original === undefined) continue;
    const lost = lostComments(file, original, text);
    if (lost.length) return `drops comments ${JSON.stringify(lost)}`;
  }
  checker.set(final);
  try {
    for (const file of final.keys()) {
      const syntax = checker.syntaxErrors(file);
      if (syntax.length) return `${path.basename(file)} no longer parses: ${syntax.join('; ')}`;
    }
    const added = newDiagnostics(baseline, checker.diagnostics());
    return added.length ? `new TypeScript errors: ${added.join('; ')}` : undefined;
  } finally {
    checker.reset();
  }
}

/**
 * Where a call is, in terms a fix does not change: its file, SDK and operation, and its rank among
 * the file's calls of that operation. (Line, column and enclosing function move: the helper fix
 * wraps the call in a callback; a fallback adds a call, but after this one.)
 */
interface CallPlace {
  file: string;
  sdk: string;
  operation: string;
  rank: number;
  /** The enclosing function and the call's rank among the SDK's calls in it: a fix may rename the operation. */
  enclosing: string;
  rankInFunction: number;
}

function callPlace(profile: DecisionProfile, profiles: readonly DecisionProfile[]): CallPlace {
  const { file } = profile.call.range;
  const { sdk, operation } = profile.call;
  const enclosing = profile.call.enclosing.name;
  return {
    file,
    sdk,
    operation,
    rank: sameKind(profiles, { file, sdk, operation }).indexOf(profile),
    enclosing,
    rankInFunction: sameFunction(profiles, { file, sdk, enclosing }).indexOf(profile),
  };
}

/**
 * The call after a fix: the same operation at the same rank, or, where the fix changed the
 * operation (structured outputs turn `chat.completions.create` into `parse`), the same rank among
 * the SDK's calls of the same function.
 */
function findPlace(place: CallPlace, profiles: readonly DecisionProfile[]): DecisionProfile | undefined {
  return sameKind(profiles, place)[place.rank] ?? sameFunction(profiles, place)[place.rankInFunction];
}

function sameFunction(
  profiles: readonly DecisionProfile[],
  place: { file: string; sdk: string; enclosing: string },
): DecisionProfile[] {
  return callsOfFile(profiles, place, (profile) => profile.call.enclosing.name === place.enclosing);
}

function sameKind(
  profiles: readonly DecisionProfile[],
  place: { file: string; sdk: string; operation: string },
): DecisionProfile[] {
  return callsOfFile(profiles, place, (profile) => profile.call.operation === place.operation);
}

/** In source order, each call once (the re-analysis of two files can list a call twice). */
function callsOfFile(
  profiles: readonly DecisionProfile[],
  place: { file: string; sdk: string },
  alike: (profile: DecisionProfile) => boolean,
): DecisionProfile[] {
  const byId = new Map<string, DecisionProfile>();
  for (const profile of profiles)
    if (profile.call.range.file === place.file && profile.call.sdk === place.sdk && alike(profile))
      byId.set(profile.call.id, profile);
  return [...byId.values()].sort((x, y) => x.call.range.start - y.call.range.start);
}

/** The distinct fixes of some findings (one fix offered by two findings counts once), in order. */
function distinct(findings: readonly Finding[]): Fix[] {
  const byKey = new Map<string, Fix>();
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      const key = JSON.stringify([fix.edits, fix.newFiles ?? []]);
      if (!byKey.has(key)) byKey.set(key, fix);
    }
  }
  return [...byKey.values()];
}
