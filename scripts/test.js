#!/usr/bin/env node
// `npm test`: the static checks and the unit suites, then, where a real VS Code can run, the two
// real-VS-Code suites:
//   lint    npm run lint         eslint, prettier --check, knip (scripts/lint.js; one count per check)
//   unit    npm run test:unit    build + typecheck + mocha (core, report, CLI, fixtures)
//   vscode  npm run test:vscode  extension-host suite in code-server (test/vscode/run-code-server.ts)
//   e2e     npm run test:e2e     package the .vsix, check its contents, UI smoke in Chromium
// The real-VS-Code suites run when code-server is installed (bash scripts/install-test-deps.sh) or
// CI=true (then a missing install fails instead of skipping). OA_REAL_VSCODE=0 skips them, =1
// forces them. Every suite runs even when an earlier one failed; the last line is the total:
// `N passed, N failed`.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const CODE_SERVER_VERSION = '4.100.3';

function codeServerInstalled() {
  if (process.env.OA_CODE_SERVER) return fs.existsSync(process.env.OA_CODE_SERVER);
  const cache =
    process.env.OA_CACHE_DIR ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'orchestration-audit');
  return fs.existsSync(path.join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server'));
}

/** Runs `npm run <script>`, passing its output through, and returns its exit code and output. */
function npmRun(script) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code, signal) =>
      resolve({ code: code ?? 1, signal, output, seconds: (Date.now() - started) / 1000 }),
    );
  });
}

const last = (output, pattern) => {
  const matches = [...output.matchAll(pattern)];
  return matches.length ? Number(matches[matches.length - 1][1]) : undefined;
};

/** Counts from each runner's own closing lines. */
const parsers = {
  lint: (output) => ({
    passed: last(output, /^lint: (\d+) passed, \d+ failed$/gm),
    failed: last(output, /^lint: \d+ passed, (\d+) failed$/gm),
    skipped: 0,
  }),
  unit: (output) => ({
    passed: last(output, /^\s*(\d+) passing/gm),
    failed: last(output, /^\s*(\d+) failing/gm) ?? 0,
    skipped: last(output, /^\s*(\d+) pending/gm) ?? 0,
  }),
  vscode: (output) => ({
    passed: last(output, /^(\d+) passed, \d+ failed$/gm),
    failed: last(output, /^\d+ passed, (\d+) failed$/gm),
    skipped: 0,
  }),
  e2e: (output) => ({
    passed: sum(output, /^# pass (\d+)$/gm),
    failed: sum(output, /^# fail (\d+)$/gm),
    skipped: sum(output, /^# skipped (\d+)$/gm),
  }),
};
function sum(output, pattern) {
  const matches = [...output.matchAll(pattern)];
  return matches.length ? matches.reduce((total, match) => total + Number(match[1]), 0) : undefined;
}

async function main() {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const flag = process.env.OA_REAL_VSCODE;
  const installed = codeServerInstalled();
  const real = flag === '0' ? false : flag === '1' || ci || installed;
  const why =
    flag === '0'
      ? 'OA_REAL_VSCODE=0'
      : flag === '1'
        ? 'OA_REAL_VSCODE=1'
        : ci
          ? 'CI=true'
          : installed
            ? 'code-server is installed'
            : '';

  const suites = [
    ['lint', 'lint'],
    ['unit', 'test:unit'],
  ];
  if (real) suites.push(['vscode', 'test:vscode'], ['e2e', 'test:e2e']);
  console.log(
    real
      ? `[test] suites: lint, unit + real VS Code (vscode, e2e), because ${why}`
      : `[test] suites: lint and unit only. Real VS Code suites SKIPPED: ${why || 'code-server not installed'}` +
          ' (install with `bash scripts/install-test-deps.sh`, or run `npm run test:vscode` / `npm run test:e2e`)',
  );

  const rows = [];
  for (const [name, script] of suites) {
    console.log(`\n[test] ===== ${name}: npm run ${script} =====`);
    const result = await npmRun(script);
    const counts = parsers[name](result.output);
    const failed = (counts.failed ?? 0) + (result.code !== 0 && !counts.failed ? 1 : 0);
    rows.push({
      name,
      code: result.code,
      passed: counts.passed ?? 0,
      failed,
      skipped: counts.skipped ?? 0,
      seconds: result.seconds,
    });
  }
  if (!real) rows.push({ name: 'vscode+e2e', skippedSuite: true });

  console.log('\n[test] summary');
  for (const row of rows) {
    if (row.skippedSuite) {
      console.log(`  ${row.name.padEnd(10)} SKIPPED (no code-server; see above)`);
      continue;
    }
    const status = row.code === 0 && row.failed === 0 ? 'ok  ' : 'FAIL';
    console.log(
      `  ${row.name.padEnd(10)} ${status} ${row.passed} passed, ${row.failed} failed, ${row.skipped} skipped (${row.seconds.toFixed(0)} s${row.code ? `, exit ${row.code}` : ''})`,
    );
  }
  const passed = rows.reduce((total, row) => total + (row.passed ?? 0), 0);
  const failed = rows.reduce((total, row) => total + (row.failed ?? 0), 0);
  const ok = rows.every((row) => row.skippedSuite || (row.code === 0 && row.failed === 0));
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(ok ? 0 : 1);
}

main();
