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

/**
 * AnalysisMemo.readingResolutions: a value computed from a node's code and the code its names
 * resolve to (a handler's description, reading the helper it hands the error to) is given again
 * while the node's file and each file it read still resolve as they did.
 */
describe('AnalysisMemo: values read through what names resolve to', () => {
  const CALLER = parse(BEFORE);
  const callee = calleeIn(CALLER, 'edited');
  let memo: AnalysisMemo;
  let computed: number;
  /** Reads what `target` resolves to, as a handler's description reads its helper. */
  const describeCaller = () => {
    computed++;
    return memo.resolution(callee, () => DECLARATION) === DECLARATION ? 'reads target' : 'reads nothing';
  };

  beforeEach(() => {
    memo = new AnalysisMemo();
    computed = 0;
    assert.equal(memo.readingResolutions(CALLER, 'described', describeCaller), 'reads target');
  });

  it('is given again, without computing, after an edit of a file it did not read', () => {
    memo.invalidate(['/w/elsewhere.ts']);
    assert.equal(memo.readingResolutions(CALLER, 'described', describeCaller), 'reads target');
    assert.equal(computed, 1);
    assert.equal(memo.reusedValues, 1);
  });

  it('is computed again after an edit of a file its names resolved into', () => {
    memo.invalidate([TARGET.fileName]);
    memo.readingResolutions(CALLER, 'described', describeCaller);
    assert.equal(computed, 2);
  });

  it('and after an edit that changes what names of its own file resolve to', () => {
    memo.invalidate([CALLER.fileName]);
    memo.readingResolutions(CALLER, 'described', describeCaller);
    assert.equal(computed, 2);
  });

  it('an enclosing value read what the inner one read, also when the inner one is given again', () => {
    const outer = parse(`${BEFORE}// another parse of the caller\n`);
    const describeOuter = () => memo.readingResolutions(CALLER, 'described', describeCaller);
    memo.readingResolutions(outer, 'outer', describeOuter);
    memo.invalidate([TARGET.fileName]);
    let outerComputed = 0;
    memo.readingResolutions(outer, 'outer', () => {
      outerComputed++;
      return describeOuter();
    });
    assert.equal(outerComputed, 1);
  });

  it('a file reported with `read` counts as read', () => {
    const other = parse(`${BEFORE}// a third parse\n`);
    memo.readingResolutions(other, 'reported', () => {
      memo.read('/w/helper.js');
      return 'found without the checker';
    });
    memo.invalidate(['/w/helper.js']);
    let again = 0;
    memo.readingResolutions(other, 'reported', () => {
      again++;
      return 'found without the checker';
    });
    assert.equal(again, 1);
  });
});
