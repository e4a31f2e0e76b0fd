import type { AuditConfig } from './config';

export type * from './types';
export type { AuditConfig } from './config';
export { DEFAULT_CONFIG } from './config';
export { RULES } from './rules/index';
export { docsUrl } from './rules/define-rule';

export interface AuditProgress {
  phase: 'scan' | 'parse' | 'analyse';
  done: number;
  total: number;
}

export interface AuditOptions {
  /** Absolute path of the audited root (config, relative paths and tsconfig discovery start here). */
  root: string;
  /** Files or folders to audit (absolute); defaults to the root. */
  paths?: string[];
  config?: AuditConfig;
  onProgress?: (progress: AuditProgress) => void;
  /** Cancels the audit between files. */
  signal?: AbortSignal;
  /** Whether the findings carry their fixes (default yes): the reports but JSON show none. */
  fixes?: boolean;
}

export { audit, auditSources } from './audit';
export { AnalysisSession, AuditCancelledError, type FileAnalysis } from './session';
