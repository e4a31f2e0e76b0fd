import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { generateWorkspace } from '../bench/generate';
import { DEFAULT_SETTINGS } from '../../src/vscode/contract';
import * as core from '../../src/vscode/core-entry';
import { FolderAnalysis, type FolderAnalysisDeps } from '../../src/vscode/folder-analysis';

/**
 * The first file opened in a workspace of real size (about 200 files, a tenth of them calling
 * models) gets its diagnostics from an analysis of that file alone, well before the folder's
 * first load ends; the load then replaces them. Measured without VS Code (the extension-host
 * suite's workspace is small); the figures go to the README.
 */

/** The budget the issue sets for the first diagnostics (the analyser bundle already loaded). */
const FIRST_DIAGNOSTICS_BUDGET_MS = 1500;

describe('First diagnostics of a freshly opened file', function () {
  this.timeout(300_000);

  it(`publishes the opened file's own findings within ${FIRST_DIAGNOSTICS_BUDGET_MS} ms on a 200-file workspace, then the workspace's`, async () => {
    const { dir, manifest } = generateWorkspace({ files: 200, share: 0.1 });
    const file = path.join(dir, manifest.editor.modelFile);
    const text = fs.readFileSync(file, 'utf8');
    const published: { at: number; files: readonly string[] }[] = [];
    const quiet = () => undefined;
    const deps: FolderAnalysisDeps = {
      core: () => core,
      settings: () => DEFAULT_SETTINGS,
      openDocuments: () => [document],
      log: { info: quiet, warn: quiet, debug: quiet, trace: quiet, error: quiet } as unknown as vscode.LogOutputChannel,
      withProgress: (_title, task) => task(),
      changed: (files) => published.push({ at: performance.now(), files: [...files] }),
    };
    const document = { fileName: file, version: 1, isDirty: false, isClosed: false, getText: () => text };
    const folder = new FolderAnalysis(
      { uri: { fsPath: dir }, name: 'generated', index: 0 } as unknown as vscode.WorkspaceFolder,
      deps,
    );
    const started = performance.now();
    await folder.analyseDocument(document);
    const loadedMs = performance.now() - started;
    const first = published.find((entry) => entry.files.includes(file));
    assert.ok(first, 'the opened file was published');
    const firstMs = first.at - started;
    const state = folder.stateOf(file);
    assert.ok(state && state.analysis.profiles.length > 0, 'the file has model calls');
    console.log(
      `      first diagnostics ${Math.round(firstMs)} ms, whole workspace ${Math.round(loadedMs)} ms (${manifest.files} files, ${manifest.modelFiles} with model calls)`,
    );
    assert.ok(published.length >= 2, 'the preview, then the load');
    assert.ok(first.files.length === 1, 'the preview publishes the opened file alone');
    assert.ok(firstMs < loadedMs, 'before the load ends');
    assert.ok(firstMs <= FIRST_DIAGNOSTICS_BUDGET_MS, `first diagnostics in ${Math.round(firstMs)} ms`);
  });
});
