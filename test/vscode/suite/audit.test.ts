import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AuditSummary } from '../../../src/vscode/audit-command';
import { Commands } from '../../../src/vscode/contract';
import { expectedAnalysis, keyOfFinding, ourDiagnostics, sortedKeys, uriOf, waitForDiagnostics } from './helpers';

const UNOPENED = 'src/unopened/feedback.ts';

describe('Audit workspace', () => {
  it('fills the Problems panel for files that were never opened, and sums them up', async () => {
    const uri = uriOf(UNOPENED);
    assert.ok(
      !vscode.workspace.textDocuments.some((document) => document.uri.fsPath === uri.fsPath),
      'no test opened the file',
    );
    assert.deepEqual(ourDiagnostics(uri), [], 'no diagnostics before the audit');
    const summary = await vscode.commands.executeCommand<AuditSummary>(Commands.auditWorkspace);
    assert.ok(summary && !summary.cancelled, 'the audit ran to the end');
    assert.ok(summary.calls >= 16, `calls: ${summary.calls}`);
    assert.ok(summary.files >= 6, `files: ${summary.files}`);
    const expected = await expectedAnalysis(UNOPENED);
    const keys = expected.findings
      .filter((finding) => !finding.documentedBy)
      .map(keyOfFinding)
      .sort();
    assert.ok(
      keys.some((key) => key.startsWith('implicit-timeout@8:')),
      keys.join(),
    );
    await waitForDiagnostics(uri, "the audit's diagnostics", (found) => sortedKeys(found).join() === keys.join());
    assert.equal(summary.error + summary.warning + summary.info > 0, true);
  });

  it('exports the register as Markdown, JSON and SARIF to a given file', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'oa-export-'));
    const markdown = await vscode.commands.executeCommand<vscode.Uri>(
      Commands.exportMarkdown,
      vscode.Uri.file(path.join(folder, 'register.md')),
    );
    const json = await vscode.commands.executeCommand<vscode.Uri>(
      Commands.exportJson,
      vscode.Uri.file(path.join(folder, 'audit.json')),
    );
    const sarif = await vscode.commands.executeCommand<vscode.Uri>(
      Commands.exportSarif,
      vscode.Uri.file(path.join(folder, 'audit.sarif')),
    );
    assert.ok(markdown && json && sarif);
    const register = fs.readFileSync(markdown.fsPath, 'utf8');
    assert.match(register, /^# Orchestration decision register/);
    assert.match(register, /summarizeTicket/);
    const report = JSON.parse(fs.readFileSync(json.fsPath, 'utf8')) as { version: number; calls: unknown[] };
    assert.equal(report.version, 1);
    assert.ok(report.calls.length >= 16);
    const log = JSON.parse(fs.readFileSync(sarif.fsPath, 'utf8')) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    assert.equal(log.version, '2.1.0');
    assert.ok((log.runs[0]?.results.length ?? 0) > 0);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("opens the decision register with the audit's totals", async () => {
    const totals = await vscode.commands.executeCommand<{ calls: number; documented: number }>(Commands.showReport);
    assert.ok(totals.calls >= 16);
    assert.ok(totals.documented >= 1, 'the documented retry policy of widget.ts is counted');
  });
});
