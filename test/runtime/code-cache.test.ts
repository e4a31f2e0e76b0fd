import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * loadBundle: a bundle runs as `require` would run it, its V8 code cache is written once after a
 * run without one, used by the next load, and replaced when it no longer fits (another bundle
 * text, a damaged file). A folder that cannot be written costs the cache, never the load.
 *
 * Each load runs in its own process, as the CLI and each VS Code window do: within one process V8
 * keeps compiled scripts in memory and would not even read the cache of a text it has compiled.
 */

/** Loads the bundle in a new process, calls `next()` and, if asked, saves: prints what happened. */
const DRIVER = `
const { loadBundle } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'src', 'runtime', 'code-cache.ts'))});
const [bundle, folder, save] = process.argv.slice(-3);
const messages = [];
const loaded = loadBundle(bundle, folder === '-' ? undefined : folder, (message) => messages.push(message));
const next = loaded.exports.next();
if (save === 'save') { loaded.save(); loaded.save(); }
process.stdout.write(JSON.stringify({ use: loaded.use, next, exports: loaded.exports, messages }));
`;

interface Loaded {
  use: string;
  /** What the bundle's `next()` returned: 1 in a fresh module instance. */
  next: number;
  exports: { dirname: string; shebang: boolean; text?: string };
  messages: string[];
}

const BUNDLE_TEXT = [
  '#!/usr/bin/env node',
  "'use strict';",
  'let count = 0;',
  'exports.next = () => ++count;',
  'exports.dirname = __dirname;',
  "exports.shebang = require('node:fs').readFileSync(__filename, 'utf8').startsWith('#!');",
  // Enough functions for V8 to have something to cache beyond the top level.
  ...Array.from({ length: 50 }, (_, index) => `exports.f${index} = (x) => x * ${index} + count;`),
  '',
].join('\n');

describe('loadBundle (V8 code cache of our bundles)', function () {
  let folder: string;
  let cacheFolder: string;
  let bundle: string;
  let messages: string[];
  /** The cache files in the folder (name only). */
  const caches = (): string[] => (fs.existsSync(cacheFolder) ? fs.readdirSync(cacheFolder).sort() : []);
  /** A new process loads the bundle (`next()` called once) and, unless told not to, saves the cache. */
  const load = (from = bundle, into: string | null = cacheFolder, save = true): Loaded => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', DRIVER, '--', from, into ?? '-', save ? 'save' : 'no-save'],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    const loaded = JSON.parse(run.stdout) as Loaded;
    messages.push(...loaded.messages);
    return loaded;
  };

  beforeEach(() => {
    folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oa-code-cache-')));
    cacheFolder = path.join(folder, 'cache', 'nested');
    bundle = path.join(folder, 'lib.js');
    fs.writeFileSync(bundle, BUNDLE_TEXT);
    messages = [];
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('runs the bundle as require would, then writes its cache once, on save', () => {
    const unsaved = load(bundle, cacheFolder, false);
    assert.equal(unsaved.use, 'written later');
    assert.equal(unsaved.next, 1);
    assert.equal(unsaved.exports.dirname, folder);
    assert.equal(unsaved.exports.shebang, true, 'a shebang line is read as a comment, the file is unchanged');
    assert.deepEqual(caches(), [], 'nothing is written before save');

    const saved = load();
    assert.equal(saved.use, 'written later');
    const written = caches();
    assert.equal(written.length, 1);
    assert.match(written[0], new RegExp(`^lib-${BUNDLE_TEXT.length}-\\d+-v8-.+\\.cache$`));
    assert.equal(
      messages.filter((message) => message.startsWith(`Wrote the code cache of ${written[0]}`)).length,
      1,
      'two saves write once',
    );
  });

  it('the next load uses the cache and writes nothing', () => {
    load();
    const [cacheFile] = caches();
    const mtime = fs.statSync(path.join(cacheFolder, cacheFile)).mtimeMs;
    messages = [];
    const second = load();
    assert.equal(second.use, 'used');
    assert.equal(second.next, 1);
    assert.deepEqual(messages, []);
    assert.equal(fs.statSync(path.join(cacheFolder, cacheFile)).mtimeMs, mtime);
    assert.deepEqual(caches(), [cacheFile]);
  });

  it('a damaged cache is rejected and written again', () => {
    load();
    const [cacheFile] = caches();
    fs.writeFileSync(path.join(cacheFolder, cacheFile), 'not a code cache');
    const loaded = load();
    assert.equal(loaded.use, 'written later');
    assert.equal(loaded.next, 1);
    assert.notEqual(fs.readFileSync(path.join(cacheFolder, cacheFile), 'utf8'), 'not a code cache');
    assert.equal(load().use, 'used');
  });

  it("a changed bundle gets a new cache; its stale one goes, another bundle's stays", () => {
    const other = path.join(folder, 'lib-other.js');
    fs.writeFileSync(other, BUNDLE_TEXT);
    load();
    load(other);
    const [stale] = caches().filter((name) => !name.startsWith('lib-other-'));
    fs.writeFileSync(bundle, `${BUNDLE_TEXT}exports.added = true;\n`);
    assert.equal(load().use, 'written later', 'the old cache does not fit the new text');
    const now = caches();
    assert.ok(!now.includes(stale), 'the stale cache of lib.js is removed');
    assert.equal(now.filter((name) => name.startsWith('lib-other-')).length, 1, "lib-other.js's cache stays");
    assert.equal(now.length, 2);
    assert.equal(load().use, 'used');
  });

  it('a bundle that is not ASCII runs with its text intact, with and without its cache', () => {
    // Read as UTF-8, not as the Latin-1 that is only right for ASCII (readSource).
    const text = 'Grüße… 日本語 🙂';
    fs.writeFileSync(bundle, `${BUNDLE_TEXT}exports.text = '${text}';\n`, 'utf8');
    const first = load();
    assert.equal(first.use, 'written later');
    assert.equal(first.exports.text, text);
    const cached = load();
    assert.equal(cached.use, 'used');
    assert.equal(cached.exports.text, text);
  });

  it('without a folder the bundle is required plainly', () => {
    const plain = load(bundle, null);
    assert.equal(plain.use, 'off');
    assert.equal(plain.next, 1);
    assert.equal(plain.exports.shebang, true);
    assert.deepEqual(caches(), []);
  });

  it('a folder that cannot be written costs the cache, not the load', () => {
    const blocker = path.join(folder, 'a-file');
    fs.writeFileSync(blocker, '');
    const loaded = load(bundle, path.join(blocker, 'cache'));
    assert.equal(loaded.use, 'written later');
    assert.equal(loaded.next, 1);
    assert.ok(messages.some((message) => message.startsWith('Writing the code cache failed')));
  });
});

describe('our bundles', () => {
  // loadBundle reads an ASCII bundle without decoding it (15-20 ms of the first diagnostics of a
  // window for dist/core.js); one character outside ASCII, even in a regular expression, costs that.
  for (const bundle of ['core.js', 'cli-main.js', 'cli.js', 'extension.js'])
    it(`dist/${bundle} is ASCII`, () => {
      const bytes = fs.readFileSync(path.join(__dirname, '..', '..', 'dist', bundle));
      const at = bytes.findIndex((byte) => byte > 0x7f);
      assert.equal(
        at,
        -1,
        `a non-ASCII byte at ${at}: ${bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8')}`,
      );
    });
});
