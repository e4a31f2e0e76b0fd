// Checks the packaged .vsix (`npm run package`): only the bundles, media, syntaxes, schemas, rule
// docs and metadata, nothing else (no sources, no node_modules, no source maps), and every file
// the manifest points at is inside.
//
//   npm run test:e2e                  # packages first
//   node --import tsx --test test/e2e/package.test.ts     # OA_VSIX=<file> for another package
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.resolve(process.env.OA_VSIX ?? path.join(root, `${manifest.name}-${manifest.version}.vsix`));

/** Entry names of a zip: `unzip -Z1`, or Python's zipfile where unzip is missing. */
function zipEntries(file: string): string[] {
  let result = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    result = spawnSync(
      'python3',
      ['-c', 'import sys,zipfile;print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', file],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  }
  assert.equal(result.status, 0, `cannot list ${file}: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.endsWith('/'));
}

/** What may be in the package, relative to extension/ (vsce renames README/CHANGELOG/LICENSE). */
const ALLOWED: RegExp[] = [
  /^package\.json$/,
  /^package\.nls(\.[\w-]+)?\.json$/,
  /^readme\.md$/i,
  /^changelog\.md$/i,
  /^license(\.txt|\.md)?$/i,
  /^dist\/(extension|core)\.js$/,
  /^media\/.+\.(png|svg|gif|jpg|jpeg|css|js|md|json|woff2?|ttf)$/,
  /^syntaxes\/[^/]+\.json$/,
  /^schemas\/[^/]+\.json$/,
  /^l10n\/[^/]+\.json$/,
  /^src\/core\/rules\/[^/]+\.md$/,
];

/** Manifest keys whose string values are paths inside the package. */
const PATH_KEYS = new Set(['main', 'browser', 'icon', 'path', 'url', 'image', 'markdown', 'svg', 'light', 'dark']);

function manifestPaths(value: unknown, key = '', found: string[] = []): string[] {
  if (key === 'configuration' || key === 'scripts' || key === 'devDependencies' || key === 'dependencies') return found;
  if (typeof value === 'string') {
    const relative =
      !/^[a-z][\w+.-]*:/i.test(value) && !value.includes('*') && !value.includes('$') && /\.\w+$/.test(value);
    if (PATH_KEYS.has(key) && relative) found.push(path.posix.normalize(value.replace(/^\.\//, '')));
  } else if (Array.isArray(value)) {
    for (const item of value) manifestPaths(item, key, found);
  } else if (value && typeof value === 'object') {
    for (const [childKey, child] of Object.entries(value)) manifestPaths(child, childKey, found);
  }
  return found;
}

const missing = !fs.existsSync(vsix) ? `${path.relative(root, vsix)} not built (npm run package)` : undefined;

describe('packaged .vsix', { skip: missing }, () => {
  const entries = missing ? [] : zipEntries(vsix);
  const files = entries
    .filter((entry) => entry.startsWith('extension/'))
    .map((entry) => entry.slice('extension/'.length));
  const has = (file: string) => files.includes(file);

  it('holds only the bundles, media, syntaxes, schemas, rule docs and metadata', () => {
    const outside = entries.filter(
      (entry) => !entry.startsWith('extension/') && !/^(extension\.vsixmanifest|\[Content_Types\]\.xml)$/.test(entry),
    );
    assert.deepEqual(outside, [], 'unexpected entries outside extension/');
    const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, [], 'files not on the allow-list (see .vscodeignore)');
  });

  it('ships no sources, node_modules, tests or source maps', () => {
    const bad = files.filter(
      (file) =>
        file.includes('node_modules/') ||
        (/\.(ts|tsx|mts|cts|map)$/.test(file) && !file.endsWith('.d.ts')) ||
        /^(test|examples|scripts|\.cache|\.ci|docs)\//.test(file) ||
        /^(tsconfig|esbuild|package-lock)/.test(file),
    );
    assert.deepEqual(bad, []);
  });

  it('has the extension bundle, README, CHANGELOG, LICENSE and package.json', () => {
    for (const file of ['package.json', manifest.main?.replace(/^\.\//, '') ?? 'dist/extension.js']) {
      assert.ok(has(file), `${file} missing`);
    }
    assert.ok(
      files.some((file) => /^readme\.md$/i.test(file)),
      'README missing',
    );
    assert.ok(
      files.some((file) => /^changelog\.md$/i.test(file)),
      'CHANGELOG missing',
    );
    assert.ok(
      files.some((file) => /^license/i.test(file)),
      'LICENSE missing',
    );
    if (fs.existsSync(path.join(root, 'dist', 'core.js')))
      assert.ok(has('dist/core.js'), 'dist/core.js (lazy core) missing');
  });

  it('has every rule doc, schema, grammar and media file of the repository', () => {
    const expectDir = (dir: string, pattern: RegExp) => {
      const full = path.join(root, dir);
      if (!fs.existsSync(full)) return;
      for (const name of fs.readdirSync(full)) {
        if (pattern.test(name)) assert.ok(has(`${dir}/${name}`), `${dir}/${name} missing`);
      }
    };
    expectDir('src/core/rules', /\.md$/);
    expectDir('schemas', /\.json$/);
    expectDir('syntaxes', /\.json$/);
    expectDir('media', /\.(png|svg|css|js)$/);
  });

  it('contains every file the manifest points at', () => {
    const packaged = JSON.parse(
      spawnSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' }).stdout || '{}',
    );
    const referenced = manifestPaths(Object.keys(packaged).length ? packaged : manifest);
    const absent = referenced.filter((file) => !has(file));
    assert.deepEqual(absent, [], 'manifest references files that are not packaged');
  });

  it('stays small', () => {
    const size = fs.statSync(vsix).size;
    assert.ok(size < 40 * 1024 * 1024, `${(size / 1024 / 1024).toFixed(1)} MiB`);
  });
});
