import type { ts } from 'ts-morph';
import type { CallerIndex } from '../graph/call-graph';
import type { Solver } from '../graph/solver';
import type { ClientTracer } from '../client-origin';
import type { AuditConfig } from '../config';
import type { DetectedCall } from '../detect';

/** What every facet may read: the checker, the call graph and the other model calls. */
export interface FacetContext {
  checker: ts.TypeChecker;
  tracer: ClientTracer;
  callers: CallerIndex;
  /** The one outward walk every facet asks (see graph/solver.ts). */
  solver: Solver;
  config: AuditConfig;
  /** The program's compiler options (fixes read `paths` aliases from them). */
  compilerOptions: ts.CompilerOptions;
  /** Every model call of the audit. */
  calls: readonly DetectedCall[];
  /** The id a model call is reported under. */
  idOf(call: DetectedCall): string;
  /** A file's path relative to the audit root, as ids and reports write it. */
  relative(file: string): string;
  /** Model calls made (directly) inside the node. */
  modelCallsWithin(node: ts.Node): DetectedCall[];
  /**
   * Whether a function, method or function-valued variable of this name holds a model call of the
   * audit: a callee of another name cannot (spares resolving every call of a long function).
   */
  modelCallerNamed(name: string): boolean;
  /** The detected call for a call expression, if it is one. */
  callAt(node: ts.Node): DetectedCall | undefined;
}
