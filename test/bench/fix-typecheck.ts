/**
 * Does `--fix` add type errors on real code? For each repository in a corpus folder (default
 * ../shared/corpus-dev/repos): copy it to a temporary folder (the corpus is never modified, and no
 * code of the repository runs: no build, no install scripts), install into the copy only the SDK
 * packages its package.json files declare (the catalogue's packages, at the declared ranges, with
 * `npm install --no-save --ignore-scripts`, into the folder of the package.json that declares
 * them), audit it (the fixes offered), run `node dist/cli.js --fix` on it (the fixes applied), and
 * type-check every changed file with the TypeScript of this repository under the nearest tsconfig
 * of the repository, before and after the fix. A type error is new when the file has it after the
 * fix and not before (compared by code and message: the fix moves positions).
 *
 * Not part of `npm test` (it installs packages and takes minutes):
 *   npm run build && npx tsx test/bench/fix-typecheck.ts [corpus-repos-folder] [--out report.md] [--keep]
 *
 * The other dependencies of a repository are not installed, so its own imports of them do not
 * resolve: those errors are there before and after alike, and code typed through them is checked
 * less strictly than the repository's CI would. The report says what was installed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { CATALOG } from '../../src/core/catalog/index';
import { audit } from '../../src/core/index';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const TS_FILE = /\.(?:[cm]?ts|tsx)$/;

interface RepoReport {
  name: string;
  installed: string[];
  installProblems: string[];
  offered: Map<string, { count: number; safe: number }>;
  applied: Map<string, number>;
  changedFiles: string[];
  checkedFiles: number;
  /** Type errors the changed files had before the fix (the same after, unless listed as new). */
  errorsBefore: string[];
  newErrors: { file: string; error: string }[];
  fixOutput: string;
  seconds: number;
}

function main(): void {
  const args = process.argv.slice(2);
  const out = valueOf(args, '--out');
  const keep = args.includes('--keep');
  const positional = args.filter((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--out');
  const corpus = path.resolve(positional[0] ?? path.join(REPO, '..', 'shared', 'corpus-dev', 'repos'));
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const reports: RepoReport[] = [];
  void (async () => {
    for (const name of fs.readdirSync(corpus).sort()) {
      const source = path.join(corpus, name);
      if (!fs.statSync(source).isDirectory()) continue;
      reports.push(await measure(name, source, keep));
    }
    const markdown = render(reports);
    process.stdout.write(markdown);
    if (out) fs.writeFileSync(out, markdown);
    if (reports.some((report) => report.newErrors.length > 0)) process.exitCode = 1;
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  });
}

function valueOf(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

async function measure(name: string, source: string, keep: boolean): Promise<RepoReport> {
  const started = Date.now();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'oa-fix-typecheck-'));
  const copy = path.join(temp, name);
  log(`${name}: copying to ${copy}`);
  fs.cpSync(source, copy, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (file) => !SKIPPED_DIRS.has(path.basename(file)),
  });
  // The corpus is read-only, and the copy keeps its modes; `--fix` refuses read-only files.
  spawnSync('chmod', ['-R', 'u+w', copy]);
  const report: RepoReport = {
    name,
    installed: [],
    installProblems: [],
    offered: new Map(),
    applied: new Map(),
    changedFiles: [],
    checkedFiles: 0,
    errorsBefore: [],
    newErrors: [],
    fixOutput: '',
    seconds: 0,
  };
  try {
    installSdks(copy, temp, report);
    log(`${name}: auditing`);
    const titles = await offeredFixes(copy, report);
    log(`${name}: --fix`);
    const run = spawnSync(process.execPath, [CLI, copy, '--root', copy, '--fix', '--fail-on', 'none'], {
      cwd: copy,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    report.fixOutput = `${run.stdout}${run.stderr}`.trim();
    if (run.status !== 0) report.installProblems.push(`--fix exited ${run.status}`);
    for (const line of run.stdout.split('\n')) {
      const match = /^ {2}(.*?)(?: \(x(\d+)\))?$/.exec(line);
      if (!match?.[1]) continue;
      const id = titles.get(match[1]) ?? `(title) ${match[1]}`;
      report.applied.set(id, (report.applied.get(id) ?? 0) + Number(match[2] ?? 1));
    }
    report.changedFiles = changedFiles(source, copy);
    log(`${name}: type-checking ${report.changedFiles.length} changed files`);
    typeCheck(source, copy, report);
  } finally {
    report.seconds = Math.round((Date.now() - started) / 1000);
    if (!keep) fs.rmSync(temp, { recursive: true, force: true });
  }
  return report;
}

/** The package names the catalogue recognises (`firebase/ai` is the package `firebase`). */
function isSdkPackage(name: string): boolean {
  return CATALOG.some(
    (entry) =>
      entry.packages.some((specifier) => packageOf(specifier) === name) ||
      (entry.packagePrefixes ?? []).some((prefix) => name.startsWith(prefix)),
  );
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Each package.json's SDK dependencies, installed into its own folder's node_modules. */
function installSdks(copy: string, temp: string, report: RepoReport): void {
  for (const manifest of filesNamed(copy, 'package.json')) {
    let json: Record<string, Record<string, string> | undefined>;
    try {
      json = JSON.parse(fs.readFileSync(manifest, 'utf8')) as typeof json;
    } catch {
      continue;
    }
    const wanted = new Map<string, string>();
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const [name, range] of Object.entries(json[field] ?? {})) {
        // Workspace links and local paths are the repository's own packages.
        if (!isSdkPackage(name) || typeof range !== 'string' || /^(?:workspace:|file:|link:|catalog:)/.test(range))
          continue;
        if (!wanted.has(name)) wanted.set(name, range);
      }
    }
    if (wanted.size === 0) continue;
    const folder = path.dirname(manifest);
    const relative = path.relative(copy, folder) || '.';
    const staging = fs.mkdtempSync(path.join(temp, 'deps-'));
    fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: 'sdk-deps', private: true }));
    const specs = [...wanted].map(([name, range]) => `${name}@${range}`);
    log(`  ${relative}: npm install ${specs.join(' ')}`);
    const npm = (extra: string[]) =>
      spawnSync('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', ...extra, ...specs], {
        cwd: staging,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
    let run = npm([]);
    // Peer ranges the SDKs disagree on: install them without the peers rather than not at all.
    if (run.status !== 0) run = npm(['--legacy-peer-deps']);
    if (run.status !== 0) {
      report.installProblems.push(`${relative}: npm install failed: ${lastLine(run.stderr)}`);
      continue;
    }
    const target = path.join(folder, 'node_modules');
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(path.join(staging, 'node_modules'), target);
    for (const name of wanted.keys()) {
      const installed = path.join(target, name, 'package.json');
      const version = fs.existsSync(installed)
        ? (JSON.parse(fs.readFileSync(installed, 'utf8')) as { version: string }).version
        : '?';
      report.installed.push(`${relative === '.' ? '' : `${relative}: `}${name}@${version}`);
    }
  }
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((line) => /error/i.test(line))
      .slice(-1)[0] ?? text.trim().split('\n').slice(-1)[0]
  );
}

/** The fixes the audit offers on open findings, by id (and safe ones), and each title's id. */
async function offeredFixes(copy: string, report: RepoReport): Promise<Map<string, string>> {
  const result = await audit({ root: copy });
  const titles = new Map<string, string>();
  for (const finding of result.findings) {
    if (finding.documentedBy || finding.suppressedBy) continue;
    for (const fix of finding.fixes) {
      const entry = report.offered.get(fix.id) ?? { count: 0, safe: 0 };
      entry.count++;
      if (fix.safe) entry.safe++;
      report.offered.set(fix.id, entry);
      titles.set(fix.title, fix.id);
    }
  }
  return titles;
}

function* filesNamed(root: string, name: string): Generator<string> {
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name) || entry.isSymbolicLink()) continue;
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) yield* filesNamed(full, name);
    else if (entry.name === name) yield full;
  }
}

function* allFiles(root: string): Generator<string> {
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name) || entry.isSymbolicLink()) continue;
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) yield* allFiles(full);
    else yield full;
  }
}

/** Files of the copy that differ from the corpus, or are new (relative paths). */
function changedFiles(source: string, copy: string): string[] {
  const changed: string[] = [];
  for (const file of allFiles(copy)) {
    const relative = path.relative(copy, file);
    const original = path.join(source, relative);
    if (!fs.existsSync(original) || !fs.readFileSync(original).equals(fs.readFileSync(file))) changed.push(relative);
  }
  return changed.sort();
}

/**
 * Type-checks the changed TypeScript files under their nearest tsconfig, before (the corpus text)
 * and after the fix, one program per tsconfig and state, and records the errors only the after
 * state has, per file.
 */
function typeCheck(source: string, copy: string, report: RepoReport): void {
  const byConfig = new Map<string, string[]>();
  for (const relative of report.changedFiles) {
    if (!TS_FILE.test(relative)) continue;
    const file = path.join(copy, relative);
    const config = nearestTsconfig(path.dirname(file), copy);
    byConfig.set(config ?? '', [...(byConfig.get(config ?? '') ?? []), file]);
  }
  const changed = new Set(report.changedFiles.map((relative) => path.join(copy, relative)));
  for (const [config, files] of byConfig) {
    const options = compilerOptions(config);
    const before = diagnosticsOf(files, options, (file) => {
      if (!changed.has(file)) return undefined;
      const original = path.join(source, path.relative(copy, file));
      return fs.existsSync(original) ? fs.readFileSync(original, 'utf8') : null;
    });
    const after = diagnosticsOf(files, options, () => undefined);
    for (const file of files) {
      report.checkedFiles++;
      const remaining = [...(before.get(file) ?? [])];
      report.errorsBefore.push(...remaining.map((error) => `${path.relative(copy, file)}: ${error}`));
      for (const error of after.get(file) ?? []) {
        const index = remaining.indexOf(error);
        if (index >= 0) remaining.splice(index, 1);
        else report.newErrors.push({ file: path.relative(copy, file), error });
      }
    }
  }
}

function nearestTsconfig(folder: string, root: string): string | undefined {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(candidate)) return candidate;
    if (dir === root || path.dirname(dir) === dir) return undefined;
  }
}

function compilerOptions(config: string): ts.CompilerOptions {
  const fallback: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, strict: true };
  if (!config) return { ...fallback, noEmit: true };
  const parsed = ts.getParsedCommandLineOfConfigFile(
    config,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  return { ...(parsed?.options ?? fallback), noEmit: true, incremental: false, composite: false };
}

/**
 * The syntactic and semantic diagnostics of `files` as `TS<code> <message>`; `override` gives a
 * file's text for this state (undefined: the disk's; null: the file does not exist in it).
 */
function diagnosticsOf(
  files: string[],
  options: ts.CompilerOptions,
  override: (file: string) => string | null | undefined,
): Map<string, string[]> {
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => {
    const text = override(path.resolve(file));
    return text === null ? undefined : (text ?? readFile(file));
  };
  host.fileExists = (file) => (override(path.resolve(file)) === null ? false : fileExists(file));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError, create) => {
    const text = override(path.resolve(file));
    if (text === null) return undefined;
    if (text !== undefined) return ts.createSourceFile(file, text, language, true);
    return getSourceFile(file, language, onError, create);
  };
  const present = files.filter((file) => override(file) !== null);
  const program = ts.createProgram({ rootNames: present, options, host });
  const result = new Map<string, string[]>();
  for (const file of present) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    result.set(
      file,
      diagnostics.map(
        (diagnostic) => `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
      ),
    );
  }
  return result;
}

function render(reports: RepoReport[]): string {
  const lines: string[] = [
    `# --fix on the corpus: new type errors (${new Date().toISOString().slice(0, 10)})`,
    '',
    '| repository | SDK packages installed (see below) | fixes offered (safe) | fixes applied | files changed | files type-checked | type errors before | new type errors |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const report of reports) {
    const offered = [...report.offered.values()].reduce((sum, entry) => sum + entry.count, 0);
    const safe = [...report.offered.values()].reduce((sum, entry) => sum + entry.safe, 0);
    const applied = [...report.applied.values()].reduce((sum, count) => sum + count, 0);
    lines.push(
      `| ${report.name} | ${report.installed.length} | ${offered} (${safe}) | ${applied} | ${report.changedFiles.length} | ${report.checkedFiles} | ${report.errorsBefore.length} | ${report.newErrors.length} |`,
    );
  }
  for (const report of reports) {
    lines.push(
      '',
      `## ${report.name} (${report.seconds} s)`,
      '',
      '| fix | offered | of them safe | applied |',
      '|---|---|---|---|',
    );
    const ids = new Set([...report.offered.keys(), ...report.applied.keys()]);
    for (const id of [...ids].sort()) {
      const offered = report.offered.get(id);
      lines.push(`| \`${id}\` | ${offered?.count ?? 0} | ${offered?.safe ?? 0} | ${report.applied.get(id) ?? 0} |`);
    }
    lines.push('', `Installed: ${report.installed.join(', ') || 'none'}`);
    if (report.changedFiles.length)
      lines.push('', `Changed: ${report.changedFiles.map((file) => `\`${file}\``).join(', ')}`);
    for (const problem of report.installProblems) lines.push('', `Problem: ${problem}`);
    for (const error of report.newErrors) lines.push('', `New type error in \`${error.file}\`: ${error.error}`);
    if (report.errorsBefore.length)
      lines.push(
        '',
        'Type errors before the fix (and after):',
        '',
        ...report.errorsBefore.map((error) => `- ${error}`),
      );
  }
  return `${lines.join('\n')}\n`;
}

function log(message: string): void {
  process.stderr.write(`[fix-typecheck] ${message}\n`);
}

main();
