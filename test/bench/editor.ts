/**
 * Editor latency: load a workspace into the long-lived analysis the extension uses
 * (`AnalysisSession` from src/core/session.ts), then apply small edits to one file with model calls
 * and one without, timing each re-analysis.
 *
 *   node --import tsx test/bench/editor.ts --dir <workspace> --model-file <rel> --plain-file <rel> [--caller-file <rel>] [--edits 200]
 *   node --import tsx test/bench/editor.ts --dir <real repository> --auto [--edits 200]
 *
 * The caller file has no model calls but calls a model-call wrapper, so it is part of the analysed
 * program; the plain file has no link to model calls at all.
 *
 * Prints one JSON line (EditorResult). When the session API does not exist yet it prints
 * `{ "available": false, "message": "session API not available yet: ..." }` and exits 0.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { editTargets } from './real';

export interface LatencyStats {
  edits: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
  firstMs: number;
  /** Findings + profiles reported for the file after the last edit (a sanity check that work was done). */
  lastResultSize: number | null;
  /**
   * The files the edit affects besides itself, re-analysed after a pause in the edits (the editor
   * waits 300 ms without edits): timed after each edit, as if every keystroke were followed by a
   * pause. Absent when no edit left any.
   */
  dependents?: { files: number; p50Ms: number; p95Ms: number; maxMs: number };
}

export type EditorResult =
  | { available: false; message: string }
  | {
      available: true;
      file: { model: string; caller?: string; plain: string };
      loadMs: number;
      /**
       * The warm-up after the load, as the editor runs it while idle (`WARM_UP_ROUNDS` of
       * `AnalysisSession.warmUp` on the file it edits first); 0 when the session has none.
       */
      warmUpMs: number;
      /** What the session's program holds after load(), when it can be seen (null otherwise). */
      program: ProgramComposition | null;
      rssAfterLoadMb: number;
      rssAfterEditsMb: number;
      model: LatencyStats;
      caller?: LatencyStats;
      plain: LatencyStats;
    };

export interface ProgramComposition {
  files: number;
  /** Files of the workspace itself (the audit's `filesParsed` counts only those it added). */
  workspaceFiles: number;
  /** Declaration files from node_modules (SDK typings and what they reference). */
  nodeModulesFiles: number;
  nodeModulesMb: number;
  /** node_modules files per package, largest first (top 8). */
  topPackages: { name: string; files: number }[];
}

/** The interface the lead is adding in src/core/session.ts (checked at run time, not imported statically). */
interface SessionLike {
  load(): Promise<unknown>;
  /** Returns the FileAnalysis of the edited file (and of files the edit affects, unless left for later). */
  update(file: string, text: string, options?: { dependents?: 'now' | 'later'; fixes?: 'now' | 'later' }): unknown;
  /** Re-analyses the files edits left for later. */
  refreshDependents?(): unknown;
  /** Readies the edit path of a file, as the editor does while idle after a load. */
  warmUp?(file: string): boolean;
}
type SessionConstructor = new (options: { root: string; config: unknown }) => SessionLike;

/** The editor's warm-up rounds after a load (src/vscode/folder-analysis.ts, WARM_UP_ROUNDS). */
const WARM_UP_ROUNDS = 3;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * A deterministic sequence of small edits, like someone typing: characters are typed one at a time
 * alternately into a new comment line inside the first function and into a string literal of that
 * function (a prompt, or an error message). Every text stays syntactically valid.
 */
export function editSequence(original: string, count: number): string[] {
  const functionStart = original.search(/\b(?:async\s+)?function\s+\w+[^{]*\{\n|\basync\s+\w+\([^)]*\)[^{]*\{\n/);
  const bodyStart = functionStart >= 0 ? original.indexOf('{\n', functionStart) + 2 : original.indexOf('\n') + 1;
  const afterBody = original.slice(bodyStart);
  const literal = /(?:content|system|instructions|prompt): '|new Error\(`|\('/.exec(afterBody);
  const stringSite = literal ? bodyStart + literal.index + literal[0].length : -1;
  const phraseA = 'TODO: check what happens when this runs twice for the same input ';
  const phraseB = 'Be concise. ';
  const texts: string[] = [];
  let typedA = 0;
  let typedB = 0;
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0 || stringSite < 0) typedA++;
    else typedB++;
    const commentText = `  // ${phraseA.repeat(Math.ceil(typedA / phraseA.length)).slice(0, typedA)}\n`;
    const inString = phraseB
      .repeat(Math.ceil(typedB / phraseB.length) + 1)
      .slice(0, typedB)
      .replace(/'/g, '');
    if (stringSite < 0) {
      texts.push(original.slice(0, bodyStart) + commentText + original.slice(bodyStart));
    } else {
      texts.push(
        original.slice(0, bodyStart) +
          commentText +
          original.slice(bodyStart, stringSite) +
          inString +
          original.slice(stringSite),
      );
    }
  }
  return texts;
}

function resultSize(result: unknown): number | null {
  // update() returns the analysis of the edited file and of the files it affects.
  if (Array.isArray(result)) {
    const sizes = result.map(resultSize).filter((size): size is number => size !== null);
    return sizes.length > 0 ? sizes.reduce((sum, size) => sum + size, 0) : null;
  }
  if (!result || typeof result !== 'object') return null;
  let size = 0;
  let known = false;
  for (const key of ['findings', 'profiles', 'calls']) {
    const value = (result as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      size += value.length;
      known = true;
    }
  }
  return known ? size : null;
}

/**
 * Peeks at the session's ts-morph project (a private field, so this is best effort) to count what
 * the program holds: the workspace files it pulled in through imports and the SDK typings.
 */
function programComposition(session: SessionLike, root: string): ProgramComposition | null {
  try {
    const host = (
      session as unknown as {
        host?: { getProgram(): { getSourceFiles(): readonly { fileName: string; text: string }[] } };
      }
    ).host;
    if (!host) return null;
    const files = host.getProgram().getSourceFiles();
    const inModules = files.filter((file) => file.fileName.includes('/node_modules/'));
    const packages = new Map<string, number>();
    for (const file of inModules) {
      const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file.fileName);
      const name = match?.[1] ?? '?';
      packages.set(name, (packages.get(name) ?? 0) + 1);
    }
    return {
      files: files.length,
      workspaceFiles: files.filter(
        (file) => !file.fileName.includes('/node_modules/') && file.fileName.startsWith(root),
      ).length,
      nodeModulesFiles: inModules.length,
      nodeModulesMb: round(inModules.reduce((sum, file) => sum + file.text.length, 0) / 1e6),
      topPackages: [...packages]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([name, count]) => ({ name, files: count })),
    };
  } catch {
    return null;
  }
}

function timeEdits(session: SessionLike, file: string, count: number): LatencyStats {
  const original = fs.readFileSync(file, 'utf8');
  const texts = editSequence(original, count);
  const times: number[] = [];
  const refreshTimes: number[] = [];
  let refreshedFiles = 0;
  let last: unknown;
  for (const text of texts) {
    // As the editor does: the edited file's analysis per keystroke, the files it affects after a pause.
    const started = performance.now();
    // The fixes too are left for later: the editor builds them when a code action asks.
    last = session.update(file, text, { dependents: 'later', fixes: 'later' });
    times.push(performance.now() - started);
    if (!session.refreshDependents) continue;
    const refreshStarted = performance.now();
    const refreshed = session.refreshDependents();
    const files = Array.isArray(refreshed) ? refreshed.length : 0;
    if (files === 0) continue;
    refreshTimes.push(performance.now() - refreshStarted);
    refreshedFiles = Math.max(refreshedFiles, files);
  }
  // Put the file back as it was (the session must not keep the edited text for the next measurement).
  session.update(file, original);
  const sorted = [...times].sort((a, b) => a - b);
  const refreshSorted = [...refreshTimes].sort((a, b) => a - b);
  return {
    ...(refreshSorted.length > 0
      ? {
          dependents: {
            files: refreshedFiles,
            p50Ms: round(percentile(refreshSorted, 50)),
            p95Ms: round(percentile(refreshSorted, 95)),
            maxMs: round(refreshSorted[refreshSorted.length - 1]),
          },
        }
      : {}),
    edits: times.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
    meanMs: round(times.reduce((sum, value) => sum + value, 0) / Math.max(1, times.length)),
    firstMs: round(times[0] ?? NaN),
    lastResultSize: resultSize(last),
  };
}

/**
 * The files to edit in a real repository, from what the session found on load (see `editTargets`):
 * the session's file texts and included files are private, so this is best effort too.
 */
function autoTargets(
  session: SessionLike,
  loaded: unknown,
  root: string,
): { modelFile?: string; callerFile?: string; plainFile?: string } {
  const internals = session as unknown as { texts?: Map<string, string>; included?: Set<string> };
  const result = loaded as {
    profiles?: { call: { range: { file: string }; site: string } }[];
    wrappers?: { call: { range: { file: string }; site: string } }[];
  };
  const calls = [...(result.profiles ?? []), ...(result.wrappers ?? [])].map((profile) => ({
    file: path.relative(root, profile.call.range.file),
    site: profile.call.site,
  }));
  const included = new Set([...(internals.included ?? [])].map((file) => path.relative(root, file)));
  const texts = [...(internals.texts?.keys() ?? [])].map((file) => path.relative(root, file));
  const picked = editTargets({ calls }, texts, (file) => included.has(file));
  return { modelFile: picked.model, callerFile: picked.caller, plainFile: picked.plain };
}

export async function runEditorBenchmark(options: {
  dir: string;
  /** Without the files: pick them from what load() finds (a real repository). */
  modelFile?: string;
  callerFile?: string;
  plainFile?: string;
  edits: number;
}): Promise<EditorResult> {
  const sessionModule = path.resolve(__dirname, '..', '..', 'src', 'core', 'session.ts');
  if (!fs.existsSync(sessionModule)) {
    return {
      available: false,
      message: `session API not available yet: ${path.relative(process.cwd(), sessionModule)} does not exist`,
    };
  }
  const specifier = '../../src/core/session';
  const configSpecifier = '../../src/core/config';
  const loaded = (await import(specifier)) as Record<string, unknown>;
  const AnalysisSession = loaded.AnalysisSession as SessionConstructor | undefined;
  if (typeof AnalysisSession !== 'function') {
    return {
      available: false,
      message: 'session API not available yet: src/core/session.ts does not export class AnalysisSession',
    };
  }
  const { DEFAULT_CONFIG } = (await import(configSpecifier)) as { DEFAULT_CONFIG: unknown };
  const root = path.resolve(options.dir);
  const session = new AnalysisSession({ root, config: DEFAULT_CONFIG });
  if (typeof session.load !== 'function' || typeof session.update !== 'function') {
    return { available: false, message: 'session API not available yet: AnalysisSession lacks load() or update()' };
  }
  const loadStarted = performance.now();
  const loadResult = await session.load();
  const loadMs = performance.now() - loadStarted;
  const rssAfterLoadMb = process.memoryUsage().rss / 1e6;
  const program = programComposition(session, root);
  const picked = options.modelFile ? options : { ...options, ...autoTargets(session, loadResult, root) };
  if (!picked.modelFile || !picked.plainFile)
    return { available: false, message: 'no file with model calls, or no unrelated file, to edit' };
  // As the editor does while idle after a load, for the file the user is about to edit.
  const warmUpStarted = performance.now();
  for (let round = 0; round < WARM_UP_ROUNDS; round++) session.warmUp?.(path.join(root, picked.modelFile));
  const warmUpMs = performance.now() - warmUpStarted;
  const model = timeEdits(session, path.join(root, picked.modelFile), options.edits);
  const caller = picked.callerFile ? timeEdits(session, path.join(root, picked.callerFile), options.edits) : undefined;
  const plain = timeEdits(session, path.join(root, picked.plainFile), options.edits);
  return {
    available: true,
    file: {
      model: picked.modelFile,
      ...(picked.callerFile ? { caller: picked.callerFile } : {}),
      plain: picked.plainFile,
    },
    loadMs: round(loadMs, 0),
    warmUpMs: round(warmUpMs, 0),
    program,
    rssAfterLoadMb: round(rssAfterLoadMb, 0),
    rssAfterEditsMb: round(process.memoryUsage().rss / 1e6, 0),
    model,
    ...(caller ? { caller } : {}),
    plain,
  };
}

async function main(argv: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const dir = option('dir');
  const modelFile = option('model-file');
  const plainFile = option('plain-file');
  if (!dir || (!argv.includes('--auto') && (!modelFile || !plainFile)))
    throw new Error(
      'usage: editor.ts --dir <workspace> (--model-file <rel> --plain-file <rel> [--caller-file <rel>] | --auto) [--edits 200]',
    );
  const result = await runEditorBenchmark({
    dir,
    modelFile,
    callerFile: option('caller-file'),
    plainFile,
    edits: Number(option('edits') ?? 200),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
