import { ts } from 'ts-morph';

/**
 * How a file is written, read from the file itself so that a fix's lines look like their
 * neighbours: a diff review should show only the intended change, not a reformat.
 */
export interface FileStyle {
  /** One level of indentation: `'  '`, `'    '` or `'\t'`. */
  indentUnit: string;
  quote: "'" | '"';
  /** Statements end with `;`. */
  semicolons: boolean;
  /** Multi-line object literals, arrays and argument lists end with a comma. */
  trailingCommas: boolean;
  newline: '\n' | '\r\n';
  /** Numeric literals use separators (`30_000`). */
  numericSeparators: boolean;
  /** TypeScript syntax (type annotations) is allowed: not a `.js`/`.jsx`/`.mjs`/`.cjs` file. */
  typescript: boolean;
}

const cache = new WeakMap<ts.SourceFile, FileStyle>();

const SEMICOLON_STATEMENTS = new Set([
  ts.SyntaxKind.ExpressionStatement,
  ts.SyntaxKind.VariableStatement,
  ts.SyntaxKind.ReturnStatement,
  ts.SyntaxKind.ThrowStatement,
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.ExportAssignment,
  ts.SyntaxKind.BreakStatement,
  ts.SyntaxKind.ContinueStatement,
]);

export function styleOf(sourceFile: ts.SourceFile): FileStyle {
  const cached = cache.get(sourceFile);
  if (cached) return cached;
  const text = sourceFile.text;
  let single = 0;
  let double = 0;
  let withSemicolon = 0;
  let withoutSemicolon = 0;
  let withComma = 0;
  let withoutComma = 0;
  let separators = false;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) {
      const raw = text[node.getStart(sourceFile)];
      // A string holding the other quote was forced into its quotes: it says nothing about style.
      if (raw === "'" && !node.text.includes('"')) single++;
      else if (raw === '"' && !node.text.includes("'")) double++;
    } else if (ts.isNumericLiteral(node) && node.getText(sourceFile).includes('_')) {
      separators = true;
    }
    if (SEMICOLON_STATEMENTS.has(node.kind)) {
      if (text[node.getEnd() - 1] === ';') withSemicolon++;
      else withoutSemicolon++;
    }
    const list = multiLineList(node, sourceFile);
    if (list) {
      if (list.hasTrailingComma) withComma++;
      else withoutComma++;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const style: FileStyle = {
    indentUnit: detectIndentUnit(text),
    quote: double > single ? '"' : "'",
    semicolons: withSemicolon >= withoutSemicolon,
    trailingCommas: withComma >= withoutComma,
    newline: text.includes('\r\n') ? '\r\n' : '\n',
    numericSeparators: separators,
    typescript: !/\.(?:[cm]?js|jsx)$/.test(sourceFile.fileName),
  };
  cache.set(sourceFile, style);
  return style;
}

/** The elements of an object, array or argument list whose closing bracket sits on its own line. */
function multiLineList(node: ts.Node, sourceFile: ts.SourceFile): ts.NodeArray<ts.Node> | undefined {
  let list: ts.NodeArray<ts.Node> | undefined;
  if (ts.isObjectLiteralExpression(node)) list = node.properties;
  else if (ts.isArrayLiteralExpression(node)) list = node.elements;
  else if (ts.isCallExpression(node)) list = node.arguments;
  if (!list || list.length === 0) return undefined;
  const last = list[list.length - 1];
  const closeLine = sourceFile.getLineAndCharacterOfPosition(node.getEnd()).line;
  const lastLine = sourceFile.getLineAndCharacterOfPosition(last.getEnd()).line;
  return closeLine > lastLine ? list : undefined;
}

/** The most common step between a line's indentation and the next deeper one. */
function detectIndentUnit(text: string): string {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent.startsWith('\t')) {
      tabs++;
      continue;
    }
    const width = indent.length;
    // Block-comment continuation lines (` * text`) sit one column deeper: not a level.
    if (/^\s*\*/.test(line)) continue;
    if (width > 0) spaces++;
    const step = width - previous;
    if (step >= 2 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = width;
  }
  if (tabs > spaces) return '\t';
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return ' '.repeat(best);
}

/** A string literal in the file's quotes. */
export function quote(value: string, style: FileStyle): string {
  const q = style.quote;
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(new RegExp(q, 'g'), `\\${q}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
  return `${q}${escaped}${q}`;
}

/** `30_000` or `30000`, as the file writes its numbers. */
export function formatNumber(value: number, style: FileStyle): string {
  const digits = String(value);
  if (!style.numericSeparators || !/^\d{5,}$/.test(digits)) return digits;
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '_');
}

/** `;` or nothing, as the file ends its statements. */
export function semi(style: FileStyle): string {
  return style.semicolons ? ';' : '';
}

/**
 * A statement line as the file writes it. Without semicolons, a line starting with `(` or `[`
 * would continue the previous statement, so it gets a leading `;`.
 */
export function statementLine(code: string, style: FileStyle): string {
  if (style.semicolons) return code.endsWith(';') ? code : `${code};`;
  const bare = code.endsWith(';') ? code.slice(0, -1) : code;
  return /^[([`]/.test(bare) ? `;${bare}` : bare;
}
