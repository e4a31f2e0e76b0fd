/**
 * Where an audit's time goes, by phase, for the benchmark (test/bench). Time is charged to the
 * innermost phase entered: the call graph is asked from inside detection and the facets, and its
 * time is its own, not theirs. Costs one clock read per switch; nothing reads it unless asked.
 */
export const PHASES = [
  'read',
  'prefilter',
  'program',
  'detect',
  'callGraph',
  'facets',
  'rules',
  'fixes',
  'reporters',
] as const;
export type Phase = (typeof PHASES)[number];

export class PhaseClock {
  private readonly totals = new Map<Phase, number>();
  private readonly stack: Phase[] = [];
  private since = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Runs `work` as `phase` (nested phases take their own time out of it). */
  time<T>(phase: Phase, work: () => T): T {
    this.enter(phase);
    try {
      return work();
    } finally {
      this.exit();
    }
  }

  enter(phase: Phase): void {
    this.charge();
    this.stack.push(phase);
  }

  exit(): void {
    this.charge();
    this.stack.pop();
  }

  /** How many phases are open (see `unwind`). */
  depth(): number {
    return this.stack.length;
  }

  /** Closes the phases opened since `depth` (work that threw, a cancelled load). */
  unwind(depth: number): void {
    while (this.stack.length > depth) this.exit();
  }

  /** Milliseconds per phase so far (phases never entered are 0). */
  snapshot(): Record<Phase, number> {
    const result = {} as Record<Phase, number>;
    for (const phase of PHASES) result[phase] = this.totals.get(phase) ?? 0;
    return result;
  }

  reset(): void {
    this.totals.clear();
    this.stack.length = 0;
  }

  private charge(): void {
    const now = this.now();
    const current = this.stack[this.stack.length - 1];
    if (current !== undefined) this.totals.set(current, (this.totals.get(current) ?? 0) + now - this.since);
    this.since = now;
  }
}

/** The process's clock: the CLI's audit charges it; the benchmark reads it (ORCHESTRATION_AUDIT_PHASES). */
export const phaseClock = new PhaseClock();
