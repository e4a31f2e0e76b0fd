import * as vscode from 'vscode';
import type { AuditProgress, AuditResult } from '../core/index';
import { formatCount } from '../core/format';
import { AUDIT_RUNNING_CONTEXT } from './contract';
import type { FolderAnalysis } from './folder-analysis';
import type { WorkspaceAnalysis } from './workspace-analysis';

export interface AuditSummary {
  cancelled: boolean;
  folders: number;
  filesScanned: number;
  calls: number;
  /** Files with at least one model call. */
  files: number;
  error: number;
  warning: number;
  info: number;
  documented: number;
}

const PHASES: Record<AuditProgress['phase'], { label: string; from: number; to: number }> = {
  scan: { label: 'Reading', from: 0, to: 0.5 },
  parse: { label: 'Parsing', from: 0.5, to: 0.7 },
  analyse: { label: 'Analysing', from: 0.7, to: 1 },
};

export type AuditStatus = 'idle' | 'running' | 'completed' | 'cancelled' | 'failed';

/**
 * The audits running now, so that *Cancel Audit* (and the notification's Cancel button) can stop
 * them, and the status of the latest one. Sets the `orchestrationAudit.auditRunning` context
 * key that shows the cancel command.
 */
export class AuditRuns {
  private readonly running = new Set<AbortController>();
  private latest: AuditStatus = 'idle';

  get status(): AuditStatus {
    return this.running.size > 0 ? 'running' : this.latest;
  }

  start(): AbortController {
    const controller = new AbortController();
    this.running.add(controller);
    if (this.running.size === 1) void vscode.commands.executeCommand('setContext', AUDIT_RUNNING_CONTEXT, true);
    return controller;
  }

  finish(controller: AbortController, status: AuditStatus): void {
    if (!this.running.delete(controller)) return;
    this.latest = status;
    if (this.running.size === 0) void vscode.commands.executeCommand('setContext', AUDIT_RUNNING_CONTEXT, false);
  }

  /** Cancels every running audit; false when none was running. */
  cancel(): boolean {
    const running = [...this.running];
    for (const controller of running) controller.abort();
    return running.length > 0;
  }
}

/**
 * Audits every workspace folder: a cancellable progress notification with file counts, every
 * file's findings in the Problems panel, a summary message, then the report. Once cancelled, no
 * result of the audit is published (the folders keep their previous analysis).
 */
export async function auditWorkspace(
  analysis: WorkspaceAnalysis,
  log: vscode.LogOutputChannel,
  runs: AuditRuns,
): Promise<AuditSummary | undefined> {
  const folders = analysis.allFolders();
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(
      'Orchestration Audit: open a folder (with the extension enabled) to audit it.',
    );
    return undefined;
  }
  const controller = runs.start();
  let summary: AuditSummary;
  try {
    summary = await runAudit(folders, controller);
  } catch (error) {
    runs.finish(controller, 'failed');
    throw error;
  }
  runs.finish(controller, summary.cancelled ? 'cancelled' : 'completed');
  if (summary.cancelled) {
    log.info('Audit cancelled.');
    void vscode.window.showInformationMessage('Orchestration Audit: audit cancelled.');
    return summary;
  }
  const message = summaryText(summary);
  log.info(message);
  void vscode.window.showInformationMessage(`Orchestration Audit: ${message}`);
  return summary;
}

function runAudit(folders: readonly FolderAnalysis[], controller: AbortController): Thenable<AuditSummary> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Orchestration Audit', cancellable: true },
    async (progress, token) => {
      const cancellation = token.onCancellationRequested(() => controller.abort());
      const results: AuditResult[] = [];
      let reported = 0;
      try {
        for (const [index, folder] of folders.entries()) {
          const result = await auditFolder(folder, controller.signal, (fraction, message) => {
            const overall = Math.round(((index + fraction) / folders.length) * 100);
            progress.report({ message, increment: Math.max(0, overall - reported) });
            reported = Math.max(reported, overall);
          });
          results.push(result);
        }
        return summarize(results, false);
      } catch (error) {
        if (controller.signal.aborted || (error instanceof Error && error.name === 'AuditCancelledError'))
          return summarize(results, true);
        throw error;
      } finally {
        cancellation.dispose();
      }
    },
  );
}

function auditFolder(
  folder: FolderAnalysis,
  signal: AbortSignal,
  report: (fraction: number, message: string) => void,
): Promise<AuditResult> {
  return folder.audit({
    signal,
    onProgress: (progress) => {
      const phase = PHASES[progress.phase];
      const within = progress.total > 0 ? progress.done / progress.total : 1;
      report(
        phase.from + (phase.to - phase.from) * within,
        `${folder.folder.name}: ${phase.label} ${progress.done}/${progress.total} files`,
      );
    },
  });
}

function summarize(results: readonly AuditResult[], cancelled: boolean): AuditSummary {
  const summary: AuditSummary = {
    cancelled,
    folders: results.length,
    filesScanned: 0,
    calls: 0,
    files: 0,
    error: 0,
    warning: 0,
    info: 0,
    documented: 0,
  };
  for (const result of results) {
    summary.filesScanned += result.stats.filesScanned;
    summary.calls += result.profiles.length;
    summary.files += new Set(result.profiles.map((profile) => profile.call.range.file)).size;
    for (const finding of result.findings) {
      if (finding.documentedBy) summary.documented++;
      else summary[finding.severity]++;
    }
  }
  return summary;
}

function summaryText(summary: AuditSummary): string {
  const findings = `${formatCount(summary.error, 'error')}, ${formatCount(summary.warning, 'warning')}, ${summary.info} info`;
  return `${formatCount(summary.calls, 'model call')} in ${formatCount(summary.files, 'file')} (${summary.filesScanned} scanned): ${findings}; ${summary.documented} documented.`;
}
