import type { AuditProgress } from '../core/index';

const PHASES: Record<AuditProgress['phase'], string> = { scan: 'scanning', parse: 'parsing', analyse: 'analysing' };
/** Redraw at most this often: a terminal that repaints per file slows the audit down. */
const INTERVAL_MS = 100;

export interface ProgressLine {
  update: (progress: AuditProgress) => void;
  /** Erases the line so the report starts on a clean one. */
  clear(): void;
}

/** One self-overwriting line on stderr, only for a terminal: logs and pipes get none of it. */
export function progressLine(stream: { write(text: string): unknown; isTTY?: boolean }): ProgressLine | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  let shown = false;
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < INTERVAL_MS && progress.done < progress.total) return;
      last = now;
      shown = true;
      stream.write(`\r\u001b[K${PHASES[progress.phase]} ${progress.done}/${progress.total} files`);
    },
    clear() {
      if (shown) stream.write('\r\u001b[K');
      shown = false;
    },
  };
}
