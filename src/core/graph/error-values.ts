import { ts } from 'ts-morph';
import {
  boundNames,
  catchAround,
  containingStatement,
  enclosingFunction,
  isFunctionLike,
  mentionsIdentifier,
  unwrapExpression,
  walk,
  walkSameFunction,
} from '../ast';
import { ERROR_VALUE_LIBRARIES } from '../catalog/wrappers';
import { importsOf } from '../imports';
import { handsOn } from './settled';
import type { CalleeResolver } from './streams';

/*
 * Helpers that turn a promise's rejection into a value the code then checks: `const { data, error }
 * = await tryCatch(promise)`, `const [err, reply] = await to(promise)` (await-to-js and its copies),
 * neverthrow's `ResultAsync.fromPromise(promise, toError)`. The model call's failure never rejects
 * the helper's promise; the branch that tests the error decides what the failure does. Read from
 * the helper's body (its catch returns the caught error inside the value) and the caller's syntax.
 */

/**
 * Where the value says it failed: the error at an array index or a property, a neverthrow
 * `Result` (`isErr()`), or a flag that is false on failure (`{ success: false, error }`).
 */
export type ErrorKey = number | string | { result: true } | { flag: string; error?: string };

export interface ErrorValueHelper {
  /** The helper's call that takes the pending promise. */
  call: ts.CallExpression;
  /** Where the error is in the value; absent when the helper's catch gives a value without it (`catch { return null }`). */
  key?: ErrorKey;
  /**
   * The helper's own handler, when it is the workspace's (its catch, or the function its chained
   * `.catch` is given): it ends the failure when the value carries no error (`return null`).
   */
  handler?: { node: ts.Node; body: ts.Node; errorName?: string };
}

/**
 * Per resolver, which is per checker: the helper's body may be in another file, and an edit there
 * makes a new program while this file's nodes stay. Keyed by call and argument.
 */
const found = new WeakMap<CalleeResolver, WeakMap<ts.CallExpression, Map<number, ErrorValueHelper | null>>>();
const UNRESOLVED = new WeakMap<ts.CallExpression, Map<number, ErrorValueHelper | null>>();

/**
 * The helper `node` (a pending promise, not yet awaited) is handed to, when that helper gives the
 * rejection back as a value: a library's, or a workspace function whose parameter is awaited in a
 * try whose catch returns instead of throwing (or chained `.then(...).catch((error) => [error])`).
 */
export function errorValueHelperOf(
  node: ts.Node,
  parent: ts.Node,
  resolve: CalleeResolver | undefined,
): ErrorValueHelper | undefined {
  if (!ts.isCallExpression(parent)) return undefined;
  const index = parent.arguments.indexOf(node as ts.Expression);
  if (index < 0) return undefined;
  let byCall = resolve ? found.get(resolve) : UNRESOLVED;
  if (!byCall) {
    byCall = new WeakMap();
    if (resolve) found.set(resolve, byCall);
  }
  let byIndex = byCall.get(parent);
  if (!byIndex) {
    byIndex = new Map();
    byCall.set(parent, byIndex);
  }
  let helper = byIndex.get(index);
  if (helper === undefined) {
    helper = libraryHelper(parent) ?? workspaceHelper(parent, index, resolve) ?? null;
    byIndex.set(index, helper);
  }
  return helper ?? undefined;
}

function libraryHelper(call: ts.CallExpression): ErrorValueHelper | undefined {
  if (call.arguments.length === 0) return undefined;
  const callee = unwrapExpression(call.expression);
  // `to(promise)`, `fromPromise(promise, toError)`, `ResultAsync.fromPromise(promise, toError)`.
  const root = ts.isPropertyAccessExpression(callee) ? unwrapExpression(callee.expression) : callee;
  if (!ts.isIdentifier(root)) return undefined;
  const imported = importsOf(call.getSourceFile()).get(root.text);
  if (!imported) return undefined;
  const name = ts.isPropertyAccessExpression(callee) ? `${imported.imported}.${callee.name.text}` : imported.imported;
  const library = ERROR_VALUE_LIBRARIES.find((item) => item.module === imported.module && item.exports.includes(name));
  if (!library) return undefined;
  return { call, key: library.errorAt === 'result' ? { result: true } : library.errorAt };
}

function workspaceHelper(
  call: ts.CallExpression,
  index: number,
  resolve: CalleeResolver | undefined,
): ErrorValueHelper | undefined {
  const fn = resolve?.(call);
  const parameter = fn?.parameters[index];
  if (!fn?.body || !parameter || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name)) return undefined;
  const name = parameter.name.text;
  let helper: ErrorValueHelper | undefined;
  walkSameFunction(fn.body, (node) => {
    if (helper) return false;
    if (!ts.isIdentifier(node) || node.text !== name) return undefined;
    const use = node.parent;
    if (ts.isAwaitExpression(use)) {
      const clause = catchAround(use, fn.body!);
      if (clause && !throwsIn(clause.block)) {
        const errorName = catchName(clause);
        helper = { call, handler: { node: clause, body: clause.block, errorName }, ...keyOf(clause.block, errorName) };
      }
    } else if (ts.isPropertyAccessExpression(use) && use.expression === node) {
      const handler = rejectionHandlerIn(use);
      if (handler && !throwsIn(handler.body)) {
        const errorName = parameterName(handler);
        helper = { call, handler: { node: handler, body: handler.body, errorName }, ...keyOf(handler.body, errorName) };
      }
    }
    return undefined;
  });
  return helper;
}

/** `promise.then(f).catch(handler)`, `promise.catch(handler)`, `promise.then(f, handler)`: the handler, as a function written there. */
function rejectionHandlerIn(access: ts.PropertyAccessExpression): ts.ArrowFunction | ts.FunctionExpression | undefined {
  let current: ts.Expression = access;
  while (
    ts.isPropertyAccessExpression(current) &&
    ts.isCallExpression(current.parent) &&
    current.parent.expression === current
  ) {
    const chained = current.parent;
    const method = current.name.text;
    const handler = method === 'catch' ? chained.arguments[0] : method === 'then' ? chained.arguments[1] : undefined;
    const fn = handler && unwrapExpression(handler);
    if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return fn;
    if (method !== 'then' || !ts.isPropertyAccessExpression(chained.parent)) return undefined;
    current = chained.parent;
  }
  return undefined;
}

function throwsIn(body: ts.Node): boolean {
  if (ts.isThrowStatement(body)) return true;
  let throws = false;
  walkSameFunction(body, (node) => {
    if (ts.isThrowStatement(node)) throws = true;
  });
  return throws;
}

function catchName(clause: ts.CatchClause): string | undefined {
  const name = clause.variableDeclaration?.name;
  return name && ts.isIdentifier(name) ? name.text : undefined;
}

function parameterName(fn: ts.FunctionLikeDeclaration): string | undefined {
  const name = fn.parameters[0]?.name;
  return name && ts.isIdentifier(name) ? name.text : undefined;
}

/**
 * Where the value a handler returns holds the caught error: `return [error, undefined]` (index 0),
 * `return { data: null, error }` (`error`); nothing when no returned value holds it.
 */
function keyOf(body: ts.Node, errorName: string | undefined): { key?: ErrorKey } {
  if (!errorName) return {};
  const key = failureKeyOf(body, errorName);
  return key !== undefined && typeof key !== 'object' ? { key } : {};
}

/** Flags a failure result sets to false (`{ success: false, error }`, `{ ok: false }`). */
const FAILURE_FLAGS = new Set(['success', 'ok', 'succeeded']);

/**
 * Where the value a handler returns says it failed: the index or property holding the caught
 * error (`[error, undefined]`, `{ data: null, error }`), or a flag set to false beside it
 * (`{ success: false, error: message }`).
 */
export function failureKeyOf(body: ts.Node, errorName: string | undefined): ErrorKey | undefined {
  const returned: ts.Expression[] = [];
  if (ts.isBlock(body))
    walkSameFunction(body, (node) => {
      if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
    });
  else if (!isFunctionLike(body)) returned.push(body as ts.Expression);
  for (const expression of returned) {
    const value = unwrapExpression(expression);
    if (ts.isArrayLiteralExpression(value) && errorName) {
      const index = value.elements.findIndex((element) => mentionsIdentifier(element, errorName));
      if (index >= 0) return index;
    }
    if (!ts.isObjectLiteralExpression(value)) continue;
    let error: string | undefined;
    let flag: string | undefined;
    for (const property of value.properties) {
      if (errorName && ts.isShorthandPropertyAssignment(property) && property.name.text === errorName)
        error ??= errorName;
      if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
      if (errorName && mentionsIdentifier(property.initializer, errorName)) error ??= property.name.text;
      if (FAILURE_FLAGS.has(property.name.text) && property.initializer.kind === ts.SyntaxKind.FalseKeyword)
        flag = property.name.text;
    }
    if (flag) return { flag, ...(error ? { error } : {}) };
    if (error) return error;
  }
  return undefined;
}

/** How the code around the helper's call reads the error it gives. */
export interface ErrorValueRead {
  /** The code that runs for a failure: the branch of a test of the error (`if (error) { ... }`), or the statement reading it. */
  branch?: ts.Node;
  /** The expression that names the error there (`error`, `result.error`). */
  error?: string;
  /** The value leaves the function whole (returned, handed to another call): the code there decides. */
  handedOn: boolean;
}

/** How the value of `helper`'s call is read, from its holder's names (`const { data, error } = await tryCatch(...)`). */
export function readErrorValue(helper: ErrorValueHelper): ErrorValueRead {
  // Asked by each domain the step reaches (handlers, logging, retries): read once per helper.
  let read = reads.get(helper);
  if (!read) {
    read = readOf(helper);
    reads.set(helper, read);
  }
  return read;
}

const reads = new WeakMap<ErrorValueHelper, ErrorValueRead>();

function readOf(helper: ErrorValueHelper): ErrorValueRead {
  const { call, key } = helper;
  const target = heldIn(call);
  const fn = enclosingFunction(call);
  if (!target || !fn?.body || key === undefined) return { handedOn: true };
  const names = errorNames(target.name, key);
  if (!names) return { handedOn: false };
  const holder = ts.isIdentifier(target.name) ? target.name.text : undefined;
  const declaration = target.statement;
  let branch: ts.Node | undefined;
  let read: ts.Node | undefined;
  let handedOn = false;
  walk(fn.body, (child) => {
    if (child.pos < declaration.end || branch) return branch ? false : undefined;
    if (ts.isIfStatement(child) || ts.isConditionalExpression(child)) {
      const test = ts.isIfStatement(child) ? child.expression : child.condition;
      const failing = testsError(test, names);
      const code = ts.isIfStatement(child)
        ? failing === true
          ? child.thenStatement
          : failing === false
            ? child.elseStatement
            : undefined
        : failing === true
          ? child.whenTrue
          : failing === false
            ? child.whenFalse
            : undefined;
      if (code) branch = code;
    }
    if (!read && isErrorRead(child, names)) read = child;
    if (holder && ts.isIdentifier(child) && child.text === holder && handsOn(child)) handedOn = true;
    return undefined;
  });
  const shown = branch ?? (read && containingStatement(read));
  return { ...(shown ? { branch: shown } : {}), ...(shown && names.error ? { error: names.error } : {}), handedOn };
}

/** The expressions that are the error where the value is held, and the one a handler names it by. */
interface ErrorNames {
  /** `error`, or `result.error` read off the holder; absent when the value says only that it failed. */
  error?: string;
  /** Identifiers that are the error. */
  identifiers: ReadonlySet<string>;
  /** The holder, when the error is read off it (`result.error`, `result[0]`, `result.isErr()`). */
  holder?: string;
  property?: string | number;
  /** A neverthrow `Result`: `isErr()` and `isOk()` test it. */
  result: boolean;
  /** The flag that is false on failure, read off the holder (`outcome.success`) or bound to these identifiers. */
  flag?: string;
  flagIdentifiers: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Where the value of `call` is held: `const { data, error } = await tryCatch(...)`, or assigned to
 * names declared before (`[err, reply] = await to(...)`, as a logging fix writes it in a `try`).
 */
function heldIn(call: ts.CallExpression): { name: ts.BindingName | ts.Expression; statement: ts.Node } | undefined {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) return { name: parent.name, statement: parent };
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node)
    return { name: unwrapExpression(parent.left), statement: parent };
  return undefined;
}

function errorNames(name: ts.BindingName | ts.Expression, key: ErrorKey): ErrorNames | undefined {
  if (typeof key === 'object' && 'result' in key)
    return ts.isIdentifier(name)
      ? {
          error: `${name.text}.error`,
          identifiers: NONE,
          holder: name.text,
          property: 'error',
          result: true,
          flagIdentifiers: NONE,
        }
      : undefined;
  const property = typeof key === 'object' ? key.error : key;
  const flag = typeof key === 'object' ? key.flag : undefined;
  if (ts.isIdentifier(name)) {
    const holder = name.text;
    const error =
      property === undefined
        ? undefined
        : typeof property === 'number'
          ? `${holder}[${property}]`
          : `${holder}.${property}`;
    return {
      ...(error ? { error } : {}),
      identifiers: NONE,
      holder,
      property,
      result: false,
      flag,
      flagIdentifiers: NONE,
    };
  }
  const bound = (at: string | number | undefined): string[] => {
    if (at === undefined) return [];
    if (typeof at === 'number' && (ts.isArrayBindingPattern(name) || ts.isArrayLiteralExpression(name))) {
      const element = name.elements[at];
      if (element && ts.isBindingElement(element) && !element.dotDotDotToken) return boundNames(element.name);
      return element && ts.isIdentifier(element) ? [element.text] : [];
    }
    if (typeof at !== 'string') return [];
    if (ts.isObjectBindingPattern(name)) {
      const element = name.elements.find((item) => (item.propertyName ?? item.name).getText() === at);
      return element && !element.dotDotDotToken ? boundNames(element.name) : [];
    }
    if (!ts.isObjectLiteralExpression(name)) return [];
    // `({ data, error: failure } = await tryCatch(...))`
    for (const property of name.properties) {
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === at) return [at];
      if (ts.isPropertyAssignment(property) && property.name.getText() === at && ts.isIdentifier(property.initializer))
        return [property.initializer.text];
    }
    return [];
  };
  const identifiers = bound(property);
  const flags = bound(flag);
  if (identifiers.length !== 1 && flags.length !== 1) return undefined;
  return {
    ...(identifiers.length === 1 ? { error: identifiers[0] } : {}),
    identifiers: new Set(identifiers.slice(0, 1)),
    result: false,
    flagIdentifiers: new Set(flags.slice(0, 1)),
  };
}

/** `error`, `result.error`, `result[0]` (the error); with `names.flag`, `outcome.success` (the flag). */
function isNamed(expression: ts.Expression, names: ErrorNames, flag = false): boolean {
  const value = unwrapExpression(expression);
  if (ts.isIdentifier(value)) return (flag ? names.flagIdentifiers : names.identifiers).has(value.text);
  const property = flag ? names.flag : names.property;
  if (property === undefined) return false;
  const holder =
    ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)
      ? unwrapExpression(value.expression)
      : undefined;
  if (!holder || !ts.isIdentifier(holder) || holder.text !== names.holder) return false;
  if (ts.isPropertyAccessExpression(value)) return value.name.text === property;
  return (
    ts.isElementAccessExpression(value) &&
    ts.isNumericLiteral(value.argumentExpression) &&
    Number(value.argumentExpression.text) === property
  );
}

/**
 * Whether a condition holds when there is an error (true), when there is none (false), or says
 * nothing of it (undefined): `error`, `!error`, `error !== null`, `err || !reply`, `result.isErr()`,
 * `!outcome.success`, `outcome.ok === false`.
 */
function testsError(expression: ts.Expression, names: ErrorNames): boolean | undefined {
  const test = unwrapExpression(expression);
  if (isNamed(test, names)) return true;
  if (isNamed(test, names, true)) return false;
  if (ts.isPrefixUnaryExpression(test) && test.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = testsError(test.operand, names);
    return inner === undefined ? undefined : !inner;
  }
  if (names.result && ts.isCallExpression(test) && ts.isPropertyAccessExpression(test.expression)) {
    const receiver = unwrapExpression(test.expression.expression);
    if (ts.isIdentifier(receiver) && receiver.text === names.holder) {
      if (test.expression.name.text === 'isErr') return true;
      if (test.expression.name.text === 'isOk') return false;
    }
  }
  if (!ts.isBinaryExpression(test)) return undefined;
  const operator = test.operatorToken.kind;
  // `err || !reply`, `error && isRateLimit(error)`: the branch runs on errors (every one, or some);
  // `!error && reply`: only without one, and the other branch on every error.
  if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.AmpersandAmpersandToken) {
    const sides = [testsError(test.left, names), testsError(test.right, names)];
    return sides.includes(true) ? true : sides.includes(false) ? false : undefined;
  }
  if (operator === ts.SyntaxKind.InstanceOfKeyword) return isNamed(test.left, names) ? true : undefined;
  const equal = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
  const unequal =
    operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
  if (!equal && !unequal) return undefined;
  // `error !== null`: an error; `outcome.success === false`: a failure.
  for (const [subject, other] of [
    [test.left, test.right],
    [test.right, test.left],
  ]) {
    if (isNamed(subject, names) && isNothing(other)) return unequal;
    const literal = unwrapExpression(other).kind;
    if (
      isNamed(subject, names, true) &&
      (literal === ts.SyntaxKind.FalseKeyword || literal === ts.SyntaxKind.TrueKeyword)
    )
      return (literal === ts.SyntaxKind.FalseKeyword) === equal;
  }
  return undefined;
}

function isNothing(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  return value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined');
}

function isErrorRead(node: ts.Node, names: ErrorNames): boolean {
  if (!ts.isExpression(node) || ts.isBindingElement(node.parent)) return false;
  if (ts.isIdentifier(node) && ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return false;
  return isNamed(node, names);
}
