import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { analysed, open, ourDiagnostics, ruleOf, uriOf, waitFor, waitForDiagnostics } from './helpers';

const CONFIG = '.orchestration-audit.json';
const SUPPORT = 'src/support.ts';

describe('Configuration', () => {
  const configUri = () => uriOf(CONFIG);

  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.fsPath === configUri().fsPath && document.isDirty) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
    fs.rmSync(configUri().fsPath, { force: true });
    await vscode.workspace
      .getConfiguration('orchestrationAudit')
      .update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor('the config diagnostic to clear', () => ourDiagnostics(configUri()).length === 0);
  });

  it('shows a problem in .orchestration-audit.json on that file, and analyses with the defaults meanwhile', async () => {
    const editor = await open(SUPPORT);
    await waitForDiagnostics(editor.document.uri, 'diagnostics', (found) => found.length > 0);
    fs.writeFileSync(configUri().fsPath, '{\n  "rules": {\n    "no-such-rule": "error"\n  }\n}\n');
    const [problem] = await waitForDiagnostics(
      configUri(),
      'a diagnostic on the config file',
      (found) => found.length > 0,
    );
    assert.ok(problem);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(problem.range.start.line, 2, 'on the unknown rule id');
    assert.match(problem.message, /no-such-rule/);
    // The analysis goes on with the defaults.
    await analysed(editor.document);
    assert.ok(ourDiagnostics(editor.document.uri).some((diagnostic) => ruleOf(diagnostic) === 'implicit-timeout'));

    fs.writeFileSync(configUri().fsPath, '{ "rules": ');
    await waitForDiagnostics(configUri(), 'a malformed-JSON diagnostic', (found) =>
      found.some((diagnostic) => /malformed JSON/i.test(diagnostic.message)),
    );

    fs.writeFileSync(configUri().fsPath, '{ "rules": { "implicit-timeout": "off" } }\n');
    await waitForDiagnostics(configUri(), 'the config diagnostic to clear', (found) => found.length === 0);
    await waitForDiagnostics(
      editor.document.uri,
      'implicit-timeout turned off by the config file',
      (found) => found.length > 0 && !found.some((diagnostic) => ruleOf(diagnostic) === 'implicit-timeout'),
    );
  });

  it('checks the config file while it is edited, before it is saved', async () => {
    fs.writeFileSync(configUri().fsPath, '{}\n');
    const editor = await open(CONFIG);
    assert.ok(await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, 1, 0), '{ "exclude": "src" }\n')));
    const [problem] = await waitForDiagnostics(
      configUri(),
      'a diagnostic for the unsaved text',
      (found) => found.length > 0,
    );
    assert.match(problem.message, /exclude/);
  });

  it('applies rule severities from the settings over the config file', async () => {
    const editor = await open(SUPPORT);
    await waitForDiagnostics(editor.document.uri, 'implicit-timeout', (found) =>
      found.some((diagnostic) => ruleOf(diagnostic) === 'implicit-timeout'),
    );
    await vscode.workspace
      .getConfiguration('orchestrationAudit')
      .update(
        'rules',
        { 'implicit-timeout': 'off', 'unlogged-model-call': 'error' },
        vscode.ConfigurationTarget.Workspace,
      );
    const diagnostics = await waitForDiagnostics(
      editor.document.uri,
      'the settings applied',
      (found) =>
        !found.some((diagnostic) => ruleOf(diagnostic) === 'implicit-timeout') &&
        found.some(
          (diagnostic) =>
            ruleOf(diagnostic) === 'unlogged-model-call' && diagnostic.severity === vscode.DiagnosticSeverity.Error,
        ),
    );
    assert.ok(diagnostics.length > 0);
    await vscode.workspace
      .getConfiguration('orchestrationAudit')
      .update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(editor.document.uri, 'the defaults back', (found) =>
      found.some((diagnostic) => ruleOf(diagnostic) === 'implicit-timeout'),
    );
  });
});
