#!/usr/bin/env node
// `npm run lint`: every static check, each run even when an earlier one failed, ending with one
// line `lint: N passed, N failed` (scripts/test.js reads it):
//   eslint    type-aware rules and the import boundaries (eslint.config.mjs)
//   prettier  formatting (`prettier --check .`, .prettierrc.json, .prettierignore)
//   knip      unused files, exports and dependencies (knip.jsonc)
//   generated the files made from code are up to date (`npm run generate`, scripts/generated.ts)
// `node scripts/lint.js eslint prettier` runs only the named checks.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const CHECKS = {
  eslint: [bin('eslint'), ['--max-warnings', '0', '.']],
  prettier: [bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  knip: [bin('knip'), ['--no-progress']],
  generated: [bin('tsx'), [path.join('scripts', 'generate.ts'), '--check']],
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in CHECKS));
if (unknown.length > 0) {
  console.error(`unknown check ${unknown.join(', ')}; known: ${Object.keys(CHECKS).join(', ')}`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
for (const name of wanted.length > 0 ? wanted : Object.keys(CHECKS)) {
  const [command, args] = CHECKS[name];
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
  if (ok) passed++;
  else failed++;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`[lint] ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} (${seconds} s)`);
}
console.log(`lint: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
