import * as vscode from 'vscode';
import type { OrchestrationAuditApi } from './api';
import { CallsTree } from './calls-tree';
import { CodeActionsSurface } from './code-actions';
import { CodeLensSurface } from './codelens';
import { registerCommands } from './commands';
import { OUTPUT_CHANNEL_NAME } from './contract';
import { isCoreLoaded } from './core-loader';
import { DiagnosticsSurface } from './diagnostics';
import { HoverSurface } from './hover';
import { LiveAnalysis } from './live-analysis';
import { ReportPanel } from './report-panel';
import { StatusBarSurface } from './status-bar';
import { WorkspaceAnalysis } from './workspace-analysis';

/** TS and JS files on disk: the analyser reads saved and unsaved text, never other schemes. */
const SELECTOR: vscode.DocumentSelector = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ language, scheme: 'file' }));

/**
 * Wires the surfaces; each lives in its own file and owns its disposables. Nothing here loads the
 * analyser: dist/core.js (ts-morph, TypeScript) is required at the first analysis, which starts
 * after activation returns.
 */
export function activate(context: vscode.ExtensionContext): OrchestrationAuditApi {
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const analysis = new WorkspaceAnalysis(log);
  const live = new LiveAnalysis(analysis, log);
  const diagnostics = new DiagnosticsSurface(analysis, (ruleId) => analysis.core.docsUrl(ruleId));
  const codeLens = new CodeLensSurface(analysis);
  const tree = new CallsTree(analysis);
  const report = new ReportPanel(context.extensionUri, analysis, log);
  const statusBar = new StatusBarSurface(analysis);
  const toolVersion = String(context.extension.packageJSON.version ?? '0.0.0');

  context.subscriptions.push(
    log,
    analysis,
    live,
    diagnostics,
    codeLens,
    tree,
    report,
    statusBar,
    vscode.languages.registerCodeActionsProvider(SELECTOR, new CodeActionsSurface(analysis), CodeActionsSurface.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new HoverSurface(analysis)),
    vscode.languages.registerCodeLensProvider(SELECTOR, codeLens),
    ...registerCommands({ extensionUri: context.extensionUri, analysis, report, tree, log, toolVersion }),
  );

  log.info(`Orchestration Audit ${toolVersion} activated (VS Code ${vscode.version}${vscode.workspace.isTrusted ? '' : ', restricted mode'}).`);
  // After activation returns: the first analysis loads the analyser.
  setImmediate(() => live.start());

  return {
    apiVersion: 1,
    analyse: async (uri) => {
      const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
      if (document) await live.analyseNow(document);
    },
    fileAnalysis: (uri) => {
      const entry = analysis.stateOf(uri);
      return entry && { version: entry.state.version, profiles: entry.state.analysis.profiles, findings: entry.state.analysis.findings };
    },
    isAnalyserLoaded: () => isCoreLoaded(),
    statusBarText: () => statusBar.text,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
