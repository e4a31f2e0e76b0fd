import * as assert from 'node:assert/strict';
import { MAX_REFRESH_DELAY_MS, MIN_REFRESH_DELAY_MS, refreshDelay } from '../../src/vscode/refresh-delay';

describe('report refresh delay', () => {
  it('waits the minimum before the first rebuild and after quick ones', () => {
    assert.equal(refreshDelay(undefined), MIN_REFRESH_DELAY_MS);
    assert.equal(refreshDelay(0), MIN_REFRESH_DELAY_MS);
    assert.equal(refreshDelay(Number.NaN), MIN_REFRESH_DELAY_MS);
    assert.equal(refreshDelay(40), MIN_REFRESH_DELAY_MS);
  });

  it('keeps slow rebuilds to a quarter of the time while changes keep coming', () => {
    assert.equal(refreshDelay(200), 600);
    assert.equal(refreshDelay(553), 1659);
    const share = 553 / (553 + refreshDelay(553));
    assert.ok(share <= 0.25 + 1e-9, `share ${share}`);
  });

  it('never waits longer than the maximum', () => {
    assert.equal(refreshDelay(4_000), MAX_REFRESH_DELAY_MS);
    assert.equal(refreshDelay(Number.POSITIVE_INFINITY), MIN_REFRESH_DELAY_MS);
  });
});
