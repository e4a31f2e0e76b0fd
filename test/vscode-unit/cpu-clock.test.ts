import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCpuClock } from '../../src/vscode/cpu-clock';

/** `123 ms (45 ms of CPU)` as numbers. */
function parse(elapsed: string): { wallMs: number; cpuMs: number } {
  const match = /^(\d+) ms \((\d+) ms of CPU\)$/.exec(elapsed);
  assert.ok(match, elapsed);
  return { wallMs: Number(match[1]), cpuMs: Number(match[2]) };
}

describe('startCpuClock', () => {
  it('counts the wall time of a wait, without CPU time for it', async () => {
    const clock = startCpuClock();
    await sleep(80);
    const { wallMs, cpuMs } = parse(clock.elapsed());
    assert.ok(wallMs >= 79, `wall ${wallMs} ms`);
    assert.ok(cpuMs < wallMs, `CPU ${cpuMs} ms of a wall ${wallMs} ms spent waiting`);
  });

  it('counts the CPU time of work', () => {
    const clock = startCpuClock();
    const cpu = process.cpuUsage();
    let spent = 0;
    while (spent < 40_000) {
      const used = process.cpuUsage(cpu);
      spent = used.user + used.system;
    }
    const { cpuMs } = parse(clock.elapsed());
    assert.ok(cpuMs >= 40, `CPU ${cpuMs} ms`);
  });
});
