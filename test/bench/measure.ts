import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Sample {
  wallMs: number;
  /** User + system CPU time of the process tree (GNU time only; NaN otherwise). */
  cpuMs: number;
  /** 1-minute load average when the command started (other work on the machine skews wall times). */
  loadBefore: number;
  /** Peak resident set size of the process tree (largest process), in KiB. */
  maxRssKb: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  rssMethod: RssMethod;
}

export type RssMethod = 'gnu-time' | 'proc-poll';

const GNU_TIME = '/usr/bin/time';

export function rssMethod(): RssMethod {
  try {
    fs.accessSync(GNU_TIME, fs.constants.X_OK);
    return 'gnu-time';
  } catch {
    return 'proc-poll';
  }
}

/**
 * Runs a command and measures its wall time and peak RSS. With GNU time (`apt-get install time`)
 * the peak comes from wait4()'s rusage, which covers the child and the descendants it waited for
 * (the native tsc that the `tsc` shim spawns, for instance). Without it, /proc/<pid>/status VmHWM
 * of the process tree is polled every 10 ms (may miss short-lived peaks).
 */
export function measure(
  command: string,
  args: readonly string[],
  options: { cwd?: string; keepStdout?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<Sample> {
  const method = rssMethod();
  const timeFile = path.join(
    os.tmpdir(),
    `bench-time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`,
  );
  const [file, argv] =
    method === 'gnu-time' ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...args]] : [command, [...args]];
  const loadBefore = os.loadavg()[0] ?? NaN;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      if (options.keepStdout !== false) stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let polledKb = 0;
    const poller =
      method === 'proc-poll' && child.pid !== undefined
        ? setInterval(() => {
            polledKb = Math.max(polledKb, treeHighWaterKb(child.pid as number));
          }, 10)
        : undefined;
    child.on('error', (error) => {
      if (poller) clearInterval(poller);
      reject(error);
    });
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (poller) clearInterval(poller);
      let maxRssKb = polledKb;
      let cpuMs = NaN;
      if (method === 'gnu-time') {
        try {
          // The last line (GNU time prints "Command exited with non-zero status" first when it fails).
          const lines = fs.readFileSync(timeFile, 'utf8').trim().split('\n');
          const [rss, user, system] = (lines[lines.length - 1] ?? '').trim().split(/\s+/).map(Number);
          maxRssKb = rss ?? NaN;
          cpuMs = ((user ?? NaN) + (system ?? NaN)) * 1000;
          fs.rmSync(timeFile, { force: true });
        } catch {
          maxRssKb = NaN;
        }
      }
      resolve({
        wallMs,
        cpuMs,
        loadBefore,
        maxRssKb,
        exitCode: code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        rssMethod: method,
      });
    });
  });
}

/** Largest VmHWM among `pid` and its descendants, in KiB. */
function treeHighWaterKb(pid: number): number {
  let best = 0;
  const pending = [pid];
  const seen = new Set<number>();
  while (pending.length > 0) {
    const current = pending.pop() as number;
    if (seen.has(current)) continue;
    seen.add(current);
    try {
      const status = fs.readFileSync(`/proc/${current}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      if (match) best = Math.max(best, Number(match[1]));
    } catch {
      continue;
    }
    try {
      for (const task of fs.readdirSync(`/proc/${current}/task`)) {
        const children = fs.readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').trim();
        for (const child of children.split(/\s+/)) if (child) pending.push(Number(child));
      }
    } catch {
      // process gone
    }
  }
  return best;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
