import type * as vscode from 'vscode';
import type { DecisionProfile, Finding } from '../core/types';

/**
 * What `activate` returns (`vscode.extensions.getExtension(id).exports`): enough for the
 * extension-host tests, and for other extensions, to wait for and read an analysis.
 */
export interface OrchestrationAuditApi {
  readonly apiVersion: 1;
  /** Analyses an open document now; resolves when its diagnostics match its current text. */
  analyse(uri: vscode.Uri): Promise<void>;
  /** The latest analysis of a file and the document version it read (undefined: the saved file). */
  fileAnalysis(uri: vscode.Uri): { version?: number; profiles: readonly DecisionProfile[]; findings: readonly Finding[] } | undefined;
  /** Whether dist/core.js (ts-morph, TypeScript) is loaded: activation alone must not load it. */
  isAnalyserLoaded(): boolean;
  /** The status bar item's text, undefined while hidden. */
  statusBarText(): string | undefined;
}
