// One script builds every bundle: the CLI, the extension, the analyser core the extension loads
// lazily, and the extension-host test suite.
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
};

/** Only the extension and its test suite run inside VS Code, which provides the `vscode` module. */
const VSCODE_EXTERNAL = { external: ['vscode'] };

/**
 * The CLI and the analyser core run without VS Code: a `vscode` import reaching them (however
 * indirectly) fails the build, naming the importer. ESLint checks the same per folder
 * (eslint.config.mjs); this catches what a lint rule cannot see, such as a re-export chain.
 */
const forbidVscode = {
  name: 'forbid-vscode',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => ({
      errors: [
        { text: `${args.importer} imports 'vscode', which this bundle (it runs outside VS Code) must not contain` },
      ],
    }));
  },
};

/**
 * dist/extension.js must stay small and must not contain the analyser: activation may not load
 * ts-morph or TypeScript. It reaches the analyser only through dist/core.js, required at the first
 * analysis (src/vscode/core-loader.ts), and imports nothing but types from src/core and src/report
 * (and src/core/format.ts, src/core/open-finding.ts and src/core/text-change.ts, which import
 * nothing at run time).
 */
const EXTENSION_FORBIDDEN_INPUTS = [
  // src/core/format.ts (pure string formatting, no imports) and src/core/open-finding.ts (what counts
  // as an open finding, type imports only) are the exceptions: the editor's labels and counts must
  // agree with the core's; so is src/core/text-change.ts (where two texts differ, no imports).
  /^src\/core\/(?!format\.ts$|open-finding\.ts$|text-change\.ts$)/,
  /^src\/report\//,
  /node_modules\/(ts-morph|@ts-morph|typescript|zod)\//,
];

const suiteDir = 'test/vscode/suite';
const suiteTests = fs.existsSync(path.join(__dirname, suiteDir))
  ? fs
      .readdirSync(path.join(__dirname, suiteDir))
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => `${suiteDir}/${name}`)
  : [];

/** The analyser needs only ts-morph's TypeScript (see src/core/compiler.mjs). */
const COMPILER_ONLY = { 'ts-morph': './src/core/compiler.mjs' };

/**
 * The bundles that hold the TypeScript compiler drop whitespace and simplify syntax in every
 * build, not only the packaged one: 11.5 MB of source becomes 7.7 MB, and a CLI audit of a real
 * repository peaks about 13 MB lower in the same time. Names are kept, so stack traces and CPU
 * profiles (test/bench/profile-summary.ts) still read; the packaged build minifies them too.
 */
const COMPILER_BUNDLE = { minifyWhitespace: true, minifySyntax: true };

const entries = [
  // dist/cli.js only loads dist/cli-main.js through V8's code cache (src/cli/launch.ts): it is
  // compiled plainly on every run, so it must not hold the compiler.
  {
    name: 'cli',
    entryPoints: ['src/cli/launch.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    executable: true,
    metafile: true,
    forbid: [/^src\/(core|report)\//, /node_modules\//],
    loads: 'dist/cli-main.js',
    plugins: [forbidVscode],
  },
  {
    name: 'cli-main',
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli-main.js',
    alias: COMPILER_ONLY,
    ...COMPILER_BUNDLE,
    plugins: [forbidVscode],
  },
  {
    name: 'extension',
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    metafile: true,
    forbid: EXTENSION_FORBIDDEN_INPUTS,
    loads: 'dist/core.js',
    ...VSCODE_EXTERNAL,
  },
  {
    name: 'core',
    entryPoints: ['src/vscode/core-entry.ts'],
    outfile: 'dist/core.js',
    alias: COMPILER_ONLY,
    ...COMPILER_BUNDLE,
    plugins: [forbidVscode],
  },
  // The suite runs inside VS Code's extension host (test/vscode/suite/index.ts exports run()).
  // Mocha is bundled into index.js so the host needs nothing from node_modules at run time.
  {
    name: 'vscode-suite',
    entryPoints: [`${suiteDir}/index.ts`, ...suiteTests],
    outdir: `dist/${suiteDir}`,
    outbase: suiteDir,
    ...VSCODE_EXTERNAL,
    // Mocha's parallel mode (unused here) resolves its worker files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  },
].filter((entry) => entry.entryPoints.every((entryPoint) => fs.existsSync(path.join(__dirname, entryPoint))));

function toOptions(entry) {
  const { name, executable, forbid, loads, ...options } = entry;
  const plugins = [...(options.plugins ?? []), ...(watch ? [watchReporter(entry)] : [])];
  return { ...common, ...options, plugins };
}

/**
 * `--watch` (`npm run watch`): one "[watch] build started" when a change starts rebuilding and one
 * "[watch] build finished" when every bundle is done, which .vscode/tasks.json waits for before
 * launching the extension; errors, and a forbidden module in a bundle, are printed as they come.
 */
let pendingBuilds = 0;
function watchReporter(entry) {
  return {
    name: 'watch-reporter',
    setup(build) {
      build.onStart(() => {
        if (pendingBuilds++ === 0) console.log('[watch] build started');
      });
      build.onEnd((result) => {
        for (const { text, location } of result.errors) {
          console.error(`✘ [ERROR] ${text}`);
          if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
        try {
          checkForbidden(entry, result);
        } catch (error) {
          console.error(`✘ [ERROR] ${error instanceof Error ? error.message : String(error)}`);
        }
        if (--pendingBuilds === 0) console.log('[watch] build finished');
      });
    },
  };
}

/** Fails the build when a bundle took in a module it must not contain. */
function checkForbidden(entry, result) {
  if (!entry.forbid || !result.metafile) return;
  const offending = Object.keys(result.metafile.inputs).filter((input) =>
    entry.forbid.some((pattern) => pattern.test(input.split(path.sep).join('/'))),
  );
  if (offending.length > 0) {
    throw new Error(
      `${entry.outfile} must not bundle ${offending.slice(0, 5).join(', ')}${offending.length > 5 ? ', ...' : ''} (load it through ${entry.loads} instead)`,
    );
  }
}

async function main() {
  const contexts = await Promise.all(entries.map((entry) => esbuild.context(toOptions(entry))));
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  entries.forEach((entry, index) => checkForbidden(entry, results[index]));
  for (const entry of entries) if (entry.executable) fs.chmodSync(path.join(__dirname, entry.outfile), 0o755);
}

// `node esbuild.js` builds; test/lint/build-guard.test.ts requires the file for its guard alone.
if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

module.exports = { forbidVscode };
