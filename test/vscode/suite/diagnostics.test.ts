import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  analysed,
  expectedAnalysis,
  expectedAnalysisAfterEdit,
  keyOfFinding,
  metrics,
  open,
  ourDiagnostics,
  rangeOn,
  revert,
  ruleOf,
  sortedKeys,
  uriOf,
  waitForDiagnostics,
} from './helpers';

const SUPPORT = 'src/support.ts';
const ROUTE = 'src/digest/route.ts';
const SUMMARIZE = 'src/digest/summarize.ts';

describe('Live diagnostics', () => {
  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments) await revert(document);
  });

  it('shows every open finding of an opened file, with its rule id, docs link, range and severity', async () => {
    const uri = uriOf(SUPPORT);
    assert.deepEqual(ourDiagnostics(uri), [], 'no diagnostics before the file is opened');
    const started = Date.now();
    const editor = await open(SUPPORT);
    const diagnostics = await waitForDiagnostics(uri, 'the first diagnostics', (found) => found.length > 0);
    metrics().warmOpenToDiagnosticsMs = Date.now() - started;

    const expected = await expectedAnalysis(SUPPORT, editor.document.getText());
    const expectedKeys = expected.findings
      .filter((finding) => !finding.documentedBy)
      .map(keyOfFinding)
      .sort();
    const settled = await waitForDiagnostics(
      uri,
      'every finding of the core',
      (found) => sortedKeys(found).join() === expectedKeys.join(),
    );
    assert.ok(settled.length >= diagnostics.length);

    // Anchors independent of the core: openai-basic's findings (test/fixtures/openai-basic/expect.json), on the callee.
    const document = editor.document;
    const chatCallee = rangeOn(document, 12, 'openai.chat.completions.create');
    const implicitTimeout = settled.find(
      (diagnostic) => ruleOf(diagnostic) === 'implicit-timeout' && diagnostic.range.isEqual(chatCallee),
    );
    assert.ok(implicitTimeout, `implicit-timeout on ${document.lineAt(11).text.trim()}`);
    assert.equal(implicitTimeout.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(implicitTimeout.source, 'orchestration-audit');
    assert.ok(
      typeof implicitTimeout.code === 'object' &&
        implicitTimeout.code.target.toString().endsWith('/implicit-timeout.md'),
      'the code links to the rule page',
    );
    assert.match(implicitTimeout.message, /10 min/);

    const streamCallee = rangeOn(document, 41, 'openai.chat.completions.create');
    for (const rule of ['missing-timeout', 'unhandled-stream-error']) {
      const found = settled.find((diagnostic) => ruleOf(diagnostic) === rule && diagnostic.range.isEqual(streamCallee));
      assert.ok(found, `${rule} on the streaming call`);
      assert.equal(found.severity, vscode.DiagnosticSeverity.Warning);
    }
    assert.ok(
      !settled.some(
        (diagnostic) => ruleOf(diagnostic) === 'unbounded-output-tokens' && diagnostic.range.start.line === 11,
      ),
      'max_completion_tokens is set on line 12',
    );
  });

  it('re-analyses the unsaved text while it is edited, and again after a revert', async () => {
    const editor = await open(SUPPORT);
    const uri = editor.document.uri;
    const original = editor.document.getText();
    const streamLine = 41;
    await waitForDiagnostics(uri, 'unbounded-output-tokens on the streaming call', (found) =>
      found.some(
        (diagnostic) =>
          ruleOf(diagnostic) === 'unbounded-output-tokens' && diagnostic.range.start.line === streamLine - 1,
      ),
    );
    // Bound the stream's output: the finding goes away without saving.
    const streamTrue = rangeOn(editor.document, streamLine + 2, 'stream: true,');
    assert.ok(await editor.edit((edit) => edit.insert(streamTrue.end, ' max_completion_tokens: 200,')));
    await waitForDiagnostics(
      uri,
      'unbounded-output-tokens to disappear',
      (found) =>
        found.length > 0 &&
        !found.some(
          (diagnostic) =>
            ruleOf(diagnostic) === 'unbounded-output-tokens' && diagnostic.range.start.line === streamLine - 1,
        ),
    );
    assert.ok(editor.document.isDirty, 'the analysis read the unsaved text');

    // Two lines above everything: every diagnostic moves down with its call.
    const before = ourDiagnostics(uri)
      .map((diagnostic) => `${ruleOf(diagnostic)}@${diagnostic.range.start.line + 2}`)
      .sort();
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// moved\n\n')));
    await waitForDiagnostics(
      uri,
      'the diagnostics to move two lines down',
      (found) =>
        found
          .map((diagnostic) => `${ruleOf(diagnostic)}@${diagnostic.range.start.line}`)
          .sort()
          .join() === before.join(),
    );

    await revert(editor.document);
    assert.equal(editor.document.getText(), original, 'the revert restored the saved text');
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), original, 'nothing was saved');
    const expected = await expectedAnalysis(SUPPORT, editor.document.getText());
    const expectedKeys = expected.findings
      .filter((finding) => !finding.documentedBy)
      .map(keyOfFinding)
      .sort();
    await waitForDiagnostics(
      uri,
      "the saved file's diagnostics after the revert",
      (found) => sortedKeys(found).join() === expectedKeys.join(),
    );
  });

  it('updates the diagnostics of the file whose failure handling an edited caller holds', async () => {
    const route = await open(ROUTE);
    const summarize = await open(SUMMARIZE);
    const keysOf = (analysis: Awaited<ReturnType<typeof expectedAnalysis>>) =>
      analysis.findings
        .filter((finding) => !finding.documentedBy)
        .map(keyOfFinding)
        .sort()
        .join();
    const saved = keysOf(await expectedAnalysis(SUMMARIZE, summarize.document.getText()));
    await waitForDiagnostics(
      summarize.document.uri,
      "the callee's diagnostics",
      (found) => sortedKeys(found).join() === saved,
    );

    // The route stops catching: the callee's failure is no longer handled where it was.
    const tryBlock = route.document.getText().match(/ {2}try \{\n([\s\S]*?)\n {2}\} catch[\s\S]*?\n {2}\}\n/);
    assert.ok(tryBlock, 'the route still catches');
    const start = route.document.positionAt(tryBlock.index ?? 0);
    const end = route.document.positionAt((tryBlock.index ?? 0) + tryBlock[0].length);
    // The route's editor may be replaced by the callee's (preview tabs): edit its document directly.
    const removeCatch = new vscode.WorkspaceEdit();
    removeCatch.replace(route.document.uri, new vscode.Range(start, end), `${tryBlock[1].slice(2)}\n`);
    assert.ok(await vscode.workspace.applyEdit(removeCatch));
    const edited = keysOf(await expectedAnalysisAfterEdit(ROUTE, route.document.getText(), SUMMARIZE));
    assert.notEqual(edited, saved, "the caller's catch decides some of the callee's findings");
    await waitForDiagnostics(
      summarize.document.uri,
      "the callee's diagnostics after the caller's edit",
      (found) => sortedKeys(found).join() === edited,
    );

    await revert(route.document);
    await waitForDiagnostics(
      summarize.document.uri,
      "the callee's diagnostics after the revert",
      (found) => sortedKeys(found).join() === saved,
    );
  });

  it('analyses JavaScript files too', async () => {
    const editor = await open('src/legacy/summarize.js');
    assert.equal(editor.document.languageId, 'javascript');
    const callee = rangeOn(editor.document, 7, 'client.chat.completions.create');
    await waitForDiagnostics(editor.document.uri, 'implicit-timeout in the JS file', (found) =>
      found.some((diagnostic) => ruleOf(diagnostic) === 'implicit-timeout' && diagnostic.range.isEqual(callee)),
    );
  });

  it('points related information at where the decision lives', async () => {
    const editor = await open('src/retry/classify.ts');
    const diagnostics = await waitForDiagnostics(editor.document.uri, 'unbounded-retry', (found) =>
      found.some((diagnostic) => ruleOf(diagnostic) === 'unbounded-retry'),
    );
    const unbounded = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'unbounded-retry');
    assert.ok(unbounded);
    assert.equal(unbounded.severity, vscode.DiagnosticSeverity.Error);
    const expected = (await analysed(editor.document)).findings.find((finding) => finding.ruleId === 'unbounded-retry');
    assert.ok(expected && expected.related.length > 0, 'the core relates unbounded-retry to the call it retries');
    assert.equal(unbounded.relatedInformation?.length, expected.related.length);
    const [related] = unbounded.relatedInformation ?? [];
    assert.equal(related?.location.uri.fsPath, expected.related[0]?.span.file);
    assert.equal(related?.location.range.start.line, (expected.related[0]?.span.line ?? 0) - 1);
    assert.equal(related?.message, expected.related[0]?.message);
  });
});
