import type { ts } from 'ts-morph';
import { type FileIndex, fileIndexOf } from './file-index';

/** What a file's index holds names of: calls, arguments passed by name, class methods, `new`s, array elements, iterations. */
export type NameKind = Exclude<keyof FileIndex, 'allCalls'>;

const KINDS: readonly NameKind[] = ['calls', 'passed', 'classMethods', 'constructions', 'listed', 'iterated', 'typed'];

/**
 * Which of the workspace's files hold a name, per kind (see `FileIndex`): the caller search and
 * the client tracer ask it for each name instead of looking in every file. It outlives programs:
 * parsed files do too (an edit reparses only the edited file), so a new program re-indexes only
 * the files whose parse changed. Looking in every file per name cost a third of an edit's time on
 * a real repository (2 000 files, the same loops for each name in each new program).
 */
export class NameIndex {
  /** The parse of each file the index holds, by file name. */
  private readonly indexed = new Map<string, ts.SourceFile>();
  private readonly byKind = new Map<NameKind, Map<string, Set<ts.SourceFile>>>(
    KINDS.map((kind) => [kind, new Map<string, Set<ts.SourceFile>>()]),
  );

  /** The index over `files` (one program's workspace files), which it brings up to date on first use. */
  over(files: () => readonly ts.SourceFile[]): WorkspaceNames {
    return new WorkspaceNames(this, files);
  }

  /** Indexes the files whose parse is new, forgets the files no longer given. */
  sync(files: readonly ts.SourceFile[]): void {
    const current = new Set<string>();
    for (const file of files) {
      current.add(file.fileName);
      const known = this.indexed.get(file.fileName);
      if (known === file) continue;
      if (known) this.drop(known);
      this.add(file);
    }
    for (const [name, file] of this.indexed) if (!current.has(name)) this.drop(file);
  }

  /** The files holding `name` as `kind`, in no particular order. */
  holding(kind: NameKind, name: string): ReadonlySet<ts.SourceFile> | undefined {
    return this.byKind.get(kind)?.get(name);
  }

  private add(file: ts.SourceFile): void {
    this.indexed.set(file.fileName, file);
    const index = fileIndexOf(file);
    for (const kind of KINDS) {
      const byName = this.byKind.get(kind) as Map<string, Set<ts.SourceFile>>;
      for (const name of index[kind].keys()) {
        const holders = byName.get(name);
        if (holders) holders.add(file);
        else byName.set(name, new Set([file]));
      }
    }
  }

  private drop(file: ts.SourceFile): void {
    this.indexed.delete(file.fileName);
    const index = fileIndexOf(file);
    for (const kind of KINDS) {
      const byName = this.byKind.get(kind) as Map<string, Set<ts.SourceFile>>;
      for (const name of index[kind].keys()) {
        const holders = byName.get(name);
        holders?.delete(file);
        if (holders?.size === 0) byName.delete(name);
      }
    }
  }
}

/** The name index seen from one program: its workspace files, in their order. */
export class WorkspaceNames {
  private positions: Map<string, number> | undefined;

  constructor(
    private readonly index: NameIndex,
    private readonly files: () => readonly ts.SourceFile[],
  ) {}

  /**
   * The workspace's files holding `name` as `kind`, in the order of the workspace's files; with
   * `among` (file names, each with its position), only those files, in that order.
   */
  holding(kind: NameKind, name: string, among?: ReadonlyMap<string, number>): ts.SourceFile[] {
    // Brings the index up to date first, whatever order is asked for.
    const workspace = this.positionsOfFiles();
    const positions = among ?? workspace;
    const holders = this.index.holding(kind, name);
    if (!holders) return [];
    const found: ts.SourceFile[] = [];
    for (const file of holders) if (positions.has(file.fileName) && workspace.has(file.fileName)) found.push(file);
    return found.sort((a, b) => (positions.get(a.fileName) as number) - (positions.get(b.fileName) as number));
  }

  private positionsOfFiles(): Map<string, number> {
    if (this.positions) return this.positions;
    const files = this.files();
    this.index.sync(files);
    this.positions = new Map(files.map((file, position) => [file.fileName, position]));
    return this.positions;
  }
}

const positionsInSets = new WeakMap<ReadonlySet<string>, ReadonlyMap<string, number>>();

/**
 * Each file of `files` with its position in it, kept while the set lives: the import graph keeps
 * a file's importers until an edit changes an import, so typing costs no walk over them.
 */
export function positionsIn(files: ReadonlySet<string>): ReadonlyMap<string, number> {
  let positions = positionsInSets.get(files);
  if (!positions) {
    positions = new Map([...files].map((file, position) => [file, position]));
    positionsInSets.set(files, positions);
  }
  return positions;
}
