import type { ts } from 'ts-morph';
import { decisionsFor, annotationsOf } from './annotations';
import { enclosingFunction, enclosingFunctionNames, functionName, isExportedFunction, lineOf, spanOf } from './ast';
import { declaredEntries } from './catalog/declared';
import { CATALOG } from './catalog/index';
import { CallerIndex } from './graph/call-graph';
import { Solver } from './graph/solver';
import { wrapperSites } from './graph/sites';
import { wrapperProfileOf } from './facets/wrapper-profile';
import { ClientTracer } from './client-origin';
import type { AuditConfig } from './config';
import { type DetectedCall, detectCalls } from './detect';
import type { FacetContext } from './facets/context';
import { costFacet, modelOf } from './facets/cost';
import { calleeResolver, FailureAnalysis } from './facets/failure';
import { resolveUntypedCallsWith } from './facets/handlers';
import { fallbackFacet } from './facets/fallback';
import { flowFacet } from './facets/flow';
import { observabilityFacet } from './facets/observability';
import { OutputUseAnalysis } from './facets/output-use';
import { retryFacet } from './facets/retry';
import { timeoutFacet } from './facets/timeout';
import { outputKindOf, validationFacet } from './facets/validation';
import { toRelative } from './workspace/discover';
import { memo } from './workspace/program-host';
import { SdkVersions } from './workspace/sdk-versions';
import { majorVersion } from './catalog/versions';
import { escapeRegExp } from './regexp';
import { type AnalysisMemo, useMemoFor } from './analysis-memo';
import { attachFixes } from './fixes/index';
import { compareFindings, judge, judgeUnusedSuppressions } from './judge';
import { NameIndex } from './name-index';
import { phaseClock } from './phases';
import { applySuppressions } from './suppressions';
import type { DecisionProfile, Finding, ModelCall, SkippedFile } from './types';

export interface ProgramAnalysis {
  profiles: DecisionProfile[];
  /** Calls of the workspace's functions that reach model calls (see graph/sites.ts). */
  wrappers: DecisionProfile[];
  findings: Finding[];
  detected: DetectedCall[];
  /** Files (or calls) the analyser failed on: reported like skipped files, never fatal to the audit. */
  failures: SkippedFile[];
  /**
   * With `fixes: 'later'`: builds the findings' fixes when called (once; later calls do nothing),
   * in the program the analysis ran on.
   */
  attachFixes?: () => void;
}

export interface AnalyzeProgramInput {
  program: ts.Program;
  /** Files to look for model calls in (absolute paths). */
  targetFiles: readonly string[];
  /** Workspace files callers may live in (absolute paths); defaults to every non-library file of the program. */
  workspaceFiles?: readonly string[];
  root: string;
  config: AuditConfig;
  /** Files that can reach a file through imports (narrows the caller search); see `ImportGraph`. */
  reaching?: (file: string) => ReadonlySet<string>;
  /** List calls of the workspace's model-calling functions too (the audit does; the editor's per-file pass need not). */
  wrapperSites?: boolean;
  /** Answers kept from earlier programs of the same session (see `AnalysisMemo`). */
  memo?: AnalysisMemo;
  /** Which workspace files hold which names, kept from earlier programs of the same session. */
  names?: NameIndex;
  /**
   * Whether findings carry their fixes (default yes). An output that shows none (text, SARIF,
   * Markdown) and the editor's first look at a file skip building them; their findings have the
   * rules' own fixes only. `'later'`: the result's `attachFixes` builds them when asked (the
   * editor's re-analysis per keystroke: the diagnostics need none, a code action does).
   */
  fixes?: boolean | 'later';
}

/**
 * One pass over a built program: detect the calls, compute each call's profile once, let the rules
 * judge the profiles. Nothing here touches the file system.
 */
export function analyzeProgram(input: AnalyzeProgramInput): ProgramAnalysis {
  const steps = analysisSteps(input);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * The same analysis, pausing every `sliceMs` of work (`pause` yields to the event loop and may
 * throw to cancel): a workspace audit in the editor must not hold the extension host for seconds.
 */
export async function analyzeProgramInSlices(
  input: AnalyzeProgramInput,
  pause: () => Promise<void>,
  sliceMs = 50,
): Promise<ProgramAnalysis> {
  const steps = analysisSteps(input);
  let sliceStart = performance.now();
  let step = steps.next();
  while (!step.done) {
    if (performance.now() - sliceStart > sliceMs) {
      await pause();
      sliceStart = performance.now();
    }
    step = steps.next();
  }
  return step.value;
}

/** The analysis as steps (one per file detected, one per call profiled) so a caller can pause between them. */
function* analysisSteps(input: AnalyzeProgramInput): Generator<void, ProgramAnalysis, void> {
  const { program, root, config } = input;
  const checker = program.getTypeChecker();
  const catalog = config.models.length > 0 ? [...declaredEntries(config.models), ...CATALOG] : CATALOG;
  let files: readonly ts.SourceFile[] | undefined;
  const workspaceFiles = (): readonly ts.SourceFile[] =>
    (files ??= input.workspaceFiles
      ? input.workspaceFiles.map((file) => program.getSourceFile(file)).filter((file): file is ts.SourceFile => !!file)
      : program
          .getSourceFiles()
          .filter((file) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/')));
  const names = (input.names ?? new NameIndex()).over(workspaceFiles);
  const tracer = new ClientTracer(checker, config.sdkTypes, catalog, workspaceFiles, names);
  const callers = new CallerIndex(checker, names, input.reaching);
  tracer.callersOf = (fn) => callers.callersOf(fn);
  resolveUntypedCallsWith(checker, (call) => callers.untypedMethod(call));
  if (input.memo) useMemoFor(checker, input.memo);

  const detected: DetectedCall[] = [];
  const versions = new SdkVersions();
  const targets: ts.SourceFile[] = [];
  const failures: SkippedFile[] = [];
  for (const file of input.targetFiles) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) continue;
    try {
      const calls = phaseClock.time('detect', () => detectIn(sourceFile, checker, tracer, callers, input.memo));
      for (const call of calls) {
        const pkg = call.entry.versionPackage === undefined ? call.entry.packages[0] : call.entry.versionPackage;
        const version = pkg ? versions.of(pkg, sourceFile.fileName) : undefined;
        if (version) call.sdkVersion = version;
      }
      detected.push(...calls);
      targets.push(sourceFile);
    } catch (error) {
      failures.push({ file, reason: `analysis failed: ${describeFailure(error)}` });
    }
    yield;
  }

  // Facets ask "which model calls are inside this node?" often: answer from the file's own calls.
  const callsByFile = new Map<ts.SourceFile, DetectedCall[]>();
  for (const call of detected) {
    const sourceFile = call.node.getSourceFile();
    const list = callsByFile.get(sourceFile);
    if (list) list.push(call);
    else callsByFile.set(sourceFile, [call]);
  }
  const ids = new Map<DetectedCall, string>();
  const byNode = new Map<ts.Node, DetectedCall>();
  for (const call of detected) {
    const sourceFile = call.node.getSourceFile();
    const start = sourceFile.getLineAndCharacterOfPosition(call.node.getStart(sourceFile));
    ids.set(call, `${toRelative(root, sourceFile.fileName)}:${start.line + 1}:${start.character + 1}`);
    byNode.set(call.node, call);
  }
  const context: FacetContext = {
    checker,
    compilerOptions: program.getCompilerOptions(),
    tracer,
    callers,
    solver: new Solver(callers, calleeResolver(checker), {
      major: (pkg, file) => majorVersion(versions.of(pkg, file)?.version),
      imported: memo((pkg) => workspaceFiles().some((file) => importsPackage(file, pkg))),
    }),
    config,
    calls: detected,
    idOf: (call) => ids.get(call) ?? '',
    relative: (file) => toRelative(root, file),
    callAt: (node) => byNode.get(node),
    modelCallsWithin: (node) => {
      const calls = callsByFile.get(node.getSourceFile());
      return calls ? calls.filter((call) => call.node.pos >= node.pos && call.node.end <= node.end) : [];
    },
    modelCallerNamed: (name) => (callerNames ??= namesHoldingCalls(detected)).has(name),
  };
  let callerNames: Set<string> | undefined;

  const failureAnalysis = new FailureAnalysis(context, context.solver);
  const outputs = new OutputUseAnalysis(context);
  const profiles: DecisionProfile[] = [];
  for (const call of detected) {
    try {
      profiles.push(phaseClock.time('facets', () => profileOf(call, context, failureAnalysis, outputs)));
    } catch (error) {
      const sourceFile = call.node.getSourceFile();
      failures.push({
        file: sourceFile.fileName,
        reason: `analysis of the call at line ${lineOf(call.node, sourceFile)} failed: ${describeFailure(error)}`,
      });
    }
    yield;
  }
  const wrappers: DecisionProfile[] = [];
  if (input.wrapperSites !== false) {
    const byCall = new Map(
      detected.map((call, index) => [call, profiles[index]]).filter(([, p]) => p) as [DetectedCall, DecisionProfile][],
    );
    for (const site of phaseClock.time('callGraph', () => wrapperSites(detected, callers))) {
      try {
        const profile = phaseClock.time('facets', () =>
          wrapperProfileOf(site, byCall, context, failureAnalysis, outputs),
        );
        if (profile) wrappers.push(profile);
      } catch (error) {
        const sourceFile = site.node.getSourceFile();
        failures.push({
          file: sourceFile.fileName,
          reason: `analysis of the call at line ${lineOf(site.node, sourceFile)} failed: ${describeFailure(error)}`,
        });
      }
      yield;
    }
  }
  const findings = phaseClock.time('rules', () => {
    const judged = judge(profiles, targets.map(annotationsOf), config, undefined, (file, reason) =>
      failures.push({ file, reason }),
    );
    judged.push(...judgeUnusedSuppressions(applySuppressions(judged, targets), config));
    judged.sort(compareFindings);
    return judged;
  });
  // Built now, or kept for when the editor asks for them (a code action), in this program.
  let fixesDone = input.fixes === false;
  const buildFixes = (): void => {
    if (fixesDone) return;
    fixesDone = true;
    const callsById = new Map(detected.map((call) => [ids.get(call), call]));
    const profilesById = new Map(profiles.map((profile) => [profile.call.id, profile]));
    const fileStates = new Map<string, string>();
    phaseClock.time('fixes', () =>
      attachFixes(
        findings,
        {
          call: (finding) => (finding.callId ? callsById.get(finding.callId) : undefined),
          profile: (finding) => (finding.callId ? profilesById.get(finding.callId) : undefined),
          fileState: (file) => {
            let state = fileStates.get(file);
            if (state === undefined) {
              state = JSON.stringify(profiles.filter((profile) => profile.call.range.file === file));
              fileStates.set(file, state);
            }
            return state;
          },
        },
        context,
        input.memo,
      ),
    );
  };
  if (input.fixes === 'later') return { profiles, wrappers, findings, detected, failures, attachFixes: buildFixes };
  buildFixes();
  return { profiles, wrappers, findings, detected, failures };
}

/**
 * The model calls of a file, kept across edits while the file and what it imports are unchanged.
 * Detection that asked for callers (a fetch shim's endpoint comes from its callers, which may be in
 * any file), read a library's settings (`Settings.llm`, assigned in any file) or judged a request
 * by its peers (the other implementations of its method, in files it does not import) is not reused.
 */
function detectIn(
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker,
  tracer: ClientTracer,
  callers: CallerIndex,
  memo: AnalysisMemo | undefined,
): DetectedCall[] {
  const detect = (): { calls: DetectedCall[]; readOtherFiles: boolean } => {
    let askedCallers = false;
    const holderReads = tracer.holderReads;
    const callerReads = tracer.callerReads;
    let readPeers = false;
    const calls = detectCalls(
      sourceFile,
      checker,
      tracer,
      (fn) => {
        askedCallers = true;
        return callers.callersOf(fn);
      },
      () => (readPeers = true),
    );
    // A model held by a library's settings takes its options from an assignment in another file,
    // and a client given as an argument comes from the callers.
    return {
      calls,
      readOtherFiles: askedCallers || readPeers || tracer.holderReads > holderReads || tracer.callerReads > callerReads,
    };
  };
  if (!memo) return detect().calls;
  return memo.detections.remembered(sourceFile, '', 'detect', detect, ({ readOtherFiles }) => !readOtherFiles).calls;
}

/** The names of the functions, methods and function-valued variables that hold the calls. */
function namesHoldingCalls(calls: readonly DetectedCall[]): Set<string> {
  return new Set(calls.flatMap((call) => enclosingFunctionNames(call.node)));
}

/** One line, no stack: the message a user can act on (a deep nesting, a compiler crash). */
function describeFailure(error: unknown): string {
  if (error instanceof RangeError) return 'the code is nested too deeply to analyse';
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

function profileOf(
  call: DetectedCall,
  context: FacetContext,
  failures: FailureAnalysis,
  outputs: OutputUseAnalysis,
): DecisionProfile {
  const failure = failures.facet(call);
  const retry = retryFacet(call, context);
  return {
    call: modelCallOf(call, context, outputKindOf(call, outputs.of(call))),
    failure: failure.facet,
    retry,
    timeout: timeoutFacet(call, retry, context),
    validation: validationFacet(call, outputs.of(call)),
    flow: flowFacet(call, outputs, context),
    fallback: fallbackFacet(call, failure.handler, context, outputs.of(call), (handler) =>
      failures.rethrownTo(handler),
    ),
    observability: observabilityFacet(call, context.checker, context.solver),
    cost: costFacet(call, context),
    decisions: decisionsFor(call.node),
  };
}

function modelCallOf(call: DetectedCall, context: FacetContext, output: ModelCall['output']): ModelCall {
  const sourceFile = call.node.getSourceFile();
  const fn = enclosingFunction(call.node);
  return {
    id: context.idOf(call),
    sdk: call.entry.id,
    operation: call.shape.name,
    site: call.shape.kind !== 'http' ? 'sdk' : call.shape.websocket ? 'websocket' : 'http',
    output,
    streaming: call.streaming,
    recognisedBy: call.recognisedBy,
    range: spanOf(call.node, sourceFile),
    calleeRange: spanOf(call.node, sourceFile, call.node.expression.getEnd()),
    enclosing: {
      name: functionName(fn),
      file: sourceFile.fileName,
      line: fn ? lineOf(fn, sourceFile) : 1,
      exported: isExportedFunction(fn),
    },
    model: modelOf(call, context.checker),
    ...(call.sdkVersion ? { sdkVersion: call.sdkVersion } : {}),
  };
}

/**
 * Whether a file imports the package, for its side effects or its exports (`import 'x'`,
 * `require('x')`). Kept per parse: an edit re-reads only the edited file's text, not the workspace's.
 */
function importsPackage(file: ts.SourceFile, pkg: string): boolean {
  let byPackage = importedPackages.get(file);
  if (!byPackage) importedPackages.set(file, (byPackage = new Map<string, boolean>()));
  let found = byPackage.get(pkg);
  if (found === undefined) {
    found =
      file.text.includes(pkg) &&
      new RegExp(`(?:\\bimport|\\bfrom|\\brequire\\s*\\()\\s*['"]${escapeRegExp(pkg)}['"]`).test(file.text);
    byPackage.set(pkg, found);
  }
  return found;
}

const importedPackages = new WeakMap<ts.SourceFile, Map<string, boolean>>();
