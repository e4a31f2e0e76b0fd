import { ts } from 'ts-morph';
import { memoOf } from '../analysis-memo';
import { aliasTarget } from '../ast';
import { propertyText } from './edits/object-option';
import { type FileStyle, quote, statementLine } from './style';

/** A field of a structured log record: its key and the code of its value. */
export type RecordField = [key: string, valueCode: string];

export type LogLevel = 'info' | 'warn' | 'error';

/** How to call the logger in scope: `logger.error(record, 'message')`, `console.error(record)`. */
export interface LogCall {
  callee: string;
  /** Where the record goes among the arguments, and the message text when the logger wants one. */
  shape: 'record' | 'record-message' | 'message-record';
}

const LOGGER_NAMES = ['logger', 'log'];

/**
 * The project's logger when one is in scope at `location` (a `logger` or `log` value whose
 * `level` method takes a record, pino- or winston-style), else `console`.
 */
export function loggerAt(location: ts.Node, level: LogLevel, checker: ts.TypeChecker): LogCall {
  for (const name of LOGGER_NAMES) {
    const symbol = resolve(name, location, checker);
    if (!symbol) continue;
    const shape = rememberedShape(symbol, location, level, checker);
    if (shape) return { callee: `${name}.${level}`, shape };
  }
  return { callee: `console.${level}`, shape: 'record' };
}

function resolve(name: string, location: ts.Node, checker: ts.TypeChecker): ts.Symbol | undefined {
  try {
    return checker.resolveName(name, location, ts.SymbolFlags.Value, false);
  } catch {
    return undefined;
  }
}

/**
 * The logger's call shape, which depends on its declared type alone (every `location` a fix passes
 * is a statement or a call, never a reference the checker would narrow). An editor session keeps
 * it per declaration: a new program's checker infers the logger's type again, 5 ms of each edit
 * in a provider file of a real repository.
 */
function rememberedShape(
  symbol: ts.Symbol,
  location: ts.Node,
  level: LogLevel,
  checker: ts.TypeChecker,
): LogCall['shape'] | undefined {
  const memo = memoOf(checker);
  if (!memo) return recordShape(symbol, location, level, checker);
  const target = aliasTarget(symbol, checker);
  const declaration = target?.valueDeclaration ?? target?.declarations?.[0];
  if (!declaration) return recordShape(symbol, location, level, checker);
  return memo.declared(declaration, `log-shape:${level}`, () => recordShape(symbol, location, level, checker));
}

function recordShape(
  symbol: ts.Symbol,
  location: ts.Node,
  level: LogLevel,
  checker: ts.TypeChecker,
): LogCall['shape'] | undefined {
  const type = checker.getTypeOfSymbolAtLocation(symbol, location);
  // `any`: the logger's module is outside the analysed program (or untyped JavaScript), so its call
  // shape is unknown; console's is not.
  if (type.flags & ts.TypeFlags.Any) return undefined;
  const method = type.getProperty(level);
  if (!method) return undefined;
  const methodType = checker.getTypeOfSymbolAtLocation(method, location);
  for (const signature of methodType.getCallSignatures()) {
    const parameters = signature.getParameters();
    const required = requiredCount(parameters);
    const typeAt = (index: number): ts.Type | undefined => {
      const parameter = parameters[index];
      if (!parameter) return undefined;
      const parameterType = checker.getTypeOfSymbolAtLocation(parameter, location);
      // A rest parameter (`...meta: unknown[]`) takes its element type.
      const declaration = parameter.valueDeclaration;
      if (declaration && ts.isParameter(declaration) && declaration.dotDotDotToken)
        return checker.getIndexTypeOfType(parameterType, ts.IndexKind.Number) ?? parameterType;
      return parameterType;
    };
    const first = typeAt(0);
    const second = typeAt(1);
    if (!first) continue;
    if (acceptsRecord(first, checker)) {
      if (required <= 1) return 'record';
      if (required === 2 && second && acceptsString(second, checker)) return 'record-message';
      continue;
    }
    if (acceptsString(first, checker) && second && acceptsRecord(second, checker) && required <= 2)
      return 'message-record';
  }
  return undefined;
}

/** Parameters a call must pass: not optional, not defaulted, not rest. */
function requiredCount(parameters: readonly ts.Symbol[]): number {
  let count = 0;
  for (const parameter of parameters) {
    const declaration = parameter.valueDeclaration;
    if (!declaration || !ts.isParameter(declaration)) return count;
    if (declaration.questionToken || declaration.initializer || declaration.dotDotDotToken) break;
    count++;
  }
  return count;
}

/** Does a parameter of this type take an object literal of our fields (strings, numbers, unknown values)? */
function acceptsRecord(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) return true;
  if (type.isUnion()) return type.types.some((member) => acceptsRecord(member, checker));
  if (!(type.flags & ts.TypeFlags.Object) || type.getCallSignatures().length > 0) return false;
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  if (index) return !!(index.type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown));
  // `{}` or an interface whose properties are all optional and typed loosely.
  return type.getProperties().length === 0;
}

function acceptsString(type: ts.Type, checker: ts.TypeChecker): boolean {
  try {
    return checker.isTypeAssignableTo(checker.getStringType(), type);
  } catch {
    return false;
  }
}

/**
 * `console.error({ ... })` as statement lines. One line when it fits in 100 columns, else one field
 * per line with the file's indentation and trailing-comma habit.
 */
export function logStatement(
  log: LogCall,
  fields: readonly RecordField[],
  message: string,
  style: FileStyle,
  column = 0,
): string[] {
  const oneLineRecord = `{ ${fields.map(([key, value]) => propertyText(key, value)).join(', ')} }`;
  const messageText = quote(message, style);
  const args = (record: string): string =>
    log.shape === 'record'
      ? record
      : log.shape === 'record-message'
        ? `${record}, ${messageText}`
        : `${messageText}, ${record}`;
  const oneLine = statementLine(`${log.callee}(${args(oneLineRecord)})`, style);
  if (column + oneLine.length <= 100) return [oneLine];
  const fieldLines = fields.map(
    ([key, value], index) =>
      `${style.indentUnit}${propertyText(key, value)}${index < fields.length - 1 || style.trailingCommas ? ',' : ''}`,
  );
  const open = log.shape === 'message-record' ? `${log.callee}(${messageText}, {` : `${log.callee}({`;
  const close = log.shape === 'record-message' ? `}, ${messageText})` : '})';
  return [open, ...fieldLines, statementLine(close, style)];
}

/** Record fields every failure log shares: the error's class and HTTP status, without any cast. */
export function errorFields(errorName: string, style: FileStyle): RecordField[] {
  return [
    ['error', `${errorName} instanceof Error ? ${errorName}.name : String(${errorName})`],
    [
      'status',
      `typeof ${errorName} === ${quote('object', style)} && ${errorName} !== null && ${quote('status', style)} in ${errorName} ? ${errorName}.status : undefined`,
    ],
  ];
}

/**
 * The error's message: the record must say what went wrong, not only its class and status (a
 * stream's `onError` failure, or a failure a handler recovers from, is seen nowhere else).
 */
export function messageField(errorName: string): RecordField {
  return ['message', `${errorName} instanceof Error ? ${errorName}.message : undefined`];
}
