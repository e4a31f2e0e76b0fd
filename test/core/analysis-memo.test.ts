import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { AnalysisMemo, type KeptCode } from '../../src/core/analysis-memo';

/**
 * AnalysisMemo.resolution across an edit of the file a name is in: the edit replaces every node of
 * the file, and a name outside the span the edit changed (`KeptCode`) keeps what it resolved to in
 * another file, as long as that file has not changed since. Everything else is asked again.
 */
const TARGET = ts.createSourceFile('/w/target.ts', 'export function target() {}\n', ts.ScriptTarget.ES2022, true);
const DECLARATION = TARGET.statements[0];

const BEFORE = `import { target } from './target';
export function edited() {
  return target();
}
export function other() {
  return target();
}
`;
const AFTER = BEFORE.replace(
  '  return target();\n}\nexport function other',
  '  // typed\n  return target();\n}\nexport function other',
);

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile('/w/caller.ts', text, ts.ScriptTarget.ES2022, true);
}

/** The `target` callee inside the function named `name`. */
function calleeIn(sourceFile: ts.SourceFile, name: string): ts.Identifier {
  const fn = sourceFile.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === name,
  );
  const returned = (fn?.body?.statements[0] as ts.ReturnStatement).expression as ts.CallExpression;
  return returned.expression as ts.Identifier;
}

/** The span of `edited` in the old and the new text, as the session computes it for such an edit. */
function keptAround(before: ts.SourceFile, after: ts.SourceFile): KeptCode {
  const old = before.statements[1];
  const now = after.statements[1];
  return { file: before.fileName, start: old.pos, end: old.end, newEnd: now.end };
}

describe('AnalysisMemo: what names resolve to, across an edit of their file', () => {
  let before: ts.SourceFile;
  let after: ts.SourceFile;
  let memo: AnalysisMemo;
  let asked: number;
  const resolve = () => {
    asked++;
    return DECLARATION;
  };

  beforeEach(() => {
    before = parse(BEFORE);
    after = parse(AFTER);
    memo = new AnalysisMemo();
    asked = 0;
    for (const name of ['edited', 'other']) memo.resolution(calleeIn(before, name), resolve);
    asked = 0;
  });

  it('a name after the edited function keeps its answer in another file, without asking', () => {
    memo.invalidate([before.fileName], [before.fileName], keptAround(before, after));
    assert.equal(memo.resolution(calleeIn(after, 'other'), resolve), DECLARATION);
    assert.equal(asked, 0);
    assert.equal(memo.carriedResolutions, 1);
  });

  it('and keeps it over the next edit too', () => {
    memo.invalidate([before.fileName], [before.fileName], keptAround(before, after));
    memo.resolution(calleeIn(after, 'other'), resolve);
    const again = parse(AFTER.replace('// typed', '// typed more'));
    memo.invalidate([before.fileName], [before.fileName], keptAround(after, again));
    assert.equal(memo.resolution(calleeIn(again, 'other'), resolve), DECLARATION);
    assert.equal(asked, 0);
  });

  it('a name inside the edited function is asked again', () => {
    memo.invalidate([before.fileName], [before.fileName], keptAround(before, after));
    memo.resolution(calleeIn(after, 'edited'), resolve);
    assert.equal(asked, 1);
  });

  it('without kept code (the edit changed a type others see) every name of the file is asked again', () => {
    memo.invalidate([before.fileName], [before.fileName]);
    memo.resolution(calleeIn(after, 'other'), resolve);
    assert.equal(asked, 1);
    assert.equal(memo.carriedResolutions, 0);
  });

  it('an answer in a file that changed since is asked again', () => {
    memo.invalidate([TARGET.fileName]);
    memo.invalidate([before.fileName], [before.fileName], keptAround(before, after));
    memo.resolution(calleeIn(after, 'other'), resolve);
    assert.equal(asked, 1);
  });

  it('a name whose text at that place differs is asked again', () => {
    const renamed = parse(
      AFTER.replace('export function other() {\n  return target();', 'export function other() {\n  return tarGet();'),
    );
    memo.invalidate([before.fileName], [before.fileName], keptAround(before, renamed));
    memo.resolution(calleeIn(renamed, 'other'), resolve);
    assert.equal(asked, 1);
  });

  it('nothing is carried after the memo is cleared', () => {
    memo.clear();
    memo.invalidate([before.fileName], [before.fileName], keptAround(before, after));
    memo.resolution(calleeIn(after, 'other'), resolve);
    assert.equal(asked, 1);
  });
});
