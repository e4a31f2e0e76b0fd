import { ts } from 'ts-morph';
import { scriptKindOf } from '../workspace/script-kind';
import type { Fix, TextEdit } from '../types';

/** What became of one fix when a set of fixes was applied together. */
interface FixOutcome {
  fix: Fix;
  applied: boolean;
  /** Why it was left out: it overlaps another fix, the file is unknown or changed, ... */
  reason?: string;
}

export interface AppliedFile {
  file: string;
  before: string;
  after: string;
  /** The fixes whose edits are in `after`. */
  fixes: Fix[];
  /** Files the fixes create (absolute path, text): not in `before`. */
  created?: boolean;
}

export interface ApplyResult {
  files: AppliedFile[];
  outcomes: FixOutcome[];
}

interface PlacedEdit extends TextEdit {
  fixIndex: number;
  editIndex: number;
}

/**
 * Applies fixes to file texts, in memory. Fixes are taken in order; one whose edits overlap an
 * accepted fix's edits is left out (and reported), so the result never interleaves two changes.
 * Identical edits from several fixes count once; insertions at the same place compose, in fix order;
 * two fixes that each add the same new options object (`, { timeout }` and `, { maxRetries }` as a
 * new argument, `config: { ... }` as a new property) are merged into one object. A file whose result
 * has a syntax error its original did not have is left unchanged and its fixes reported.
 *
 * `readText` returns the text the fixes were computed against (undefined: unknown file).
 * `exists` says whether a file a fix would create is already there (and with what text).
 */
export function applyFixes(
  fixes: readonly Fix[],
  readText: (file: string) => string | undefined,
  exists: (file: string) => string | undefined = () => undefined,
): ApplyResult {
  const outcomes: FixOutcome[] = [];
  const accepted = new Map<string, PlacedEdit[]>();
  const texts = new Map<string, string>();
  const created = new Map<string, { text: string; fix: Fix }>();
  const seen = new Set<string>();
  const unique: Fix[] = [];
  for (const fix of fixes) {
    const key = JSON.stringify([fix.edits, fix.newFiles ?? []]);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(fix);
  }
  unique.forEach((fix, fixIndex) => {
    const problem = checkFix(fix, fixIndex, readText, texts, accepted, created, exists);
    if (problem) {
      outcomes.push({ fix, applied: false, reason: problem });
      return;
    }
    fix.edits.forEach((item, editIndex) => {
      const list = accepted.get(item.file) ?? [];
      list.push({ ...item, fixIndex, editIndex });
      accepted.set(item.file, list);
    });
    for (const file of fix.newFiles ?? [])
      if (exists(file.path) === undefined) created.set(file.path, { text: file.text, fix });
    outcomes.push({ fix, applied: true });
  });

  const files: AppliedFile[] = [];
  for (const [file, edits] of accepted) {
    const before = texts.get(file)!;
    const after = applyEdits(before, edits);
    const fixIndexes = new Set(edits.map((item) => item.fixIndex));
    const fileFixes = [...fixIndexes].map((index) => unique[index]);
    if (introducesSyntaxError(file, before, after)) {
      for (const outcome of outcomes) {
        if (outcome.applied && fileFixes.includes(outcome.fix)) {
          outcome.applied = false;
          outcome.reason = 'the combined edits would not parse';
        }
      }
      continue;
    }
    files.push({ file, before, after, fixes: fileFixes });
  }
  for (const [file, { text, fix }] of created) {
    if (outcomes.some((outcome) => outcome.fix === fix && outcome.applied))
      files.push({ file, before: '', after: text, fixes: [fix], created: true });
  }
  // A fix is applied only if every file it touches was.
  const droppedFixes = new Set(outcomes.filter((outcome) => !outcome.applied).map((outcome) => outcome.fix));
  return {
    files: files
      .map((applied) =>
        applied.fixes.some((fix) => droppedFixes.has(fix))
          ? recompute(applied, accepted.get(applied.file) ?? [], unique, droppedFixes)
          : applied,
      )
      .filter((applied): applied is AppliedFile => applied !== undefined && applied.before !== applied.after),
    outcomes,
  };
}

function recompute(
  applied: AppliedFile,
  edits: PlacedEdit[],
  fixes: readonly Fix[],
  dropped: Set<Fix>,
): AppliedFile | undefined {
  if (applied.created) return undefined;
  const kept = edits.filter((item) => !dropped.has(fixes[item.fixIndex]));
  if (kept.length === 0) return undefined;
  return {
    ...applied,
    after: applyEdits(applied.before, kept),
    fixes: applied.fixes.filter((fix) => !dropped.has(fix)),
  };
}

function checkFix(
  fix: Fix,
  fixIndex: number,
  readText: (file: string) => string | undefined,
  texts: Map<string, string>,
  accepted: Map<string, PlacedEdit[]>,
  created: Map<string, { text: string; fix: Fix }>,
  exists: (file: string) => string | undefined,
): string | undefined {
  for (const file of fix.newFiles ?? []) {
    const existing = exists(file.path);
    if (existing !== undefined && existing !== file.text) return `${file.path} already exists with other content`;
    const other = created.get(file.path);
    if (other && other.text !== file.text) return `another fix creates ${file.path} with other content`;
  }
  for (const item of fix.edits) {
    let text = texts.get(item.file);
    if (text === undefined) {
      text = readText(item.file);
      if (text === undefined) return `cannot read ${item.file}`;
      texts.set(item.file, text);
    }
    if (item.start < 0 || item.end < item.start || item.end > text.length)
      return `its edit is outside ${item.file} (the file changed?)`;
    for (const other of accepted.get(item.file) ?? []) {
      if (other.fixIndex === fixIndex || sameEdit(other, item)) continue;
      if (overlaps(item, other)) return 'it overlaps another fix';
      if (!mergeable(item, other)) return 'it writes the same option as another fix';
    }
  }
  return undefined;
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Two edits clash when their ranges intersect, or an insertion falls strictly inside a replacement. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  const aInsert = a.start === a.end;
  const bInsert = b.start === b.end;
  if (aInsert && bInsert) return false;
  if (aInsert) return a.start > b.start && a.start < b.end;
  if (bInsert) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/**
 * Two insertions at the same place compose unless they write the same option: two new objects
 * merge only when they are the same kind of object and set different keys; two properties must
 * have different keys.
 */
function mergeable(a: TextEdit, b: TextEdit): boolean {
  if (a.start !== a.end || b.start !== b.end || a.start !== b.start) return true;
  const left = CONTAINER.exec(a.newText);
  const right = CONTAINER.exec(b.newText);
  if (left && right && (left[1] !== right[1] || left[2] !== right[2] || left[4] !== right[4])) return false;
  const leftKeys = new Set(insertedKeys(a.newText));
  return !insertedKeys(b.newText).some((key) => leftKeys.has(key));
}

/** The option keys an insertion writes: `config.abortSignal` for a new `config: { abortSignal }`. */
function insertedKeys(text: string): string[] {
  const container = CONTAINER.exec(text);
  if (container) {
    const prefix = container[2] ? `${container[2].slice(0, -2)}.` : '';
    return topLevelKeys(container[3]).map((key) => `${prefix}${key}`);
  }
  const property = /^[,\s]*([A-Za-z_$][\w$]*|"[^"\n]*")\s*(?::|,|$)/.exec(text);
  return property ? [property[1]] : [];
}

/** A new options object: `, { key: value }` (a new argument) or `,\n  name: { key: value },` (a new property). */
const CONTAINER = /^(,? ?|,?\r?\n[ \t]*)((?:[A-Za-z_$][\w$]*|"[^"\n]*"): )?\{ ([^\n]*) \}(,?)$/;

/** The edits applied to `text`: same-place insertions in fix order, identical edits once, new objects merged. */
export function applyEdits(text: string, edits: readonly PlacedEdit[]): string {
  const distinct: PlacedEdit[] = [];
  for (const item of edits) if (!distinct.some((other) => sameEdit(other, item))) distinct.push(item);
  const ordered = [...distinct].sort(
    (a, b) =>
      a.start - b.start || a.end - a.start - (b.end - b.start) || a.fixIndex - b.fixIndex || a.editIndex - b.editIndex,
  );
  const merged = mergeContainers(ordered);
  let result = '';
  let cursor = 0;
  for (const item of merged) {
    result += text.slice(cursor, item.start) + item.newText;
    cursor = Math.max(cursor, item.end);
  }
  return result + text.slice(cursor);
}

/** Insertions of new objects at the same place by different fixes become one object. */
function mergeContainers(edits: PlacedEdit[]): PlacedEdit[] {
  const result: PlacedEdit[] = [];
  for (const item of edits) {
    const previous = result[result.length - 1];
    if (
      previous &&
      previous.start === item.start &&
      previous.end === item.start &&
      item.end === item.start &&
      previous.fixIndex !== item.fixIndex
    ) {
      const a = CONTAINER.exec(previous.newText);
      const b = CONTAINER.exec(item.newText);
      if (a && b && a[1] === b[1] && a[2] === b[2] && a[4] === b[4] && !sharesKey(a[3], b[3])) {
        result[result.length - 1] = { ...previous, newText: `${a[1]}${a[2] ?? ''}{ ${a[3]}, ${b[3]} }${a[4]}` };
        continue;
      }
    }
    result.push(item);
  }
  return result;
}

/** Do two `key: value, key2: value2` bodies set the same key (merging would duplicate it)? */
function sharesKey(a: string, b: string): boolean {
  const left = new Set(topLevelKeys(a));
  return topLevelKeys(b).some((key) => left.has(key));
}

/** The keys of `a: 1, b: f(x, y), c` (commas inside brackets do not separate). */
function topLevelKeys(body: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index <= body.length; index++) {
    const char = body[index];
    if (char === '(' || char === '{' || char === '[') depth++;
    else if (char === ')' || char === '}' || char === ']') depth--;
    else if ((char === ',' && depth === 0) || index === body.length) {
      const match = /^\s*([A-Za-z_$][\w$]*|"[^"]*")\s*(?::|$)/.exec(body.slice(start, index));
      if (match) keys.push(match[1]);
      start = index + 1;
    }
  }
  return keys;
}

/**
 * Whether the edits made the file parse worse. Parse only (no emit, no program): on a 50 MB file a
 * transpile took 30 s and 1.3 GB, twice. The text before is parsed only when the text after has
 * errors (the analyser reads only files that parse, so usually it is not needed at all).
 */
function introducesSyntaxError(file: string, before: string, after: string): boolean {
  const afterErrors = syntaxErrorCount(file, after);
  return afterErrors > 0 && afterErrors > syntaxErrorCount(file, before);
}

function syntaxErrorCount(file: string, text: string): number {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKindOf(file));
  // The parser's own diagnostics: internal but stable; a program is the public way and far slower.
  const { parseDiagnostics } = sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] };
  if (parseDiagnostics) return parseDiagnostics.length;
  return (
    ts.transpileModule(text, {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve },
    }).diagnostics?.length ?? 0
  );
}
