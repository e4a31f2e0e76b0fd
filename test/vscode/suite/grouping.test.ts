import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../src/vscode/contract';
import { IMPLICIT_GROUP_CODE } from '../../../src/vscode/diagnostic-plan';
import { CATEGORY_ORDER, categoryOf, quickFixes } from './actions';
import { analysed, api, expectedAnalysis, metrics, open, rangeOn, revert, ruleOf, waitForDiagnostics } from './helpers';

const SUPPORT = 'src/support.ts';

async function setGrouping(value: boolean | undefined): Promise<void> {
  const section = vscode.workspace.getConfiguration('orchestrationAudit');
  await section.update('diagnostics.groupImplicit', value, vscode.ConfigurationTarget.Workspace);
  await (await api()).whenIdle();
}

/** support.ts open and analysed, with the grouped diagnostic on draftReply's call (line 24) in place. */
async function withGroupedDraftCall(): Promise<{ document: vscode.TextDocument; draftCallee: vscode.Range }> {
  const { document } = await open(SUPPORT);
  await analysed(document);
  const draftCallee = rangeOn(document, 24, 'openai.responses.create');
  await waitForDiagnostics(document.uri, 'the grouped diagnostic', (found) =>
    found.some((diagnostic) => ruleOf(diagnostic) === IMPLICIT_GROUP_CODE && diagnostic.range.isEqual(draftCallee)),
  );
  return { document, draftCallee };
}

/**
 * The default view (the test workspace's settings turn grouping off for the other files of the
 * suite): a call's implicit decisions are one diagnostic, its wrong ones one each.
 */
describe('Grouped diagnostics (the default)', () => {
  before(() => setGrouping(undefined));
  after(async () => {
    for (const document of vscode.workspace.textDocuments) await revert(document);
    await setGrouping(false);
  });

  it('shows one diagnostic for a call whose decisions are all implicit, and one per wrong decision', async () => {
    const editor = await open(SUPPORT);
    const { document } = editor;
    const analysis = await analysed(document);
    const draftCallee = rangeOn(document, 24, 'openai.responses.create');
    const diagnostics = await waitForDiagnostics(document.uri, 'the grouped diagnostics', (found) =>
      found.some((diagnostic) => ruleOf(diagnostic) === IMPLICIT_GROUP_CODE),
    );
    const onDraft = diagnostics.filter((diagnostic) => diagnostic.range.isEqual(draftCallee));
    assert.equal(
      onDraft.length,
      1,
      `one diagnostic on draftReply's call: ${onDraft.map((d) => d.message).join(' | ')}`,
    );
    assert.equal(onDraft[0].message, 'Implicit: 3 attempts, 10 min/attempt, no token limit, not logged');
    assert.equal(onDraft[0].severity, vscode.DiagnosticSeverity.Information);
    assert.deepEqual(
      (onDraft[0].relatedInformation ?? []).map((related) => /\(([\w-]+)\)$/.exec(related.message)?.[1]),
      ['implicit-retry-policy', 'implicit-timeout', 'unbounded-output-tokens', 'unlogged-model-call'],
      'each decision with its rule id in the related information',
    );

    const streamCallee = rangeOn(document, 41, 'openai.chat.completions.create');
    const onStream = diagnostics
      .filter((diagnostic) => diagnostic.range.isEqual(streamCallee))
      .map((diagnostic) => `${ruleOf(diagnostic)}:${diagnostic.message}`)
      .sort();
    assert.deepEqual(onStream, [
      `${IMPLICIT_GROUP_CODE}:Implicit: 3 attempts, no token limit, not logged`,
      'missing-timeout:No stream timeout: the 10 min timeout stops once streaming starts',
      'unhandled-stream-error:Stream errors unhandled: a failure mid-stream reaches streamReply (line 40)',
    ]);
    const open_ = analysis.findings.filter((finding) => !finding.documentedBy && !finding.suppressedBy);
    Object.assign(metrics(), {
      groupedFindings: open_.length,
      groupedDiagnostics: diagnostics.length,
      groupedDiagnosticsPerCall: Math.round((diagnostics.length / analysis.profiles.length) * 10) / 10,
      longestDiagnosticMessage: Math.max(...diagnostics.map((diagnostic) => diagnostic.message.length)),
    });
    for (const diagnostic of diagnostics)
      assert.ok(diagnostic.message.length <= 80, `short message (${diagnostic.message.length}): ${diagnostic.message}`);
  });

  it('offers at most six entries in the fixed order for the grouped diagnostic', async () => {
    const { document, draftCallee } = await withGroupedDraftCall();
    const actions = await quickFixes(document.uri, draftCallee);
    const categories = actions.map(categoryOf);
    assert.ok(actions.length <= 6, `at most 6 entries: ${actions.map((action) => action.title).join(' | ')}`);
    assert.deepEqual(
      categories.map((category) => CATEGORY_ORDER.indexOf(category)),
      categories.map((category) => CATEGORY_ORDER.indexOf(category)).sort((a, b) => a - b),
      `fixed order: ${actions.map((action) => `${categoryOf(action)}:${action.title}`).join(' | ')}`,
    );
    assert.deepEqual(
      actions
        .filter((action) => categoryOf(action) !== 'preferred' && categoryOf(action) !== 'alternative')
        .map((action) => action.title),
      [
        'Document this decision…',
        'Disable these implicit decisions for this line',
        'Disable these implicit decisions for the entire file',
        'Show documentation for these implicit decisions',
      ],
    );
    assert.ok(categories.includes('preferred'), 'a fix first');
    metrics().quickFixMenuEntries = actions.length;
    const document_ = actions.find((action) => action.command?.command === Commands.documentDecision);
    assert.deepEqual((document_?.command?.arguments?.[0] as { facets: string[] }).facets, [
      'retry',
      'timeout',
      'cost',
      'observability',
    ]);
  });

  it('Disable these implicit decisions for this line silences the group in the editor and in the CLI', async () => {
    const { document, draftCallee } = await withGroupedDraftCall();
    const action = (await quickFixes(document.uri, draftCallee)).find(
      (candidate) => candidate.title === 'Disable these implicit decisions for this line',
    );
    assert.ok(action?.edit);
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.equal(
      document.lineAt(23).text.trim(),
      '// orchestration-audit-disable-next-line implicit-retry-policy, implicit-timeout, unbounded-output-tokens, unlogged-model-call',
    );
    const moved = rangeOn(document, 25, 'openai.responses.create');
    await waitForDiagnostics(
      document.uri,
      "draftReply's call to have no diagnostic",
      (found) => found.length > 0 && !found.some((diagnostic) => diagnostic.range.isEqual(moved)),
    );
    const expected = await expectedAnalysis(SUPPORT, document.getText());
    assert.deepEqual(
      expected.findings.filter((finding) => finding.span.line === 25).map((finding) => Boolean(finding.suppressedBy)),
      [true, true, true, true],
      'the core marks the same four findings suppressed',
    );
  });
});
