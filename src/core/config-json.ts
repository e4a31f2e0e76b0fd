/**
 * A small strict JSON reader for the config file that remembers where every value starts.
 *
 * `JSON.parse` is not enough here: on Node 20 many of its errors carry no position ("Unexpected
 * token '}', ... is not valid JSON"), it silently keeps the last of two duplicate keys, and it
 * cannot tell where a value that fails the schema was written. A config error must point at a
 * line and column, so this reader does the whole job in one pass (RFC 8259, nothing more).
 */

/** A syntax error at a 0-based offset into the text. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
    this.name = 'JsonSyntaxError';
  }
}

export interface ParsedJson {
  value: unknown;
  /** Offset of each value by its dotted path (`rules.retry-amplification.1.threshold`); `''` is the root. */
  offsets: Map<string, number>;
  /** Offset of each property name, by the same dotted path (to point at an unknown key itself). */
  keyOffsets: Map<string, number>;
}

/** Deep enough for any config; shallow enough that a hostile file cannot overflow the stack. */
const MAX_DEPTH = 64;

export function parseJsonWithOffsets(text: string): ParsedJson {
  const reader = new Reader(text);
  reader.skipWhitespace();
  const value = reader.readValue('', 0);
  reader.skipWhitespace();
  if (!reader.atEnd()) reader.fail(`unexpected ${reader.describeHere()} after the end of the JSON value`);
  return { value, offsets: reader.offsets, keyOffsets: reader.keyOffsets };
}

/** 1-based line and column (in UTF-16 code units, like editors) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function joinPath(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

class Reader {
  readonly offsets = new Map<string, number>();
  readonly keyOffsets = new Map<string, number>();
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(problem: string, at = this.pos): never {
    throw new JsonSyntaxError(at, problem);
  }

  describeHere(): string {
    if (this.atEnd()) return 'end of file';
    const char = this.text[this.pos];
    if (char === '/' && (this.text[this.pos + 1] === '/' || this.text[this.pos + 1] === '*')) {
      return 'comment (comments are not allowed in JSON)';
    }
    return `character ${JSON.stringify(char)}`;
  }

  skipWhitespace(): void {
    while (!this.atEnd()) {
      const char = this.text[this.pos];
      if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') return;
      this.pos++;
    }
  }

  readValue(path: string, depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    this.offsets.set(path, this.pos);
    const char = this.text[this.pos];
    if (char === '{') return this.readObject(path, depth);
    if (char === '[') return this.readArray(path, depth);
    if (char === '"') return this.readString();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.readNumber();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail(`expected a value, found ${this.describeHere()}`);
  }

  private readObject(path: string, depth: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.pos++; // {
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return object;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') {
        const trailing = this.text[this.pos] === '}' ? ' (trailing commas are not allowed)' : '';
        this.fail(`expected a property name in double quotes, found ${this.describeHere()}${trailing}`);
      }
      const keyOffset = this.pos;
      const key = this.readString();
      // A repeated key would silently override the first one; that is a decision nobody sees.
      if (seen.has(key)) this.fail(`duplicate key ${JSON.stringify(key)}`, keyOffset);
      seen.add(key);
      this.keyOffsets.set(joinPath(path, key), keyOffset);
      this.skipWhitespace();
      if (this.text[this.pos] !== ':')
        this.fail(`expected ':' after ${JSON.stringify(key)}, found ${this.describeHere()}`);
      this.pos++;
      this.skipWhitespace();
      // defineProperty, not assignment: a `"__proto__"` key must stay a plain (and so unknown) key.
      Object.defineProperty(object, key, {
        value: this.readValue(joinPath(path, key), depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === '}') {
        this.pos++;
        return object;
      }
      this.fail(`expected ',' or '}' after a property value, found ${this.describeHere()}`);
    }
  }

  private readArray(path: string, depth: number): unknown[] {
    const array: unknown[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return array;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] === ']') this.fail('expected a value, found "]" (trailing commas are not allowed)');
      array.push(this.readValue(joinPath(path, array.length), depth + 1));
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === ']') {
        this.pos++;
        return array;
      }
      this.fail(`expected ',' or ']' after an array element, found ${this.describeHere()}`);
    }
  }

  private readString(): string {
    const start = this.pos;
    this.pos++; // opening quote
    while (!this.atEnd()) {
      const code = this.text.charCodeAt(this.pos);
      if (code === 0x22) {
        this.pos++;
        // The token is now known to be valid JSON, so JSON.parse decodes its escapes exactly.
        return JSON.parse(this.text.slice(start, this.pos)) as string;
      }
      if (code < 0x20) this.fail('unescaped control character (such as a line break) inside a string');
      if (code === 0x5c) this.readEscape();
      else this.pos++;
    }
    return this.fail('unterminated string', start);
  }

  private readEscape(): void {
    const escape = this.text[this.pos + 1];
    if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
      this.pos += 2;
      return;
    }
    if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
      this.pos += 6;
      return;
    }
    this.fail('invalid escape sequence in a string');
  }

  private readNumber(): number {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!match) return this.fail(`invalid number, found ${this.describeHere()}`);
    this.pos += match[0].length;
    // `1e400` becomes Infinity here, as with JSON.parse; the schema then refuses it by name.
    return Number(match[0]);
  }
}
