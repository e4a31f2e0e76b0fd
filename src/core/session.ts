import * as path from 'node:path';
import { ts } from 'ts-morph';
import { type AnalyzeProgramInput, analyzeProgram, analyzeProgramInSlices, type ProgramAnalysis } from './analyzer';
import { type AuditConfig, DEFAULT_CONFIG } from './config';
import { NameIndex } from './name-index';
import { phaseClock } from './phases';
import type { AuditProgress } from './index';
import type { AuditResult, DecisionProfile, Finding, SdkId, SkippedFile } from './types';
import { discoverFiles, isDeclarationFile } from './workspace/discover';
import { escapeRegExp } from './regexp';
import { AnalysisMemo, declaresGlobals, type KeptCode } from './analysis-memo';
import { editedFunction, editsOnlyComment, signatureText } from './edit-scope';
import { changeBetween } from './text-change';
import { ImportGraph } from './workspace/import-graph';
import { reexportedDeclarations } from './workspace/reexports';
import { withoutStandardLibrary } from './workspace/standard-library';
import { PackageConfigs } from './workspace/package-configs';
import { PathAliases } from './workspace/path-aliases';
import { declaresWrittenHelper } from './catalog/written-helper-modules';
import { mayContainModelCall } from './workspace/prefilter';
import { decodeSource, readSourceFile } from './workspace/read';
import { ProgramHost } from './workspace/program-host';
import { compilerSetup } from './workspace/tsconfig';

/** How many import hops the audit follows from files with model calls to find their callers. */
const IMPORTER_DEPTH = 4;
/** How many import hops from an interface or base class the audit follows to find calls dispatched through it. */
const CONTRACT_IMPORTER_DEPTH = 2;
/** A file that declares an interface or an abstract class: calls through it reach the implementations. */
const DECLARES_CONTRACT = /\b(?:interface|abstract\s+class)\s+[A-Za-z_$]/;
/** A JavaScript module, and one that declares a class. */
const JAVASCRIPT_FILE = /\.[cm]?jsx?$/;
const DECLARES_CLASS = /\bclass\s+[A-Za-z_$]/;
/** `app.use(...)`, `router.use(...)`: middleware registered (the error middleware among it). */
const REGISTERS_MIDDLEWARE = /\.use\s*\(/;
/**
 * A function of four parameters, the first an error and the last `next`: Express's error
 * middleware (`(err, req, res, next)`, `function errorHandler(error: Error, _req, res, _next)`).
 */
const DECLARES_ERROR_MIDDLEWARE = /\(\s*_?(?:err|error|e)\b[^()]*?,[^()]*?,[^()]*?,\s*_?next\b/i;
/** `implements A, B<T>` of a class: the interfaces it implements (up to the class body). */
const IMPLEMENTS_CLAUSE = /\bimplements\s+([\w$.,<>\s]+?)\s*\{/g;
/** An interface a declaration file declares. */
const DECLARED_INTERFACE = /\binterface\s+([A-Za-z_$][\w$]*)/g;
/** Longest stretch of work between two pauses for the event loop during load(). */
const SLICE_MS = 50;

export class AuditCancelledError extends Error {
  constructor() {
    super('The audit was cancelled.');
    this.name = 'AuditCancelledError';
  }
}

export interface SessionOptions {
  /** Absolute path of the audited root. */
  root: string;
  config?: AuditConfig;
}

export interface LoadOptions {
  /** Files or folders to audit (absolute or relative to the root); defaults to the root. */
  paths?: string[];
  onProgress?: (progress: AuditProgress) => void;
  signal?: AbortSignal;
  /**
   * How long the load may hold the thread before it pauses for the event loop. When given, it also
   * governs the pauses between phases, which a load without it takes however short the phase was.
   * For a load that is short by construction (the editor's first opened file alone): in an
   * extension host starting up, every pause hands the thread to other extensions' work, which
   * measured 40-130 ms of a 200-400 ms first analysis.
   */
  sliceMs?: number;
  /** Whether the findings carry their fixes (default yes; see `AnalyzeProgramInput.fixes`). */
  fixes?: boolean;
  /**
   * Whether the program has the language's standard declarations (default yes; see
   * standard-library.ts). Without them for the editor's first opened file alone: parsing them in
   * a process that has parsed nothing yet took that analysis from 30 to 300 ms of CPU, and what
   * they type (wrappers reached through `await`) is the workspace's, whose load follows.
   */
  standardLibrary?: boolean;
}

/** The result for one file after an edit. */
export interface FileAnalysis {
  file: string;
  profiles: DecisionProfile[];
  findings: Finding[];
  /** Why the file was not analysed (it does not parse, ...), if it was not. */
  skipped?: string;
  /**
   * Of an analysis made with `fixes: 'later'`: builds its findings' fixes now (in place) and says
   * true, or says false when the session's program has changed since (analyse again).
   */
  attachFixes?: () => boolean;
}

/**
 * A long-lived analysis of one workspace: `load()` audits it; `update()` re-analyses a file after
 * an edit (with the editor's unsaved text) without reloading anything else. The CLI uses it once;
 * the editor keeps it for the whole session.
 */
export class AnalysisSession {
  readonly root: string;
  private config: AuditConfig;
  private host: ProgramHost | undefined;
  /** Text of every readable file of the workspace (for the prefilter and importer search). */
  private readonly texts = new Map<string, string>();
  /** Files whose text names an SDK or a model endpoint. */
  private readonly candidates = new Set<string>();
  /**
   * Files whose last analysis found model calls. Besides candidates, a file can make calls through
   * a client it imports from one (`import { client } from './client'`) without naming the SDK.
   */
  private readonly withCalls = new Set<string>();
  /** Candidates plus the files importing them (a few hops): what the program holds. */
  private readonly included = new Set<string>();
  /**
   * Included for the types they declare alone (`reexportedDeclarations`): a file that called a
   * model or a wrapper would be included already, so the analysis does not go through them.
   */
  private readonly typesOnly = new Set<string>();
  /** Imports between the workspace's files (what to include, and the caller search). */
  private graph = new ImportGraph();
  /** The tsconfigs of a monorepo's packages, whose path aliases their files' imports resolve with. */
  private readonly packageConfigs: PackageConfigs;
  private skipped: SkippedFile[] = [];
  private filesScanned = 0;
  /** Checker answers and fixes kept across edits where the edit cannot have changed them. */
  private readonly memo = new AnalysisMemo();
  /** Which files hold which names, re-indexed per edited file (the caller search's lookups). */
  private readonly names = new NameIndex();
  /** Files an edit may have changed the results of, left for `refreshDependents` (see `update`). */
  private readonly dependents = new Set<string>();
  /** The signature of the function the last edit stayed in, as the last program printed it. */
  private lastSignature: { fn: ts.FunctionLikeDeclaration; text: string | undefined } | undefined;
  /**
   * The fixes the latest `fixes: 'later'` analysis left to build, with its program: one at a
   * time. An analysis of another text cannot build its fixes any more, and must not keep its
   * program and checker alive from the editor's state of the file.
   */
  private laterFixes: { program?: ts.Program; build?: () => void } | undefined;

  constructor(options: SessionOptions) {
    this.root = path.resolve(options.root);
    this.packageConfigs = new PackageConfigs(this.root);
    this.config = options.config ?? DEFAULT_CONFIG;
  }

  /**
   * Discovers, reads and analyses the workspace. The work pauses for the event loop every few
   * milliseconds and a cancel (the signal) takes effect at the next pause, so in the editor an
   * audit neither blocks the extension host nor runs on for seconds after a cancel.
   */
  async load(options: LoadOptions = {}): Promise<AuditResult> {
    const depth = phaseClock.depth();
    try {
      return await this.loadInPhases(options);
    } finally {
      phaseClock.unwind(depth);
    }
  }

  private async loadInPhases(options: LoadOptions): Promise<AuditResult> {
    const started = performance.now();
    const checkCancelled = (): void => {
      if (options.signal?.aborted) throw new AuditCancelledError();
    };
    const sliceMs = options.sliceMs ?? SLICE_MS;
    let sliceStart = performance.now();
    // The check comes after the yield: a cancel arrives while the event loop has the turn.
    const pause = async (): Promise<void> => {
      if (options.sliceMs === undefined || performance.now() - sliceStart >= sliceMs) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
      checkCancelled();
    };
    const pauseEverySlice = async (): Promise<void> => {
      if (performance.now() - sliceStart < sliceMs) return;
      await pause();
      sliceStart = performance.now();
    };
    checkCancelled();
    phaseClock.enter('read');
    const discovered = discoverFiles({
      root: this.root,
      paths: (options.paths?.length ? options.paths : [this.root]).map((target) => path.resolve(this.root, target)),
      exclude: this.config.exclude,
      ignoreTests: this.config.ignoreTests,
      signal: options.signal,
    });
    this.skipped = [...discovered.skipped];
    this.filesScanned = discovered.files.length;
    this.memo.clear();
    this.dropLaterFixes();
    this.texts.clear();
    this.candidates.clear();
    this.withCalls.clear();
    this.included.clear();
    this.typesOnly.clear();
    this.dependents.clear();
    await pause();

    let done = 0;
    for (const file of discovered.files) {
      const read = readSourceFile(file, this.config.maxFileBytes);
      if (read.ok) {
        this.texts.set(file, read.text);
        const candidate = phaseClock.time('prefilter', () => mayContainModelCall(read.text, this.declaredModules()));
        if (candidate) this.candidates.add(file);
      } else {
        this.skipped.push({ file, reason: read.reason });
      }
      done++;
      if (done % 200 === 0) options.onProgress?.({ phase: 'scan', done, total: discovered.files.length });
      await pauseEverySlice();
    }
    options.onProgress?.({ phase: 'scan', done, total: discovered.files.length });
    // Declaration files join the import graph only: an interface a file with model calls implements
    // may be declared in one (`types.d.ts`), and the code calling through it imports that file.
    // One that cannot be read is left out silently: nothing in it is audited.
    for (const file of discovered.declarations) {
      const read = readSourceFile(file, this.config.maxFileBytes);
      if (read.ok) this.texts.set(file, read.text);
    }
    phaseClock.exit();
    const setup = compilerSetup(this.root);
    phaseClock.time('prefilter', () => {
      const rootAliases = PathAliases.of(setup.options);
      this.graph = new ImportGraph(this.texts, (file) => this.packageConfigs.of(file)?.aliases ?? rootAliases);
      this.includeImporters(this.candidates);
      const contracts = [...this.contractsOfCandidates()];
      this.includeImporters(new Set(contracts.filter((file) => !isDeclarationFile(file))), CONTRACT_IMPORTER_DEPTH);
      this.includeDeclaredContractUsers(contracts.filter(isDeclarationFile));
      // What a file with model calls imports joins too: its helpers (a retry or timeout wrapper, a
      // span helper, an error reporter) decide around the calls, and the checker must read them.
      for (const file of this.candidates) for (const target of this.graph.importedBy(file)) this.included.add(target);
      // JavaScript hands its objects around untyped: a class an included JavaScript file imports may
      // be what it gives to the code that calls the model (`new Pipeline({ errorHandler: new
      // ConsoleErrorHandler() })`), which has no import of it.
      for (const file of [...this.included])
        if (JAVASCRIPT_FILE.test(file))
          for (const target of this.graph.importedBy(file))
            if (JAVASCRIPT_FILE.test(target) && DECLARES_CLASS.test(this.texts.get(target) ?? ''))
              this.included.add(target);
      // Express's error middleware, declared in a module the file that registers it imports
      // (`app.use(errorHandler)`): it decides the failures the routes pass to `next(error)`.
      for (const file of [...this.included])
        if (REGISTERS_MIDDLEWARE.test(this.texts.get(file) ?? ''))
          for (const target of this.graph.importedBy(file))
            if (!this.included.has(target) && DECLARES_ERROR_MIDDLEWARE.test(this.texts.get(target) ?? ''))
              this.included.add(target);
      // The modules our fixes wrote, wherever an analysed file imports them: few files hold one,
      // so each text is searched once rather than every analysed file's imports.
      for (const [file, text] of this.texts)
        if (
          !this.included.has(file) &&
          declaresWrittenHelper(text) &&
          this.graph.importersOf(file).some((importer) => this.included.has(importer))
        )
          this.included.add(file);
      // A type imported by name through a package's index (`import { ConfigResult } from
      // '@acme/config'`) is declared in a module the index re-exports: without it, and the modules
      // in between, every value of that type is `any` and a wrapper called through one unseen.
      for (const file of reexportedDeclarations(this.included, this.texts, this.graph)) {
        this.included.add(file);
        this.typesOnly.add(file);
      }
    });
    await pause();

    phaseClock.enter('program');

    for (const problem of setup.problems)
      this.skipped.push({ file: setup.found ?? path.join(this.root, 'tsconfig.json'), reason: problem });
    const host = new ProgramHost({
      options: options.standardLibrary === false ? withoutStandardLibrary(setup.options) : setup.options,
      isIncluded: (file) => this.included.has(file),
      sdkTypes: this.config.sdkTypes,
      packageConfigOf: (file) => this.packageConfigs.of(file),
    });
    this.host = host;
    done = 0;
    for (const file of this.included) {
      host.setFile(file, this.texts.get(file) ?? '');
      host.prepare(file);
      done++;
      if (done % 100 === 0) options.onProgress?.({ phase: 'parse', done, total: this.included.size });
      await pauseEverySlice();
    }
    host.getProgram();
    for (const file of [...this.included]) {
      const failure = host.parseFailure(file);
      if (!failure) continue;
      this.included.delete(file);
      this.candidates.delete(file);
      this.skipped.push({ file, reason: failure });
    }
    options.onProgress?.({ phase: 'parse', done: this.included.size, total: this.included.size });
    phaseClock.exit();
    await pause();

    const targets = [...this.included].filter((file) => !this.typesOnly.has(file));
    const { analysis, skipped } = await this.analyseInSlices(targets, pause, sliceMs, options.fixes);
    for (const profile of analysis.profiles) this.withCalls.add(profile.call.range.file);
    this.skipped.push(...skipped);
    options.onProgress?.({ phase: 'analyse', done: this.included.size, total: this.included.size });
    await pause();
    return this.result(analysis, performance.now() - started);
  }

  /**
   * Re-analyses a file with new text (the editor's unsaved buffer). Returns the analysis of every
   * file whose results may have changed: the edited file, and the files with model calls it
   * imports (their failure handling may live in the edited file). With `dependents: 'later'` it
   * returns the edited file's alone and keeps the others for `refreshDependents`: in a real
   * repository an edited file can import dozens of files with model calls (a provider index that
   * every provider imports back), and re-analysing them all on each keystroke took most of it.
   */
  update(
    file: string,
    text: string,
    options: { dependents?: 'now' | 'later'; fixes?: 'now' | 'later' } = {},
  ): FileAnalysis[] {
    const absolute = path.resolve(this.root, file);
    const decoded = decodeSource(Buffer.from(text, 'utf8'));
    if (!decoded.ok) return [{ file: absolute, profiles: [], findings: [], skipped: decoded.reason }];
    this.texts.set(absolute, text);
    const wasIncluded = this.included.has(absolute);
    if (mayContainModelCall(text, this.declaredModules())) this.candidates.add(absolute);
    else this.candidates.delete(absolute);
    this.graph.set(absolute, text);
    if (!wasIncluded) {
      const importsCandidate = this.graph.importedBy(absolute).some((imported) => this.candidates.has(imported));
      if (!this.candidates.has(absolute) && !importsCandidate) return [{ file: absolute, profiles: [], findings: [] }];
      this.included.add(absolute);
    }
    const oldProgram = wasIncluded ? this.requireHost().getProgram() : undefined;
    const before = oldProgram?.getSourceFile(absolute);
    // As on load, what a file with model calls imports joins the program (an interface it
    // implements, a helper around its calls), and the orchestration helper a quick fix just wrote.
    const contracts = [
      ...new Set([
        ...(this.candidates.has(absolute) ? this.graph.importedBy(absolute) : []),
        ...this.writtenHelpersImportedBy(absolute),
      ]),
    ].filter((contract) => !this.included.has(contract));
    for (const contract of contracts) {
      this.included.add(contract);
      this.requireHost().setFile(contract, this.texts.get(contract) ?? '');
    }
    this.requireHost().setFile(absolute, text);
    const program = this.requireHost().getProgram();
    const after = program.getSourceFile(absolute);
    // What code resolves to can change in the edited file and in the files importing it, and
    // anywhere when the file is new to the program or declares globals. An edit inside a function
    // body that keeps the function's type changes what names resolve to in the edited file only.
    if (!oldProgram || !before || !after || contracts.length > 0 || declaresGlobals(before) || declaresGlobals(after))
      this.memo.clear();
    else {
      const reaching = this.graph.reaching(absolute);
      const kept = this.keptCode(absolute, before, after, oldProgram, program);
      this.memo.invalidate(reaching, kept ? [absolute] : reaching, kept);
    }
    const failure = this.requireHost().parseFailure(absolute);
    if (failure) return [{ file: absolute, profiles: [], findings: [], skipped: failure }];
    const dependents = this.importedCandidates(absolute);
    // Files left for later stay so until `refreshDependents`: only the caller knows whether it
    // keeps what an update returns (a fix-all pass does not).
    if (options.dependents !== 'later') return this.analyseFiles([absolute, ...dependents], options.fixes);
    this.dependents.delete(absolute);
    for (const dependent of dependents) this.dependents.add(dependent);
    return this.analyseFiles([absolute], options.fixes);
  }

  /**
   * Readies the edit path while the editor is idle after a load: re-analyses `file` as two edits
   * would (a line break added at its end, then its text as it was) and leaves the session as it
   * was, the files left for later included. The load leaves that path cold (a program reusing the
   * last one, a checker asked about one file, the memo's checks), and V8 compiles it over the
   * first edits: on real repositories the first five to ten edits of a provider file took 60-120
   * ms, against 30-40 ms after. Returns false, having done nothing, for a file the session does not
   * re-analyse.
   */
  warmUp(file: string): boolean {
    const absolute = path.resolve(this.root, file);
    const text = this.texts.get(absolute);
    if (text === undefined || !this.included.has(absolute) || !this.host) return false;
    const pending = [...this.dependents];
    try {
      this.update(absolute, `${text}\n`, { dependents: 'later' });
    } finally {
      // The file's own text again, whatever happened to the rehearsal.
      this.update(absolute, text, { dependents: 'later' });
      this.dependents.clear();
      for (const dependent of pending) this.dependents.add(dependent);
    }
    return true;
  }

  /**
   * The files of the current program (declaration files included) and its compiler options: what
   * the real-repository benchmark parses alone to measure the floor of an audit on this syntax tree.
   */
  programFiles(): { files: string[]; options: ts.CompilerOptions } {
    const program = this.requireHost().getProgram();
    return { files: program.getSourceFiles().map((file) => file.fileName), options: program.getCompilerOptions() };
  }

  /** Files whose results earlier edits may have changed and that were left for later (see `update`). */
  pendingDependents(): string[] {
    return [...this.dependents];
  }

  /**
   * Re-analyses the files `update(..., { dependents: 'later' })` left behind, in the current
   * program (after every edit so far), and returns their analyses: what `update` would have
   * returned for them after the last edit.
   */
  refreshDependents(): FileAnalysis[] {
    const files = [...this.dependents].filter((file) => this.included.has(file));
    this.dependents.clear();
    return files.length === 0 ? [] : this.analyseFiles(files);
  }

  /** The analysis of `affected` in the current program, one entry per file. */
  private analyseFiles(affected: string[], fixes: 'now' | 'later' = 'now'): FileAnalysis[] {
    const { analysis, skipped, program } = this.analyse(affected, fixes);
    for (const target of affected) this.withCalls.delete(target);
    for (const profile of analysis.profiles) this.withCalls.add(profile.call.range.file);
    // The findings are the analysis' own objects: building the fixes fills them in place.
    let attachFixes: (() => boolean) | undefined;
    if (analysis.attachFixes) {
      const pending: { program?: ts.Program; build?: () => void } = { program, build: analysis.attachFixes };
      this.dropLaterFixes();
      this.laterFixes = pending;
      let built = false;
      attachFixes = () => {
        if (built) return true;
        if (!pending.build || !pending.program || !this.host?.holds(pending.program)) {
          if (this.laterFixes === pending) this.dropLaterFixes();
          return false;
        }
        pending.build();
        built = true;
        if (this.laterFixes === pending) this.dropLaterFixes();
        return true;
      };
    }
    return affected.map((target) => {
      const reason = skipped.find((item) => item.file === target)?.reason;
      return {
        file: target,
        profiles: analysis.profiles.filter((profile) => profile.call.range.file === target),
        findings: analysis.findings.filter((finding) => finding.span.file === target),
        ...(reason ? { skipped: reason } : {}),
        ...(attachFixes ? { attachFixes } : {}),
      };
    });
  }

  /** Forgets the fixes left for later: what they would be built from is gone. */
  private dropLaterFixes(): void {
    if (!this.laterFixes) return;
    this.laterFixes.program = undefined;
    this.laterFixes.build = undefined;
    this.laterFixes = undefined;
  }

  /**
   * When the edit from `before` to `after` keeps every type other files see (see `edit-scope.ts`):
   * what of the edited file it left as it was. It changes one comment (the rest of the file is
   * kept), or it stays inside one function's body and the function's type, when its body infers
   * it, prints the same (the file outside that function is kept). Undefined otherwise. The new
   * program's signature is kept for the next keystroke.
   */
  private keptCode(
    file: string,
    before: ts.SourceFile,
    after: ts.SourceFile,
    oldProgram: ts.Program,
    program: ts.Program,
  ): KeptCode | undefined {
    if (editsOnlyComment(before, after)) {
      const change = changeBetween(before.text, after.text);
      return { file, start: change.start, end: change.oldEnd, newEnd: change.newEnd };
    }
    const edited = editedFunction(before, after);
    if (!edited) return undefined;
    const kept = { file, start: edited.before.pos, end: edited.before.end, newEnd: edited.after.end };
    if (!edited.inferred) return kept;
    const known = this.lastSignature;
    const old = known?.fn === edited.before ? known.text : signatureText(oldProgram.getTypeChecker(), edited.before);
    const now = signatureText(program.getTypeChecker(), edited.after);
    this.lastSignature = { fn: edited.after, text: now };
    return old !== undefined && old === now ? kept : undefined;
  }

  /** A file was closed without saving, deleted or renamed: forget its unsaved text. */
  remove(file: string): void {
    const absolute = path.resolve(this.root, file);
    this.texts.delete(absolute);
    this.candidates.delete(absolute);
    this.withCalls.delete(absolute);
    this.included.delete(absolute);
    this.dependents.delete(absolute);
    this.host?.removeFile(absolute);
    this.graph.delete(absolute);
    this.memo.clear();
  }

  setConfig(config: AuditConfig): void {
    this.config = config;
    this.memo.clear();
  }

  /** The packages of the config's declared model functions: the prefilter keeps their importers. */
  private declaredModules(): string[] {
    return this.config.models.map((model) => model.module);
  }

  /**
   * The interfaces and base classes the files with model calls implement: their methods are
   * called through those types from files that never import the implementation (dispatch).
   */
  private contractsOfCandidates(): Set<string> {
    const imported = new Set<string>();
    for (const file of this.candidates) for (const target of this.graph.importedBy(file)) imported.add(target);
    return new Set([...imported].filter((target) => this.isContract(target)));
  }

  /**
   * A declaration file of the workspace (`index.d.ts` of types) is imported by much of it, mostly for
   * its data types: only the importers that name an interface of it that a file with model calls
   * implements (`class BaseModel implements LanguageModel`) can call through it, and only they join.
   */
  private includeDeclaredContractUsers(declarationFiles: string[]): void {
    if (declarationFiles.length === 0) return;
    const implemented = new Set<string>();
    for (const file of this.candidates)
      for (const clause of (this.texts.get(file) ?? '').matchAll(IMPLEMENTS_CLAUSE))
        for (const name of implementedNames(clause[1])) implemented.add(name);
    for (const contract of declarationFiles) {
      const names = [...(this.texts.get(contract) ?? '').matchAll(DECLARED_INTERFACE)]
        .map((match) => match[1])
        .filter((name) => implemented.has(name));
      if (names.length === 0) continue;
      const namesAny = new RegExp(`(?<![\\w$])(?:${names.map(escapeRegExp).join('|')})(?![\\w$])`);
      this.included.add(contract);
      for (const importer of this.graph.importersOf(contract))
        if (namesAny.test(this.texts.get(importer) ?? '')) this.included.add(importer);
    }
  }

  /** Files `file` imports that are modules a fix of ours wrote (the orchestration helper). */
  private writtenHelpersImportedBy(file: string): string[] {
    return this.graph
      .importedBy(file)
      .filter((target) => !this.candidates.has(target) && declaresWrittenHelper(this.texts.get(target) ?? ''));
  }

  /** A file that is not a candidate and declares an interface or an abstract class. */
  private isContract(file: string): boolean {
    return !this.candidates.has(file) && DECLARES_CONTRACT.test(this.texts.get(file) ?? '');
  }

  private includeImporters(from: Set<string>, maxDepth = IMPORTER_DEPTH): void {
    for (const file of from) this.included.add(file);
    let frontier = new Set(from);
    for (let depth = 0; depth < maxDepth && frontier.size > 0; depth++) {
      const next = new Set<string>();
      for (const file of frontier) {
        for (const importer of this.graph.importersOf(file)) {
          // No code runs in a declaration file: no call passes through it to its importers.
          if (this.included.has(importer) || isDeclarationFile(importer)) continue;
          this.included.add(importer);
          next.add(importer);
        }
      }
      frontier = next;
    }
  }

  private requireHost(): ProgramHost {
    if (!this.host) throw new Error('The session is not loaded yet: call load() first.');
    return this.host;
  }

  /** Files with model calls the given file imports, directly or a few hops down (their calls' callers may be in it). */
  private importedCandidates(file: string): string[] {
    const result = new Set<string>();
    const seen = new Set([file]);
    let frontier = [file];
    for (let depth = 0; depth < IMPORTER_DEPTH && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const current of frontier) {
        for (const target of this.graph.importedBy(current)) {
          if (seen.has(target)) continue;
          seen.add(target);
          next.push(target);
          if (this.candidates.has(target) || this.withCalls.has(target)) result.add(target);
        }
      }
      frontier = next;
    }
    return [...result];
  }

  private analyse(
    files: string[],
    fixes: 'now' | 'later',
  ): { analysis: ProgramAnalysis; skipped: SkippedFile[]; program: ts.Program } {
    const { input, skipped } = this.analysisInput(files);
    // An edit's result is the files' own calls and findings: the wrapper sites are load()'s alone.
    const analysis = analyzeProgram({
      ...input,
      wrapperSites: false,
      memo: this.memo,
      ...(fixes === 'later' ? { fixes: 'later' as const } : {}),
    });
    return { analysis, skipped: [...skipped, ...analysis.failures], program: input.program };
  }

  private async analyseInSlices(
    files: string[],
    pause: () => Promise<void>,
    sliceMs: number,
    fixes: boolean | undefined,
  ): Promise<{ analysis: ProgramAnalysis; skipped: SkippedFile[] }> {
    const { input, skipped } = this.analysisInput(files);
    const analysis = await analyzeProgramInSlices({ ...input, memo: this.memo, fixes }, pause, sliceMs);
    return { analysis, skipped: [...skipped, ...analysis.failures] };
  }

  /** The program and the files to analyse in it; files with syntax errors are skipped with the first error. */
  private analysisInput(files: string[]): { input: AnalyzeProgramInput; skipped: SkippedFile[] } {
    return phaseClock.time('program', () => this.programInput(files));
  }

  private programInput(files: string[]): { input: AnalyzeProgramInput; skipped: SkippedFile[] } {
    const program = this.requireHost().getProgram();
    const targets: string[] = [];
    const skipped: SkippedFile[] = [];
    for (const file of files) {
      const sourceFile = program.getSourceFile(file);
      // A declaration file (an interface's contract) is in the program to be read, never audited.
      if (!sourceFile || sourceFile.isDeclarationFile) continue;
      const syntaxError = program.getSyntacticDiagnostics(sourceFile)[0];
      if (syntaxError) {
        skipped.push({ file, reason: `does not parse: ${describeDiagnostic(syntaxError)}` });
        continue;
      }
      targets.push(file);
    }
    const input: AnalyzeProgramInput = {
      program,
      targetFiles: targets,
      workspaceFiles: [...this.included],
      root: this.root,
      config: this.config,
      reaching: (file) => this.graph.reaching(file),
      names: this.names,
    };
    return { input, skipped };
  }

  private result(analysis: ProgramAnalysis, ms: number): AuditResult {
    const callsBySdk: Partial<Record<SdkId, number>> = {};
    for (const profile of analysis.profiles) callsBySdk[profile.call.sdk] = (callsBySdk[profile.call.sdk] ?? 0) + 1;
    return {
      root: this.root,
      profiles: analysis.profiles,
      wrappers: analysis.wrappers,
      findings: analysis.findings,
      stats: {
        filesScanned: this.filesScanned,
        filesParsed: this.included.size,
        ms: Math.round(ms),
        callsBySdk,
        skipped: this.skipped.map((item) => ({ file: item.file, reason: item.reason })),
      },
    };
  }
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

/** `Model, Cache<Key, Value>, api.Client` → `Model`, `Cache`, `Client`. */
function implementedNames(clause: string): string[] {
  let names = clause;
  // Type arguments hold commas of their own: drop them, innermost first.
  for (let previous = ''; previous !== names;) {
    previous = names;
    names = names.replace(/<[^<>]*>/g, '');
  }
  // An object type in the arguments ends the clause early (`Store<{ id: string }>` is cut at `{`).
  return names
    .replace(/<.*$/s, '')
    .split(',')
    .map((name) => name.trim().split('.').pop() ?? '')
    .filter((name) => name !== '');
}
