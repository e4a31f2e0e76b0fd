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
  /** The model calls detected in a file. */
  readonly detections = new FileValues((file) => this.stampOf(file));
  /** The quick fixes of a file's findings. */
  readonly fixes = new FileValues((file) => this.stampOf(file));
  private declaredValues = new WeakMap<ts.Node, { stamp: string; byKey: Map<string, unknown> }>();

  /**
   * An edit may change what the code of `files` resolves to: the edited file and its importers.
   * `resolvedIn` narrows that for what names resolve to (`resolution`), when the edit kept the
   * types every other file sees (see `keepsShape`): only names in the edited file, and names
   * elsewhere that resolved to a declaration in it (a node of its old parse), are asked again.
   */
  invalidate(files: Iterable<string>, resolvedIn: Iterable<string> = files): void {
    for (const file of files) bump(this.generations, file);
    for (const file of resolvedIn) bump(this.resolutionGenerations, file);
  }

  clear(): void {
    this.epoch++;
    this.generations.clear();
    this.resolutionGenerations.clear();
    this.resolutions = new WeakMap();
    this.declaredValues = new WeakMap();
    this.detections.clear();
    this.fixes.clear();
  }

  /** What a call (or other name) resolves to, remembered while its file's answers hold. */
  resolution(node: ts.Node, resolve: () => ts.Node | undefined): ts.Node | undefined {
    const stamp = this.resolutionStampOf(node.getSourceFile().fileName);
    const known = this.resolutions.get(node);
    if (
      known?.stamp === stamp &&
      (known.resolvedIn === undefined || known.resolvedStamp === this.resolutionStampOf(known.resolvedIn))
    )
      return known.resolved;
    const resolved = resolve();
    const resolvedIn = resolved?.getSourceFile().fileName;
    this.resolutions.set(node, {
      stamp,
      resolved,
      resolvedIn,
      resolvedStamp: resolvedIn === undefined ? '' : this.resolutionStampOf(resolvedIn),
    });
    return resolved;
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
