import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditSources } from '../../src/core/index';
import { buildReportModel } from '../../src/vscode/report-model';
import { messagesFor, parseWebviewMessage, type ReportModel } from '../../src/vscode/report-protocol';

const ROOT = path.resolve(__dirname, '..', '..');

describe('report view: media/report.js', () => {
  const script = fs.readFileSync(path.join(ROOT, 'media', 'report.js'), 'utf8');

  it('never parses workspace text as HTML', () => {
    assert.doesNotMatch(script, /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(/);
    assert.match(script, /textContent/);
  });

  it('never builds a CSS selector from data (call keys hold a NUL that CSS.escape replaces)', () => {
    assert.doesNotMatch(script, /querySelector(All)?\(`[^`]*\$\{/);
  });

  it('says it is ready, and only posts the message types the extension accepts', () => {
    const types = [...script.matchAll(/postMessage\(\{ type: '([a-zA-Z]+)'/g)].map((match) => match[1]);
    assert.deepEqual([...new Set(types)].sort(), ['export', 'openDocs', 'ready', 'refresh', 'reveal']);
  });
});

describe('report view: messages to the page', () => {
  it('sends the model, then the call to scroll to', () => {
    const model = { calls: [] } as unknown as ReportModel;
    assert.deepEqual(messagesFor(model), [{ type: 'model', model }]);
    assert.deepEqual(messagesFor(model, 'w\u0000src/a.ts:3:9'), [
      { type: 'model', model },
      { type: 'focus', key: 'w\u0000src/a.ts:3:9' },
    ]);
  });
});

describe('report view: messages from the page', () => {
  it('accepts the typed messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', file: '/w/a.ts', line: 3, column: 1 }), {
      type: 'reveal',
      file: '/w/a.ts',
      line: 3,
      column: 1,
    });
    assert.deepEqual(parseWebviewMessage({ type: 'export', format: 'sarif' }), { type: 'export', format: 'sarif' });
    assert.deepEqual(parseWebviewMessage({ type: 'openDocs', ruleId: 'missing-timeout' }), {
      type: 'openDocs',
      ruleId: 'missing-timeout',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
  });

  it('drops anything else', () => {
    for (const message of [
      null,
      'ready',
      { type: 'reveal', file: 1, line: 1, column: 1 },
      { type: 'reveal', file: '/a', line: 0, column: 1 },
      { type: 'export', format: 'html' },
      { type: 'openDocs', ruleId: '../../etc' },
      { type: 'run', command: 'rm' },
    ]) {
      assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
    }
  });
});

describe('report view: the model', () => {
  it('carries workspace text as data, with counts, worst cases and register lines', async () => {
    const hostile = '<script src=//evil.example/x.js></script>';
    const result = await auditSources(
      {
        'src/a.ts': [
          "import OpenAI from 'openai';",
          'const openai = new OpenAI();',
          'export async function summarize(text: string) {',
          `  // @ai-decision retry: ${hostile} (owner: ${hostile})`,
          `  const completion = await openai.chat.completions.create({ model: '${hostile}', messages: [{ role: 'user', content: text }] });`,
          '  return completion.choices[0]?.message.content;',
          '}',
        ].join('\n'),
      },
      {},
    );
    const model = buildReportModel([{ name: 'workspace', result }]);
    assert.equal(model.totals.calls, 1);
    const [call] = model.calls;
    assert.ok(call);
    assert.equal(call.model, hostile, 'the model name is passed as is, for textContent');
    assert.equal(call.workflow, 'summarize');
    assert.equal(call.sdkLabel, 'OpenAI');
    assert.equal(call.worstAttempts, 3);
    assert.equal(call.lines[0]?.label, 'If it fails');
    const documented = call.findings.find((finding) => finding.documentedBy);
    assert.equal(documented?.documentedBy, hostile);
    assert.equal(documented?.documentedOwner, hostile);
    assert.equal(call.lines.find((line) => line.facet === 'retry')?.status, 'documented');
    assert.equal(model.totals.documented, 1);
    assert.equal(
      model.totals.error + model.totals.warning + model.totals.info,
      call.findings.filter((finding) => !finding.documentedBy).length,
    );
    assert.ok(model.bySdk.some((entry) => entry.id === 'openai' && entry.count === 1));
  });
});
