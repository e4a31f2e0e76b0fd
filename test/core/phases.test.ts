import * as assert from 'node:assert/strict';
import { PHASES, PhaseClock } from '../../src/core/phases';

/** A clock whose time moves only when the test says so. */
function manualClock(): { clock: PhaseClock; advance: (ms: number) => void } {
  let now = 0;
  return { clock: new PhaseClock(() => now), advance: (ms) => (now += ms) };
}

describe('PhaseClock', () => {
  it('charges time to the innermost phase, not to the ones around it', () => {
    const { clock, advance } = manualClock();
    clock.time('detect', () => {
      advance(5);
      clock.time('callGraph', () => advance(7));
      advance(3);
    });
    const totals = clock.snapshot();
    assert.equal(totals.detect, 8);
    assert.equal(totals.callGraph, 7);
  });

  it('adds up the time of a phase entered many times and reports every phase', () => {
    const { clock, advance } = manualClock();
    for (let i = 0; i < 3; i++) clock.time('facets', () => advance(2));
    advance(100); // outside any phase: nobody's
    const totals = clock.snapshot();
    assert.deepEqual(Object.keys(totals), [...PHASES]);
    assert.equal(totals.facets, 6);
    assert.equal(
      Object.values(totals).reduce((sum, ms) => sum + ms, 0),
      6,
    );
  });

  it('closes a phase whose work threw, and unwinds phases left open', () => {
    const { clock, advance } = manualClock();
    assert.throws(() =>
      clock.time('rules', () => {
        advance(4);
        throw new Error('boom');
      }),
    );
    assert.equal(clock.depth(), 0);
    clock.enter('read');
    clock.enter('prefilter');
    advance(2);
    clock.unwind(0);
    advance(50);
    assert.equal(clock.depth(), 0);
    assert.deepEqual([clock.snapshot().rules, clock.snapshot().prefilter, clock.snapshot().read], [4, 2, 0]);
  });
});
