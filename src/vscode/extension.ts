// First: its top-level line marks when the bundle started to run (the activation time's start).
import { bundleStartedAt } from './load-time';
import * as vscode from 'vscode';
import type { OrchestrationAuditApi } from './api';
import { AuditRuns } from './audit-command';
import { CallsTree } from './calls-tree';
import { CodeActionsSurface } from './code-actions';
import { CodeLensSurface } from './codelens';
import { registerCommands } from './commands';
import { OUTPUT_CHANNEL_NAME } from './contract';
import { isCoreLoaded, useCodeCache } from './core-loader';
import { DiagnosticsSurface } from './diagnostics';
import { HoverSurface } from './hover';
import { LiveAnalysis } from './live-analysis';
import { RecordingLog } from './log';
import { ReportPanel } from './report-panel';
import { StatusBarSurface } from './status-bar';
import { WorkspaceAnalysis } from './workspace-analysis';

/** Every module of the bundle has run by here (this module's body comes last). */
const bundleEvaluatedAt = performance.now();

/** TS and JS files on disk: the analyser reads saved and unsaved text, never other schemes. */
const SELECTOR: vscode.DocumentSelector = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map(
  (language) => ({ language, scheme: 'file' }),
);

/**
 * Wires the surfaces; each lives in its own file and owns its disposables. Nothing here loads the
 * analyser: dist/core.js (ts-morph, TypeScript) is required at the first analysis, which starts
 * after activation returns.
 */
export function activate(context: vscode.ExtensionContext): OrchestrationAuditApi {
  const activateStartedAt = performance.now();
  // The analyser's V8 code cache lives in the extension's own storage: a window after the first
  // compiles dist/core.js in a third of the time (core-loader.ts).
  useCodeCache(context.globalStorageUri.scheme === 'file' ? context.globalStorageUri.fsPath : undefined);
  const log = new RecordingLog(vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true }));
  const analysis = new WorkspaceAnalysis(log);
  const audits = new AuditRuns();
  const live = new LiveAnalysis(analysis, log);
  const diagnostics = new DiagnosticsSurface(analysis, (ruleId) => analysis.core.docsUrl(ruleId));
  const codeLens = new CodeLensSurface(analysis);
  const tree = new CallsTree(analysis);
  const report = new ReportPanel(context.extensionUri, analysis, log);
  const statusBar = new StatusBarSurface(analysis);
  const manifest = context.extension.packageJSON as { version?: unknown };
  const toolVersion = typeof manifest.version === 'string' ? manifest.version : '0.0.0';

  context.subscriptions.push(
    log,
    analysis,
    live,
    diagnostics,
    codeLens,
    tree,
    report,
    statusBar,
    vscode.languages.registerCodeActionsProvider(
      SELECTOR,
      new CodeActionsSurface(analysis),
      CodeActionsSurface.metadata,
    ),
    vscode.languages.registerHoverProvider(SELECTOR, new HoverSurface(analysis)),
    vscode.languages.registerCodeLensProvider(SELECTOR, codeLens),
    ...registerCommands({ extensionUri: context.extensionUri, analysis, report, tree, log, toolVersion, audits }),
  );

  // After activation returns: the first analysis loads the analyser.
  setImmediate(() => live.start());

  const returnedAt = performance.now();
  // Between the bundle and activate() VS Code prepares the extension's context (storage, a round
  // trip to the workbench): its own time, counted apart.
  const activation = {
    ms: bundleEvaluatedAt - bundleStartedAt + (returnedAt - activateStartedAt),
    bundleMs: bundleEvaluatedAt - bundleStartedAt,
    activateMs: returnedAt - activateStartedAt,
    wallMs: returnedAt - bundleStartedAt,
    returnedAt,
    analyserLoaded: isCoreLoaded(),
  };
  log.info(
    `Orchestration Audit ${toolVersion} activated in ${activation.ms.toFixed(1)} ms (VS Code ${vscode.version}${vscode.workspace.isTrusted ? '' : ', restricted mode'}).`,
  );
  return {
    apiVersion: 1,
    analyse: async (uri) => {
      const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
      if (document) await live.analyseNow(document);
    },
    fileAnalysis: (uri) => {
      const entry = analysis.stateOf(uri, { withFixes: true });
      return (
        entry && {
          version: entry.state.version,
          profiles: entry.state.analysis.profiles,
          findings: entry.state.analysis.findings,
        }
      );
    },
    isAnalyserLoaded: () => isCoreLoaded(),
    statusBarText: () => statusBar.text,
    onDidChangeAnalysis: (listener, thisArg, disposables) =>
      analysis.onDidChange(
        (change) => {
          listener.call(thisArg, { files: change.files });
        },
        undefined,
        disposables,
      ),
    whenIdle: () => live.whenIdle(),
    auditStatus: () => audits.status,
    activation: () => ({ ...activation }),
    recentLog: () => log.lines(),
    loggedErrors: () => log.errors(),
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
