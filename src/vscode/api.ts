import type * as vscode from 'vscode';
import type { DecisionProfile, Finding } from '../core/types';
import type { AuditStatus } from './audit-command';
import type { LogLine } from './log';

/**
 * What `activate` returns (`vscode.extensions.getExtension(id).exports`): enough for the
 * extension-host tests, and for other extensions, to wait for and read an analysis.
 */
export interface OrchestrationAuditApi {
  readonly apiVersion: 1;
  /** Analyses an open document now; resolves when its diagnostics match its current text. */
  analyse(uri: vscode.Uri): Promise<void>;
  /** The latest analysis of a file and the document version it read (undefined: the saved file). */
  fileAnalysis(
    uri: vscode.Uri,
  ): { version?: number; profiles: readonly DecisionProfile[]; findings: readonly Finding[] } | undefined;
  /** Whether dist/core.js (ts-morph, TypeScript) is loaded: activation alone must not load it. */
  isAnalyserLoaded(): boolean;
  /** The status bar item's text, undefined while hidden. */
  statusBarText(): string | undefined;
  /** Fires when results are published (the diagnostics, the tree and the status bar follow it). */
  readonly onDidChangeAnalysis: vscode.Event<{ files: readonly string[] }>;
  /**
   * Resolves once every edit, open, close and file change seen so far has been analysed and
   * published: after it, no result of those can still arrive.
   */
  whenIdle(): Promise<void>;
  /** The workspace audit: running now, or how the latest one ended ('idle': none ran yet). */
  auditStatus(): AuditStatus;
  /**
   * Activation, in milliseconds: running the bundle (`bundleMs`, its first statement to its last
   * module) plus `activate()` (`activateMs`) is `ms`, the extension's own cost; `wallMs` is from the
   * bundle's first statement to `activate()` returning, with the time VS Code takes in between to
   * prepare the extension's context. And whether the analyser was loaded by then (it must not be).
   * `returnedAt` is `performance.now()` when `activate()` returned, on this process's clock (the
   * extension-host suite, in the same process, times the first open from it).
   */
  activation(): {
    ms: number;
    bundleMs: number;
    activateMs: number;
    wallMs: number;
    returnedAt: number;
    analyserLoaded: boolean;
  };
  /** The log's recent lines, oldest first, at the channel's level (for tests and bug reports). */
  recentLog(): readonly LogLine[];
  /** Every error line logged since activation (the extension-host suite expects none). */
  loggedErrors(): readonly string[];
}
