import { isOpenFinding } from '../core/open-finding';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type {
  AnalysisSession,
  AuditConfig,
  AuditProgress,
  AuditResult,
  AuditStats,
  FileAnalysis,
  Finding,
} from '../core/index';
import { mergeSettings } from './config-merge';
import { CONFIG_FILE_NAME, type ExtensionSettings, UNUSED_DISABLE_RULE } from './contract';
import type { Core } from './core-loader';
import { startCpuClock } from './cpu-clock';
import { applyEdits, selectSafeFixes } from './fix-plan';

/** The analysis of one file and the document version it read (none when it read the saved file). */
export interface FileState {
  analysis: FileAnalysis;
  version?: number;
  /**
   * Its findings carry no fixes yet: the first opened file's analysis before the folder's load, or
   * an edit's re-analysis, whose fixes are built when a code action asks (`stateWithFixes`).
   */
  fixesPending?: true;
}

/** A problem in the folder's `.orchestration-audit.json`, placed in that file. */
export interface ConfigProblem {
  file: string;
  message: string;
  key: string;
  line?: number;
  column?: number;
}

/** What an open document looks like to the analysis (a `vscode.TextDocument` in the extension). */
export interface DocumentSnapshot {
  readonly fileName: string;
  readonly version: number;
  readonly isDirty: boolean;
  readonly isClosed: boolean;
  getText(): string;
}

export interface FolderAnalysisDeps {
  core(): Core;
  settings(): ExtensionSettings;
  /** Open documents of this folder the analysis should hold (their unsaved text wins over the disk). */
  openDocuments(): DocumentSnapshot[];
  log: vscode.LogOutputChannel;
  /** Shows a background load (the first analysis of the folder) in the status bar. */
  withProgress<T>(title: string, task: () => Promise<T>): Promise<T>;
  /** Called after files' results (or the config problem) changed. */
  changed(files: readonly string[]): void;
  /** The file of the active editor, which the user is most likely to edit next. */
  activeFile?(): string | undefined;
}

export interface LoadRequest {
  signal?: AbortSignal;
  onProgress?: (progress: AuditProgress) => void;
}

/** Facets whose verdict can depend on other files (callers, upstream calls): not previewed. */
const WORKSPACE_FACETS: ReadonlySet<string> = new Set(['failure', 'fallback', 'flow']);

/** How many times fix-all re-analyses and applies the safe fixes that did not fit in one pass. */
const FIX_ALL_PASSES = 10;
/**
 * How long the first opened file's analysis may hold the extension host before it pauses: one file
 * and what it imports takes 40-250 ms there, so it finishes in one stretch, and a pathological one
 * still lets the editor in twice a second.
 */
const FIRST_FILE_SLICE_MS = 500;
/** How long the edits pause before the files an edit affects besides itself are re-analysed. */
const DEPENDENTS_DELAY_MS = 300;
/**
 * How many times the session's edit path is warmed up after a load (`AnalysisSession.warmUp`, two
 * re-analyses of the active file each, one per turn of the queue): three made the first edits of
 * real provider files as fast as the later ones (p95 64-75 ms to 39-47 ms).
 */
const WARM_UP_ROUNDS = 3;

/**
 * One workspace folder's long-lived analysis: an `AnalysisSession` loaded once, then updated per
 * edited file. Every operation on the session runs through one queue, so a load and an edit
 * never interleave.
 */
export class FolderAnalysis {
  readonly root: string;
  /** Set by the audit command: from then on, diagnostics are shown for every file, not only open ones. */
  audited = false;
  configProblem: ConfigProblem | undefined;
  private config: AuditConfig | undefined;
  private session: AnalysisSession | undefined;
  private stats: AuditStats | undefined;
  private readonly states = new Map<string, FileState>();
  /** For open documents: the version whose text the session holds. */
  private readonly fedVersions = new Map<string, number>();
  /** Documents whose unsaved text the session holds: closing them unsaved reverts to the disk. */
  private readonly dirtyFed = new Set<string>();
  /** The pending analysis of each open document (a reopened file is a new document: it gets its own). */
  private readonly queuedDocuments = new Map<string, { document: DocumentSnapshot; run: Promise<void> }>();
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** Whether the first document opened before the first load was analysed on its own (once). */
  private previewed = false;
  /** Waits for a pause in the edits before the files an edit affects besides itself are re-analysed. */
  private dependentsTimer: NodeJS.Timeout | undefined;
  /** Counts the updates: a warm-up stops once the user edits (the edits warm the path themselves). */
  private updates = 0;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly deps: FolderAnalysisDeps,
  ) {
    this.root = folder.uri.fsPath;
  }

  get isLoaded(): boolean {
    return this.session !== undefined;
  }

  get configFile(): string {
    return path.join(this.root, CONFIG_FILE_NAME);
  }

  stateOf(file: string): FileState | undefined {
    return this.states.get(file);
  }

  /**
   * The file's state with its findings' fixes, built now where its analysis left them for a code
   * action to ask (an edit's: the diagnostics need none). Still pending when they cannot be built
   * from that analysis any more (the first file's, or a text fed since): analyse again.
   */
  stateWithFixes(file: string): FileState | undefined {
    const state = this.states.get(file);
    if (!state?.fixesPending || !state.analysis.attachFixes?.()) return state;
    const built: FileState = { analysis: state.analysis, version: state.version };
    this.states.set(file, built);
    return built;
  }

  files(): string[] {
    return [...this.states.keys()];
  }

  /** Whether the audit reads this file (inside the folder, a source file, not excluded). Needs the config. */
  wouldAudit(file: string): boolean {
    return this.config !== undefined && this.deps.core().wouldAudit(this.root, file, this.config);
  }

  /** Loads the folder the first time; later calls wait for that load. */
  ensureLoaded(): Promise<void> {
    if (this.session) return Promise.resolve();
    return this.enqueue(async () => {
      if (this.session) return;
      // The preview just published the opened file's diagnostics: let them reach the window before
      // the load's first stretch (finding and reading the files) holds this thread.
      if (this.previewed) await new Promise((resolve) => setTimeout(resolve, 0));
      if (!this.session)
        await this.deps.withProgress(`Orchestration Audit: analysing ${this.folder.name}`, () => this.load({}));
    });
  }

  /** The audit command: reloads everything (config included), with progress and cancellation. */
  audit(request: LoadRequest): Promise<AuditResult> {
    return this.enqueue(async () => {
      // Cancelled while it waited for the queue: nothing to read.
      if (request.signal?.aborted) throw new (this.deps.core().AuditCancelledError)();
      // Set first: the load's change event is what publishes every file's diagnostics.
      this.audited = true;
      await this.load(request);
      return this.result();
    });
  }

  /** The config file or the settings changed: reload when loaded (a later first load reads them anyway). */
  reload(): Promise<void> {
    if (!this.session) return Promise.resolve();
    return this.enqueue(() => this.load({}));
  }

  /** Re-analyses an open document with its current text (queued; one pending run per document). */
  analyseDocument(document: DocumentSnapshot): Promise<void> {
    const file = document.fileName;
    const queued = this.queuedDocuments.get(file);
    // The queued run reads the text when it runs: it covers every edit made until then. It must be
    // this document's run, though: one queued for a document closed since would skip the file.
    if (queued?.document === document) return queued.run;
    const entry: { document: DocumentSnapshot; run: Promise<void> } = { document, run: Promise.resolve() };
    const forget = () => {
      if (this.queuedDocuments.get(file) === entry) this.queuedDocuments.delete(file);
    };
    // Before the folder's first load, the opened file is analysed on its own first: its
    // diagnostics come in a second instead of after the whole workspace (load replaces them).
    if (!this.session && !this.previewed) {
      this.previewed = true;
      void this.preview(document);
    }
    const run = this.ensureLoaded().then(() =>
      this.enqueue(() => {
        forget();
        if (document.isClosed || !this.session || !this.wouldAudit(file)) return;
        if (this.fedVersions.get(file) === document.version && this.states.has(file)) return;
        this.update(file, document.getText(), document.version, document.isDirty);
      }),
    );
    entry.run = run.finally(forget);
    this.queuedDocuments.set(file, entry);
    return entry.run;
  }

  /**
   * For the light bulb's automatic requests: the state of `document`'s current text with its
   * fixes, or nothing. An edit's analysis builds them now; one whose program is gone (another file
   * was edited since) analyses the same text again with them. A text not analysed yet (typing, the
   * debounce pending) and the first file's analysis before the load offer nothing.
   */
  async stateForLightBulb(document: DocumentSnapshot): Promise<FileState | undefined> {
    const state = this.stateWithFixes(document.fileName);
    if (!state || state.version !== document.version) return undefined;
    if (!state.fixesPending) return state;
    if (!this.session || !state.analysis.attachFixes) return undefined;
    return this.currentState(document, { fixes: true });
  }

  /**
   * The analysis of `document` at its current version, analysing it now when it is stale; with
   * `fixes`, one whose findings carry their fixes (after the folder's load, for the first file).
   */
  async currentState(document: DocumentSnapshot, options: { fixes?: boolean } = {}): Promise<FileState | undefined> {
    const state = options.fixes ? this.stateWithFixes(document.fileName) : this.states.get(document.fileName);
    if (state && state.version === document.version && !(options.fixes && state.fixesPending)) return state;
    await this.analyseDocument(document);
    const file = document.fileName;
    let fresh = options.fixes ? this.stateWithFixes(file) : this.states.get(file);
    // An analysis of this text whose fixes can no longer be built from it: analyse it with them.
    if (options.fixes && fresh?.fixesPending && fresh.version === document.version) {
      await this.enqueue(() => {
        if (this.session && !document.isClosed && this.wouldAudit(file))
          this.update(file, document.getText(), document.version, document.isDirty, true, 'now');
      });
      fresh = this.states.get(file);
    }
    return fresh && fresh.version === document.version ? fresh : undefined;
  }

  /** A file changed or appeared on disk while not open in an editor. */
  analyseSavedFile(file: string): Promise<void> {
    if (!this.session) return Promise.resolve();
    return this.enqueue(() => {
      if (!this.session || this.fedVersions.has(file) || !this.wouldAudit(file)) return;
      const text = readText(file);
      if (text === undefined) return;
      this.update(file, text, undefined, false);
    });
  }

  /** A file was deleted (or renamed away). */
  removeFile(file: string): Promise<void> {
    return this.enqueue(() => {
      this.fedVersions.delete(file);
      this.dirtyFed.delete(file);
      if (!this.session) return;
      this.session.remove(file);
      if (this.states.delete(file)) this.deps.changed([file]);
    });
  }

  /**
   * A folder was deleted (or renamed away). The file watcher reports the folder alone, not each
   * file in it: forget the results of every file under it. (Files without results the session
   * read stay in it until the next load; they no longer exist on disk and no open file imports them
   * without an error.)
   */
  removeFolder(folder: string): Promise<void> {
    const prefix = folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`;
    const under = () =>
      [...new Set([...this.states.keys(), ...this.fedVersions.keys()])].filter((file) => file.startsWith(prefix));
    // Most deletions are of single files or of folders the analysis never read: no queue turn for those.
    if (under().length === 0) return Promise.resolve();
    return this.enqueue(() => {
      const files = under();
      for (const file of files) {
        this.fedVersions.delete(file);
        this.dirtyFed.delete(file);
        this.session?.remove(file);
        this.states.delete(file);
      }
      if (files.length > 0) this.deps.changed(files);
    });
  }

  /** An editor closed the document: when it held unsaved text, the saved file is what counts again. */
  closeDocument(file: string): Promise<void> {
    this.fedVersions.delete(file);
    if (!this.dirtyFed.delete(file)) {
      // The session holds the saved text already: the state is the file's now, not the closed document's.
      const state = this.states.get(file);
      if (state?.version !== undefined) this.states.set(file, { analysis: state.analysis });
      return Promise.resolve();
    }
    return this.enqueue(() => {
      if (!this.session) return;
      const text = readText(file);
      if (text === undefined) {
        this.session.remove(file);
        if (this.states.delete(file)) this.deps.changed([file]);
        return;
      }
      this.update(file, text, undefined, false);
    });
  }

  /**
   * The text of `document` after every safe fix, found pass by pass: apply the fixes that do not
   * touch each other, re-analyse, repeat. The session is given back the document's text at the end.
   */
  fixAllText(document: DocumentSnapshot): Promise<string | undefined> {
    return this.enqueue(() => {
      const session = this.session;
      const file = document.fileName;
      if (!session || document.isClosed) return undefined;
      const original = document.getText();
      let text = original;
      try {
        for (let pass = 0; pass < FIX_ALL_PASSES; pass++) {
          const analysis = session.update(file, text).find((entry) => entry.file === file);
          if (!analysis || analysis.skipped) break;
          const fixes = selectSafeFixes(analysis.findings, file);
          if (fixes.length === 0) break;
          text = applyEdits(
            text,
            fixes.flatMap((fix) => fix.edits),
          );
        }
      } catch (error) {
        this.deps.log.error(`Fix all for ${file} stopped: ${describe(error)}`);
      } finally {
        session.update(file, original);
      }
      return text === original ? undefined : text;
    });
  }

  /** Resolves once every operation asked for so far (loads, edits, closes) has run and published. */
  async idle(): Promise<void> {
    for (;;) {
      // A document's run joins the queue only once the folder is loaded: wait for those first.
      await Promise.allSettled([...this.queuedDocuments.values()].map((entry) => entry.run));
      // Idle means settled: the files waiting for a pause in the edits are re-analysed now.
      if (this.dependentsTimer) this.refreshDependentsNow();
      await this.enqueue(() => undefined).catch(() => undefined);
      if (this.queuedDocuments.size === 0) return;
    }
  }

  /** The whole folder's result as the reporters take it: the last load, with every later update. */
  result(): AuditResult {
    const profiles = [...this.states.values()].flatMap((state) => state.analysis.profiles);
    const findings = [...this.states.values()].flatMap((state) => state.analysis.findings);
    const callsBySdk: AuditStats['callsBySdk'] = {};
    for (const profile of profiles) callsBySdk[profile.call.sdk] = (callsBySdk[profile.call.sdk] ?? 0) + 1;
    return {
      root: this.root,
      profiles,
      findings,
      stats: {
        filesScanned: this.stats?.filesScanned ?? 0,
        filesParsed: this.stats?.filesParsed ?? 0,
        ms: this.stats?.ms ?? 0,
        callsBySdk,
        skipped: this.stats?.skipped ?? [],
      },
    };
  }

  /** Checks the text of the config file (also while it is being edited, before it is saved). */
  checkConfigText(text: string): ConfigProblem | undefined {
    const core = this.deps.core();
    try {
      core.parseConfigText(text, CONFIG_FILE_NAME);
      return undefined;
    } catch (error) {
      return this.toConfigProblem(error);
    }
  }

  /**
   * Checks the config file (its saved text, or the editor's unsaved `text`) so that its problems
   * show as diagnostics before the next load uses it.
   */
  checkConfig(text: string | undefined = readText(this.configFile)): void {
    const problem = text === undefined ? undefined : this.checkConfigText(text);
    const had = this.configProblem !== undefined;
    this.configProblem = problem;
    if (had || problem) this.deps.changed([this.configFile]);
  }

  dispose(): void {
    clearTimeout(this.dependentsTimer);
    this.dependentsTimer = undefined;
    this.disposed = true;
    this.session = undefined;
    this.states.clear();
  }

  private enqueue<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(() => {
      if (this.disposed) throw new Error(`The analysis of ${this.folder.name} was stopped.`);
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The first opened file alone, before the folder's first load (queued ahead of it): what the
   * file itself decides, without its callers elsewhere in the workspace. Its diagnostics show in
   * about a second on a workspace of any size; the load that follows replaces them with the
   * workspace-wide analysis (a caller that handles the failure, upstream calls in other files).
   * Only a saved document: the load reads the disk, and the preview must agree with it. It runs
   * in one stretch (FIRST_FILE_SLICE_MS): in a window starting up, each pause let VS Code's own
   * TypeScript support and the other extensions take the thread, and the first diagnostics came
   * about 0.4 s later (median of six first-open runs each way).
   */
  private preview(document: DocumentSnapshot): Promise<void> {
    const file = document.fileName;
    return this.enqueue(async () => {
      if (this.session || document.isClosed || document.isDirty) return;
      const core = this.deps.core();
      const config = this.readConfig(core);
      if (!core.wouldAudit(this.root, file, config)) return;
      const clock = startCpuClock();
      // No fixes: nobody asks for them in the second this analysis shows alone, and building them
      // was a tenth of it. The quick-fix menu waits for the load (currentState). No standard
      // declarations: parsing them in a fresh extension host was most of it.
      const result = await new core.AnalysisSession({ root: this.root, config }).load({
        paths: [file],
        sliceMs: FIRST_FILE_SLICE_MS,
        fixes: false,
        standardLibrary: false,
      });
      if (this.session || this.disposed || document.isClosed || document.isDirty) return;
      const alone = groupByFile(result).find((entry) => entry.file === file);
      // Who handles a failure, whether there is a fallback and what feeds the call may live in
      // other files: those verdicts wait for the load rather than flash and disappear. So does
      // whether a disable comment is unused: the finding it silences may be one of those.
      const analysis: FileAnalysis = {
        file,
        profiles: alone?.profiles ?? [],
        findings: (alone?.findings ?? []).filter(
          (finding) => !WORKSPACE_FACETS.has(finding.facet) && finding.ruleId !== UNUSED_DISABLE_RULE,
        ),
      };
      this.states.set(file, { analysis, version: document.version, fixesPending: true });
      this.deps.log.info(`Analysed ${path.basename(file)} on its own in ${clock.elapsed()}; the workspace follows.`);
      this.deps.changed([file]);
    }).catch((error: unknown) => this.deps.log.warn(`The first analysis of ${file} failed: ${describe(error)}`));
  }

  private async load(request: LoadRequest): Promise<void> {
    const core = this.deps.core();
    const config = this.readConfig(core);
    const session = new core.AnalysisSession({ root: this.root, config });
    const started = performance.now();
    const result = await session.load({ signal: request.signal, onProgress: request.onProgress });
    if (request.signal) {
      // load() runs its parse and analyse phases without giving the event loop a turn, and does not
      // look at the signal after them: a cancel clicked meanwhile is only delivered now. Let it in,
      // and publish nothing of a cancelled audit (the folder keeps its previous analysis).
      await new Promise((resolve) => setImmediate(resolve));
      if (request.signal.aborted) throw new core.AuditCancelledError();
    }
    if (this.disposed) return;
    const previous = new Set([...this.states.keys(), this.configFile]);
    this.session = session;
    this.config = config;
    this.stats = result.stats;
    this.states.clear();
    this.fedVersions.clear();
    this.dirtyFed.clear();
    for (const analysis of groupByFile(result)) this.states.set(analysis.file, { analysis });
    for (const document of this.deps.openDocuments()) {
      if (document.isClosed || !this.wouldAudit(document.fileName)) continue;
      if (document.isDirty) {
        this.update(document.fileName, document.getText(), document.version, true, false);
      } else {
        this.fedVersions.set(document.fileName, document.version);
        const state = this.states.get(document.fileName) ?? {
          analysis: { file: document.fileName, profiles: [], findings: [] },
        };
        this.states.set(document.fileName, { ...state, version: document.version });
      }
    }
    this.deps.log.info(
      `Analysed ${this.folder.name}: ${result.stats.filesScanned} files scanned, ${result.profiles.length} model calls, ${result.findings.length} findings in ${Math.round(performance.now() - started)} ms.`,
    );
    for (const skipped of result.stats.skipped) this.deps.log.debug(`Skipped ${skipped.file}: ${skipped.reason}`);
    this.deps.changed([...new Set([...previous, ...this.states.keys()])]);
    this.warmUpEdits(session);
  }

  /**
   * While the editor is idle after a load, readies the session for edits of the active file (or the
   * first open one): a round per turn of the queue, until the rounds are done, the user edits or
   * another load replaces the session.
   */
  private warmUpEdits(session: AnalysisSession): void {
    const active = this.deps.activeFile?.();
    const open = this.deps.openDocuments().map((document) => document.fileName);
    const file = [...(active ? [active] : []), ...open].find((candidate) => this.wouldAudit(candidate));
    if (!file) return;
    const updates = this.updates;
    const round = (left: number): void => {
      if (left === 0) return;
      setTimeout(() => {
        if (this.disposed) return;
        this.enqueue(() => {
          if (this.disposed || this.session !== session || this.updates !== updates) return false;
          return session.warmUp(file);
        }).then(
          (more) => (more ? round(left - 1) : undefined),
          (error: unknown) => this.deps.log.warn(`Warming up the edits of ${file} failed: ${describe(error)}`),
        );
      }, 0);
    };
    round(WARM_UP_ROUNDS);
  }

  private readConfig(core: Core): AuditConfig {
    let fileConfig: AuditConfig;
    try {
      fileConfig = core.loadConfig(this.root).config;
      this.configProblem = undefined;
    } catch (error) {
      this.configProblem = this.toConfigProblem(error);
      this.deps.log.warn(`${this.configFile}: ${this.configProblem.message} - analysing with the defaults.`);
      fileConfig = { ...core.DEFAULT_CONFIG, rules: {}, exclude: [...core.DEFAULT_CONFIG.exclude] };
    }
    const merged = mergeSettings(fileConfig, this.deps.settings(), core.ruleDefaults());
    for (const warning of merged.warnings) this.deps.log.warn(warning);
    return merged.config;
  }

  private toConfigProblem(error: unknown): ConfigProblem {
    const core = this.deps.core();
    if (error instanceof core.ConfigError) {
      const message = error.key === '' ? error.problem : `${error.key}: ${error.problem}`;
      return { file: this.configFile, message, key: error.key, line: error.line, column: error.column };
    }
    return { file: this.configFile, message: describe(error), key: '' };
  }

  /**
   * Feeds a file's text to the session and publishes the edited file's analysis at once. The other
   * files the edit may affect (the files with model calls it imports: their failure handling may
   * live in it) are re-analysed after DEPENDENTS_DELAY_MS without edits: in a real repository they
   * can be dozens, and re-analysing them on every keystroke made each one take 0.2-0.4 s.
   */
  private update(
    file: string,
    text: string,
    version: number | undefined,
    dirty: boolean,
    notify = true,
    fixes: 'now' | 'later' = 'later',
  ): void {
    if (!this.session) return;
    this.updates++;
    // The fixes wait for a code action to ask: every keystroke's re-analysis needs the diagnostics only.
    const results = this.session.update(file, text, { dependents: 'later', fixes });
    if (version === undefined) this.fedVersions.delete(file);
    else this.fedVersions.set(file, version);
    if (dirty) this.dirtyFed.add(file);
    else this.dirtyFed.delete(file);
    this.store(results, file, version, notify);
    clearTimeout(this.dependentsTimer);
    this.dependentsTimer = undefined;
    if (this.session.pendingDependents().length > 0)
      this.dependentsTimer = setTimeout(() => this.refreshDependentsNow(), DEPENDENTS_DELAY_MS);
  }

  /** Queues the re-analysis of the files earlier edits left for later (see `update`). */
  private refreshDependentsNow(): void {
    clearTimeout(this.dependentsTimer);
    this.dependentsTimer = undefined;
    void this.enqueue(() => {
      if (this.session) this.store(this.session.refreshDependents(), undefined, undefined, true);
    }).catch((error: unknown) =>
      this.deps.log.warn(`Re-analysing the files an edit affects failed: ${describe(error)}`),
    );
  }

  /** Keeps the analyses (`edited`'s with its document version) and publishes the files that changed. */
  private store(
    results: FileAnalysis[],
    edited: string | undefined,
    version: number | undefined,
    notify: boolean,
  ): void {
    const changed: string[] = [];
    for (const analysis of results) {
      if (analysis.skipped) {
        // A file that does not parse (mid-edit) keeps its last findings until it parses again.
        this.deps.log.debug(`Not analysed ${analysis.file}: ${analysis.skipped}`);
        continue;
      }
      this.states.set(analysis.file, {
        analysis,
        version: analysis.file === edited ? version : this.fedVersions.get(analysis.file),
        ...(analysis.attachFixes ? { fixesPending: true as const } : {}),
      });
      changed.push(analysis.file);
    }
    if (notify && changed.length > 0) this.deps.changed(changed);
  }
}

/** Splits a whole-folder result into per-file analyses (profiles by call file, findings by span file). */
function groupByFile(result: AuditResult): FileAnalysis[] {
  const byFile = new Map<string, FileAnalysis>();
  const entry = (file: string): FileAnalysis => {
    let analysis = byFile.get(file);
    if (!analysis) {
      analysis = { file, profiles: [], findings: [] };
      byFile.set(file, analysis);
    }
    return analysis;
  };
  for (const profile of result.profiles) entry(profile.call.range.file).profiles.push(profile);
  for (const finding of result.findings) entry(finding.span.file).findings.push(finding);
  return [...byFile.values()];
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Findings a person still has to decide on (documented ones are listed in the report, never flagged). */
export function openFindings(state: FileState | undefined): Finding[] {
  return state ? state.analysis.findings.filter(isOpenFinding) : [];
}
