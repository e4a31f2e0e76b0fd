import * as assert from 'node:assert/strict';
import type { Finding, Fix } from '../../src/core/types';
import { MAX_FIXES_PER_DIAGNOSTIC, planActions } from '../../src/vscode/action-plan';
import { IMPLICIT_GROUP_CODE } from '../../src/vscode/diagnostic-plan';

const FILE = '/workspace/src/a.ts';

function fix(title: string, start: number, preferred = false): Fix {
  return {
    id: 'add-timeout',
    kind: 'add-timeout',
    title,
    safe: true,
    preferred,
    edits: [{ file: FILE, start, end: start, newText: title }],
  };
}

function finding(ruleId: string, facet: Finding['facet'], fixes: Fix[], callId: string | undefined = 'c1'): Finding {
  const span = { file: FILE, start: 10, end: 20, line: 3, column: 5, endLine: 3, endColumn: 15 };
  return {
    ruleId,
    severity: 'info',
    messageId: 'm',
    message: ruleId,
    data: {},
    facet,
    span,
    callId,
    related: [],
    fixes,
  };
}

function describeAction(action: ReturnType<typeof planActions>[number]): string {
  switch (action.kind) {
    case 'fix':
      return `fix:${action.fix.title}`;
    case 'document':
      return `document:${action.facets.join('+')}`;
    case 'disable-line':
      return `line${action.line}:${action.rules.join('+')}`;
    case 'disable-file':
      return `file:${action.rules.join('+')}`;
    case 'docs':
      return `docs:${action.code}`;
  }
}

describe('action-plan: the Ctrl+. menu of a diagnostic', () => {
  it('lists fix, Document, Disable line, Disable file, Show documentation in that order, at most six', () => {
    const missing = finding('missing-timeout', 'timeout', [fix('b', 1), fix('a', 2, true), fix('c', 3)]);
    const actions = planActions([{ code: 'missing-timeout', findings: [missing], line: 2 }]).map(describeAction);
    assert.deepEqual(actions, [
      'fix:a',
      'fix:b',
      'document:timeout',
      'line2:missing-timeout',
      'file:missing-timeout',
      'docs:missing-timeout',
    ]);
    assert.equal(MAX_FIXES_PER_DIAGNOSTIC, 2);
  });

  it("offers a group's preferred fix per decision first, one Document for its facets, and disables all its rules", () => {
    const group = [
      finding('implicit-retry-policy', 'retry', [fix('retries', 1, true), fix('helper', 9)]),
      finding('implicit-timeout', 'timeout', [fix('timeout', 2, true), fix('helper', 9)]),
      finding('unlogged-model-call', 'observability', [fix('log', 3, true)]),
    ];
    const actions = planActions([{ code: IMPLICIT_GROUP_CODE, findings: group, line: 2 }]).map(describeAction);
    assert.deepEqual(actions, [
      'fix:retries',
      'fix:timeout',
      'document:retry+timeout+observability',
      'line2:implicit-retry-policy+implicit-timeout+unlogged-model-call',
      'file:implicit-retry-policy+implicit-timeout+unlogged-model-call',
      `docs:${IMPLICIT_GROUP_CODE}`,
    ]);
  });

  it('offers a fix two diagnostics share once, and one Document entry for the call', () => {
    const shared = fix('shared', 5, true);
    const actions = planActions([
      { code: 'missing-timeout', findings: [finding('missing-timeout', 'timeout', [shared])], line: 2 },
      { code: 'unhandled-model-error', findings: [finding('unhandled-model-error', 'failure', [shared])], line: 2 },
    ]).map(describeAction);
    assert.deepEqual(actions, [
      'fix:shared',
      'document:timeout+failure',
      'line2:missing-timeout',
      'line2:unhandled-model-error',
      'file:missing-timeout',
      'file:unhandled-model-error',
      'docs:missing-timeout',
      'docs:unhandled-model-error',
    ]);
  });

  it('offers no Document entry for an annotation finding', () => {
    const annotation = finding('invalid-decision-annotation', 'documentation', [], undefined);
    const actions = planActions([{ code: 'invalid-decision-annotation', findings: [annotation], line: 0 }]).map(
      describeAction,
    );
    assert.deepEqual(actions, [
      'line0:invalid-decision-annotation',
      'file:invalid-decision-annotation',
      'docs:invalid-decision-annotation',
    ]);
  });

  it('offers an unused disable comment its removal and the docs, never a comment to disable it', () => {
    const removal: Fix = { ...fix('Remove the unused disable comment', 0, true), id: 'remove-unused-disable' };
    const unused = finding('unused-disable-comment', 'documentation', [removal], undefined);
    const actions = planActions([{ code: 'unused-disable-comment', findings: [unused], line: 4 }]).map(describeAction);
    assert.deepEqual(actions, ['fix:Remove the unused disable comment', 'docs:unused-disable-comment']);
  });
});
