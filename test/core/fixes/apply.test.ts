import * as assert from 'node:assert/strict';
import { applyFixes } from '../../../src/core/fixes/apply';
import type { Fix } from '../../../src/core/types';

const FILE = '/project/src/a.ts';

function fix(title: string, edits: [number, number, string][], file = FILE): Fix {
  return {
    id: 'add-timeout',
    kind: 'add-timeout',
    title,
    safe: true,
    edits: edits.map(([start, end, newText]) => ({ file, start, end, newText })),
  };
}

function run(text: string, fixes: Fix[]) {
  const result = applyFixes(fixes, (file) => (file === FILE ? text : undefined));
  return {
    after: result.files.find((file) => file.file === FILE)?.after ?? text,
    outcomes: result.outcomes.map((outcome) => [outcome.fix.title, outcome.applied, outcome.reason]),
  };
}

describe('applyFixes (several fixes, one text)', () => {
  const call = `create({ model });`;
  const argumentEnd = call.indexOf(')');

  it('merges two fixes that each add the request options argument into one object', () => {
    const { after } = run(call, [
      fix('timeout', [[argumentEnd, argumentEnd, ', { timeout: 30000 }']]),
      fix('retries', [[argumentEnd, argumentEnd, ', { maxRetries: 2 }']]),
    ]);
    assert.equal(after, `create({ model }, { timeout: 30000, maxRetries: 2 });`);
  });

  it('merges two new nested options objects (Google config) into one', () => {
    const code = `f({ a: 1 });`;
    const at = code.indexOf(' }');
    const { after } = run(code, [
      fix('signal', [[at, at, ', config: { abortSignal: s }']]),
      fix('tokens', [[at, at, ', config: { maxOutputTokens: 4096 }']]),
    ]);
    assert.equal(after, `f({ a: 1, config: { abortSignal: s, maxOutputTokens: 4096 } });`);
  });

  it('leaves out a fix whose new object sets the same key as another', () => {
    const { after, outcomes } = run(call, [
      fix('a', [[argumentEnd, argumentEnd, ', { timeout: 1 }']]),
      fix('b', [[argumentEnd, argumentEnd, ', { timeout: 2 }']]),
    ]);
    assert.equal(after, `create({ model }, { timeout: 1 });`);
    assert.deepEqual(outcomes[1], ['b', false, 'it writes the same option as another fix']);
  });

  it('composes property insertions at the same place, in fix order', () => {
    const code = `f({\n  a: 1,\n});`;
    const at = code.indexOf(',') + 1;
    const { after } = run(code, [fix('b', [[at, at, '\n  b: 2,']]), fix('c', [[at, at, '\n  c: 3,']])]);
    assert.equal(after, `f({\n  a: 1,\n  b: 2,\n  c: 3,\n});`);
  });

  it('counts an edit several fixes share once', () => {
    const { after } = run(`x`, [
      fix('one', [[0, 0, 'a']]),
      fix('two', [
        [0, 0, 'a'],
        [1, 1, 'b'],
      ]),
    ]);
    assert.equal(after, `axb`);
  });

  it('leaves out a fix whose edit overlaps an applied one, and says so', () => {
    const { after, outcomes } = run(`abcdef`, [fix('first', [[1, 4, 'X']]), fix('second', [[3, 5, 'Y']])]);
    assert.equal(after, `aXef`);
    assert.deepEqual(outcomes, [
      ['first', true, undefined],
      ['second', false, 'it overlaps another fix'],
    ]);
  });

  it('applies an insertion before a replacement starting at the same place', () => {
    const { after } = run(`abc`, [
      fix('wrap', [
        [0, 0, '['],
        [0, 3, 'ABC'],
        [3, 3, ']'],
      ]),
    ]);
    assert.equal(after, `[ABC]`);
  });

  it('refuses a file whose combined result would not parse', () => {
    const { after, outcomes } = run(`const a = 1;`, [fix('broken', [[10, 11, '(']])]);
    assert.equal(after, `const a = 1;`);
    assert.deepEqual(outcomes, [['broken', false, 'the combined edits would not parse']]);
  });

  it('refuses an edit outside the text (the file changed since the audit)', () => {
    const { outcomes } = run(`short`, [fix('stale', [[40, 41, 'x']])]);
    assert.equal(outcomes[0]?.[1], false);
    assert.match(String(outcomes[0]?.[2]), /outside/);
  });

  it('creates a new file once, and refuses to overwrite one with other content', () => {
    const helper: Fix = {
      id: 'orchestration-helper',
      kind: 'orchestration-helper',
      title: 'helper',
      safe: false,
      edits: [],
      newFiles: [{ path: '/project/src/ai/call-model.ts', text: 'export {};\n' }],
    };
    const fresh = applyFixes(
      [helper],
      () => undefined,
      () => undefined,
    );
    assert.deepEqual(
      fresh.files.map((file) => [file.file, file.after, file.created]),
      [['/project/src/ai/call-model.ts', 'export {};\n', true]],
    );
    const same = applyFixes(
      [helper],
      () => undefined,
      () => 'export {};\n',
    );
    assert.deepEqual([same.files.length, same.outcomes[0]?.applied], [0, true]);
    const other = applyFixes(
      [helper],
      () => undefined,
      () => 'something else',
    );
    assert.equal(other.outcomes[0]?.applied, false);
  });
});

describe('applyFixes: alternatives that write the same option', () => {
  it('leaves out the second of two fixes that add the same property at the same place', () => {
    const code = `f({ a: 1 });`;
    const at = code.indexOf(' }');
    const result = applyFixes(
      [
        fix('timeout', [[at, at, ', abortSignal: AbortSignal.timeout(30000)']]),
        fix('route', [
          [at, at, ', abortSignal: signal'],
          [at, at, ', maxRetries: 0'],
        ]),
      ],
      (file) => (file === FILE ? code : undefined),
    );
    assert.equal(result.files[0]?.after, `f({ a: 1, abortSignal: AbortSignal.timeout(30000) });`);
    assert.deepEqual(
      result.outcomes.map((outcome) => outcome.applied),
      [true, false],
    );
  });
});
