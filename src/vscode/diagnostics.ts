import { isOpenFinding } from '../core/open-finding';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Finding, Span } from '../core/types';
import { configProblemRange } from './config-range';
import { DIAGNOSTIC_SOURCE, SettingKeys } from './contract';
import { IMPLICIT_GROUP_CODE, planDiagnostics, type PlannedDiagnostic } from './diagnostic-plan';
import type { ConfigProblem, FolderAnalysis } from './folder-analysis';
import { affectsSettings, readSettings } from './settings';
import type { AnalysisChange, WorkspaceAnalysis } from './workspace-analysis';

/** The code of a diagnostic about the config file itself (not a rule). */
const CONFIG_DIAGNOSTIC_CODE = 'config';

/** Where the grouped diagnostic's code links: the editor page's section on it. */
const IMPLICIT_GROUP_DOCS =
  'https://github.com/orchestration-audit/orchestration-audit/blob/main/docs/editor.md#implicit-decisions';

/**
 * Findings as diagnostics: for open documents always, for every file once the workspace was
 * audited. Documented and disabled findings are not problems (the report still lists them). A
 * call's implicit decisions share one diagnostic unless `diagnostics.groupImplicit` is off
 * (diagnostic-plan.ts). The code links to the rule's page; related information points at where
 * the decision lives, and for a group at each decision's own message.
 */
export class DiagnosticsSurface implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly disposables: vscode.Disposable[] = [this.collection];
  /** The folder of each file published, to publish again when the grouping setting changes. */
  private readonly published = new Map<string, FolderAnalysis>();

  constructor(
    private readonly analysis: WorkspaceAnalysis,
    private readonly docsUrl: (ruleId: string) => string | undefined,
  ) {
    this.disposables.push(
      analysis.onDidChange((change) => this.publish(change)),
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!affectsSettings(event, undefined, SettingKeys.groupImplicit)) return;
        for (const [file, folder] of this.published) this.publish({ folder, files: [file] });
      }),
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
        this.published.delete(file);
        continue;
      }
      this.published.set(file, folder);
      const planned = planDiagnostics(
        state.analysis.findings.filter(isOpenFinding),
        readSettings(uri).groupImplicit,
        this.analysis.core.implicitLabelOf,
      );
      this.collection.set(
        uri,
        planned.map((diagnostic) => this.toDiagnostic(diagnostic)),
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
    this.published.delete(document.uri.fsPath);
  }

  private toDiagnostic(planned: PlannedDiagnostic): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(rangeOf(planned.span), planned.message, SEVERITY[planned.severity]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    const target = planned.code === IMPLICIT_GROUP_CODE ? IMPLICIT_GROUP_DOCS : this.docsUrl(planned.code);
    diagnostic.code = target ? { value: planned.code, target: vscode.Uri.parse(target) } : planned.code;
    const related = planned.findings.flatMap((finding) => [
      ...(planned.findings.length > 1
        ? [{ message: `${finding.message} (${finding.ruleId})`, span: finding.span }]
        : []),
      ...finding.related,
    ]);
    if (related.length > 0) {
      diagnostic.relatedInformation = related.map(
        (entry) =>
          new vscode.DiagnosticRelatedInformation(
            new vscode.Location(vscode.Uri.file(entry.span.file), rangeOf(entry.span)),
            entry.message,
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

/** A diagnostic's code as a string (it may carry a link target). */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

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
