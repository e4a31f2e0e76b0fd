import * as assert from 'node:assert/strict';
import type { Finding, Severity } from '../../src/core/types';
import { findingsOfDiagnostic, IMPLICIT_GROUP_CODE, planDiagnostics } from '../../src/vscode/diagnostic-plan';
import { implicitLabelOf } from '../../src/vscode/core-entry';

const FILE = '/workspace/src/a.ts';

function finding(
  ruleId: string,
  messageId: string,
  data: Record<string, string | number>,
  options: { callId?: string; start?: number; severity?: Severity } = {},
): Finding {
  const start = options.start ?? 10;
  const span = { file: FILE, start, end: start + 10, line: 3, column: 5, endLine: 3, endColumn: 15 };
  return {
    ruleId,
    severity: options.severity ?? 'info',
    messageId,
    message: `${ruleId} message`,
    data,
    facet: 'retry',
    span,
    callId: options.callId ?? 'c1',
    related: [],
    fixes: [],
  };
}

const retries = finding('implicit-retry-policy', 'sdkDefaultRetries', { attempts: 3, retries: 2, layer: 'OpenAI SDK' });
const timeout = finding('implicit-timeout', 'sdkDefaultTimeoutRetried', {
  perAttempt: '10 min',
  label: 'OpenAI SDK default',
  attempts: 3,
  worstCase: '30 min',
});
const unlogged = finding('unlogged-model-call', 'notRecorded', { callName: 'chat.completions.create' });
const tokens = finding('unbounded-output-tokens', 'noTokenLimit', { callName: 'x', model: 'gpt-4o' });
const unhandled = finding('unhandled-model-error', 'unhandled', { reaches: 'main' }, { severity: 'warning' });

describe('diagnostic-plan: one grouped diagnostic per call for its implicit decisions', () => {
  it('groups the implicit decisions of a call in one short message; a wrong decision keeps its own', () => {
    const planned = planDiagnostics([retries, timeout, unlogged, tokens, unhandled], true, implicitLabelOf);
    assert.deepEqual(
      planned.map((diagnostic) => [
        diagnostic.code,
        diagnostic.message,
        diagnostic.severity,
        diagnostic.findings.length,
      ]),
      [
        [IMPLICIT_GROUP_CODE, 'Implicit: 3 attempts, 10 min/attempt, not logged, no token limit', 'info', 4],
        ['unhandled-model-error', 'unhandled-model-error message', 'warning', 1],
      ],
    );
  });

  it('shows each finding on its own when grouping is off', () => {
    const planned = planDiagnostics([retries, timeout, unhandled], false, implicitLabelOf);
    assert.deepEqual(
      planned.map((diagnostic) => diagnostic.code),
      ['implicit-retry-policy', 'implicit-timeout', 'unhandled-model-error'],
    );
  });

  it('leaves a lone implicit decision as it is, and groups per call', () => {
    const other = finding(
      'implicit-timeout',
      'sdkDefaultTimeout',
      { perAttempt: '60 s', label: 'Groq' },
      { callId: 'c2', start: 50 },
    );
    const planned = planDiagnostics([retries, timeout, other], true, implicitLabelOf);
    assert.deepEqual(
      planned.map((diagnostic) => `${diagnostic.code}:${diagnostic.message}`),
      [`${IMPLICIT_GROUP_CODE}:Implicit: 3 attempts, 10 min/attempt`, 'implicit-timeout:implicit-timeout message'],
    );
  });

  it('takes the highest severity of the group', () => {
    const raised = { ...unlogged, severity: 'error' as const };
    const [group] = planDiagnostics([retries, raised], true, implicitLabelOf);
    assert.equal(group.severity, 'error');
  });

  it('finds the findings of a grouped diagnostic back from its code and range', () => {
    const all = [retries, timeout, unhandled];
    const intersects = () => true;
    assert.deepEqual(
      findingsOfDiagnostic(IMPLICIT_GROUP_CODE, intersects, all, implicitLabelOf).map((entry) => entry.ruleId),
      ['implicit-retry-policy', 'implicit-timeout'],
    );
    assert.deepEqual(
      findingsOfDiagnostic('unhandled-model-error', intersects, all, implicitLabelOf).map((entry) => entry.ruleId),
      ['unhandled-model-error'],
    );
  });
});
