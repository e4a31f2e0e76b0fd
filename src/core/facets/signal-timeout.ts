import { ts } from 'ts-morph';
import {
  declarationOf,
  enclosingFunction,
  isFunctionLike,
  numericValue,
  propertyName,
  resolveObjectLiteral,
  unwrapExpression,
  walk,
} from '../ast';
import { cockatielPolicies, executedBy } from './cockatiel';
import { calledFunction } from './handlers';

/** A signal's timer: its duration in ms, or `'timer'` when the duration is not known statically. */
export type SignalTimer = number | 'timer';

/** How deep a signal is followed through variables, helpers and `AbortSignal.any`. */
const MAX_DEPTH = 8;

/**
 * A workspace helper the signal came out of, with the call that ran it: the helper's parameters
 * stand for that call's arguments (`createTimeout(30_000)` → `setTimeout(..., ms)`).
 */
interface Frame {
  fn: ts.FunctionLikeDeclaration;
  call: ts.CallExpression;
}

/**
 * The duration behind a signal: `AbortSignal.timeout(n)`, `AbortSignal.any([...])`, a controller
 * aborted by `setTimeout(() => controller.abort(), n)` in the same function, or the signal a
 * workspace helper returns that arms such a timer (`const { signal, cleanup } = withDeadline(ms)`,
 * `timeoutSignal(ms)`). A signal nothing aborts on a timer (the user's stop button) has none.
 */
export function signalTimeout(
  expression: ts.Expression,
  near: ts.Node,
  checker: ts.TypeChecker,
  frame?: Frame,
  depth = 0,
): SignalTimer | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const next = (inner: ts.Expression, at: ts.Node = near, inFrame: Frame | undefined = frame) =>
    signalTimeout(inner, at, checker, inFrame, depth + 1);
  const node = unwrapExpression(expression);
  // `userSignal ? AbortSignal.any([userSignal, timer.signal]) : timer.signal`: bounded either way.
  if (ts.isConditionalExpression(node)) {
    const both = [next(node.whenTrue), next(node.whenFalse)];
    if (both.some((value) => value === undefined)) return undefined;
    return both.every((value) => typeof value === 'number') ? Math.max(...both) : 'timer';
  }
  if (ts.isCallExpression(node)) {
    const callee = node.expression.getText();
    if (callee === 'AbortSignal.timeout') return msValue(node.arguments[0], frame, checker);
    if (callee === 'AbortSignal.any') {
      const list = node.arguments[0] && unwrapExpression(node.arguments[0]);
      if (!list || !ts.isArrayLiteralExpression(list)) return undefined;
      const timers = list.elements.map((element) => next(element)).filter((value) => value !== undefined);
      const values = timers.filter((value): value is number => typeof value === 'number');
      return values.length ? Math.min(...values) : timers.length ? 'timer' : undefined;
    }
    return returnedSignal(node, undefined, checker, depth);
  }
  if (ts.isIdentifier(node)) {
    const declaration = declarationOf(node, checker);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      return next(declaration.initializer);
    }
    // `const { signal, cleanup } = withDeadline(ms)`: the `signal` the helper returns.
    const destructured = declaration && destructuredFrom(declaration);
    if (destructured) return memberSignal(destructured.initializer, destructured.property, near, checker, depth);
    // `policy.execute(({ signal }) => ...)`: cockatiel's timeout policy aborts that signal.
    const fn = declaration ? enclosingFunction(declaration) : undefined;
    const policy = fn ? executedBy(fn) : undefined;
    const timeout = policy ? cockatielPolicies(policy, checker).find((item) => item.kind === 'timeout') : undefined;
    if (timeout) return numericValue(timeout.call.arguments[0], checker) ?? 'timer';
  }
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    // `const deadline = withDeadline(ms); ... deadline.signal`.
    const holder = declarationOf(node.expression, checker);
    if (holder && ts.isVariableDeclaration(holder) && holder.initializer) {
      const fromHelper = memberSignal(holder.initializer, node.name.text, near, checker, depth);
      if (fromHelper !== undefined) return fromHelper;
    }
    if (node.name.text !== 'signal') return undefined;
    // `controller.signal`, the controller made here or handed out by a helper (`const { controller } = start()`).
    const made = controllerOf(node.expression, undefined, checker, frame, 0);
    return made
      ? controllerTimeout(made.name, made.declaration, made.frame, checker)
      : controllerTimeout(node.expression.text, near, frame, checker);
  }
  return undefined;
}

interface MadeController {
  name: string;
  declaration: ts.Node;
  frame: Frame | undefined;
}

/**
 * The `const controller = new AbortController()` an expression holds (or its `property` holds):
 * through variables, destructuring, object properties and the returns of the workspace helpers
 * that made it.
 */
function controllerOf(
  expression: ts.Expression,
  property: string | undefined,
  checker: ts.TypeChecker,
  frame: Frame | undefined,
  depth: number,
): MadeController | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const again = (inner: ts.Expression, innerProperty: string | undefined, innerFrame = frame) =>
    controllerOf(inner, innerProperty, checker, innerFrame, depth + 1);
  const node = unwrapExpression(expression);
  if (ts.isCallExpression(node)) {
    const fn = calledFunction(node, checker);
    const inner: Frame | undefined = fn && { fn, call: node };
    for (const value of inner ? returnedValues(inner.fn) : []) {
      const found = again(value, property, inner);
      if (found) return found;
    }
    return undefined;
  }
  const declaration = ts.isIdentifier(node) ? declarationOf(node, checker) : undefined;
  const initializer =
    declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
      ? unwrapExpression(declaration.initializer)
      : undefined;
  if (property !== undefined) {
    const held = propertyOf(resolveObjectLiteral(node, checker), property);
    if (held) return again(held, undefined);
    return initializer ? again(initializer, property) : undefined;
  }
  if (ts.isPropertyAccessExpression(node)) return again(node.expression, node.name.text);
  if (initializer && ts.isNewExpression(initializer) && /AbortController$/.test(initializer.expression.getText()))
    return { name: node.getText(), declaration: initializer, frame };
  if (initializer) return again(initializer, undefined);
  const destructured = declaration && destructuredFrom(declaration);
  return destructured ? again(destructured.initializer, destructured.property) : undefined;
}

/** What a function returns: its expression body, or each `return` of its own (not nested functions). */
function returnedValues(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const returned: ts.Expression[] = [];
  walk(fn.body, (child) => {
    if (isFunctionLike(child)) return false;
    if (ts.isReturnStatement(child) && child.expression) returned.push(child.expression);
    return undefined;
  });
  return returned;
}

/** `const { signal } = init` (or `{ signal: s }`): the initializer and the property taken from it. */
function destructuredFrom(declaration: ts.Declaration): { initializer: ts.Expression; property: string } | undefined {
  if (!ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent)) return undefined;
  const variable = declaration.parent.parent;
  if (!ts.isVariableDeclaration(variable) || !variable.initializer) return undefined;
  const key = declaration.propertyName ?? declaration.name;
  const property = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
  return property ? { initializer: variable.initializer, property } : undefined;
}

/** The signal held by `property` of what `expression` evaluates to: an object literal, or a helper's return. */
function memberSignal(
  expression: ts.Expression,
  property: string,
  near: ts.Node,
  checker: ts.TypeChecker,
  depth: number,
): SignalTimer | undefined {
  const node = unwrapExpression(expression);
  if (ts.isCallExpression(node)) return returnedSignal(node, property, checker, depth);
  const value = propertyOf(resolveObjectLiteral(node, checker), property);
  return value ? signalTimeout(value, near, checker, undefined, depth + 1) : undefined;
}

/** The signal a workspace function returns (or the `property` of the object it returns). */
function returnedSignal(
  call: ts.CallExpression,
  property: string | undefined,
  checker: ts.TypeChecker,
  depth: number,
): SignalTimer | undefined {
  const fn = calledFunction(call, checker);
  if (!fn?.body || depth > MAX_DEPTH) return undefined;
  const frame: Frame = { fn, call };
  for (const expression of returnedValues(fn)) {
    const value = property === undefined ? expression : propertyOf(resolveObjectLiteral(expression, checker), property);
    const timer = value ? signalTimeout(value, expression, checker, frame, depth + 1) : undefined;
    if (timer !== undefined) return timer;
  }
  return undefined;
}

function propertyOf(literal: ts.ObjectLiteralExpression | undefined, name: string): ts.Expression | undefined {
  for (const property of literal?.properties ?? []) {
    if (!property.name || propertyName(property.name) !== name) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

/** `setTimeout(() => controller.abort(), n)` in the function the signal is taken in. */
function controllerTimeout(
  controller: string,
  near: ts.Node,
  frame: Frame | undefined,
  checker: ts.TypeChecker,
): SignalTimer | undefined {
  const scope = enclosingFunction(near)?.body ?? near.getSourceFile();
  let ms: SignalTimer | undefined;
  walk(scope, (node) => {
    if (ms !== undefined) return false;
    if (ts.isCallExpression(node) && node.expression.getText() === 'setTimeout' && node.arguments.length >= 2) {
      if (node.arguments[0].getText().includes(`${controller}.abort`)) ms = msValue(node.arguments[1], frame, checker);
    }
    return undefined;
  });
  return ms;
}

/**
 * A duration: a number the expression evaluates to, or in a helper the argument its call passed
 * for the parameter (`createTimeout(30_000)`, or the parameter's default); any other value is a
 * timer whose duration is not known statically.
 */
function msValue(
  expression: ts.Expression | undefined,
  frame: Frame | undefined,
  checker: ts.TypeChecker,
): SignalTimer {
  const known = numericValue(expression, checker);
  if (known !== undefined) return known;
  const node = expression && unwrapExpression(expression);
  const parameter = node && ts.isIdentifier(node) ? declarationOf(node, checker) : undefined;
  if (frame && parameter && ts.isParameter(parameter) && parameter.parent === frame.fn) {
    const index = frame.fn.parameters.indexOf(parameter);
    const argument = frame.call.arguments[index];
    const value = argument ? numericValue(argument, checker) : numericValue(parameter.initializer, checker);
    if (value !== undefined) return value;
  }
  return 'timer';
}

/**
 * Whether a signal's timer still runs while a streamed response is read. A timer cleared right
 * after the call returns (`clearTimeout(timer)`, the helper's `cleanup()`) bounds only the wait for
 * the response; one cleared after the stream is read (`for await`, an awaited result, a `finally`
 * around the loop) or never cleared in the function bounds the stream too. Clears in nested
 * functions (`onFinish: () => cleanup()`) and in `catch` blocks run once the stream has ended or failed.
 */
export function signalCoversStream(signal: ts.Expression, call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const scope = enclosingFunction(call)?.body;
  if (!scope) return true;
  const related = relatedDeclarations(signal, checker);
  let clear: ts.Node | undefined;
  const consumed: ts.Node[] = [];
  walk(scope, (node) => {
    if (node === call || isFunctionLike(node) || ts.isCatchClause(node)) return false;
    if (node.getStart() < call.getEnd()) return undefined;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) consumed.push(node);
    if (!clear && ts.isCallExpression(node) && clearsTimer(node, related, checker)) clear = node;
    return undefined;
  });
  if (!clear) return true;
  const clearStart = clear.getStart();
  return consumed.some((node) => node.getStart() < clearStart);
}

/** `clearTimeout(...)`, or a call of what the signal came with (`cleanup()`, `deadline.clear()`). */
function clearsTimer(node: ts.CallExpression, related: Set<ts.Declaration>, checker: ts.TypeChecker): boolean {
  const callee = unwrapExpression(node.expression);
  if (callee.getText() === 'clearTimeout') return true;
  const name = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
  if (!ts.isIdentifier(name)) return false;
  const declaration = declarationOf(name, checker);
  return declaration !== undefined && related.has(declaration);
}

/** The declarations a signal came with: its destructuring's other bindings, or the object it is read from. */
function relatedDeclarations(signal: ts.Expression, checker: ts.TypeChecker): Set<ts.Declaration> {
  const related = new Set<ts.Declaration>();
  let node = unwrapExpression(signal);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const holder = declarationOf(node.expression, checker);
      if (holder) related.add(holder);
      break;
    }
    const declaration = ts.isIdentifier(node) ? declarationOf(node, checker) : undefined;
    if (!declaration) break;
    if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
      for (const element of declaration.parent.elements) if (element !== declaration) related.add(element);
      break;
    }
    if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) break;
    node = unwrapExpression(declaration.initializer);
  }
  return related;
}
