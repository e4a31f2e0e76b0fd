import * as assert from 'node:assert/strict';
import type { Finding, Fix } from '../../src/core/types';
import {
  applyEdits,
  decisionCommentInsertion,
  editsConflict,
  minimalEdit,
  orderFixes,
  selectSafeFixes,
} from '../../src/vscode/fix-plan';

const FILE = '/workspace/src/a.ts';

function fix(title: string, edits: [number, number, string][], options: Partial<Fix> = {}): Fix {
  return {
    id: 'add-timeout',
    kind: 'add-timeout',
    title,
    safe: false,
    edits: edits.map(([start, end, newText]) => ({ file: FILE, start, end, newText })),
    ...options,
  };
}

function finding(ruleId: string, start: number, fixes: Fix[], extra: Partial<Finding> = {}): Finding {
  const span = { file: FILE, start, end: start + 3, line: 1, column: start + 1, endLine: 1, endColumn: start + 4 };
  return {
    ruleId,
    severity: 'info',
    messageId: 'm',
    message: ruleId,
    data: {},
    facet: 'timeout',
    span,
    callId: 'c1',
    related: [],
    fixes,
    ...extra,
  };
}

describe('fix-plan: code action order', () => {
  it("puts the preferred fix first and keeps the core's order otherwise", () => {
    const fixes = [fix('b', []), fix('a', [], { preferred: true }), fix('c', [])];
    assert.deepEqual(
      orderFixes(fixes).map((entry) => entry.title),
      ['a', 'b', 'c'],
    );
  });
});

describe('fix-plan: applying edits', () => {
  it('applies edits in offset order, inserts at one offset in the given order', () => {
    assert.equal(
      applyEdits('abcdef', [
        { start: 4, end: 5, newText: 'E' },
        { start: 0, end: 0, newText: '>' },
        { start: 0, end: 0, newText: '!' },
      ]),
      '>!abcdEf',
    );
  });

  it('refuses overlapping and out-of-range edits', () => {
    assert.throws(
      () =>
        applyEdits('abcdef', [
          { start: 0, end: 3, newText: '' },
          { start: 2, end: 4, newText: '' },
        ]),
      RangeError,
    );
    assert.throws(() => applyEdits('abc', [{ start: 2, end: 9, newText: '' }]), RangeError);
  });

  it('treats two inserts at one offset, and an insert at the edge of a replacement, as conflicts', () => {
    assert.ok(editsConflict({ start: 3, end: 3 }, { start: 3, end: 3 }));
    assert.ok(editsConflict({ start: 3, end: 3 }, { start: 1, end: 3 }));
    assert.ok(editsConflict({ start: 2, end: 5 }, { start: 4, end: 8 }));
    assert.ok(!editsConflict({ start: 1, end: 3 }, { start: 3, end: 5 }));
    assert.ok(!editsConflict({ start: 3, end: 3 }, { start: 4, end: 4 }));
  });

  it('finds the smallest replacement between two texts', () => {
    assert.deepEqual(minimalEdit('create(req)', 'create(req, { timeout: 1 })'), {
      start: 10,
      end: 10,
      newText: ', { timeout: 1 }',
    });
    assert.deepEqual(minimalEdit('aXb', 'aYb'), { start: 1, end: 2, newText: 'Y' });
    assert.equal(minimalEdit('same', 'same'), undefined);
    const before = 'aaaa';
    const after = 'aaaaaa';
    const edit = minimalEdit(before, after);
    assert.ok(edit);
    assert.equal(applyEdits(before, [edit]), after);
  });
});

describe('fix-plan: fix-all passes', () => {
  it('takes one safe fix per finding, preferred first, skipping unsafe ones', () => {
    const timeout = fix('timeout', [[10, 10, ', { timeout: 1 }']], { safe: true, preferred: true });
    const tokens = fix('tokens', [[5, 5, 'max_tokens: 1, ']], { safe: true });
    const unsafe = fix('wrap', [[0, 20, 'try {}']], { preferred: true });
    const chosen = selectSafeFixes(
      [finding('implicit-timeout', 2, [unsafe, timeout]), finding('unbounded-output-tokens', 2, [tokens])],
      FILE,
    );
    assert.deepEqual(
      chosen.map((entry) => entry.title),
      ['timeout', 'tokens'],
    );
  });

  it('leaves a conflicting safe fix for the next pass', () => {
    const retries = fix('retries', [[10, 10, ', { maxRetries: 0 }']], { safe: true });
    const timeout = fix('timeout', [[10, 10, ', { timeout: 1 }']], { safe: true });
    const chosen = selectSafeFixes(
      [finding('implicit-retry-policy', 2, [retries]), finding('implicit-timeout', 2, [timeout])],
      FILE,
    );
    assert.deepEqual(
      chosen.map((entry) => entry.title),
      ['retries'],
    );
  });

  it('skips documented findings, fixes in other files and fixes that create files', () => {
    const other = {
      ...fix('other file', [], { safe: true }),
      edits: [{ file: '/workspace/src/b.ts', start: 0, end: 0, newText: 'x' }],
    };
    const creates = fix('helper', [[0, 0, 'import']], {
      safe: true,
      newFiles: [{ path: 'src/ai/call-model.ts', text: '' }],
    });
    const documented = finding('implicit-timeout', 2, [fix('t', [[1, 1, 'x']], { safe: true })], {
      documentedBy: {
        facet: 'timeout',
        text: 'fine',
        line: 1,
        file: FILE,
        span: { file: FILE, start: 0, end: 1, line: 1, column: 1, endLine: 1, endColumn: 2 },
      },
    });
    assert.deepEqual(selectSafeFixes([finding('a', 1, [other]), finding('b', 2, [creates]), documented], FILE), []);
  });

  it('offers one fix once when two findings share it', () => {
    const shared = fix('retries', [[10, 10, ', { maxRetries: 0 }']], { safe: true });
    assert.equal(
      selectSafeFixes(
        [finding('implicit-retry-policy', 2, [shared]), finding('retry-amplification', 2, [{ ...shared }])],
        FILE,
      ).length,
      1,
    );
  });
});

describe('fix-plan: where "Document this decision" writes', () => {
  it('writes a line above the line the call starts on, indented like it', () => {
    const text = 'export async function f() {\n  const r = await client.chat.completions.create({});\n}\n';
    const callStart = text.indexOf('client.chat');
    const insertion = decisionCommentInsertion(text, callStart, 'retry');
    assert.equal(insertion.offset, text.indexOf('  const r'));
    assert.equal(insertion.indent, '  ');
    assert.equal(insertion.comment, '// @ai-decision retry: ');
  });

  it('works on the first line of a file', () => {
    assert.deepEqual(decisionCommentInsertion('await client.x()', 6, 'cost'), {
      offset: 0,
      indent: '',
      comment: '// @ai-decision cost: ',
    });
  });
});
