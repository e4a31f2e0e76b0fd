import * as path from 'node:path';
import { Project, ts } from 'ts-morph';
import { analyzeProgram } from './analyzer';
import { type AuditConfig, DEFAULT_CONFIG } from './config';
import type { AuditOptions } from './index';
import type { AuditResult, SdkId, SkippedFile } from './types';
import { discoverFiles } from './workspace/discover';
import { findImporters } from './workspace/importers';
import { mayContainModelCall } from './workspace/prefilter';
import { readSourceFile } from './workspace/read';
import { compilerSetup } from './workspace/tsconfig';

/** How many import hops the audit follows from files with model calls to find their callers. */
const IMPORTER_DEPTH = 4;

export class AuditCancelledError extends Error {
  constructor() {
    super('The audit was cancelled.');
    this.name = 'AuditCancelledError';
  }
}

/**
 * Audits a workspace: find the files, read them (skipping what cannot be read), prefilter by text,
 * build one program from the files with model calls and the files that import them, analyse.
 */
export async function audit(options: AuditOptions): Promise<AuditResult> {
  const started = performance.now();
  const root = path.resolve(options.root);
  const config = options.config ?? DEFAULT_CONFIG;
  const checkCancelled = (): void => {
    if (options.signal?.aborted) throw new AuditCancelledError();
  };

  const discovered = discoverFiles({
    root,
    paths: (options.paths?.length ? options.paths : [root]).map((target) => path.resolve(root, target)),
    exclude: config.exclude,
    ignoreTests: config.ignoreTests,
    signal: options.signal,
  });
  const skipped: SkippedFile[] = [...discovered.skipped];
  checkCancelled();

  const texts = new Map<string, string>();
  const candidates = new Set<string>();
  let done = 0;
  for (const file of discovered.files) {
    const read = readSourceFile(file, config.maxFileBytes);
    if (read.ok) {
      texts.set(file, read.text);
      if (mayContainModelCall(read.text)) candidates.add(file);
    } else {
      skipped.push({ file, reason: read.reason });
    }
    done++;
    if (done % 200 === 0) {
      options.onProgress?.({ phase: 'scan', done, total: discovered.files.length });
      checkCancelled();
      await yieldToEventLoop();
    }
  }
  options.onProgress?.({ phase: 'scan', done, total: discovered.files.length });

  // Callers live in files that import the files with model calls (and so on, a few hops up).
  const included = new Set(candidates);
  let frontier = new Set(candidates);
  for (let depth = 0; depth < IMPORTER_DEPTH && frontier.size > 0; depth++) {
    const importers = findImporters(frontier, texts, included);
    frontier = new Set(importers);
    for (const file of importers) included.add(file);
  }
  checkCancelled();

  const setup = compilerSetup(root);
  for (const problem of setup.problems) skipped.push({ file: setup.tsconfig ?? path.join(root, 'tsconfig.json'), reason: problem });
  const project = new Project({
    compilerOptions: setup.options,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
  const parsed: string[] = [];
  for (const file of included) {
    project.createSourceFile(file, texts.get(file) ?? '', { overwrite: true, scriptKind: scriptKindOf(file) });
    parsed.push(file);
  }
  options.onProgress?.({ phase: 'parse', done: parsed.length, total: parsed.length });
  checkCancelled();
  await yieldToEventLoop();

  const program = project.getProgram().compilerObject;
  // Files that import a client module can call it without naming the SDK: detect in all of them.
  const targets: string[] = [];
  for (const file of included) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) continue;
    const syntaxError = program.getSyntacticDiagnostics(sourceFile)[0];
    if (syntaxError) {
      skipped.push({ file, reason: `does not parse: ${describeDiagnostic(syntaxError)}` });
      continue;
    }
    targets.push(file);
  }
  const analysis = analyzeProgram({ program, targetFiles: targets, workspaceFiles: parsed, root, config });
  options.onProgress?.({ phase: 'analyse', done: targets.length, total: targets.length });

  const callsBySdk: Partial<Record<SdkId, number>> = {};
  for (const profile of analysis.profiles) callsBySdk[profile.call.sdk] = (callsBySdk[profile.call.sdk] ?? 0) + 1;
  return {
    root,
    profiles: analysis.profiles,
    findings: analysis.findings,
    stats: {
      filesScanned: discovered.files.length,
      filesParsed: parsed.length,
      ms: Math.round(performance.now() - started),
      callsBySdk,
      skipped: skipped.map((item) => ({ file: item.file, reason: item.reason })),
    },
  };
}

export interface AuditSourcesOptions {
  config?: Partial<AuditConfig>;
  /** Folder the virtual files live in; it must sit where the SDK packages resolve (default: `<cwd>/__virtual__`). */
  root?: string;
}

/**
 * Audits in-memory sources (for tests and the editor's unsaved documents). The files are not
 * written anywhere; imports of SDK packages resolve from the real `node_modules` above `root`.
 */
export async function auditSources(files: Record<string, string>, options: AuditSourcesOptions = {}): Promise<AuditResult> {
  const started = performance.now();
  const root = path.resolve(options.root ?? path.join(process.cwd(), '__virtual__'));
  const config: AuditConfig = { ...DEFAULT_CONFIG, ...options.config, rules: { ...DEFAULT_CONFIG.rules, ...options.config?.rules } };
  const setup = compilerSetup(root);
  const project = new Project({
    compilerOptions: setup.options,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
  const absolute = Object.entries(files).map(([name, text]) => {
    const file = path.resolve(root, name);
    project.createSourceFile(file, text, { overwrite: true, scriptKind: scriptKindOf(file) });
    return file;
  });
  const program = project.getProgram().compilerObject;
  const analysis = analyzeProgram({ program, targetFiles: absolute, workspaceFiles: absolute, root, config });
  const callsBySdk: Partial<Record<SdkId, number>> = {};
  for (const profile of analysis.profiles) callsBySdk[profile.call.sdk] = (callsBySdk[profile.call.sdk] ?? 0) + 1;
  return {
    root,
    profiles: analysis.profiles,
    findings: analysis.findings,
    stats: { filesScanned: absolute.length, filesParsed: absolute.length, ms: Math.round(performance.now() - started), callsBySdk, skipped: [] },
  };
}

function scriptKindOf(file: string): ts.ScriptKind {
  if (/\.tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.jsx$/.test(file)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (diagnostic.file && diagnostic.start !== undefined) {
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${message} (line ${line + 1}, column ${character + 1})`;
  }
  return message;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

