// One script builds every bundle: the CLI now, the extension when src/vscode exists.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js' },
].filter((entry) => fs.existsSync(path.join(__dirname, entry.entryPoints[0])));

async function main() {
  const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  for (const entry of entries) fs.chmodSync(path.join(__dirname, entry.outfile), 0o755);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
