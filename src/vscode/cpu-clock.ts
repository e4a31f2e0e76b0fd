/**
 * Wall time and CPU time of one stretch of work in the extension host. The two differ when the
 * process waits for a core: in a window starting up, VS Code's renderer and TypeScript servers
 * run beside the host on the same cores, and the log says which of the two made a load slow.
 * The CPU time is the process's (every thread: the collector's helpers too), so it is an upper
 * bound of the stretch's own.
 */
export interface CpuClock {
  /** `123 ms (45 ms of CPU)`: what the log lines append after "in". */
  elapsed(): string;
}

export function startCpuClock(): CpuClock {
  const started = performance.now();
  const cpu = process.cpuUsage();
  return {
    elapsed: () => {
      const used = process.cpuUsage(cpu);
      const wallMs = Math.round(performance.now() - started);
      const cpuMs = Math.round((used.user + used.system) / 1000);
      return `${wallMs} ms (${cpuMs} ms of CPU)`;
    },
  };
}
