import * as assert from 'node:assert/strict';
import { formatAttempts, formatCount, formatDuration, formatProduct } from '../../src/core/format';

describe('format: one form for durations, counts and attempts', () => {
  describe('formatDuration', () => {
    for (const [ms, text] of [
      [450, '450 ms'],
      [999.6, '1 s'],
      [1000, '1 s'],
      [1500, '1.5 s'],
      [30_000, '30 s'],
      [59_970, '1 min'],
      [60_000, '1 min'],
      [150_000, '2.5 min'],
      [600_000, '10 min'],
      [1_800_000, '30 min'],
      [1_950_000, '33 min'],
      [3_600_000, '1 h'],
      [4_320_000, '1.2 h'],
      [5_400_000, '1.5 h'],
      [172_800_000, '2 d'],
    ] as const) {
      it(`${ms} ms reads "${text}"`, () => assert.equal(formatDuration(ms), text));
    }
  });

  it('formatCount: the noun is plural unless the count is 1', () => {
    assert.equal(formatCount(1, 'attempt'), '1 attempt');
    assert.equal(formatCount(0, 'model call'), '0 model calls');
    assert.equal(formatCount(18, 'attempt'), '18 attempts');
  });

  it('formatAttempts: a number, or unlimited', () => {
    assert.equal(formatAttempts(3), '3');
    assert.equal(formatAttempts('unbounded'), 'unlimited');
  });

  it('formatProduct: factors joined with a multiplication sign', () => {
    assert.equal(formatProduct(['p-retry 6', 'OpenAI SDK default 3']), 'p-retry 6 × OpenAI SDK default 3');
  });
});
