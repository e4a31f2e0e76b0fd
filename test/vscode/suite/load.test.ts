import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AuditProgress } from '../../../src/core/index';
import type { OrchestrationAuditApi } from '../../../src/vscode/api';
import type { AuditSummary } from '../../../src/vscode/audit-command';
import { Commands } from '../../../src/vscode/contract';
import {
  analysed,
  api,
  core,
  expectedAnalysis,
  keyOfFinding,
  metrics,
  open,
  ourDiagnostics,
  revert,
  sortedKeys,
  uriOf,
  waitFor,
  waitForDiagnostics,
  workspaceRoot,
} from './helpers';

/**
 * Editor under load (issue 6): a workspace large enough that an audit takes seconds, typed into,
 * cancelled and closed under while it runs. Runs last (index.ts orders it so): it grows the
 * workspace copy, and its final test checks the log of the whole run.
 */

const SUPPORT = 'src/support.ts';
/** Generated under the workspace copy; removed again at the end. */
const LOAD_DIR = 'load';
/** Copies of the workspace's sources (7 files with model calls each) and plain modules beside them. */
const COPIES = Number(process.env.OA_LOAD_COPIES ?? 150);
const PLAIN_FILES = Number(process.env.OA_LOAD_PLAIN_FILES ?? 1000);
/** No result of a cancelled audit may arrive later than this after the cancel (issue 6). */
const CANCEL_BUDGET_MS = 1000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function loadPath(...parts: string[]): string {
  return path.join(workspaceRoot(), LOAD_DIR, ...parts);
}

/** The pristine sources the runners copied the workspace from (the copy's own may have been edited). */
function sourceFolder(): string {
  const source = process.env.OA_TEST_SOURCE_WORKSPACE;
  return source && fs.existsSync(path.join(source, 'src'))
    ? path.join(source, 'src')
    : path.join(workspaceRoot(), 'src');
}

/** Writes the generated workspace part and returns its files. */
function generate(): string[] {
  const files: string[] = [];
  const copy = (from: string, to: string) => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) {
        fs.mkdirSync(target, { recursive: true });
        copy(source, target);
      } else {
        fs.copyFileSync(source, target);
        files.push(target);
      }
    }
  };
  for (let index = 1; index <= COPIES; index++) {
    const folder = loadPath(`copy-${String(index).padStart(3, '0')}`);
    fs.mkdirSync(folder, { recursive: true });
    copy(sourceFolder(), folder);
  }
  fs.mkdirSync(loadPath('plain'), { recursive: true });
  for (let index = 1; index <= PLAIN_FILES; index++) {
    const file = loadPath('plain', `module-${index}.ts`);
    fs.writeFileSync(
      file,
      `export interface Item${index} {\n  id: string;\n  count: number;\n}\n\nexport function make${index}(id: string): Item${index} {\n  return { id, count: ${index} };\n}\n`,
    );
    files.push(file);
  }
  return files;
}

/** Sets a workspace setting of the extension and waits until the extension has acted on it. */
async function updateSetting(exports: OrchestrationAuditApi, key: string, value: unknown): Promise<void> {
  const seen = new Promise<void>((resolve) => {
    const listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(`orchestrationAudit.${key}`)) return;
      listener.dispose();
      resolve();
    });
  });
  await vscode.workspace
    .getConfiguration('orchestrationAudit')
    .update(key, value, vscode.ConfigurationTarget.Workspace);
  // The extension subscribed before the suite did: once the suite hears of it, the reload is queued.
  await Promise.race([seen, pause(10_000)]);
  await exports.whenIdle();
}

/** Open (undocumented) findings of the core for `relativePath` with `text`, as diagnostic keys. */
async function expectedKeys(relativePath: string, text?: string): Promise<string[]> {
  const expected = await expectedAnalysis(relativePath, text);
  return expected.findings
    .filter((finding) => !finding.documentedBy)
    .map(keyOfFinding)
    .sort();
}

/** Closes the active editor, throwing its unsaved changes away (the editor's Revert and Close). */
async function revertAndClose(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** Records when results were published: the extension's change events, and our diagnostics of the generated files. */
function recordPublications(exports: OrchestrationAuditApi): { times: number[]; dispose(): void } {
  const times: number[] = [];
  const root = loadPath();
  const subscriptions = [
    exports.onDidChangeAnalysis(() => times.push(Date.now())),
    vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((uri) => uri.fsPath.startsWith(root))) times.push(Date.now());
    }),
  ];
  return { times, dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) };
}

/** The longest time the extension host's event loop did not run a 10 ms timer (a synchronous block). */
function stallMonitor(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(longest, performance.now() - last));
    },
  };
}

describe('Editor under load', function () {
  this.timeout(180_000);
  let exports: OrchestrationAuditApi;
  let generated: string[] = [];
  /** A generated file with model calls. */
  let sample: vscode.Uri;

  before(async function () {
    this.timeout(300_000);
    exports = await api();
    // The folder is loaded (by the earlier suites; by this when the suite runs alone): every file
    // written into it would be re-analysed one by one as the watcher reports it. Exclude the
    // generated folder while writing, then load it at once.
    await analysed((await open(SUPPORT)).document);
    await updateSetting(exports, 'exclude', [`${LOAD_DIR}/**`]);
    const root = workspaceRoot();
    const seen = new Set<string>();
    let lastEvent = Number.POSITIVE_INFINITY;
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(root, `${LOAD_DIR}/**`),
      false,
      true,
      true,
    );
    watcher.onDidCreate((uri) => {
      seen.add(uri.fsPath);
      lastEvent = Date.now();
    });
    const started = Date.now();
    generated = generate();
    lastEvent = Date.now();
    // Wait for the watcher to report the files (or to go quiet: it may report a new folder alone).
    await waitFor(
      'the watcher to report the generated files',
      () => generated.every((file) => seen.has(file)) || Date.now() - lastEvent > 3000,
      120_000,
    );
    metrics().loadWatcherReported = seen.size;
    watcher.dispose();
    await exports.whenIdle();
    await updateSetting(exports, 'exclude', undefined);
    metrics().loadWorkspaceFiles = generated.length;
    metrics().loadWorkspaceSetupMs = Date.now() - started;
    sample = vscode.Uri.file(loadPath('copy-001', 'support.ts'));
    const state = exports.fileAnalysis(sample);
    assert.ok(state && state.profiles.length > 0, 'the generated copies are analysed');
  });

  after(async function () {
    this.timeout(120_000);
    for (const document of vscode.workspace.textDocuments) await revert(document);
  });

  it('measures how long each phase of a load of the generated workspace holds the extension host', async () => {
    // The core's own session, outside the extension: which phases let a cancel in, and when.
    const session = new (core().AnalysisSession)({ root: workspaceRoot() });
    const started = performance.now();
    const marks: { phase: AuditProgress['phase']; at: number }[] = [];
    const stall = stallMonitor();
    const result = await session.load({
      onProgress: (progress) => marks.push({ phase: progress.phase, at: performance.now() - started }),
    });
    const longestStall = stall.stop();
    const scans = marks.filter((mark) => mark.phase === 'scan');
    const lastScan = scans.at(-1)?.at ?? 0;
    const parse = marks.find((mark) => mark.phase === 'parse')?.at ?? lastScan;
    const analyse = marks.find((mark) => mark.phase === 'analyse')?.at ?? parse;
    Object.assign(metrics(), {
      loadFilesScanned: result.stats.filesScanned,
      loadFilesParsed: result.stats.filesParsed,
      loadDiscoverAndFirstReadsMs: Math.round(scans[0]?.at ?? 0),
      loadScanMs: Math.round(lastScan),
      loadParseBlockMs: Math.round(parse - lastScan),
      loadAnalyseBlockMs: Math.round(analyse - parse),
      loadLongestStallMs: longestStall,
    });
    assert.ok(result.stats.filesParsed >= COPIES * 6, `parsed ${result.stats.filesParsed}`);
    assert.ok(scans.length > 1, 'the scan phase reports progress (and lets the event loop run) as it reads');
  });

  it("keeps a document's diagnostics on its latest text when it is typed into while the workspace audit runs", async () => {
    const { document } = await open(SUPPORT);
    await analysed(document);
    const header = '// typed while the workspace audit runs\n';
    const audit = Promise.resolve(vscode.commands.executeCommand<AuditSummary>(Commands.auditWorkspace));
    await waitFor('the audit to start', () => exports.auditStatus() === 'running');
    const stall = stallMonitor();
    let editsDuringAudit = 0;
    const typed = async (apply: () => Thenable<boolean>) => {
      // The audit ends by opening the report over the editor: the person typing goes back to it.
      // (A visible report rebuilds and re-sends the whole register after every change: on this
      // workspace that holds the extension host for seconds per edit.)
      if (vscode.window.activeTextEditor?.document !== document)
        await vscode.window.showTextDocument(document, { preview: false });
      const running = exports.auditStatus() === 'running';
      assert.ok(await apply(), 'the edit applied');
      if (running) editsDuringAudit++;
      await pause(30);
    };
    // WorkspaceEdits, not TextEditor.edit: the TextEditor object of the moment the report covers
    // the editor cannot be edited any more (VS Code: "Illegal argument: TextEditor").
    // Type a header comment, three characters at a time.
    for (let offset = 0; offset < header.length; offset += 3) {
      const chunk = header.slice(offset, offset + 3);
      await typed(() => applyEdit(document, (edit) => edit.insert(document.uri, document.positionAt(offset), chunk)));
    }
    // Drop the output-token bound of the first call...
    await typed(() =>
      applyEdit(document, (edit) =>
        edit.delete(
          document.uri,
          document.lineAt(lineWith(document, 'max_completion_tokens: 300,')).rangeIncludingLineBreak,
        ),
      ),
    );
    // ...and bound the streaming call's instead.
    await typed(() =>
      applyEdit(document, (edit) =>
        edit.insert(
          document.uri,
          document.lineAt(lineWith(document, 'stream: true,')).range.end,
          ' max_completion_tokens: 200,',
        ),
      ),
    );
    const summary = await audit;
    metrics().typingAuditLongestStallMs = stall.stop();
    metrics().editsDuringAudit = editsDuringAudit;
    assert.ok(summary && !summary.cancelled, 'the audit completed');
    assert.equal(exports.auditStatus(), 'completed');
    // The copies hold files the audit does not read (a folder's .prettierrc.json): sources only.
    const sources = generated.filter((file) => /\.[cm]?[jt]sx?$/.test(file)).length;
    assert.ok(summary.filesScanned >= sources, `scanned ${summary.filesScanned} of ${sources} generated sources`);
    assert.ok(editsDuringAudit > 0, 'some edits were made while the audit ran');

    await exports.whenIdle();
    const keys = await expectedKeys(SUPPORT, document.getText());
    assert.notDeepEqual(keys, await expectedKeys(SUPPORT), 'the edits change the findings (stale results would show)');
    await waitForDiagnostics(
      document.uri,
      'the diagnostics of the final text',
      (found) => sortedKeys(found).join() === keys.join(),
    );
    assert.deepEqual(sortedKeys(ourDiagnostics(document.uri)), keys);
    assert.equal(
      exports.fileAnalysis(document.uri)?.version,
      document.version,
      'the extension analysed the final version',
    );
    await revert(document);
    await exports.whenIdle();
    const saved = await expectedKeys(SUPPORT);
    await waitForDiagnostics(
      document.uri,
      "the saved file's diagnostics after the revert",
      (found) => sortedKeys(found).join() === saved.join(),
    );
  });

  for (const scenario of [
    { when: 'as soon as it starts reading', late: false },
    { when: 'once it is past reading the files (parsing or analysing)', late: true },
  ]) {
    it(`stops publishing within ${CANCEL_BUDGET_MS / 1000} s when the audit is cancelled ${scenario.when}, and says it was cancelled`, async () => {
      // (After the audit suite, or the test above, every file shows its diagnostics.)
      const before = sortedKeys(ourDiagnostics(sample));
      const scanMs = Number(metrics().loadScanMs ?? 0);
      // Late: past the scan phase (measured above), so that the cancel lands in a synchronous phase.
      const delayMs = scenario.late ? Math.max(200, Math.round(scanMs * 2)) : 0;
      const publications = recordPublications(exports);
      const stall = stallMonitor();
      const started = Date.now();
      const audit = Promise.resolve(vscode.commands.executeCommand<AuditSummary>(Commands.auditWorkspace));
      await waitFor('the audit to start', () => exports.auditStatus() === 'running');
      // Like a click on Cancel at `due`: the host runs it only when its event loop is free.
      const due = started + delayMs;
      await new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      const cancelledAt = Date.now();
      assert.equal(await vscode.commands.executeCommand<boolean>(Commands.cancelAudit), true, 'an audit was running');
      const summary = await audit;
      const endedAt = Date.now();
      await exports.whenIdle();
      // The Model Calls tree refreshes 200 ms after a change: leave it the time to show a late one.
      await pause(500);
      publications.dispose();
      const longestStall = stall.stop();
      const key = scenario.late ? 'cancelLate' : 'cancelEarly';
      Object.assign(metrics(), {
        [`${key}WaitedMs`]: cancelledAt - due,
        [`${key}ToEndMs`]: endedAt - cancelledAt,
        [`${key}LongestStallMs`]: longestStall,
      });

      const late = publications.times
        .filter((time) => time > cancelledAt + CANCEL_BUDGET_MS)
        .map((time) => time - cancelledAt);
      assert.deepEqual(late, [], `results published later than ${CANCEL_BUDGET_MS} ms after the cancel (ms after it)`);
      assert.ok(summary?.cancelled, 'the audit says it was cancelled');
      assert.equal(exports.auditStatus(), 'cancelled');
      assert.ok(
        exports.recentLog().some((line) => line.message === 'Audit cancelled.'),
        'the log says the audit was cancelled',
      );
      assert.deepEqual(sortedKeys(ourDiagnostics(sample)), before, 'the cancelled audit changed nothing');
      assert.equal(
        await vscode.commands.executeCommand<boolean>(Commands.cancelAudit),
        false,
        'nothing left to cancel',
      );
    });
  }

  describe('closing documents while their analysis is pending', () => {
    const SCRATCH = 'src/scratch-load.ts';
    const PLAIN = 'export function scratch(): string {\n  return "no model here";\n}\n';
    const MODEL_CALL =
      "import OpenAI from 'openai';\n\nconst client = new OpenAI();\n\nexport async function ask(question: string) {\n  const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });\n  return JSON.parse(reply.choices[0]?.message.content ?? '{}') as { answer: string };\n}\n";
    const scratch = () => uriOf(SCRATCH);

    before(async () => {
      fs.writeFileSync(scratch().fsPath, PLAIN);
      await waitFor('the scratch file to be analysed from disk', () => exports.fileAnalysis(scratch()) !== undefined);
    });

    after(async () => {
      for (const document of vscode.workspace.textDocuments) await revert(document);
      fs.rmSync(scratch().fsPath, { force: true });
      await waitFor('the scratch file to be forgotten', () => exports.fileAnalysis(scratch()) === undefined);
    });

    /**
     * Opens the scratch file as a person does (vscode.open: an editor, no API reference keeping the
     * document alive, so closing the editor closes the document) and replaces its text with a model
     * call, unsaved.
     */
    async function openAndEdit(): Promise<vscode.TextDocument> {
      await vscode.commands.executeCommand('vscode.open', scratch());
      const document = await waitFor("the scratch file's document", () =>
        vscode.workspace.textDocuments.find(
          (candidate) => candidate.uri.fsPath === scratch().fsPath && !candidate.isClosed,
        ),
      );
      assert.ok(
        await applyEdit(document, (edit) =>
          edit.replace(
            document.uri,
            new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)),
            MODEL_CALL,
          ),
        ),
      );
      assert.ok(document.isDirty);
      return document;
    }

    async function closed(document: vscode.TextDocument): Promise<void> {
      await revertAndClose(document);
      await waitFor('the document to close', () => document.isClosed);
    }

    it("drops the unsaved text's diagnostics when the buffer is closed without saving", async () => {
      const document = await openAndEdit();
      await waitForDiagnostics(scratch(), "the unsaved text's diagnostics", (found) => found.length > 0);
      await closed(document);
      await exports.whenIdle();
      await waitForDiagnostics(
        scratch(),
        'no diagnostics (the file on disk has no model call)',
        (found) => found.length === 0,
      );
      assert.equal(
        exports.fileAnalysis(scratch())?.profiles.length ?? 0,
        0,
        'the analysis is of the file on disk again',
      );
    });

    it('leaves nothing behind when the buffer is closed before its analysis ran', async () => {
      const document = await openAndEdit();
      // Closed within the debounce: its analysis is still waiting.
      await closed(document);
      await exports.whenIdle();
      assert.deepEqual(ourDiagnostics(scratch()), [], 'no diagnostics of the unsaved text');
      assert.equal(exports.fileAnalysis(scratch())?.profiles.length ?? 0, 0);
    });

    it('analyses a file reopened and edited while the analysis of its closed buffer waits behind an audit', async () => {
      const audit = Promise.resolve(vscode.commands.executeCommand<AuditSummary>(Commands.auditWorkspace));
      await waitFor('the audit to start', () => exports.auditStatus() === 'running');
      const first = await openAndEdit();
      // Its analysis is queued behind the audit (analyse now, not debounced).
      const pending = exports.analyse(first.uri);
      await closed(first);
      const second = await openAndEdit();
      assert.notEqual(second, first, 'reopening made a new document');
      const secondAnalysis = exports.analyse(second.uri);
      const summary = await audit;
      assert.ok(summary && !summary.cancelled, 'the audit completed');
      await Promise.all([pending, secondAnalysis]);
      await exports.whenIdle();
      const keys = await expectedKeys(SCRATCH, second.getText());
      assert.ok(keys.length > 0);
      await waitForDiagnostics(
        scratch(),
        "the reopened buffer's diagnostics",
        (found) => sortedKeys(found).join() === keys.join(),
        10_000,
      );
      assert.equal(
        exports.fileAnalysis(scratch())?.version,
        second.version,
        "the reopened document's version was analysed",
      );
      await revertAndClose(second);
      await exports.whenIdle();
      await waitForDiagnostics(scratch(), 'no diagnostics after closing it unsaved', (found) => found.length === 0);
    });

    it('reverts to the on-disk findings when a file with findings is closed unsaved', async () => {
      const disk = await expectedKeys(SUPPORT);
      const { document } = await open(SUPPORT);
      const line = lineWith(document, 'max_completion_tokens: 300,');
      assert.ok(
        await applyEdit(document, (edit) => edit.delete(document.uri, document.lineAt(line).rangeIncludingLineBreak)),
      );
      const dirty = await expectedKeys(SUPPORT, document.getText());
      await waitForDiagnostics(
        document.uri,
        "the unsaved text's diagnostics",
        (found) => sortedKeys(found).join() === dirty.join(),
      );
      await revertAndClose(document);
      await exports.whenIdle();
      // The workspace was audited: the file keeps diagnostics, those of its saved text.
      await waitForDiagnostics(
        document.uri,
        "the saved text's diagnostics",
        (found) => sortedKeys(found).join() === disk.join(),
        10_000,
      );
    });
  });

  // After the blocks above (mocha runs a block's own tests before its nested blocks).
  describe('closing documents in a workspace that was not audited', () => {
    const SCRATCH = 'src/scratch-unaudited.ts';
    const scratch = () => uriOf(SCRATCH);
    const MODEL_CALL =
      "import OpenAI from 'openai';\n\nconst client = new OpenAI();\n\nexport async function ask(question: string) {\n  return client.responses.create({ model: 'gpt-4.1-mini', input: question });\n}\n";

    before(async function () {
      this.timeout(300_000);
      fs.writeFileSync(scratch().fsPath, MODEL_CALL);
      // Off and on again: a fresh analysis of the folder, which no audit has filled.
      await updateSetting(exports, 'enable', false);
      await updateSetting(exports, 'enable', undefined);
    });

    after(async () => {
      for (const document of vscode.workspace.textDocuments) await revert(document);
      fs.rmSync(scratch().fsPath, { force: true });
      await exports.whenIdle();
    });

    it('shows no diagnostics for a file once it is closed unsaved (only open files show them before an audit)', async () => {
      await vscode.commands.executeCommand('vscode.open', scratch());
      const document = await waitFor("the scratch file's document", () =>
        vscode.workspace.textDocuments.find(
          (candidate) => candidate.uri.fsPath === scratch().fsPath && !candidate.isClosed,
        ),
      );
      await waitForDiagnostics(scratch(), "the saved text's diagnostics while open", (found) => found.length > 0);
      assert.ok(
        await applyEdit(document, (edit) => edit.insert(document.uri, new vscode.Position(0, 0), '// unsaved\n')),
      );
      await waitFor(
        'the unsaved text to be analysed',
        () => exports.fileAnalysis(scratch())?.version === document.version,
      );
      await revertAndClose(document);
      await waitFor('the document to close', () => document.isClosed);
      await exports.whenIdle();
      assert.deepEqual(ourDiagnostics(scratch()), []);
      assert.ok(
        (exports.fileAnalysis(scratch())?.findings.length ?? 0) > 0,
        "the analysis keeps the saved file's findings (for the tree and the report)",
      );
      assert.equal(exports.fileAnalysis(scratch())?.version, undefined, 'read from disk again');
    });
  });

  // Last.
  describe('afterwards', () => {
    it('forgets the results of the files of a deleted folder', async () => {
      const started = Date.now();
      fs.rmSync(loadPath(), { recursive: true, force: true });
      const left = () =>
        generated.filter(
          (file) =>
            exports.fileAnalysis(vscode.Uri.file(file)) !== undefined ||
            ourDiagnostics(vscode.Uri.file(file)).length > 0,
        );
      try {
        await waitFor(
          "the deleted files' results to go",
          async () => {
            await exports.whenIdle();
            return left().length === 0;
          },
          30_000,
        );
      } finally {
        metrics().deletedFolderForgottenMs = Date.now() - started;
      }
      assert.deepEqual(left().slice(0, 5), [], `${left().length} deleted files still have results`);
    });

    it('logged no error in the whole run', () => {
      assert.deepEqual(exports.loggedErrors(), []);
    });
  });
});

/** Applies one WorkspaceEdit to `document` (as typing does, without needing its editor to be visible). */
function applyEdit(document: vscode.TextDocument, build: (edit: vscode.WorkspaceEdit) => void): Thenable<boolean> {
  const edit = new vscode.WorkspaceEdit();
  build(edit);
  return vscode.workspace.applyEdit(edit);
}

/** The 0-based line holding `needle`. */
function lineWith(document: vscode.TextDocument, needle: string): number {
  for (let line = 0; line < document.lineCount; line++) if (document.lineAt(line).text.includes(needle)) return line;
  assert.fail(`"${needle}" is not in ${vscode.workspace.asRelativePath(document.uri)}`);
}
