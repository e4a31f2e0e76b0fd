import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../src/core/config';
import { audit, type AuditResult, DEFAULT_CONFIG } from '../../src/core/index';
import { OPENAI_FIXTURE_CALLS, RUNNING_AS_ROOT, TempWorkspaces, type FileContent } from './workspace/temp-workspace';

/**
 * The audit on workspaces with bad input (issue 2, "Bad input"): it goes on, lists each skipped
 * file with its reason in `stats.skipped`, and still finds the model calls of the good file
 * (src/support.ts, a copy of test/fixtures/openai-basic with four OpenAI calls).
 */

/** Most cases check that the SDK typings still resolve when the project is broken, so they load them. */
const WITH_SDK_TYPES = { ...DEFAULT_CONFIG, sdkTypes: true };

const SDK_CALL =
  "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport const ask = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] });\n";

/** `file:line operation` of every call found, relative to the root. */
function callsOf(result: AuditResult): string[] {
  return result.profiles
    .map(
      (profile) => `${rel(result.root, profile.call.range.file)}:${profile.call.range.line} ${profile.call.operation}`,
    )
    .sort();
}

function skippedOf(result: AuditResult): string[] {
  return result.stats.skipped.map((item) => `${rel(result.root, item.file)}: ${item.reason}`).sort();
}

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function assertFixtureCallsFound(result: AuditResult, recognisedBy: 'type' | 'syntax'): void {
  assert.deepEqual(callsOf(result), OPENAI_FIXTURE_CALLS);
  assert.deepEqual(new Set(result.profiles.map((profile) => profile.call.recognisedBy)), new Set([recognisedBy]));
  assert.equal(result.stats.callsBySdk.openai, 4);
}

describe('audit() on bad input', () => {
  const temp = new TempWorkspaces();
  after(() => temp.cleanUp());

  describe('a workspace with one file of every kind of bad input', () => {
    let result: AuditResult;
    before(async () => {
      const files: Record<string, FileContent> = {
        // Names the SDK, so it is parsed, and does not parse.
        'src/broken.ts': "import OpenAI from 'openai';\nconst x = ;\nexport function f( {\n",
        // Imports the good file (a caller), and does not parse either.
        'src/routes.ts':
          "import { summarizeTicket } from './support';\nexport async function handle( {\n  await summarizeTicket(\n",
        // 5 MB of generated code.
        'src/generated/prompts.ts': `import OpenAI from 'openai';\n${'export const prompt = "You are a helpful assistant.";\n'.repeat(Math.ceil((5 * 1024 * 1024) / 54))}`,
        'src/vendor/bundle.js': `!function(){${"var o=require('openai'),c=new o;c.chat.completions.create({model:'m',messages:[]});".repeat(300)}}();\n`,
        'src/logo.ts': Buffer.from([
          0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
        ]),
        'src/latin1.ts': Buffer.from(`// Résumé: appels du modèle\n${SDK_CALL}`, 'latin1'),
        // Never audited: build output, dependencies, declarations, tests and mocks.
        'dist/support.js': SDK_CALL,
        'node_modules/some-lib/index.js': SDK_CALL,
        'src/types.d.ts':
          "import OpenAI from 'openai';\nexport declare function ask(): ReturnType<OpenAI['chat']['completions']['create']>;\n",
        'src/support.test.ts': SDK_CALL,
        'src/__mocks__/openai.ts': SDK_CALL,
        // Dangling links and a loop.
        'src/loop': { symlink: '..' },
        'src/removed.ts': { symlink: 'nowhere.ts' },
      };
      const root = temp.fixtureCopy('inRepo', files);
      result = await audit({ root, config: WITH_SDK_TYPES });
    });

    it('lists each skipped file with its exact reason', () => {
      assert.deepEqual(skippedOf(result), [
        'src/broken.ts: does not parse: Expression expected. (line 2, column 11)',
        'src/generated/prompts.ts: larger than 2 MB (5.2 MB)',
        'src/latin1.ts: not valid UTF-8',
        'src/logo.ts: binary content (NUL bytes)',
        'src/loop: symlink loop (folder already visited)',
        'src/removed.ts: broken symlink: no such file or folder',
        "src/routes.ts: does not parse: ',' expected. (line 3, column 9)",
        'src/vendor/bundle.js: minified or generated (very long lines)',
      ]);
    });

    it("still finds the good file's four calls, through the SDK's types", () => {
      assertFixtureCallsFound(result, 'type');
    });

    it('does not audit dist/, node_modules/, .d.ts files, tests or mocks', () => {
      const audited = new Set(result.profiles.map((profile) => rel(result.root, profile.call.range.file)));
      assert.deepEqual([...audited], ['src/support.ts']);
      for (const item of result.stats.skipped)
        assert.doesNotMatch(rel(result.root, item.file), /^(?:dist|node_modules)\/|\.d\.ts$|\.test\.ts$|__mocks__/);
      for (const finding of result.findings) assert.equal(rel(result.root, finding.span.file), 'src/support.ts');
    });

    it('counts the files scanned (read or not) and parsed', () => {
      // support, broken, routes, generated/prompts, vendor/bundle, logo, latin1
      assert.equal(result.stats.filesScanned, 7);
      // support, broken (names the SDK) and routes (imports support)
      assert.equal(result.stats.filesParsed, 3);
    });
  });

  describe('tsconfig.json', () => {
    it('missing: the defaults are used, nothing is reported, the SDK types still resolve', async () => {
      const root = temp.fixtureCopy('inRepo');
      fs.rmSync(path.join(root, 'tsconfig.json'));
      const result = await audit({ root, config: WITH_SDK_TYPES });
      assert.deepEqual(skippedOf(result), []);
      assertFixtureCallsFound(result, 'type');
    });

    it('broken JSON: reported with its position, the defaults are used', async () => {
      const root = temp.fixtureCopy('inRepo', { 'tsconfig.json': '{\n  "compilerOptions": {\n    "strict": true,\n' });
      const result = await audit({ root, config: WITH_SDK_TYPES });
      assert.deepEqual(skippedOf(result), [
        "tsconfig.json: '}' expected. (line 4, column 1); using default compiler options",
      ]);
      assertFixtureCallsFound(result, 'type');
    });

    it('extends a missing file: reported, the rest of the tsconfig is used', async () => {
      const root = temp.fixtureCopy('inRepo', {
        'tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "strict": true } }',
      });
      const result = await audit({ root, config: WITH_SDK_TYPES });
      assert.deepEqual(skippedOf(result), [
        `tsconfig.json: Cannot read file '${path.join(root, 'tsconfig.base.json')}'.`,
      ]);
      assertFixtureCallsFound(result, 'type');
    });

    it('an invalid option value: reported, no crash', async () => {
      const root = temp.fixtureCopy('inRepo', { 'tsconfig.json': '{ "compilerOptions": { "module": "banana" } }' });
      const result = await audit({ root, config: WITH_SDK_TYPES });
      assert.equal(result.stats.skipped.length, 1);
      assert.match(skippedOf(result)[0], /^tsconfig\.json: Argument for '--module' option must be: /);
      assertFixtureCallsFound(result, 'type');
    });

    it('a broken jsconfig.json is reported under its own name', async () => {
      const root = temp.fixtureCopy('inRepo', { 'jsconfig.json': '{ "compilerOptions": ' });
      fs.rmSync(path.join(root, 'tsconfig.json'));
      const result = await audit({ root, config: WITH_SDK_TYPES });
      assert.equal(result.stats.skipped.length, 1);
      assert.match(skippedOf(result)[0], /^jsconfig\.json: .*; using default compiler options$/);
      assertFixtureCallsFound(result, 'type');
    });
  });

  it('no node_modules (a copy outside the repository): the calls are still found, by syntax', async () => {
    const root = temp.fixtureCopy('outside', { 'src/logo.ts': Buffer.from([0, 1, 2, 3]) });
    const result = await audit({ root, config: WITH_SDK_TYPES });
    assert.deepEqual(skippedOf(result), ['src/logo.ts: binary content (NUL bytes)']);
    assertFixtureCallsFound(result, 'syntax');
  });

  it("honours the config's exclude globs (loaded from .orchestration-audit.json)", async () => {
    const root = temp.fixtureCopy('inRepo', {
      '.orchestration-audit.json': JSON.stringify({ exclude: ['src/legacy/**', '*.gen.ts', 'scripts'] }),
      'src/legacy/old-client.ts': SDK_CALL,
      'src/legacy/broken.ts': "import OpenAI from 'openai';\nconst = ;\n",
      'src/client.gen.ts': SDK_CALL,
      'scripts/seed.ts': SDK_CALL,
      'tools/scripts/big.ts': `import OpenAI from 'openai';\n${'x'.repeat(3_000_000)}`,
      'src/legacy-v2/client.ts': SDK_CALL,
    });
    const { config } = loadConfig(root);
    assert.deepEqual(config.exclude, ['src/legacy/**', '*.gen.ts', 'scripts']);
    const result = await audit({ root, config });
    assert.deepEqual(
      callsOf(result),
      [...OPENAI_FIXTURE_CALLS, 'src/legacy-v2/client.ts:3 chat.completions.create'].sort(),
    );
    assert.deepEqual(skippedOf(result), [], 'excluded files are neither audited nor listed as skipped');
  });

  it('with ignoreTests off, test files and mocks are audited', async () => {
    const root = temp.fixtureCopy('inRepo', {
      'src/support.test.ts': SDK_CALL,
      'src/__mocks__/openai-client.ts': SDK_CALL,
    });
    const result = await audit({ root, config: { ...DEFAULT_CONFIG, ignoreTests: false } });
    assert.deepEqual(
      callsOf(result),
      [
        'src/__mocks__/openai-client.ts:3 chat.completions.create',
        ...OPENAI_FIXTURE_CALLS,
        'src/support.test.ts:3 chat.completions.create',
      ].sort(),
    );
  });

  it('a byte-order mark and CRLF line endings: same lines, offsets into the file as it is on disk', async () => {
    const root = temp.fixtureCopy('inRepo');
    const file = path.join(root, 'src', 'support.ts');
    const text = `\uFEFF${fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n')}`;
    fs.writeFileSync(file, text);
    const result = await audit({ root, config: WITH_SDK_TYPES });
    assert.deepEqual(skippedOf(result), []);
    assertFixtureCallsFound(result, 'type');
    const onDisk = fs.readFileSync(file, 'utf8');
    for (const profile of result.profiles) {
      assert.match(
        onDisk.slice(profile.call.range.start, profile.call.range.end),
        /^openai\.[a-z.]+\.create\(\{[\s\S]*\}\)$/,
      );
    }
  });

  it('a symlinked copy of the good file: each call is reported once, in the real file', async () => {
    const root = temp.fixtureCopy('inRepo', { 'src/a-link.ts': { symlink: 'support.ts' }, linked: { symlink: 'src' } });
    const result = await audit({ root, config: WITH_SDK_TYPES });
    assertFixtureCallsFound(result, 'type');
    assert.deepEqual(skippedOf(result), ['linked: symlink to a folder already audited (src)']);
  });

  it('explicit paths: a missing one is reported, the others are audited', async () => {
    const root = temp.fixtureCopy('inRepo', { 'src/other.ts': SDK_CALL });
    const result = await audit({ root, config: WITH_SDK_TYPES, paths: ['src/support.ts', 'src/gone.ts'] });
    assert.deepEqual(callsOf(result), OPENAI_FIXTURE_CALLS);
    assert.deepEqual(skippedOf(result), ['src/gone.ts: cannot read: no such file or folder']);
  });

  it(`an unreadable file is skipped with the reason${RUNNING_AS_ROOT ? ' (skipped: running as root, which reads any file whatever its mode)' : ''}`, async function () {
    if (RUNNING_AS_ROOT) this.skip();
    const root = temp.fixtureCopy('inRepo', { 'src/secret.ts': SDK_CALL });
    fs.chmodSync(path.join(root, 'src', 'secret.ts'), 0o000);
    try {
      const result = await audit({ root, config: WITH_SDK_TYPES });
      assert.deepEqual(skippedOf(result), ['src/secret.ts: cannot read: permission denied']);
      assertFixtureCallsFound(result, 'type');
    } finally {
      fs.chmodSync(path.join(root, 'src', 'secret.ts'), 0o644);
    }
  });

  it(`an unreadable folder is skipped with the reason${RUNNING_AS_ROOT ? ' (skipped: running as root, which reads any folder whatever its mode)' : ''}`, async function () {
    if (RUNNING_AS_ROOT) this.skip();
    const root = temp.fixtureCopy('inRepo', { 'src/private/client.ts': SDK_CALL });
    fs.chmodSync(path.join(root, 'src', 'private'), 0o000);
    try {
      const result = await audit({ root, config: WITH_SDK_TYPES });
      assert.deepEqual(skippedOf(result), ['src/private: cannot read folder: permission denied']);
      assertFixtureCallsFound(result, 'type');
    } finally {
      fs.chmodSync(path.join(root, 'src', 'private'), 0o755);
    }
  });
});
