import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { applyFixes } from '../../../src/core/fixes/apply';
import { formatterFor, keepFormatted } from '../../../src/core/fixes/project-formatter';
import { auditSources } from '../../../src/core/index';
import { runCli } from '../../../src/cli/run';

/**
 * Fixes keep a formatter-clean file formatter-clean: every fix offered on real-style fixtures,
 * formatted with Prettier under two configurations, leaves a file `prettier --check` accepts once
 * the project's formatter has laid it out; files the formatter does not govern are left exactly as
 * the fix wrote them.
 */

const REPO = path.join(__dirname, '..', '..', '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures');
/** Fixtures whose fixes write long lines, argument objects, catch blocks and helper calls. */
const SOURCES = [
  'swallowed-error/src/smart-replies.ts',
  'retry-loop/src/classify.ts',
  'raw-http/src/teaser.ts',
  'timeouts/src/openai-timeouts.ts',
  'vercel-ai-basic/src/triage.ts',
  'wrapped-client/src/llm.ts',
];
const CONFIGS: Record<string, Record<string, unknown>> = {
  'Prettier defaults': {},
  'single quotes, no semicolons, 4 spaces, width 100': { singleQuote: true, semi: false, tabWidth: 4, printWidth: 100 },
};

const BIOME_CONFIGS: Record<string, Record<string, unknown>> = {
  'Biome defaults (tabs, double quotes)': {},
  'spaces, single quotes, semicolons as needed': {
    formatter: { indentStyle: 'space', indentWidth: 2 },
    javascript: { formatter: { quoteStyle: 'single', semicolons: 'asNeeded' } },
  },
};

/** The text as the installed Biome formats it for `file` (the test's own oracle, not the code under test). */
function biomeFormat(text: string, file: string, dir: string): string {
  const binary = path.join(REPO, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
  const run = spawnSync(process.execPath, [binary, 'format', `--stdin-file-path=${file}`], {
    cwd: dir,
    input: text,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

function makeProject(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oa-format-')));
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('fixes follow the project formatter', function () {
  this.timeout(600_000);
  const made: string[] = [];
  const project = (files: Record<string, string>): string => {
    const dir = makeProject(files);
    made.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Every fix offered on each source, formatter-clean under the project's configuration, applied
   * alone and passed through `keepFormatted`: the files it leaves that `isClean` rejects.
   */
  async function uncleanAfterFixes(
    sources: readonly string[],
    configFile: [string, string],
    format: (text: string, file: string, dir: string) => Promise<string>,
    isClean: (text: string, file: string, dir: string) => Promise<boolean>,
  ): Promise<{ checked: number; unclean: string[] }> {
    let checked = 0;
    const unclean: string[] = [];
    for (const source of sources) {
      const name = `src/${path.basename(source)}`;
      const dir = project({ [configFile[0]]: configFile[1], [name]: '' });
      const file = path.join(dir, name);
      const before = await format(fs.readFileSync(path.join(FIXTURES, source), 'utf8'), file, dir);
      const result = await auditSources({ [name]: before });
      const fixes = new Map(
        result.findings.flatMap((finding) => finding.fixes).map((fix) => [fix.id + fix.title, fix]),
      );
      for (const fix of fixes.values()) {
        const applied = applyFixes([fix], (target) => (target === `${result.root}/${name}` ? before : undefined));
        const changed = applied.files.find((entry) => entry.file === `${result.root}/${name}`);
        if (!changed) continue;
        const after = await keepFormatted(file, dir, before, changed.after);
        checked++;
        if (!(await isClean(after, file, dir))) unclean.push(`${source}: ${fix.id}`);
        // Layout only: the formatted text is the fixed text, whitespace and punctuation aside.
        assert.equal(tokens(after), tokens(changed.after), `${source}: ${fix.id} changed more than layout`);
      }
    }
    return { checked, unclean };
  }

  for (const [configName, config] of Object.entries(CONFIGS)) {
    it(`every fix on Prettier-clean files stays Prettier-clean (${configName})`, async () => {
      const { checked, unclean } = await uncleanAfterFixes(
        SOURCES,
        ['.prettierrc', JSON.stringify(config)],
        (text, file) => prettier.format(text, { ...config, filepath: file }),
        (text, file) => prettier.check(text, { ...config, filepath: file }),
      );
      assert.ok(checked >= 20, `only ${checked} fixes checked`);
      assert.deepEqual(unclean, []);
    });
  }

  for (const [configName, config] of Object.entries(BIOME_CONFIGS)) {
    it(`every fix on Biome-clean files stays Biome-clean (${configName})`, async () => {
      // Three files: each Biome run is a process of its own.
      const { checked, unclean } = await uncleanAfterFixes(
        SOURCES.slice(0, 3),
        ['biome.json', JSON.stringify(config)],
        (text, file, dir) => Promise.resolve(biomeFormat(text, file, dir)),
        (text, file, dir) => Promise.resolve(biomeFormat(text, file, dir) === text),
      );
      assert.ok(checked >= 10, `only ${checked} fixes checked`);
      assert.deepEqual(unclean, []);
    });
  }

  it('Biome governs a project with a biome.json', () => {
    const dir = project({ 'biome.jsonc': '{}\n', 'src/a.ts': '' });
    assert.equal(formatterFor(path.join(dir, 'src/a.ts'), dir)?.name, 'Biome');
  });

  it('a file that was not formatter-clean keeps exactly the text the fix wrote', async () => {
    const dir = project({ '.prettierrc': '{}\n', 'src/a.ts': 'const a = {b:1}\n' });
    const file = path.join(dir, 'src/a.ts');
    assert.equal(
      await keepFormatted(file, dir, 'const a = {b:1}\n', 'const a = {b:1, c:2}\n'),
      'const a = {b:1, c:2}\n',
    );
  });

  it('a file the project ignores, or a project with no formatter config, is not formatted', async () => {
    const ignored = project({ '.prettierrc': '{}\n', '.prettierignore': 'src/generated.ts\n', 'src/generated.ts': '' });
    assert.equal(
      await keepFormatted(path.join(ignored, 'src/generated.ts'), ignored, 'const a = 1;\n', 'const a = {b:1};\n'),
      'const a = {b:1};\n',
    );
    const bare = project({ 'src/a.ts': '' });
    assert.equal(formatterFor(path.join(bare, 'src/a.ts'), bare), undefined);
    assert.equal(
      await keepFormatted(path.join(bare, 'src/a.ts'), bare, 'const a = 1;\n', 'const a = {b:1};\n'),
      'const a = {b:1};\n',
    );
  });

  it('Prettier reads the project .editorconfig', async () => {
    const dir = project({
      '.prettierrc': '{}\n',
      '.editorconfig': 'root = true\n[*]\nindent_style = tab\n',
      'src/a.ts': '',
    });
    const file = path.join(dir, 'src/a.ts');
    assert.equal(
      await keepFormatted(file, dir, 'const a = 1;\n', 'function a() {\n  return {b:1};\n}\n'),
      'function a() {\n\treturn { b: 1 };\n}\n',
    );
  });

  it('the configuration can live in package.json, and a broken one leaves the fix unformatted', async () => {
    const keyed = project({ 'package.json': JSON.stringify({ prettier: { semi: false } }), 'src/a.ts': '' });
    const file = path.join(keyed, 'src/a.ts');
    assert.equal(formatterFor(file, keyed)?.name, 'Prettier');
    assert.equal(await keepFormatted(file, keyed, 'const a = 1\n', 'const a = {b:1}\n'), 'const a = { b: 1 }\n');
    const broken = project({ '.prettierrc': '{ not json', 'src/a.ts': '' });
    const brokenFile = path.join(broken, 'src/a.ts');
    assert.equal(await keepFormatted(brokenFile, broken, 'const a = 1;\n', 'const a = {b:1};\n'), 'const a = {b:1};\n');
  });

  it('--fix writes Prettier-clean files in a Prettier project', async () => {
    const source = await prettier.format(
      fs.readFileSync(path.join(FIXTURES, 'swallowed-error/src/smart-replies.ts'), 'utf8'),
      { parser: 'typescript' },
    );
    const dir = project({
      '.prettierrc': '{}\n',
      'package.json': JSON.stringify({ name: 'formatted', private: true }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true } }),
      'src/smart-replies.ts': source,
    });
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, 'src/smart-replies.ts'), past, past);
    let err = '';
    const code = await runCli(['--fix'], {
      stdout: { write: () => true },
      stderr: { write: (text: string) => (err += text) },
      cwd: dir,
      env: {},
    });
    assert.equal(code === 0 || code === 1, true, err);
    const fixed = fs.readFileSync(path.join(dir, 'src/smart-replies.ts'), 'utf8');
    assert.notEqual(fixed, source, 'no safe fix was applied');
    assert.ok(await prettier.check(fixed, { parser: 'typescript' }), fixed);
  });
});

/** The text without whitespace, commas, semicolons, parentheses and quotes: what layout cannot change. */
function tokens(text: string): string {
  return text.replace(/[\s,;()'"]/g, '');
}
