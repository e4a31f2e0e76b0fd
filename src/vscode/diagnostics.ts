import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Finding, Span } from '../core/types';
import { configProblemRange } from './config-range';
import { DIAGNOSTIC_SOURCE } from './contract';
import type { ConfigProblem, FolderAnalysis } from './folder-analysis';
import type { AnalysisChange, WorkspaceAnalysis } from './workspace-analysis';

/** The code of a diagnostic about the config file itself (not a rule). */
const CONFIG_DIAGNOSTIC_CODE = 'config';

/**
 * Findings as diagnostics: for open documents always, for every file once the workspace was
 * audited. Documented findings are not problems (the report still lists them). The code links
 * to the rule's page; related information points at where the decision lives.
 */
export class DiagnosticsSurface implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly analysis: WorkspaceAnalysis,
    private readonly docsUrl: (ruleId: string) => string | undefined,
  ) {
    this.disposables.push(
      analysis.onDidChange((change) => this.publish(change)),
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)),
    );
  }

  private publish(change: AnalysisChange): void {
    const { folder } = change;
    for (const file of change.files) {
      const uri = vscode.Uri.file(file);
      if (file === folder.configFile) {
        this.publishConfigProblem(uri, folder.configProblem);
        continue;
      }
      const state = folder.stateOf(file);
      if (!state || !this.shows(folder, uri)) {
        this.collection.delete(uri);
        continue;
      }
      this.collection.set(
        uri,
        state.analysis.findings.filter((finding) => !finding.documentedBy).map((finding) => this.toDiagnostic(finding)),
      );
    }
  }

  /** Open documents always; other files only after an audit of their folder. */
  private shows(folder: FolderAnalysis, uri: vscode.Uri): boolean {
    if (folder.audited) return true;
    return vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString());
  }

  private closed(document: vscode.TextDocument): void {
    const folder = this.analysis.existingFolderFor(document.uri);
    if (folder?.audited) return;
    if (folder && document.uri.fsPath === folder.configFile && folder.configProblem) return;
    this.collection.delete(document.uri);
  }

  toDiagnostic(finding: Finding): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(rangeOf(finding.span), finding.message, SEVERITY[finding.severity]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    const target = this.docsUrl(finding.ruleId);
    diagnostic.code = target ? { value: finding.ruleId, target: vscode.Uri.parse(target) } : finding.ruleId;
    if (finding.related.length > 0) {
      diagnostic.relatedInformation = finding.related.map(
        (related) =>
          new vscode.DiagnosticRelatedInformation(
            new vscode.Location(vscode.Uri.file(related.span.file), rangeOf(related.span)),
            related.message,
          ),
      );
    }
    return diagnostic;
  }

  private publishConfigProblem(uri: vscode.Uri, problem: ConfigProblem | undefined): void {
    if (!problem) {
      this.collection.delete(uri);
      return;
    }
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    const range = configProblemRange(open?.getText() ?? readSync(uri.fsPath), problem.line, problem.column);
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character),
      `${problem.message} (the analysis uses the defaults until this is fixed)`,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = CONFIG_DIAGNOSTIC_CODE;
    this.collection.set(uri, [diagnostic]);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Spans are 1-based lines and columns in UTF-16 units, as VS Code positions are (0-based). */
export function rangeOf(span: Span): vscode.Range {
  return new vscode.Range(span.line - 1, span.column - 1, span.endLine - 1, span.endColumn - 1);
}

function readSync(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
