import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID } from '../../../src/vscode/contract';
import { api, metrics, open, ourDiagnostics, revert, uriOf, waitFor, waitForDiagnostics } from './helpers';

describe('The extension', () => {
  it('is installed in the host and activates with its API', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, EXTENSION_ID);
    const exports = await api();
    assert.equal(exports.apiVersion, 1);
    assert.ok(vscode.version.startsWith('1.'), vscode.version);
  });

  it('activates within 100 ms, without loading the analyser (ts-morph, TypeScript)', async () => {
    const exports = await api();
    const activation = exports.activation();
    const tenths = (ms: number) => Math.round(ms * 10) / 10;
    Object.assign(metrics(), {
      activationMs: tenths(activation.ms),
      activationBundleMs: tenths(activation.bundleMs),
      activationActivateMs: tenths(activation.activateMs),
      activationWallMs: tenths(activation.wallMs),
    });
    assert.equal(activation.analyserLoaded, false, 'activate() loaded dist/core.js');
    // Right after activation nothing has been opened yet: the analyser must not be in the host's
    // module cache either (dist/core.js bundles ts-morph and TypeScript; a stray import of them into
    // dist/extension.js would show as node_modules paths).
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const analyser = Object.keys(require.cache).filter(
      (file) =>
        file === path.join(extension.extensionPath, 'dist', 'core.js') ||
        /[\\/]node_modules[\\/](ts-morph|@ts-morph[\\/]common|typescript)[\\/]/.test(file),
    );
    assert.deepEqual(analyser, [], 'modules of the analyser loaded at activation');
    assert.ok(
      activation.ms > 0 && activation.ms <= 100,
      `activation took ${activation.ms.toFixed(1)} ms (budget 100 ms)`,
    );
  });

  it('runs on the pristine test workspace (no fix applied to its copy of the fixtures)', () => {
    const support = fs.readFileSync(uriOf('src/support.ts').fsPath, 'utf8');
    assert.doesNotMatch(
      support,
      /timeout:|maxRetries|@ai-decision/,
      'test/vscode/workspace/src/support.ts must be the openai-basic fixture as committed',
    );
  });

  it('registers every command it contributes', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(Commands)) assert.ok(registered.has(id), `command ${id} is registered`);
  });

  it('does not bundle the analyser into the extension entry (it loads dist/core.js on first use)', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const entry = fs.readFileSync(path.join(extension.extensionPath, 'dist', 'extension.js'), 'utf8');
    assert.ok(!/ts-morph|createProgram\(/.test(entry), 'dist/extension.js contains no ts-morph or TypeScript compiler');
    assert.ok(fs.existsSync(path.join(extension.extensionPath, 'dist', 'core.js')));
  });

  it("shows a rule's documentation from the page shipped with the extension", async () => {
    await api();
    assert.equal(await vscode.commands.executeCommand(Commands.showRuleDocs, 'missing-timeout'), 'preview');
    assert.equal(await vscode.commands.executeCommand(Commands.showRuleDocs, 'no-such-rule'), undefined);
  });

  it('counts the undocumented decisions of the active file in the status bar', async () => {
    const exports = await api();
    // The suite's first open of a file: the time includes loading the analyser and the workspace.
    const started = Date.now();
    const editor = await open('src/pipeline/article-writer.ts');
    const diagnostics = await waitForDiagnostics(editor.document.uri, 'diagnostics', (found) => found.length > 0);
    metrics().coldOpenToDiagnosticsMs = Date.now() - started;
    const text = await waitFor('the status bar count', () => {
      const shown = exports.statusBarText();
      return shown && shown.includes(`${ourDiagnostics(editor.document.uri).length} undocumented`) ? shown : undefined;
    });
    assert.match(text, new RegExp(`\\b${diagnostics.length} undocumented`));
    await revert(editor.document);
  });
});
