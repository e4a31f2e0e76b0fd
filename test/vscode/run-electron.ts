// Runs the extension-host test suite in desktop VS Code through @vscode/test-electron, on machines
// that can download VS Code (a developer's laptop, a CI with internet). The project's own machines
// and CI cannot: there, `npm run test:vscode` runs the same suite in code-server
// (test/vscode/run-code-server.ts).
//
//   npm run test:vscode:electron          # builds first; OA_VSCODE_VERSION=stable|insiders|1.100.3
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const extensionDevelopmentPath = repoRoot;
  const extensionTestsPath = path.join(repoRoot, 'dist', 'test', 'vscode', 'suite', 'index.js');
  // A copy, as in the code-server runner: the suite may edit and save files.
  const source = path.join(repoRoot, 'test', 'vscode', 'workspace');
  const workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oa-workspace-')), 'workspace');
  fs.cpSync(source, workspace, { recursive: true });
  const results = process.env.OA_TEST_RESULTS ?? path.join(repoRoot, 'test-results', 'vscode.json');
  await runTests({
    version: process.env.OA_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
    extensionTestsEnv: {
      OA_TEST_RESULTS: results,
      OA_TEST_WORKSPACE: workspace,
      OA_TEST_SOURCE_WORKSPACE: source,
      OA_REPO_ROOT: repoRoot,
    },
  });
}

main().catch((error) => {
  console.error('Failed to run tests in VS Code:', error);
  process.exit(1);
});
