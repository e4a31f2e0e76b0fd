/**
 * The build-level guard of esbuild.js: the CLI and core bundles fail to build when a `vscode`
 * import reaches them, directly or through a re-export that a per-folder lint rule cannot see.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { build, type Plugin } from 'esbuild';

const REPO = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild.js is CommonJS, outside tsconfig
const { forbidVscode } = require(path.join(REPO, 'esbuild.js')) as { forbidVscode: Plugin };

async function bundle(contents: string): Promise<void> {
  await build({
    stdin: { contents, resolveDir: path.join(REPO, 'src', 'core'), sourcefile: 'probe.ts', loader: 'ts' },
    bundle: true,
    write: false,
    platform: 'node',
    logLevel: 'silent',
    plugins: [forbidVscode],
  });
}

describe('build guard: no vscode in the CLI and core bundles', () => {
  it('builds the core entry as it is', async () => {
    await bundle("export { RULES } from '../vscode/core-entry';");
  });

  it('fails on a vscode import and names the importer', async () => {
    await assert.rejects(
      bundle("import * as vscode from 'vscode';\nexport const probe = vscode;\n"),
      /probe\.ts imports 'vscode', which this bundle \(it runs outside VS Code\) must not contain/,
    );
  });
});
