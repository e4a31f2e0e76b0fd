import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import type { Finding, Fix } from '../../../src/core/index';
import { Commands } from '../../../src/vscode/contract';
import { CATEGORY_ORDER, categoryOf, fixArgs, quickFixes } from './actions';
import type { DocumentDecisionArgs } from '../../../src/vscode/code-actions';
import { applyEdits } from '../../../src/vscode/fix-plan';
import {
  analysed,
  api,
  expectedAnalysis,
  keyOfFinding,
  metrics,
  open,
  rangeOn,
  revert,
  ruleOf,
  sortedKeys,
  uriOf,
  waitFor,
  waitForDiagnostics,
} from './helpers';

const SUPPORT = 'src/support.ts';
const FIX_ALL = 'source.fixAll.orchestrationAudit';

function rangeOfFinding(finding: Finding): vscode.Range {
  return new vscode.Range(
    finding.span.line - 1,
    finding.span.column - 1,
    finding.span.endLine - 1,
    finding.span.endColumn - 1,
  );
}

/** The document analysed and its diagnostics in place, at its current version. */
async function settled(document: vscode.TextDocument): Promise<Finding[]> {
  const analysis = await analysed(document);
  const open_ = analysis.findings.filter((finding) => !finding.documentedBy);
  const keys = open_.map(keyOfFinding).sort();
  await waitForDiagnostics(
    document.uri,
    'diagnostics of the current version',
    (found) => sortedKeys(found).join() === keys.join(),
  );
  return open_;
}

async function applyAction(action: vscode.CodeAction): Promise<boolean> {
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) return false;
  if (action.command)
    return Boolean(await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? [])));
  return true;
}

function createdFiles(fix: Fix): string[] {
  return (fix.newFiles ?? []).map((file) => file.path);
}

/**
 * Puts the file back as committed. A revert is not enough: VS Code saves the files a workspace
 * edit with file operations touches (files.refactoring.autoSave), as the helper-module fix is.
 */
async function restore(document: vscode.TextDocument, text: string): Promise<void> {
  await revert(document);
  if (document.getText() === text) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await document.save(), `${document.uri.fsPath} saved back`);
}

describe('Code actions', () => {
  const created = new Set<string>();
  let pristine = '';

  before(() => {
    pristine = fs.readFileSync(uriOf(SUPPORT).fsPath, 'utf8');
  });

  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments) await revert(document);
    const support = vscode.workspace.textDocuments.find((document) => document.uri.fsPath === uriOf(SUPPORT).fsPath);
    if (support) await restore(support, pristine);
    for (const file of created) fs.rmSync(file, { force: true });
    created.clear();
  });

  it('offers the first fixes of the core for each diagnostic, then Document, Disable line, Disable file, Show documentation', async () => {
    const editor = await open(SUPPORT);
    const findings = await settled(editor.document);
    const expected = await expectedAnalysis(SUPPORT, editor.document.getText());
    for (const finding of findings) {
      const actions = await quickFixes(editor.document.uri, rangeOfFinding(finding));
      const titles = actions.map((action) => action.title);
      if (titles.length === 0) {
        const raw = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          editor.document.uri,
          rangeOfFinding(finding),
        );
        const state = (await api()).fileAnalysis(editor.document.uri);
        assert.fail(
          `no action for ${keyOfFinding(finding)} (document v${editor.document.version}, analysis v${state?.version}); all providers: ${(raw ?? []).map((action) => `${action.title} [${action.command?.command}]`).join(' | ')}`,
        );
      }
      const core = expected.findings.find((candidate) => keyOfFinding(candidate) === keyOfFinding(finding));
      assert.ok(core, `the core finds ${keyOfFinding(finding)} too`);
      // The preferred fix and one alternative (action-plan.ts MAX_FIXES_PER_DIAGNOSTIC).
      const first = [...core.fixes.filter((fix) => fix.preferred), ...core.fixes.filter((fix) => !fix.preferred)];
      for (const fix of first.slice(0, 2))
        assert.ok(
          titles.includes(fix.title),
          `"${fix.title}" offered for ${finding.ruleId} (got ${titles.join(' | ')})`,
        );
      assert.ok(titles.includes(`Show documentation for ${finding.ruleId}`), `docs action for ${finding.ruleId}`);
      if (finding.callId !== undefined)
        assert.ok(titles.includes('Document this decision…'), `a Document action for ${finding.ruleId}`);
      assert.equal(titles.filter((title) => title === 'Document this decision…').length, finding.callId ? 1 : 0);
      assert.ok(titles.includes(`Disable ${finding.ruleId} for this line`), `disable line for ${finding.ruleId}`);
      assert.ok(titles.includes(`Disable ${finding.ruleId} for the entire file`), `disable file for ${finding.ruleId}`);
      const ranks = actions.map((action) => CATEGORY_ORDER.indexOf(categoryOf(action)));
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
        `stable order for ${keyOfFinding(finding)}: ${actions.map((action) => `${categoryOf(action)}:${action.title}`).join(' | ')}`,
      );
      for (const action of actions) {
        const args = fixArgs(action);
        if (!args) continue;
        // The actions at this range include other findings' fixes (each finding has its own
        // Document this decision): the action's fix must be one the core made, edits and all.
        const sameRecipe: Fix[] = expected.findings
          .flatMap((candidate) => candidate.fixes)
          .filter((fix) => fix.id === args.fix.id);
        assert.ok(
          sameRecipe.some((fix) => isDeepStrictEqual(fix.edits, args.fix.edits)),
          `"${args.fix.title}" carries the edits of a ${args.fix.id} fix of the core`,
        );
        assert.equal(args.version, editor.document.version, 'fixes are bound to the analysed version');
      }
    }
  });

  it('applies every quick fix of the file, each giving the text of its edits', async function () {
    this.timeout(300_000);
    const editor = await open(SUPPORT);
    const { document } = editor;
    const findings = await settled(document);
    // Every distinct fix, by the finding it is offered on (titles repeat across calls).
    const plan: { range: vscode.Range; title: string }[] = [];
    const seen = new Set<string>();
    for (const finding of findings) {
      for (const action of await quickFixes(document.uri, rangeOfFinding(finding))) {
        // Show documentation opens a page; Document this decision… may ask for a facet first (its own test).
        if (categoryOf(action) === 'docs' || categoryOf(action) === 'document') continue;
        const key = `${finding.span.line}:${action.title}`;
        if (seen.has(key)) continue;
        seen.add(key);
        plan.push({ range: rangeOfFinding(finding), title: action.title });
      }
    }
    assert.ok(plan.length >= findings.length, `at least one fix per finding (${plan.length} for ${findings.length})`);
    metrics().quickFixesApplied = plan.length;
    for (const step of plan) {
      await restore(document, pristine);
      for (const file of created) fs.rmSync(file, { force: true });
      await settled(document);
      const original = document.getText();
      const action = (await quickFixes(document.uri, step.range)).find((candidate) => candidate.title === step.title);
      assert.ok(action, `"${step.title}" is offered again on line ${step.range.start.line + 1}`);
      const args = fixArgs(action);
      for (const file of args ? createdFiles(args.fix) : []) created.add(file);
      assert.ok(await applyAction(action), `"${step.title}" applied`);
      if (args) {
        const ownEdits = args.fix.edits.filter((edit) => edit.file === document.uri.fsPath);
        const expectedText = applyEdits(original, ownEdits);
        await waitFor(`the text of "${step.title}"`, () => document.getText() === expectedText);
        for (const newFile of args.fix.newFiles ?? []) {
          assert.equal(
            fs.readFileSync(newFile.path, 'utf8'),
            newFile.text,
            `${newFile.path} created with the fix's text`,
          );
        }
      } else {
        await waitFor(`"${step.title}" to change the text`, () => document.getText() !== original);
      }
      const after = await expectedAnalysis(SUPPORT, document.getText());
      assert.equal(after.skipped, undefined, `the text after "${step.title}" parses`);
    }
  });

  it('Document this decision… puts the cursor in the text; a placeholder documents nothing, a text does', async () => {
    const editor = await open(SUPPORT);
    const { document } = editor;
    await settled(document);
    const callee = rangeOn(document, 24, 'openai.responses.create');
    const action = (await quickFixes(document.uri, callee)).find((candidate) => categoryOf(candidate) === 'document');
    assert.ok(action?.command, 'Document this decision… is offered');
    const args = action.command.arguments?.[0] as DocumentDecisionArgs;
    assert.ok(args.facets.includes('timeout') && args.facets.includes('retry'), `facets ${args.facets.join()}`);
    // The picker asks which facet when there are several: answer it by calling with one.
    assert.ok(await vscode.commands.executeCommand(Commands.documentDecision, { ...args, facets: ['timeout'] }));
    await waitFor('the snippet above the call', () =>
      /\n {2}\/\/ @ai-decision timeout: describe the decision and why \(owner: team\)\n\s+const response = await openai\.responses\.create/.test(
        document.getText(),
      ),
    );
    const active = vscode.window.activeTextEditor;
    assert.ok(active && active.document === document);
    assert.equal(active.selection.start.line, 23, 'the cursor is on the new comment line');
    assert.equal(
      document.getText(active.selection),
      'describe the decision and why',
      'the placeholder text is selected',
    );
    const movedCallee = rangeOn(document, 25, 'openai.responses.create');
    await waitForDiagnostics(
      document.uri,
      'the placeholder to be reported and the timeout to stay open',
      (found) =>
        found.some(
          (diagnostic) => ruleOf(diagnostic) === 'invalid-decision-annotation' && diagnostic.range.start.line === 23,
        ) &&
        found.some((diagnostic) => ruleOf(diagnostic) === 'implicit-timeout' && diagnostic.range.isEqual(movedCallee)),
    );
    assert.ok(await active.edit((edit) => edit.replace(active.selection, 'the widget gives up after 20 s')));
    const diagnostics = await waitForDiagnostics(
      document.uri,
      'implicit-timeout to be documented',
      (found) =>
        found.some((diagnostic) => diagnostic.range.isEqual(movedCallee)) &&
        !found.some(
          (diagnostic) => ruleOf(diagnostic) === 'implicit-timeout' && diagnostic.range.isEqual(movedCallee),
        ) &&
        !found.some((diagnostic) => ruleOf(diagnostic) === 'invalid-decision-annotation'),
    );
    assert.ok(
      diagnostics.some(
        (diagnostic) => ruleOf(diagnostic) === 'implicit-retry-policy' && diagnostic.range.isEqual(movedCallee),
      ),
      'other decisions of the call stay open',
    );
    const analysis = await analysed(document);
    assert.ok(
      analysis.findings.some(
        (finding) => finding.ruleId === 'implicit-timeout' && finding.span.line === 25 && finding.documentedBy,
      ),
      'listed as documented',
    );
  });

  it('Disable <rule> for this line writes the comment the core honours, and only that rule goes', async () => {
    const editor = await open(SUPPORT);
    const { document } = editor;
    await settled(document);
    const callee = rangeOn(document, 24, 'openai.responses.create');
    const action = (await quickFixes(document.uri, callee)).find(
      (candidate) => candidate.title === 'Disable implicit-timeout for this line',
    );
    assert.ok(action?.edit, 'Disable implicit-timeout for this line is offered');
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.match(document.lineAt(23).text, /^\s+\/\/ orchestration-audit-disable-next-line implicit-timeout$/);
    const movedCallee = rangeOn(document, 25, 'openai.responses.create');
    await waitForDiagnostics(
      document.uri,
      'implicit-timeout to be disabled on that line',
      (found) =>
        found.some(
          (diagnostic) => ruleOf(diagnostic) === 'implicit-retry-policy' && diagnostic.range.isEqual(movedCallee),
        ) &&
        !found.some((diagnostic) => ruleOf(diagnostic) === 'implicit-timeout' && diagnostic.range.isEqual(movedCallee)),
    );
    // The CLI's analysis of the same text agrees: the finding is there, suppressed by the comment.
    const expected = await expectedAnalysis(SUPPORT, document.getText());
    const silenced = expected.findings.filter((finding) => finding.suppressedBy);
    assert.deepEqual(
      silenced.map((finding) => `${finding.ruleId}@${finding.span.line}`),
      ['implicit-timeout@25'],
    );
  });

  it('reports a disable comment that silences nothing, offers only its removal and the docs, and removal clears it', async () => {
    const editor = await open(SUPPORT);
    const { document } = editor;
    await settled(document);
    const indent = /^\s*/.exec(document.lineAt(23).text)?.[0] ?? '';
    // retry-all-errors never fires on an SDK call without a custom retry layer.
    assert.ok(
      await editor.edit((edit) =>
        edit.insert(new vscode.Position(23, 0), `${indent}// orchestration-audit-disable-next-line retry-all-errors\n`),
      ),
    );
    const comment = new vscode.Range(23, indent.length, 23, document.lineAt(23).text.length);
    const diagnostics = await waitForDiagnostics(document.uri, 'the unused disable comment to be reported', (found) =>
      found.some((diagnostic) => ruleOf(diagnostic) === 'unused-disable-comment'),
    );
    const unused = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'unused-disable-comment');
    assert.ok(unused?.range.isEqual(comment), `on the comment (got ${JSON.stringify(unused?.range)})`);
    // The CLI's analysis of the same text reports it too.
    const expected = await expectedAnalysis(SUPPORT, document.getText());
    assert.deepEqual(
      expected.findings
        .filter((finding) => finding.ruleId === 'unused-disable-comment')
        .map((finding) => finding.span.line),
      [24],
    );
    const actions = await quickFixes(document.uri, comment);
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Remove the unused disable comment', 'Show documentation for unused-disable-comment'],
    );
    assert.ok(await applyAction(actions[0]));
    await waitFor('the comment to be removed', () =>
      document.getText().includes('orchestration-audit-disable') ? undefined : true,
    );
    await waitForDiagnostics(
      document.uri,
      'the unused-disable diagnostic to go',
      (found) => !found.some((diagnostic) => ruleOf(diagnostic) === 'unused-disable-comment'),
    );
  });

  it('refuses a fix computed for a version of the document that changed since', async () => {
    const editor = await open(SUPPORT);
    const { document } = editor;
    const findings = await settled(document);
    const finding = findings.find((candidate) => candidate.ruleId === 'implicit-timeout');
    assert.ok(finding);
    const action = (await quickFixes(document.uri, rangeOfFinding(finding))).find(
      (candidate) => fixArgs(candidate) !== undefined,
    );
    assert.ok(action?.command);
    assert.ok(
      await editor.edit((edit) =>
        edit.insert(document.lineAt(document.lineCount - 1).range.end, '\n// edited after the analysis\n'),
      ),
    );
    const before = document.getText();
    const applied = await vscode.commands.executeCommand<boolean>(
      action.command.command,
      ...(action.command.arguments ?? []),
    );
    assert.equal(applied, false, 'the stale fix is refused');
    assert.equal(document.getText(), before, 'the text is unchanged');
  });

  it('source.fixAll.orchestrationAudit applies every safe fix of the file', async () => {
    const editor = await open(SUPPORT);
    const { document } = editor;
    const before = await settled(document);
    const safeBefore = before.filter((finding) => finding.fixes.some((fix) => fix.safe));
    assert.ok(safeBefore.length > 0, 'the fixture has findings with safe fixes');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      new vscode.Range(0, 0, document.lineCount, 0),
      FIX_ALL,
    );
    const fixAll = (actions ?? []).filter((action) => action.kind?.value === FIX_ALL);
    assert.equal(fixAll.length, 1, 'one fix-all action');
    assert.ok(fixAll[0]?.edit && (await vscode.workspace.applyEdit(fixAll[0].edit)));
    const after = await settled(document);
    const expected = await expectedAnalysis(SUPPORT, document.getText());
    assert.equal(expected.skipped, undefined, 'the fixed file parses');
    const safeAfter = after.filter((finding) => finding.fixes.some((fix) => fix.safe));
    assert.deepEqual(safeAfter.map(keyOfFinding), [], 'no safe fix is left to apply');
    assert.ok(after.length < before.length, `fewer findings (${before.length} -> ${after.length})`);
    const untouched = before
      .filter((finding) => !finding.fixes.some((fix) => fix.safe))
      .map((finding) => finding.ruleId);
    for (const rule of new Set(untouched))
      assert.ok(
        after.some((finding) => finding.ruleId === rule),
        `${rule} (no safe fix) stays`,
      );
  });

  it('offers nothing for a file without model calls', async () => {
    const uri = uriOf('src/retry/retry-helpers.ts');
    await open('src/retry/retry-helpers.ts');
    const actions = await quickFixes(uri, new vscode.Range(0, 0, 5, 0));
    assert.deepEqual(
      actions.map((action) => action.title),
      [],
    );
  });
});
