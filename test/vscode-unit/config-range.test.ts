import * as assert from 'node:assert/strict';
import { configProblemRange } from '../../src/vscode/config-range';

describe('config-range: where a config problem is drawn', () => {
  const text = '{\n  "rules": {\n    "no-such-rule": "error",\n    "missing-timeout": 12\n  }\n}\n';

  it('covers a whole string token, quotes included', () => {
    assert.deepEqual(configProblemRange(text, 3, 5), {
      start: { line: 2, character: 4 },
      end: { line: 2, character: 18 },
    });
  });

  it('covers a number or literal up to its end', () => {
    assert.deepEqual(configProblemRange(text, 4, 24), {
      start: { line: 3, character: 23 },
      end: { line: 3, character: 25 },
    });
  });

  it('covers one character for punctuation and the first line without a position', () => {
    assert.deepEqual(configProblemRange(text, 1, 1), {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 1 },
    });
    assert.deepEqual(configProblemRange(text), { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
    assert.deepEqual(configProblemRange('', 9, 9), {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    });
  });

  it('stays inside the line for a column past its end', () => {
    assert.deepEqual(configProblemRange('{ "rules": ', 1, 40), {
      start: { line: 0, character: 11 },
      end: { line: 0, character: 11 },
    });
  });
});
