/**
 * The static checks of `npm run lint` catch what they are there for: a `vscode` import in the
 * core, a switch over rule ids that misses a rule, an unused export. Each probe is a real file's
 * text with a few lines added, linted under that file's path (ESLint's type-aware rules need a file
 * the TypeScript project knows), so the real config is what is tested.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const REPO = path.join(__dirname, '..', '..');

describe('lint', function () {
  this.timeout(120_000);
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({ cwd: REPO });
  });

  /** Lints `file`'s text plus `added` as if it were that file; returns `rule: message` lines. */
  async function lintWith(file: string, added: string): Promise<string[]> {
    const text = fs.readFileSync(path.join(REPO, file), 'utf8') + added;
    const [result] = await eslint.lintText(text, { filePath: path.join(REPO, file) });
    assert.ok(result);
    return result.messages.map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
  }

  describe('import boundaries', () => {
    it('the probed files lint clean as they are', async () => {
      for (const file of ['src/core/judge.ts', 'src/report/text.ts', 'src/cli/run.ts'])
        assert.deepEqual(await lintWith(file, ''), [], file);
    });

    it('reports `import * as vscode` in src/core', async () => {
      const messages = await lintWith(
        'src/core/judge.ts',
        "import * as vscode from 'vscode';\nexport const probe = vscode;\n",
      );
      assert.equal(messages.length, 1, messages.join('\n'));
      assert.match(messages[0] ?? '', /^no-restricted-imports: 'vscode' import is restricted/);
    });

    it('reports a type-only vscode import in src/report and a vscode import in src/cli', async () => {
      const report = await lintWith(
        'src/report/text.ts',
        "import type * as vscode from 'vscode';\nexport type Probe = typeof vscode;\n",
      );
      assert.match(report.join('\n'), /^no-restricted-imports: 'vscode'/m);
      const cli = await lintWith('src/cli/run.ts', "import * as vscode from 'vscode';\nexport const probe = vscode;\n");
      assert.match(cli.join('\n'), /^no-restricted-imports: 'vscode'/m);
    });

    it('reports src/core importing src/vscode, src/cli or src/report', async () => {
      const probes = {
        vscode: "import { CONFIG_FILE_NAME } from '../vscode/contract';\nexport const probe = CONFIG_FILE_NAME;\n",
        cli: "import { parseArgs } from '../cli/args';\nexport const probe = parseArgs;\n",
        report: "import { REPORT_FORMATS } from '../report/index';\nexport const probe = REPORT_FORMATS;\n",
      };
      for (const [folder, probe] of Object.entries(probes)) {
        const messages = await lintWith('src/core/judge.ts', probe);
        assert.match(
          messages.join('\n'),
          new RegExp(
            `^no-restricted-imports: .*src/core is the pure analysis core: it never imports src/${folder}`,
            'm',
          ),
          folder,
        );
      }
    });
  });

  describe('switch exhaustiveness', () => {
    it('reports a switch over RuleId that misses rules and has no default', async () => {
      const messages = await lintWith(
        'src/core/rules/index.ts',
        "\nexport function probe(id: RuleId): number {\n  switch (id) {\n    case 'missing-timeout':\n      return 1;\n  }\n  return 0;\n}\n",
      );
      assert.equal(messages.length, 1, messages.join('\n'));
      assert.match(messages[0] ?? '', /^@typescript-eslint\/switch-exhaustiveness-check: Switch is not exhaustive/);
      assert.match(messages[0] ?? '', /"unhandled-model-error"/, 'names a missing rule');
    });

    it('accepts the same switch with every rule or a default', async () => {
      const messages = await lintWith(
        'src/core/rules/index.ts',
        "\nexport function probe(id: RuleId): number {\n  switch (id) {\n    case 'missing-timeout':\n      return 1;\n    default:\n      return 0;\n  }\n}\n",
      );
      assert.deepEqual(messages, []);
    });
  });

  describe('knip', () => {
    const KNIP = path.join(REPO, 'node_modules', '.bin', 'knip');
    let project: string;
    beforeEach(() => {
      project = fs.mkdtempSync(path.join(os.tmpdir(), 'oa-knip-'));
      const files: Record<string, string> = {
        'package.json': JSON.stringify({ name: 'knip-probe', private: true, main: 'src/main.ts' }),
        'knip.json': JSON.stringify({ entry: ['src/main.ts'], project: ['src/**/*.ts'] }),
        'src/main.ts': "import { used } from './formatting';\nconsole.log(used());\n",
        'src/formatting.ts': 'export function used(): string {\n  return "used";\n}\n',
      };
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
        fs.writeFileSync(path.join(project, file), text);
      }
    });
    afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

    const knip = () => spawnSync(KNIP, ['--no-progress', '--directory', project], { encoding: 'utf8' });

    it('passes a project whose exports are all used', () => {
      const run = knip();
      assert.equal(run.status, 0, run.stdout + run.stderr);
    });

    it('fails on an unused export and names it', () => {
      fs.appendFileSync(path.join(project, 'src/formatting.ts'), 'export const unusedHelper = 1;\n');
      const run = knip();
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /Unused exports \(1\)/);
      assert.match(run.stdout, /unusedHelper\s+src\/formatting\.ts/);
    });
  });
});
