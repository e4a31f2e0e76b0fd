import * as path from 'node:path';
import { analyzeProgram } from './analyzer';
import { type AuditConfig, DEFAULT_CONFIG } from './config';
import type { AuditOptions } from './index';
import { AnalysisSession } from './session';
import type { AuditResult, SdkId } from './types';
import { ImportGraph } from './workspace/import-graph';
import { PackageConfigs } from './workspace/package-configs';
import { PathAliases } from './workspace/path-aliases';
import { ProgramHost } from './workspace/program-host';
import { compilerSetup } from './workspace/tsconfig';

/**
 * Audits a workspace once: find the files, read them (skipping what cannot be read), prefilter by
 * text, build one program from the files with model calls and the files that import them, analyse.
 */
export async function audit(options: AuditOptions): Promise<AuditResult> {
  const session = new AnalysisSession({ root: options.root, config: options.config });
  return session.load({
    paths: options.paths,
    onProgress: options.onProgress,
    signal: options.signal,
    fixes: options.fixes,
  });
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
// eslint-disable-next-line @typescript-eslint/require-await -- async like audit(): a failure rejects, never throws
export async function auditSources(
  files: Record<string, string>,
  options: AuditSourcesOptions = {},
): Promise<AuditResult> {
  const started = performance.now();
  const root = path.resolve(options.root ?? path.join(process.cwd(), '__virtual__'));
  const config: AuditConfig = {
    ...DEFAULT_CONFIG,
    ...options.config,
    rules: { ...DEFAULT_CONFIG.rules, ...options.config?.rules },
  };
  const setup = compilerSetup(root);
  const virtualFiles = new Set<string>();
  const packageConfigs = new PackageConfigs(root);
  const rootAliases = PathAliases.of(setup.options);
  const host = new ProgramHost({
    options: setup.options,
    isIncluded: (file) => virtualFiles.has(file),
    sdkTypes: config.sdkTypes,
    packageConfigOf: (file) => packageConfigs.of(file),
  });
  const absolute = Object.entries(files).map(([name, text]) => {
    const file = path.resolve(root, name);
    virtualFiles.add(file);
    host.setFile(file, text);
    return file;
  });
  const program = host.getProgram();
  const graph = new ImportGraph(
    absolute.map((file, index) => [file, Object.values(files)[index] ?? '']),
    (file) => packageConfigs.of(file)?.aliases ?? rootAliases,
  );
  const analysis = analyzeProgram({
    program,
    targetFiles: absolute,
    workspaceFiles: absolute,
    root,
    config,
    reaching: (file) => graph.reaching(file),
  });
  const callsBySdk: Partial<Record<SdkId, number>> = {};
  for (const profile of analysis.profiles) callsBySdk[profile.call.sdk] = (callsBySdk[profile.call.sdk] ?? 0) + 1;
  return {
    root,
    profiles: analysis.profiles,
    wrappers: analysis.wrappers,
    findings: analysis.findings,
    stats: {
      filesScanned: absolute.length,
      filesParsed: absolute.length,
      ms: Math.round(performance.now() - started),
      callsBySdk,
      skipped: [],
    },
  };
}
