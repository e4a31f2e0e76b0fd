// `npm run package`: a production build of the bundles, then `vsce package` into
// <name>-<version>.vsix at the repository root. What goes in is decided by .vscodeignore (an
// allow-list) and checked by test/e2e/package.test.ts; `--no-dependencies` because everything the
// extension needs is bundled by esbuild into dist/extension.js and dist/core.js.
//
//   npm run package                 # build + package
//   tsx scripts/package.ts --no-build [--out file.vsix]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outIndex = argv.indexOf('--out');
const out = path.resolve(root, outIndex >= 0 ? argv[outIndex + 1] : `${manifest.name}-${manifest.version}.vsix`);

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[package] ${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
    process.exit(1);
  }
}

if (!argv.includes('--no-build')) {
  // Production bundles: minified, no source maps (stale .map files are kept out by .vscodeignore).
  run(process.execPath, ['esbuild.js', '--production']);
}
if (manifest.main && !fs.existsSync(path.join(root, manifest.main))) {
  console.error(`[package] ${manifest.main} is missing: the extension has not been built`);
  process.exit(1);
}

const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const args = ['package', '--no-dependencies', '--out', out];
if (!manifest.repository) {
  // Without a repository URL vsce asks (no stdin in CI) and cannot make README links absolute.
  args.push('--allow-missing-repository', '--no-rewrite-relative-links');
}
fs.rmSync(out, { force: true });
run(process.execPath, [vsce, ...args]);
const size = fs.statSync(out).size;
console.log(`[package] ${path.relative(root, out)} (${(size / 1024 / 1024).toFixed(2)} MiB)`);
