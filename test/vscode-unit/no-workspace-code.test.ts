import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import type * as CoreEntry from '../../src/vscode/core-entry';
import { audit } from '../../src/core/index';
import { loadConfig } from '../../src/core/config';

/**
 * The extension never executes, imports or requires workspace files (issue 6): the bundles it
 * ships load nothing by a computed path except dist/core.js next to themselves, and an audit of a
 * workspace full of code that would announce itself when run (a JS config beside the JSON one, a
 * tsconfig plugin, a side-effect module the sources import) leaves no trace of it.
 */

const REPO = path.join(__dirname, '..', '..');
const DIST = path.join(REPO, 'dist');
const BUNDLES = ['extension.js', 'core.js', 'cli.js', 'cli-main.js'];

/** Set by every workspace file below if anything ever runs it. */
const MARKER = '__orchestrationAuditRanWorkspaceCode';

/** How extension.js and cli.js load their analyser bundle (src/runtime/code-cache.ts). */
const BUNDLE_LOADS = (loaded: string, loader: string): { call: string; why: string }[] => [
  { call: 'require(bundle)', why: `${loader}: dist/${loaded} beside it, path.join(__dirname, "${loaded}")` },
  {
    call: 'new vm.Script(import_node_module.Module.wrap(body), { filename: bundle, cachedData })',
    why: `code-cache.ts: the text of the same dist/${loaded}, compiled with its V8 code cache`,
  },
  { call: 'script.runInThisContext()', why: `code-cache.ts: runs that compiled dist/${loaded} as require would` },
];

/** TypeScript's one computed require, in each bundle that holds the compiler. */
const TYPESCRIPT_PLUGIN_LOAD = {
  call: 'require(modulePath)',
  why: "TypeScript's sys.require, used only by tsserver to load language-service plugins; the analyser builds programs, never a language service",
};

/**
 * The computed `require`s the bundles may contain, each with why it is safe. Anything new fails
 * the test until it is understood and listed. The CLI's bundles are held to the same rule.
 */
const ALLOWED_DYNAMIC_LOADS: Record<string, { call: string; why: string }[]> = {
  'extension.js': BUNDLE_LOADS('core.js', 'core-loader.ts'),
  'core.js': [TYPESCRIPT_PLUGIN_LOAD],
  'cli.js': BUNDLE_LOADS('cli-main.js', 'launch.ts'),
  'cli-main.js': [TYPESCRIPT_PLUGIN_LOAD],
};

interface DynamicLoad {
  call: string;
  line: number;
}

/** Calls of require / import() / eval / new Function whose argument is not a literal string, and node:vm's. */
function dynamicLoads(file: string): DynamicLoad[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: DynamicLoad[] = [];
  const literal = (node: ts.Node | undefined): boolean =>
    node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node));
  const record = (node: ts.Node): void => {
    found.push({
      call: node.getText(source).replace(/\s+/g, ' ').slice(0, 120),
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const loader =
        (ts.isIdentifier(callee) && ['require', '__require', 'eval'].includes(callee.text)) ||
        callee.kind === ts.SyntaxKind.ImportKeyword;
      if (loader && !literal(node.arguments[0])) record(node);
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Function')
      record(node);
    // node:vm compiles and runs text as code, whatever the argument.
    const vmCallee = ts.isNewExpression(node) || ts.isCallExpression(node) ? node.expression : undefined;
    const vmName =
      vmCallee && ts.isPropertyAccessExpression(vmCallee)
        ? vmCallee.name.text
        : vmCallee && ts.isIdentifier(vmCallee)
          ? vmCallee.text
          : undefined;
    if (
      vmName !== undefined &&
      ((ts.isNewExpression(node) && vmName === 'Script') ||
        (ts.isCallExpression(node) &&
          /^(?:runInThisContext|runInNewContext|runInContext|compileFunction)$/.test(vmName)))
    )
      record(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the extension never runs workspace code', function () {
  before(function () {
    // `npm run test:unit` builds first; a lone run of this file builds what is missing.
    if (BUNDLES.every((bundle) => fs.existsSync(path.join(DIST, bundle)))) return;
    const build = spawnSync(process.execPath, [path.join(REPO, 'esbuild.js')], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });

  for (const bundle of BUNDLES) {
    it(`dist/${bundle} loads nothing by a computed path but what is listed`, function () {
      const found = dynamicLoads(path.join(DIST, bundle)).map((load) => load.call);
      assert.deepEqual(found.sort(), ALLOWED_DYNAMIC_LOADS[bundle].map((allowed) => allowed.call).sort());
    });
  }

  for (const [loader, loaded] of [
    ['extension.js', 'core.js'],
    ['cli.js', 'cli-main.js'],
  ])
    it(`the one computed require of dist/${loader} loads dist/${loaded} from beside itself`, () => {
      const text = fs.readFileSync(path.join(DIST, loader), 'utf8');
      assert.match(text, new RegExp(`\\b\\w+\\.join\\(__dirname, "${loaded.replace('.', '\\.')}"\\)`));
      // The code-cache path compiles the text of that same file.
      assert.match(text, /\bsource = readSource\(bundle\);/);
      assert.match(text, /function readSource\(bundle\) \{\n\s*const bytes = \w+\.readFileSync\(bundle\);/);
    });

  describe('a workspace with code that would announce itself if it ran', () => {
    let workspace: string;
    const clear = (): void => {
      delete (globalThis as Record<string, unknown>)[MARKER];
    };

    before(() => {
      workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oa-no-exec-')));
      const announce = (who: string): string =>
        `globalThis.${MARKER} = [...(globalThis.${MARKER} ?? []), ${JSON.stringify(who)}];\n`;
      const files: Record<string, string> = {
        // The JSON config is read (the rule it turns off stays off); the JS ones beside it never are.
        '.orchestration-audit.json': JSON.stringify({
          $schema: './orchestration-audit.config.js',
          rules: { 'unlogged-model-call': 'off' },
        }),
        'orchestration-audit.config.js': `${announce('orchestration-audit.config.js')}module.exports = { rules: {} };\n`,
        'orchestration-audit.config.cjs': `${announce('orchestration-audit.config.cjs')}module.exports = {};\n`,
        'orchestration-audit.config.mjs': `${announce('orchestration-audit.config.mjs')}export default {};\n`,
        '.orchestration-audit.js': `${announce('.orchestration-audit.js')}module.exports = {};\n`,
        // A tsconfig plugin: tsserver would load it; the analyser must not.
        'tsconfig.json': JSON.stringify({
          compilerOptions: {
            allowJs: true,
            checkJs: false,
            strict: true,
            noEmit: true,
            plugins: [{ name: 'announcing-plugin' }],
          },
          include: ['src/**/*'],
        }),
        'node_modules/announcing-plugin/package.json': JSON.stringify({ name: 'announcing-plugin', main: 'index.js' }),
        'node_modules/announcing-plugin/index.js': `${announce('tsconfig plugin')}module.exports = () => ({ create: (info) => info.languageService });\n`,
        'package.json': JSON.stringify({
          name: 'announcing-workspace',
          private: true,
          main: 'src/side-effect.js',
          scripts: { prepare: 'node src/side-effect.js' },
        }),
        // Sources that import a module with a side effect, in TypeScript and in JavaScript.
        'src/side-effect.js': `${announce('src/side-effect.js')}module.exports = { ready: true };\n`,
        'src/app.ts': [
          "import OpenAI from 'openai';",
          "import './side-effect.js';",
          'const openai = new OpenAI();',
          'export async function answer(question: string) {',
          "  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });",
          '  return completion.choices[0]?.message.content;',
          '}',
          '',
        ].join('\n'),
        'src/legacy.js': [
          "const OpenAI = require('openai');",
          "require('./side-effect.js');",
          'const openai = new OpenAI();',
          'exports.answer = async (question) => openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });',
          '',
        ].join('\n'),
      };
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
        fs.writeFileSync(path.join(workspace, name), text);
      }
      clear();
    });

    after(() => {
      clear();
      fs.rmSync(workspace, { recursive: true, force: true });
    });

    it('(control) the marker does show when such a file runs', () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs the workspace file on purpose
      require(path.join(workspace, 'orchestration-audit.config.js'));
      assert.deepEqual((globalThis as Record<string, unknown>)[MARKER], ['orchestration-audit.config.js']);
      clear();
    });

    it('the analyser, from the sources: the JSON config applies, nothing runs', async () => {
      const { config, file } = loadConfig(workspace);
      assert.equal(file, path.join(workspace, '.orchestration-audit.json'));
      const result = await audit({ root: workspace, config });
      assertAudited(
        result.profiles.length,
        result.findings.map((finding) => finding.ruleId),
      );
      assert.equal((globalThis as Record<string, unknown>)[MARKER], undefined, 'workspace code ran');
    });

    it('dist/core.js, the bundle the extension loads: the same', async () => {
      // The extension's own path: loadConfig, then a long-lived session (src/vscode/folder-analysis.ts).
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, by its path
      const core = require(path.join(DIST, 'core.js')) as typeof CoreEntry;
      const { config } = core.loadConfig(workspace);
      const session = new core.AnalysisSession({ root: workspace, config });
      const result = await session.load();
      assertAudited(
        result.profiles.length,
        result.findings.map((finding) => finding.ruleId),
      );
      session.update(
        path.join(workspace, 'src', 'app.ts'),
        `${fs.readFileSync(path.join(workspace, 'src', 'app.ts'), 'utf8')}\n// edited\n`,
      );
      assert.equal((globalThis as Record<string, unknown>)[MARKER], undefined, 'workspace code ran');
    });
  });

  it('declares restricted-mode support for untrusted workspaces, saying workspace code never runs', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.ok(
      ['limited', true].includes(manifest.capabilities?.untrustedWorkspaces?.supported),
      'capabilities.untrustedWorkspaces.supported',
    );
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /never runs workspace code/);
  });
});

/** Both model calls found (the sources were analysed), and the JSON config's rule setting obeyed. */
function assertAudited(calls: number, ruleIds: readonly string[]): void {
  assert.equal(calls, 2, 'the TypeScript and the JavaScript call');
  assert.ok(ruleIds.length > 0, 'findings were reported');
  assert.ok(!ruleIds.includes('unlogged-model-call'), 'the JSON config was applied');
}
