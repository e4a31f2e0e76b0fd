import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFixes } from '../../src/core/fixes/apply';
import { AnalysisSession } from '../../src/core/index';
import { existingOnDisk, readDisk } from './fixes/support/disk';
import { TempWorkspaces } from './workspace/temp-workspace';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'caller-handles-two-up');
const SUMMARIZE = path.join(FIXTURE, 'src/digest/summarize.ts');
const ROUTE = path.join(FIXTURE, 'src/routes/digest.ts');

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** The route's handler with its try/catch taken away: the call it reaches is no longer handled there. */
function routeWithoutCatch(): string {
  return read(ROUTE).replace(/try \{([\s\S]*?)\} catch \(error\) \{[\s\S]*?\n {2}\}\n/, '$1');
}

/** Plain data, for comparing analyses made in two sessions. */
function json(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function rulesAtLine(findings: { ruleId: string; span: { line: number } }[], line: number): string[] {
  return findings
    .filter((finding) => finding.span.line === line)
    .map((finding) => finding.ruleId)
    .sort();
}

describe('AnalysisSession', () => {
  let session: AnalysisSession;

  beforeEach(async () => {
    session = new AnalysisSession({ root: FIXTURE });
    await session.load();
  });

  it("reads the language's standard declarations, unless a load is asked to do without them", async () => {
    const standard = (files: string[]) => files.filter((file) => /[\\/]typescript[\\/]lib[\\/]lib\./.test(file));
    assert.ok(standard(session.programFiles().files).some((file) => file.endsWith('lib.es2015.promise.d.ts')));
    const alone = new AnalysisSession({ root: FIXTURE });
    const result = await alone.load({ paths: [SUMMARIZE], fixes: false, standardLibrary: false });
    assert.deepEqual(standard(alone.programFiles().files), []);
    assert.ok(result.profiles.length > 0, 'the file is analysed all the same');
  });

  it('re-analyses an edited file from its unsaved text', () => {
    const handled = read(SUMMARIZE).replace(
      'export async function tagTopics(text: string): Promise<string[]> {',
      'export async function tagTopics(text: string): Promise<string[]> {\n  try { return await tagTopicsUnsafe(text); } catch (error) { console.error({ error }); return []; }\n}\n\nasync function tagTopicsUnsafe(text: string): Promise<string[]> {',
    );
    assert.notEqual(handled, read(SUMMARIZE), 'the fixture still has tagTopics');
    const [result] = session.update(SUMMARIZE, handled);
    assert.equal(result.file, SUMMARIZE);
    assert.equal(result.profiles.length, 3);
    const tagTopics = result.profiles.find((profile) => profile.call.enclosing.name === 'tagTopicsUnsafe');
    assert.equal(tagTopics?.failure.handledBy, 'caller');
    assert.ok(!result.findings.some((finding) => finding.ruleId === 'unhandled-model-error'));
  });

  it('re-analyses the files with model calls that an edited caller imports', () => {
    const unguarded = routeWithoutCatch();
    assert.notEqual(unguarded, read(ROUTE), 'the fixture still has the try/catch');
    const results = session.update(ROUTE, unguarded);
    const summarize = results.find((result) => result.file === SUMMARIZE);
    assert.ok(summarize, `summarize.ts was not re-analysed: ${results.map((result) => result.file).join(', ')}`);
    const call = summarize.profiles.find((profile) => profile.call.enclosing.name === 'summarize');
    assert.equal(call?.failure.handledBy, 'exported');
  });

  it('leaves the files an edit affects for later when asked, then gives what an update would have', async () => {
    const unguarded = routeWithoutCatch();
    const now = session.update(ROUTE, unguarded);
    const later = new AnalysisSession({ root: FIXTURE });
    await later.load();
    const edited = later.update(ROUTE, unguarded, { dependents: 'later' });
    assert.deepEqual(
      edited.map((result) => result.file),
      [ROUTE],
    );
    assert.deepEqual(later.pendingDependents(), [SUMMARIZE]);
    // A second edit of the same file keeps what the first left, and its own text is what counts.
    later.update(ROUTE, `${unguarded}\n// reviewed\n`, { dependents: 'later' });
    later.update(ROUTE, unguarded, { dependents: 'later' });
    const refreshed = later.refreshDependents();
    assert.deepEqual(later.pendingDependents(), []);
    const expected = now.filter((result) => result.file !== ROUTE);
    assert.deepEqual(json(refreshed), json(expected));
    const call = refreshed[0].profiles.find((profile) => profile.call.enclosing.name === 'summarize');
    assert.equal(call?.failure.handledBy, 'exported');
    assert.deepEqual(later.refreshDependents(), [], 'nothing is left');
  });

  it('keeps the files left for later through an update that returns them now', () => {
    const unguarded = routeWithoutCatch();
    session.update(ROUTE, unguarded, { dependents: 'later' });
    // A fix-all pass analyses with `now` and keeps nothing: what was left stays left.
    session.update(ROUTE, unguarded);
    assert.deepEqual(session.pendingDependents(), [SUMMARIZE]);
  });

  it('warms up the edit path of a file and leaves the session as it was', async () => {
    assert.equal(session.warmUp(ROUTE), true);
    assert.deepEqual(session.pendingDependents(), [], 'the warm-up leaves nothing for later');
    const unguarded = routeWithoutCatch();
    session.update(ROUTE, unguarded, { dependents: 'later' });
    // The route's unsaved text is what the warm-up edits, and what stays.
    assert.equal(session.warmUp(ROUTE), true);
    assert.deepEqual(session.pendingDependents(), [SUMMARIZE], 'what was left for later stays left');
    const cold = new AnalysisSession({ root: FIXTURE });
    await cold.load();
    cold.update(ROUTE, unguarded, { dependents: 'later' });
    assert.deepEqual(json(session.refreshDependents()), json(cold.refreshDependents()));
    assert.deepEqual(json(session.update(ROUTE, unguarded)), json(cold.update(ROUTE, unguarded)));
    // A file the session does not hold has nothing to warm up.
    assert.equal(session.warmUp(path.join(FIXTURE, 'src/notes.ts')), false);
  });

  it('gives the file its own text back when the warm-up fails', async () => {
    const update = session.update.bind(session);
    let calls = 0;
    session.update = (file, text, options) => {
      calls++;
      if (calls === 1) throw new Error('the rehearsal failed');
      return update(file, text, options);
    };
    assert.throws(() => session.warmUp(ROUTE), /the rehearsal failed/);
    assert.equal(calls, 2, 'the text was given back');
    session.update = update;
    const cold = new AnalysisSession({ root: FIXTURE });
    await cold.load();
    assert.deepEqual(json(session.refreshDependents()), json(cold.refreshDependents()));
    assert.deepEqual(json(session.update(SUMMARIZE, read(SUMMARIZE))), json(cold.update(SUMMARIZE, read(SUMMARIZE))));
  });

  it('reports a file that no longer parses instead of analysing it', () => {
    const [result] = session.update(SUMMARIZE, `${read(SUMMARIZE)}\nexport function broken( {`);
    assert.match(result.skipped ?? '', /^does not parse: .*line \d+/);
    assert.deepEqual(result.profiles, []);
  });

  it('answers at once for a file that cannot hold a model call', () => {
    const results = session.update(path.join(FIXTURE, 'src/notes.ts'), 'export const note = "no models here";\n');
    assert.deepEqual(
      results.map((result) => [path.basename(result.file), result.profiles.length]),
      [['notes.ts', 0]],
    );
  });

  it('builds no fixes when asked not to, and finds the same otherwise', async () => {
    const withFixes = await new AnalysisSession({ root: FIXTURE }).load();
    const without = await new AnalysisSession({ root: FIXTURE }).load({ fixes: false });
    const fixCount = (findings: { fixes: unknown[] }[]) =>
      findings.reduce((sum, finding) => sum + finding.fixes.length, 0);
    assert.ok(fixCount(withFixes.findings) > 0, 'the fixture has fixes to offer');
    assert.equal(fixCount(without.findings), 0);
    const bare = (findings: unknown[]) => json(findings.map((finding) => ({ ...(finding as object), fixes: [] })));
    assert.deepEqual(bare(without.findings), bare(withFixes.findings));
    assert.deepEqual(json(without.profiles), json(withFixes.profiles));
  });

  it("leaves an edit's fixes for later when asked, and builds the same ones in that program only", async () => {
    const edited = `// typed\n${read(SUMMARIZE)}`;
    const [now] = session.update(SUMMARIZE, edited);
    const [later] = session.update(SUMMARIZE, `${edited}\n`, { fixes: 'later' });
    const fixCount = (findings: { fixes: unknown[] }[]) =>
      findings.reduce((sum, finding) => sum + finding.fixes.length, 0);
    assert.ok(fixCount(now.findings) > 0, 'the file has fixes to offer');
    assert.equal(now.attachFixes, undefined, 'built already');
    const before = fixCount(later.findings);
    assert.ok(before < fixCount(now.findings), "only the rules' own fixes before");
    assert.equal(later.attachFixes?.(), true);
    const titles = (findings: { ruleId: string; fixes: { title: string }[] }[]) =>
      findings.map((finding) => `${finding.ruleId}: ${finding.fixes.map((fix) => fix.title).join(' | ')}`);
    assert.deepEqual(titles(later.findings), titles(now.findings));
    assert.equal(later.attachFixes?.(), true, 'once: asking again builds nothing more');
    assert.equal(fixCount(later.findings), fixCount(now.findings));
    // Another text: the program that analysis ran on is gone, and so are its fixes.
    const [stale] = session.update(SUMMARIZE, edited, { fixes: 'later' });
    session.update(SUMMARIZE, `${edited}\n\n`);
    assert.equal(stale.attachFixes?.(), false);
    session.update(SUMMARIZE, read(SUMMARIZE));
  });

  it('keeps the findings of the loaded workspace for untouched files', async () => {
    const fresh = await new AnalysisSession({ root: FIXTURE }).load();
    const [result] = session.update(SUMMARIZE, read(SUMMARIZE));
    const expected = fresh.findings.filter((finding) => finding.span.file === SUMMARIZE);
    assert.deepEqual(rulesAtLine(result.findings, 28), rulesAtLine(expected, 28));
    assert.equal(result.findings.length, expected.length);
  });
});

describe('AnalysisSession: a quick fix applied in the editor', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  it('understands the orchestration helper the fix wrote, without a reload', async () => {
    // In the repository, so that the helper's types and the SDK's resolve as in a real project.
    const root = workspaces.fixtureCopy('inRepo');
    const session = new AnalysisSession({ root });
    const loaded = await session.load();
    const finding = loaded.findings.find(
      (item) => item.ruleId === 'implicit-timeout' && item.fixes.some((fix) => fix.id === 'orchestration-helper'),
    );
    assert.ok(finding, 'the fixture offers the helper fix on an implicit timeout');
    const fix = finding.fixes.find((item) => item.id === 'orchestration-helper');
    assert.ok(fix);
    const applied = applyFixes([fix], readDisk, existingOnDisk);
    // As the editor does: the created helper first (a file watcher), then the edited document.
    for (const file of applied.files.filter((item) => item.created)) session.update(file.file, file.after);
    const edited = applied.files.find((item) => !item.created);
    assert.ok(edited);
    const results = session.update(edited.file, edited.after);
    // The call now sits in the arrow function handed to callModel, inside summarizeTicket.
    const lines = edited.after.split('\n');
    const from = lines.findIndex((line) => line.includes('function summarizeTicket')) + 1;
    const to = lines.findIndex((line) => line.includes('function draftReply')) + 1;
    const call = results
      .flatMap((result) => result.profiles)
      .find((profile) => profile.call.range.line > from && profile.call.range.line < to);
    assert.equal(call?.timeout.label, 'timer in callModel');
    assert.equal(call?.retry.worstCaseAttempts, 3);
    const rules = results.flatMap((result) => result.findings).filter((item) => item.callId === call?.call.id);
    assert.deepEqual(
      rules.map((item) => item.ruleId).filter((rule) => ['implicit-timeout', 'implicit-retry-policy'].includes(rule)),
      [],
    );
  });
});

describe('AnalysisSession: a helper module a file with model calls starts to import', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  const RETRY = `export async function withRetries<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await work();
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 250));
    }
  }
  throw last;
}
`;
  const CHAT = `import OpenAI from 'openai';

const openai = new OpenAI({ maxRetries: 0 });

export async function answer(question: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`;

  it('reads the helper, which names no model SDK, once the edit imports it', async () => {
    const root = workspaces.make('outside', { 'src/lib/retry.ts': RETRY, 'src/chat.ts': CHAT }, 'oa-session-');
    const session = new AnalysisSession({ root });
    await session.load();
    const wrapped = CHAT.replace(
      "import OpenAI from 'openai';",
      "import OpenAI from 'openai';\nimport { withRetries } from './lib/retry';",
    )
      .replace('const completion = await openai', 'const completion = await withRetries(() => openai')
      .replace('  });\n  return', '  }));\n  return');
    const [result] = session.update(path.join(root, 'src/chat.ts'), wrapped);
    assert.equal(result.profiles[0]?.retry.worstCaseAttempts, 3);
  });
});
