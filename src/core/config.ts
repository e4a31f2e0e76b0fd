import type { SeveritySetting } from './types';

/** The effective configuration of one audit (defaults merged with `.orchestration-audit.json`). */
export interface AuditConfig {
  /** Per-rule severity and options, by rule id. Missing ids use the rule's defaults. */
  rules: Record<string, { severity: SeveritySetting; options: Record<string, unknown> }>;
  /** Globs (relative to the root, `/` separators) of files not to audit, on top of the built-in ones. */
  exclude: string[];
  /** Skip test files and SDK mocks (`*.test.*`, `*.spec.*`, `__mocks__/`). */
  ignoreTests: boolean;
  /** Files larger than this are skipped with a reason. */
  maxFileBytes: number;
  /** Model used by the "Add a fallback" fix; null = the per-SDK default. */
  fallbackModel: string | null;
  /** Timeout written by the "Add timeout" fix. */
  defaultTimeoutMs: number;
  /** Where the "Create orchestration helper" fix writes its module (relative to the root). */
  helperModulePath: string;
}

export const DEFAULT_CONFIG: AuditConfig = {
  rules: {},
  exclude: [],
  ignoreTests: true,
  maxFileBytes: 2_000_000,
  fallbackModel: null,
  defaultTimeoutMs: 30_000,
  helperModulePath: 'src/ai/call-model.ts',
};
