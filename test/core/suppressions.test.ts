import * as assert from 'node:assert/strict';
import { auditSources } from '../../src/core/audit';
import { isOpenFinding } from '../../src/core/open-finding';
import type { AuditResult, Finding } from '../../src/core/types';

/**
 * `// orchestration-audit-disable-next-line <rules>` and `// orchestration-audit-disable <rules>`:
 * the core marks the findings they silence (`suppressedBy`), so the CLI, SARIF and the editor agree.
 */

const FILE = 'src/case.ts';

async function auditCase(code: string): Promise<AuditResult> {
  return auditSources(
    { [FILE]: code },
    { config: { rules: { 'unhandled-model-error': { severity: 'warning', options: { reportExported: true } } } } },
  );
}

function summary(findings: readonly Finding[]): string[] {
  return findings.map(
    (finding) =>
      `${finding.span.line} ${finding.ruleId}${finding.suppressedBy ? ` (${finding.suppressedBy.kind})` : ''}`,
  );
}

const CALL = `const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });`;

function source(before: string, header = ''): string {
  return `${header}import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
${before}  ${CALL}
  return completion.choices[0]?.message.content ?? '';
}
`;
}

describe('disable comments', () => {
  it('disable-next-line silences the named rules on the next line only, and records the reason', async () => {
    const result = await auditCase(
      source(
        '  // orchestration-audit-disable-next-line implicit-timeout, unlogged-model-call -- the job runner times out\n',
      ),
    );
    const silenced = result.findings.filter((finding) => finding.suppressedBy);
    assert.deepEqual(
      silenced.map((finding) => finding.ruleId),
      ['implicit-timeout', 'unlogged-model-call'],
    );
    assert.equal(silenced[0].suppressedBy?.reason, 'the job runner times out');
    assert.equal(silenced[0].suppressedBy?.span.line, 6);
    const open = result.findings.filter(isOpenFinding).map((finding) => finding.ruleId);
    assert.ok(open.includes('implicit-retry-policy'), 'a rule it does not name stays open');
    assert.ok(!open.includes('implicit-timeout'));
  });

  it('disable-next-line without rules silences every rule on that line', async () => {
    const result = await auditCase(source('  // orchestration-audit-disable-next-line\n'));
    assert.ok(result.findings.length > 0);
    assert.deepEqual(
      result.findings.filter(isOpenFinding).map((finding) => finding.ruleId),
      [],
    );
  });

  it('does not silence a finding two lines below', async () => {
    const result = await auditCase(source('  // orchestration-audit-disable-next-line\n\n'));
    assert.deepEqual(summary(result.findings.filter((finding) => finding.suppressedBy)), []);
  });

  it('disable (file) silences the named rule everywhere in the file, in a block comment too', async () => {
    const result = await auditCase(source('', '/* orchestration-audit-disable unbounded-output-tokens */\n'));
    const tokens = result.findings.filter((finding) => finding.ruleId === 'unbounded-output-tokens');
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0].suppressedBy?.kind, 'file');
    assert.deepEqual(tokens[0].suppressedBy?.rules, ['unbounded-output-tokens']);
    assert.ok(
      result.findings.some((finding) => finding.ruleId !== 'unbounded-output-tokens' && isOpenFinding(finding)),
    );
  });

  it('text in a string that looks like a directive silences nothing', async () => {
    const result = await auditCase(source("  const note = '// orchestration-audit-disable';\n  void note;\n"));
    assert.deepEqual(summary(result.findings.filter((finding) => finding.suppressedBy)), []);
  });

  it('a similar word is not the directive (orchestration-audit-disabled)', async () => {
    const result = await auditCase(source('  // orchestration-audit-disabled implicit-timeout\n'));
    assert.deepEqual(summary(result.findings.filter((finding) => finding.suppressedBy)), []);
  });
});
