const C_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

/**
 * A path in a `---`/`+++` line as git writes it, so that `git apply` and `patch` read the name
 * whole: C-quoted (octal bytes for non-ASCII) when it holds a quote, a backslash, a control or a
 * non-ASCII character; followed by a tab when it holds a space.
 */
export function headerPath(prefix: string, path: string): string {
  const name = `${prefix}${path}`;
  // eslint-disable-next-line no-control-regex
  if (!/["\\\x00-\x1f\x7f-\u{10ffff}]/u.test(name)) return name.includes(' ') ? `${name}\t` : name;
  let quoted = '';
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    if (C_ESCAPES[char] !== undefined) quoted += C_ESCAPES[char];
    else if (code < 0x20 || code === 0x7f) quoted += `\\${code.toString(8).padStart(3, '0')}`;
    else if (code > 0x7f)
      for (const byte of Buffer.from(char, 'utf8')) quoted += `\\${byte.toString(8).padStart(3, '0')}`;
    else quoted += char;
  }
  return `"${quoted}"${name.includes(' ') ? '\t' : ''}`;
}

/**
 * A unified diff of two texts (what `--fix-dry-run` prints), in the format `git apply` and
 * `patch -p1` read: `--- a/path`, `+++ b/path`, hunks with three lines of context.
 */
export function unifiedDiff(
  path: string,
  before: string,
  after: string,
  options: { created?: boolean; context?: number } = {},
): string {
  if (before === after) return '';
  const context = options.context ?? 3;
  const a = splitLines(before);
  const b = splitLines(after);
  // A last line without its line break differs from the same text with one.
  const keys = (side: { lines: string[]; finalNewline: boolean }): string[] =>
    side.finalNewline
      ? side.lines
      : side.lines.map((line, index) => (index === side.lines.length - 1 ? `${line}\u0000` : line));
  const operations = diffAround(keys(a), keys(b), context).map((op) => ({
    ...op,
    text: op.kind === '+' ? b.lines[op.bIndex] : a.lines[op.aIndex],
  }));
  const hunks = toHunks(operations, context);
  const header = [`--- ${options.created ? '/dev/null' : headerPath('a/', path)}`, `+++ ${headerPath('b/', path)}`];
  const body: string[] = [];
  for (const hunk of hunks) {
    body.push(`@@ -${range(hunk.aStart, hunk.aCount)} +${range(hunk.bStart, hunk.bCount)} @@`);
    for (const line of hunk.lines) {
      body.push(line.text);
      if (line.noNewline) body.push('\\ No newline at end of file');
    }
  }
  return `${[...header, ...body].join('\n')}\n`;

  function range(start: number, count: number): string {
    return count === 1 ? `${start}` : `${start},${count}`;
  }
  interface HunkLine {
    text: string;
    noNewline?: boolean;
  }
  interface Hunk {
    aStart: number;
    aCount: number;
    bStart: number;
    bCount: number;
    lines: HunkLine[];
  }
  function toHunks(ops: Operation[], size: number): Hunk[] {
    const result: Hunk[] = [];
    let index = 0;
    while (index < ops.length) {
      while (index < ops.length && ops[index].kind === ' ') index++;
      if (index >= ops.length) break;
      const start = Math.max(0, index - size);
      let end = index;
      // Extend while changes are closer than two contexts apart.
      for (let cursor = index; cursor < ops.length; cursor++) {
        if (ops[cursor].kind !== ' ') end = cursor;
        else if (cursor - end > size * 2) break;
      }
      const stop = Math.min(ops.length, end + size + 1);
      const slice = ops.slice(start, stop);
      const first = slice[0];
      const hunk: Hunk = {
        aStart: first.aIndex + 1,
        bStart: first.bIndex + 1,
        aCount: slice.filter((op) => op.kind !== '+').length,
        bCount: slice.filter((op) => op.kind !== '-').length,
        lines: slice.map((op) => ({
          text: `${op.kind}${op.text}`,
          noNewline:
            (op.kind !== '+' && op.aIndex === a.lines.length - 1 && !a.finalNewline) ||
            (op.kind !== '-' && op.bIndex === b.lines.length - 1 && !b.finalNewline),
        })),
      };
      if (hunk.aCount === 0) hunk.aStart = first.aIndex;
      if (hunk.bCount === 0) hunk.bStart = first.bIndex;
      result.push(hunk);
      index = stop;
    }
    return result;
  }
}

interface Operation {
  kind: ' ' | '-' | '+';
  text: string;
  /** Index of the line in `a` (for ' ' and '-') or of the next `a` line (for '+'). */
  aIndex: number;
  bIndex: number;
}

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

/**
 * The line diff of the lines between the common head and tail, with `context` unchanged lines on
 * each side: a fix changes a few lines of a file, and Myers' trace over a 50 MB file's half a
 * million lines held gigabytes.
 */
function diffAround(a: readonly string[], b: readonly string[], context: number): Operation[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const unchanged = (aIndex: number, bIndex: number): Operation => ({ kind: ' ', text: a[aIndex], aIndex, bIndex });
  const before: Operation[] = [];
  for (let index = Math.max(0, head - context); index < head; index++) before.push(unchanged(index, index));
  const middle = diffLines(a.slice(head, a.length - tail), b.slice(head, b.length - tail)).map((op) => ({
    ...op,
    aIndex: op.aIndex + head,
    bIndex: op.bIndex + head,
  }));
  const after: Operation[] = [];
  for (let offset = 0; offset < Math.min(tail, context); offset++)
    after.push(unchanged(a.length - tail + offset, b.length - tail + offset));
  return [...before, ...middle, ...after];
}

/** Myers' O(ND) line diff. */
function diffLines(a: readonly string[], b: readonly string[]): Operation[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max;
  let v = new Array<number>(2 * max + 2).fill(0);
  const trace: number[][] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  trace.push(v.slice());
  // Walk back through the trace to recover the edit script.
  const operations: Operation[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    v = trace[d];
    const k = x - y;
    const previousK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const previousX = v[offset + previousK];
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
      operations.push({ kind: ' ', text: a[x], aIndex: x, bIndex: y });
    }
    if (d === 0) break;
    if (x === previousX) {
      y--;
      operations.push({ kind: '+', text: b[y], aIndex: x, bIndex: y });
    } else {
      x--;
      operations.push({ kind: '-', text: a[x], aIndex: x, bIndex: y });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    operations.push({ kind: ' ', text: a[x], aIndex: x, bIndex: y });
  }
  return operations.reverse();
}
