import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { DEFAULT_SETTINGS } from '../../src/vscode/contract';
import * as core from '../../src/vscode/core-entry';
import { FolderAnalysis, type DocumentSnapshot, type FolderAnalysisDeps } from '../../src/vscode/folder-analysis';

/**
 * FolderAnalysis's queue under load, without VS Code: the races the extension-host suite
 * (test/vscode/suite/load.test.ts) can only hit by timing, made deterministic here.
 */

const SOURCES = path.resolve(__dirname, '..', 'vscode', 'workspace');

interface Harness {
  folder: FolderAnalysis;
  root: string;
  changed: string[][];
  errors: string[];
  open: DocumentSnapshot[];
  /** Holds the folder's first load until `release()`: the queue is busy meanwhile. */
  release: () => void;
}

function harness(
  options: { gated?: boolean; core?: typeof core; activeFile?: (root: string) => string } = {},
): Harness {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oa-folder-analysis-'));
  fs.copyFileSync(path.join(SOURCES, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  fs.mkdirSync(path.join(root, 'src', 'retry'), { recursive: true });
  fs.copyFileSync(path.join(SOURCES, 'src', 'support.ts'), path.join(root, 'src', 'support.ts'));
  for (const file of ['classify.ts', 'retry-helpers.ts'])
    fs.copyFileSync(path.join(SOURCES, 'src', 'retry', file), path.join(root, 'src', 'retry', file));
  let release = () => {};
  const gate = options.gated ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  const changed: string[][] = [];
  const errors: string[] = [];
  const open: DocumentSnapshot[] = [];
  const quiet = () => undefined;
  const deps: FolderAnalysisDeps = {
    core: () => options.core ?? core,
    settings: () => DEFAULT_SETTINGS,
    openDocuments: () => open.filter((document) => !document.isClosed),
    log: {
      info: quiet,
      warn: quiet,
      debug: quiet,
      trace: quiet,
      error: (message: string) => errors.push(message),
    } as unknown as vscode.LogOutputChannel,
    withProgress: (_title, task) => gate.then(task),
    changed: (files) => changed.push([...files]),
    activeFile: () => options.activeFile?.(root),
  };
  const folder = new FolderAnalysis(
    { uri: { fsPath: root }, name: 'workspace', index: 0 } as unknown as vscode.WorkspaceFolder,
    deps,
  );
  return { folder, root, changed, errors, open, release: () => release() };
}

function snapshot(fileName: string, text: string, version: number): DocumentSnapshot & { isClosed: boolean } {
  return { fileName, version, isDirty: true, isClosed: false, getText: () => text };
}

describe('FolderAnalysis under load', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  it('analyses a reopened document, not the closed one whose run still waits in the queue', async () => {
    const { folder, root, release } = harness({ gated: true });
    roots.push(root);
    const file = path.join(root, 'src', 'support.ts');
    const saved = fs.readFileSync(file, 'utf8');
    // Opened and edited while the first load holds the queue...
    const first = snapshot(file, `// first\n${saved}`, 7);
    const firstRun = folder.analyseDocument(first);
    // ...closed unsaved, reopened (a new document, at version 1) and edited again.
    first.isClosed = true;
    await folder.closeDocument(file);
    // (Neither is among the open documents the load feeds: only the runs queued for them analyse them.)
    const second = snapshot(file, `// second\n// buffer\n${saved}`, 1);
    const secondRun = folder.analyseDocument(second);
    assert.notEqual(secondRun, firstRun, 'the reopened document gets a run of its own');
    release();
    await Promise.all([firstRun, secondRun]);
    const state = folder.stateOf(file);
    assert.equal(state?.version, 1, 'the state is of the reopened document');
    const lines = state.analysis.profiles.map((profile) => profile.call.range.line).sort((a, b) => a - b);
    // support.ts's first call is on line 12: two lines lower in the second buffer.
    assert.equal(lines[0], 14);
  });

  it("shows the first file's findings before the load without fixes, and gives its fixes after the load", async () => {
    const { folder, root, changed, release } = harness({ gated: true });
    roots.push(root);
    const file = path.join(root, 'src', 'support.ts');
    const saved = { ...snapshot(file, fs.readFileSync(file, 'utf8'), 1), isDirty: false };
    const run = folder.analyseDocument(saved);
    // The preview runs ahead of the load, which the gate holds.
    for (let turn = 0; turn < 100 && !changed.some((files) => files.includes(file)); turn++)
      await new Promise((resolve) => setImmediate(resolve));
    const preview = folder.stateOf(file);
    assert.ok(preview && preview.analysis.findings.length > 0, 'the preview was published');
    assert.equal(preview.fixesPending, true);
    assert.deepEqual(
      preview.analysis.findings.flatMap((finding) => finding.fixes),
      [],
      'no fixes built for the preview',
    );
    const asked: { state?: Awaited<ReturnType<FolderAnalysis['currentState']>>; answered: boolean } = {
      answered: false,
    };
    const answer = folder
      .currentState(saved, { fixes: true })
      .then((state) => Object.assign(asked, { state, answered: true }));
    assert.equal(await folder.currentState(saved), preview, 'without asking for fixes, the preview answers');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked.answered, false, 'the fixes wait for the load');
    release();
    await Promise.all([run, answer]);
    const withFixes = asked.state;
    assert.ok(withFixes);
    assert.equal(withFixes.fixesPending, undefined);
    assert.equal(withFixes.version, 1);
    assert.ok(
      withFixes.analysis.findings.some((finding) => finding.fixes.length > 0),
      'the load built the fixes',
    );
  });

  it("leaves an edit's fixes for the code action that asks, and builds the same ones then", async () => {
    const { folder, root } = harness();
    roots.push(root);
    await folder.ensureLoaded();
    const file = path.join(root, 'src', 'support.ts');
    const edited = snapshot(file, `// typed\n${fs.readFileSync(file, 'utf8')}`, 2);
    await folder.analyseDocument(edited);
    const published = folder.stateOf(file);
    assert.ok(published && published.analysis.findings.length > 0);
    assert.equal(published.version, 2);
    assert.equal(published.fixesPending, true, 'the diagnostics come without the fixes');
    const withFixes = folder.stateWithFixes(file);
    assert.ok(withFixes);
    assert.equal(withFixes.fixesPending, undefined);
    assert.equal(folder.stateOf(file), withFixes, 'built once, kept');
    // The same fixes as an analysis that builds them at once (the core's default).
    const eager = core.AnalysisSession.prototype.update.call(
      (folder as unknown as { session: InstanceType<typeof core.AnalysisSession> }).session,
      file,
      edited.getText(),
    );
    const fixesOf = (findings: readonly { ruleId: string; fixes: readonly { title: string }[] }[]) =>
      findings.map((finding) => `${finding.ruleId}: ${finding.fixes.map((fix) => fix.title).join(' | ')}`);
    assert.deepEqual(fixesOf(withFixes.analysis.findings), fixesOf(eager[0]?.findings ?? []));
    assert.ok(withFixes.analysis.findings.some((finding) => finding.fixes.length > 0));
  });

  it('builds no fixes from an analysis of text fed over since, and says they are still pending', async () => {
    const { folder, root } = harness();
    roots.push(root);
    await folder.ensureLoaded();
    const file = path.join(root, 'src', 'support.ts');
    const saved = fs.readFileSync(file, 'utf8');
    await folder.analyseDocument(snapshot(file, `// one\n${saved}`, 2));
    const first = folder.stateOf(file);
    // Another file's text reaches the session: the program the first analysis ran on is gone.
    const classify = path.join(root, 'src', 'retry', 'classify.ts');
    await folder.analyseDocument(snapshot(classify, `// other\n${fs.readFileSync(classify, 'utf8')}`, 2));
    assert.equal(first?.analysis.attachFixes?.(), false);
    const state = folder.stateWithFixes(file);
    assert.equal(state?.fixesPending, true, 'left for a new analysis (`currentState` with fixes)');
    // The light bulb at that text: the same text analysed again, with its fixes.
    const again = await folder.stateForLightBulb(snapshot(file, `// one\n${saved}`, 2));
    assert.equal(again?.version, 2);
    assert.equal(again?.fixesPending, undefined);
    assert.ok(again?.analysis.findings.some((finding) => finding.fixes.length > 0));
    // Nothing for a text the debounce has not fed yet.
    assert.equal(await folder.stateForLightBulb(snapshot(file, `// one more\n${saved}`, 3)), undefined);
  });

  it('publishes nothing of an audit cancelled while it analyses, and keeps the previous results', async () => {
    const { folder, root, changed } = harness();
    roots.push(root);
    await folder.ensureLoaded();
    const support = path.join(root, 'src', 'support.ts');
    const before = folder.stateOf(support);
    assert.ok(before && before.analysis.findings.length > 0);
    changed.length = 0;
    const controller = new AbortController();
    // The core reports the analyse phase at its end and returns normally: a cancel that arrives
    // during that synchronous phase is the extension's to honour.
    const audit = folder.audit({
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'analyse') controller.abort();
      },
    });
    await assert.rejects(audit, (error: Error) => error.name === 'AuditCancelledError');
    assert.deepEqual(changed, [], 'no result of the cancelled audit was published');
    assert.equal(folder.stateOf(support), before, 'the previous analysis stays');
  });

  it('does not start an audit cancelled while it waited for the queue', async () => {
    const { folder, root, changed } = harness();
    roots.push(root);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      folder.audit({ signal: controller.signal }),
      (error: Error) => error.name === 'AuditCancelledError',
    );
    assert.equal(folder.isLoaded, false);
    assert.deepEqual(changed, []);
  });

  it('forgets the results of every file under a deleted folder (the watcher reports the folder alone)', async () => {
    const { folder, root, changed } = harness();
    roots.push(root);
    await folder.ensureLoaded();
    const classify = path.join(root, 'src', 'retry', 'classify.ts');
    const support = path.join(root, 'src', 'support.ts');
    assert.ok(folder.stateOf(classify) && folder.stateOf(support));
    changed.length = 0;
    fs.rmSync(path.join(root, 'src', 'retry'), { recursive: true });
    await folder.removeFolder(path.join(root, 'src', 'retry'));
    assert.equal(folder.stateOf(classify), undefined);
    assert.ok(folder.stateOf(support), 'files outside the folder stay');
    assert.ok(changed.flat().includes(classify), 'the change is published');
    // A folder of the same name prefix is not under it.
    await folder.removeFolder(path.join(root, 'src', 'supp'));
    assert.ok(folder.stateOf(support));
  });

  /** A loaded folder whose session records the files it warms up; support.ts is the active file. */
  async function loadedRecordingWarmUps(): Promise<{ folder: FolderAnalysis; root: string; warmed: string[] }> {
    const warmed: string[] = [];
    class RecordingSession extends core.AnalysisSession {
      override warmUp(file: string): boolean {
        warmed.push(path.basename(file));
        return super.warmUp(file);
      }
    }
    const { folder, root } = harness({
      core: { ...core, AnalysisSession: RecordingSession },
      activeFile: (folderRoot) => path.join(folderRoot, 'src', 'support.ts'),
    });
    roots.push(root);
    await folder.ensureLoaded();
    return { folder, root, warmed };
  }

  async function settle(): Promise<void> {
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  it('warms up the edits of the active file after a load, one round per turn of the queue', async () => {
    const { warmed } = await loadedRecordingWarmUps();
    assert.deepEqual(warmed, [], 'the load publishes before it warms up');
    await settle();
    assert.deepEqual(warmed, ['support.ts', 'support.ts', 'support.ts']);
  });

  it('stops warming up once the user edits', async () => {
    const { folder, root, warmed } = await loadedRecordingWarmUps();
    const file = path.join(root, 'src', 'support.ts');
    await folder.analyseDocument(snapshot(file, `// edited\n${fs.readFileSync(file, 'utf8')}`, 2));
    await settle();
    assert.deepEqual(warmed, []);
    assert.equal(folder.stateOf(file)?.version, 2);
  });

  it('resolves idle() after everything queued before it', async () => {
    const { folder, root, release } = harness({ gated: true });
    roots.push(root);
    const file = path.join(root, 'src', 'support.ts');
    const document = snapshot(file, fs.readFileSync(file, 'utf8'), 3);
    const run = folder.analyseDocument(document);
    let analysed = false;
    void run.then(() => (analysed = true));
    const idle = folder.idle();
    release();
    await idle;
    assert.equal(analysed, true);
    assert.equal(folder.stateOf(file)?.version, 3);
  });
});
