import * as assert from 'node:assert/strict';
import { analysed, keyOfFinding, open, rangeOn, ruleOf, sortedKeys, waitForDiagnostics } from './helpers';

describe('Documented decisions', () => {
  it('hides findings that an @ai-decision comment documents, and flags invalid annotations', async () => {
    const editor = await open('src/widget.ts');
    const { document } = editor;
    const analysis = await analysed(document);
    const documented = analysis.findings.filter((finding) => finding.documentedBy);
    assert.ok(
      documented.some((finding) => finding.ruleId === 'implicit-retry-policy' && finding.span.line === 21),
      "the core documents labelForBatch's retry policy",
    );
    const open_ = analysis.findings
      .filter((finding) => !finding.documentedBy)
      .map(keyOfFinding)
      .sort();
    const diagnostics = await waitForDiagnostics(
      document.uri,
      'the open findings only',
      (found) => sortedKeys(found).join() === open_.join(),
    );

    const batchCallee = rangeOn(document, 21, 'openai.chat.completions.create');
    const onBatch = diagnostics.filter((diagnostic) => diagnostic.range.isEqual(batchCallee)).map(ruleOf);
    assert.ok(!onBatch.includes('implicit-retry-policy'), 'documented: not a problem');
    assert.ok(onBatch.includes('implicit-timeout'), 'the timeout of the same call is not documented');

    const widgetCallee = rangeOn(document, 8, 'openai.chat.completions.create');
    const onWidget = diagnostics.filter((diagnostic) => diagnostic.range.isEqual(widgetCallee)).map(ruleOf);
    assert.ok(
      !onWidget.includes('implicit-retry-policy') && !onWidget.includes('implicit-timeout'),
      'explicit and documented retry and timeout',
    );

    const invalid = diagnostics
      .filter((diagnostic) => ruleOf(diagnostic) === 'invalid-decision-annotation')
      .map((diagnostic) => diagnostic.range.start.line + 1);
    assert.deepEqual(
      invalid.sort((a, b) => a - b),
      [30, 40],
    );
  });
});
