import { ts } from 'ts-morph';

/**
 * Answers that outlive one program. After an edit the editor re-analyses a few files in a new
 * program, where the checker starts cold; but an answer about the code of file X (which function
 * a call in X resolves to, the fixes of a finding in X) can only change when X changes or when a
 * file X imports, directly or not, changes (its types are what X's code resolves through). The
 * session tells the memo which files an edit may affect; an answer about any other file, whose
 * parsed source is the same object as before, is reused.
 */
export class AnalysisMemo {
  /** Bumped for a file each time an edit may have changed what its code resolves to. */
  private readonly generations = new Map<string, number>();
  /**
   * Bumped for a file each time an edit may have changed what a name in it resolves to, or the
   * declarations in it that names elsewhere resolve to (see `invalidate`).
   */
  private readonly resolutionGenerations = new Map<string, number>();
  /** Bumped when every answer is void (a new program, a config change, a file with global declarations). */
  private epoch = 0;
  private resolutions = new WeakMap<
    ts.Node,
    { stamp: string; resolved: ts.Node | undefined; resolvedIn: string | undefined; resolvedStamp: string }
  >();
  /**
   * Per file, for the version its resolution stamp names: the names that resolved to a declaration
   * in another file, by position. The nodes of an edited file are new objects: this is how an
   * edit finds what the names it did not touch resolved to (see `invalidate`).
   */
  private positioned = new Map<string, { stamp: string; byPlace: Map<string, PlacedResolution> }>();
  /** The edited file's code the last edit left as it was, and the answers of its names before it. */
  private kept: (KeptCode & { stamp: string; before: Map<string, PlacedResolution> }) | undefined;
  /** How many answers were carried over an edit (for tests: each one is a checker query saved). */
  carriedResolutions = 0;
  /** The model calls detected in a file. */
  readonly detections = new FileValues((file) => this.stampOf(file));
  /** The quick fixes of a file's findings. */
  readonly fixes = new FileValues((file) => this.stampOf(file));
  private declaredValues = new WeakMap<ts.Node, { stamp: string; byKey: Map<string, unknown> }>();
  /** Values `readingResolutions` keeps, with the files each read and those files' resolution stamps. */
  private resolvedValues = new WeakMap<ts.Node, Map<string, { value: unknown; read: Map<string, string> }>>();
  /** The files read by each `readingResolutions` computation under way, innermost last. */
  private readonly reading: Set<string>[] = [];
  /** How many values `readingResolutions` gave again without computing them (for tests). */
  reusedValues = 0;

  /**
   * An edit may change what the code of `files` resolves to: the edited file and its importers.
   * `resolvedIn` narrows that for what names resolve to (`resolution`), when the edit kept the
   * types every other file sees (see `keepsShape`): only names in the edited file, and names
   * elsewhere that resolved to a declaration in it (a node of its old parse), are asked again.
   * `kept` narrows it further: the edited file's text outside that span is as it was and resolves
   * as it did (the edit stayed in one comment, or in one function body and kept the function's
   * type), so a name there that resolved to another file, unchanged since, keeps that answer.
   */
  invalidate(files: Iterable<string>, resolvedIn: Iterable<string> = files, kept?: KeptCode): void {
    const before = kept && this.positioned.get(kept.file);
    const beforeStamp = kept && this.resolutionStampOf(kept.file);
    for (const file of files) bump(this.generations, file);
    for (const file of resolvedIn) bump(this.resolutionGenerations, file);
    this.kept =
      kept && before && before.stamp === beforeStamp
        ? { ...kept, stamp: this.resolutionStampOf(kept.file), before: before.byPlace }
        : undefined;
  }

  clear(): void {
    this.epoch++;
    this.generations.clear();
    this.resolutionGenerations.clear();
    this.resolutions = new WeakMap();
    this.positioned.clear();
    this.kept = undefined;
    this.declaredValues = new WeakMap();
    this.resolvedValues = new WeakMap();
    this.detections.clear();
    this.fixes.clear();
  }

  /** What a call (or other name) resolves to, remembered while its file's answers hold. */
  resolution(node: ts.Node, resolve: () => ts.Node | undefined): ts.Node | undefined {
    const file = node.getSourceFile().fileName;
    const stamp = this.resolutionStampOf(file);
    const known = this.resolutions.get(node);
    if (
      known?.stamp === stamp &&
      (known.resolvedIn === undefined || known.resolvedStamp === this.resolutionStampOf(known.resolvedIn))
    ) {
      this.read(file, known.resolvedIn);
      return known.resolved;
    }
    const carried = this.carried(node, file, stamp);
    if (carried) this.carriedResolutions++;
    const resolved = carried ? carried.resolved : resolve();
    const resolvedIn = resolved?.getSourceFile().fileName;
    const resolvedStamp = resolvedIn === undefined ? '' : this.resolutionStampOf(resolvedIn);
    this.resolutions.set(node, { stamp, resolved, resolvedIn, resolvedStamp });
    this.read(file, resolvedIn);
    // Only an answer in another file can be carried over an edit of this one: a declaration in
    // this file is a node of the parse the edit replaces.
    if (resolved && resolvedIn !== undefined && resolvedIn !== file) {
      const place = placeOf(node);
      let positioned = this.positioned.get(file);
      if (positioned?.stamp !== stamp) this.positioned.set(file, (positioned = { stamp, byPlace: new Map() }));
      positioned.byPlace.set(place.key, { text: place.text, resolved, resolvedIn, resolvedStamp });
    }
    return resolved;
  }

  /** The answer `node`'s name had before the last edit, when the edit left its code as it was. */
  private carried(node: ts.Node, file: string, stamp: string): PlacedResolution | undefined {
    const kept = this.kept;
    if (!kept || kept.file !== file || kept.stamp !== stamp) return undefined;
    const start = node.getStart();
    // Before the edited span the text is where it was; after it, it moved by the edit's length.
    const delta = kept.newEnd - kept.end;
    const oldStart = node.end <= kept.start ? start : start >= kept.newEnd ? start - delta : undefined;
    if (oldStart === undefined) return undefined;
    const place = placeOf(node, oldStart);
    const before = kept.before.get(place.key);
    if (!before || before.text !== place.text) return undefined;
    return before.resolvedStamp === this.resolutionStampOf(before.resolvedIn) ? before : undefined;
  }

  /**
   * A value computed from what a declaration's type is (a logger's call shape), kept while the
   * declaration's file and the files it imports are unchanged: its type is made of their code.
   */
  declared<T>(declaration: ts.Node, key: string, compute: () => T): T {
    const stamp = this.stampOf(declaration.getSourceFile());
    let known = this.declaredValues.get(declaration);
    if (known?.stamp !== stamp) this.declaredValues.set(declaration, (known = { stamp, byKey: new Map() }));
    if (known.byKey.has(key)) return known.byKey.get(key) as T;
    const value = compute();
    known.byKey.set(key, value);
    return value;
  }

  /**
   * A value computed from a node's code and from the code its names resolve to (what a catch
   * clause does, reading the helpers it hands the error to), kept across edits while the node's
   * file and every file those names resolved into still resolve as they did. A handler in a file the
   * edit did not touch is described once, not again per keystroke in the file whose call reaches it,
   * unless it reads a helper there. What `compute` reads other than through `resolution` must be
   * reported with `read` (see `calledFunction`), or be a type an edit keeps (see `keepsShape`).
   */
  readingResolutions<T>(node: ts.Node, key: string, compute: () => T): T {
    const file = node.getSourceFile().fileName;
    let byKey = this.resolvedValues.get(node);
    const known = byKey?.get(key);
    if (known && this.stillResolves(known.read)) {
      this.reusedValues++;
      for (const read of known.read.keys()) this.read(read);
      return known.value as T;
    }
    const files = new Set([file]);
    this.reading.push(files);
    let value: T;
    try {
      value = compute();
    } finally {
      this.reading.pop();
    }
    // What the value read, the enclosing computation read too.
    for (const read of files) this.read(read);
    if (!byKey)
      this.resolvedValues.set(node, (byKey = new Map<string, { value: unknown; read: Map<string, string> }>()));
    byKey.set(key, { value, read: new Map([...files].map((read) => [read, this.resolutionStampOf(read)])) });
    return value;
  }

  /** Whether each file still has the resolution stamp it had. */
  private stillResolves(stamps: ReadonlyMap<string, string>): boolean {
    for (const [file, stamp] of stamps) if (this.resolutionStampOf(file) !== stamp) return false;
    return true;
  }

  /** Code of these files was read by the `readingResolutions` computations under way. */
  read(...files: (string | undefined)[]): void {
    if (this.reading.length === 0) return;
    for (const frame of this.reading) for (const file of files) if (file !== undefined) frame.add(file);
  }

  private stampOf(sourceFile: ts.SourceFile): string {
    return `${this.epoch}:${this.generations.get(sourceFile.fileName) ?? 0}`;
  }

  private resolutionStampOf(file: string): string {
    return `${this.epoch}:${this.resolutionGenerations.get(file) ?? 0}`;
  }
}

/**
 * Per program (its checker): the memo of the editor session the program belongs to. A new
 * program's checker starts cold, and the facets and fixes ask it about the same code after every
 * edit (on a real repository the callers' names were 40% of an edit's time); through this, they
 * ask the memo first. A program without a session (the CLI's) has none.
 */
const sessionMemos = new WeakMap<ts.TypeChecker, AnalysisMemo>();

/**
 * The span of an edited file an edit changed, in the old text (`start` to `end`) and in the new
 * (`start` to `newEnd`): outside it the text is the same, and so is what its names resolve to.
 */
export interface KeptCode {
  file: string;
  start: number;
  end: number;
  newEnd: number;
}

/** What a name resolved to, by its place in its file's text (see `AnalysisMemo.positioned`). */
interface PlacedResolution {
  text: string;
  resolved: ts.Node;
  resolvedIn: string;
  resolvedStamp: string;
}

/** A node's place: its kind and start (in the text it had at `start`), and its text to check. */
function placeOf(node: ts.Node, start = node.getStart()): { key: string; text: string } {
  return { key: `${node.kind}@${start}`, text: node.getText() };
}

export function useMemoFor(checker: ts.TypeChecker, memo: AnalysisMemo): void {
  sessionMemos.set(checker, memo);
}

export function memoOf(checker: ts.TypeChecker): AnalysisMemo | undefined {
  return sessionMemos.get(checker);
}

function bump(generations: Map<string, number>, file: string): void {
  generations.set(file, (generations.get(file) ?? 0) + 1);
}

/** Values computed from one file's code, kept while the memo's stamp for the file holds. */
class FileValues {
  private values = new WeakMap<ts.SourceFile, { stamp: string; state: string; byKey: Map<string, unknown> }>();

  constructor(private readonly stampOf: (sourceFile: ts.SourceFile) => string) {}

  clear(): void {
    this.values = new WeakMap();
  }

  /**
   * A value computed from a file's code, the file's analysed `state` (shared by every value of the
   * file, so it is kept once) and a key that captures the rest of what it depends on;
   * `stillValid` checks what the key cannot name in advance.
   */
  remembered<T>(
    sourceFile: ts.SourceFile,
    state: string,
    key: string,
    compute: () => T,
    stillValid?: (value: T) => boolean,
  ): T {
    const stamp = this.stampOf(sourceFile);
    let known = this.values.get(sourceFile);
    // Answers under an older stamp or state can never be asked for again.
    if (known?.stamp !== stamp || known.state !== state)
      this.values.set(sourceFile, (known = { stamp, state, byKey: new Map() }));
    // Equal text, another string: keep this one, so that the file's next values compare references.
    else known.state = state;
    if (known.byKey.has(key)) {
      const value = known.byKey.get(key) as T;
      if (!stillValid || stillValid(value)) return value;
    }
    const value = compute();
    known.byKey.set(key, value);
    return value;
  }
}

/**
 * A file whose edit may change what code in files that do not import it resolves to: a script
 * (its top-level declarations are global) or a module that declares globals or augments a module.
 */
export function declaresGlobals(sourceFile: ts.SourceFile | undefined): boolean {
  if (!sourceFile) return false;
  // The binder marks a CommonJS file (`require`, `module.exports`); `isExternalModule` is ESM only.
  const commonJs = (sourceFile as { commonJsModuleIndicator?: unknown }).commonJsModuleIndicator !== undefined;
  if (!ts.isExternalModule(sourceFile) && !commonJs) return sourceFile.statements.length > 0;
  return sourceFile.statements.some(
    (statement) =>
      ts.isModuleDeclaration(statement) &&
      (statement.name.kind === ts.SyntaxKind.StringLiteral ||
        (statement.flags & ts.NodeFlags.GlobalAugmentation) !== 0),
  );
}
