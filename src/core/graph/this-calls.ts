import { ts } from 'ts-morph';
import { unwrapExpression } from '../ast';

/**
 * `this.send()` (and `super.send()`) runs `send` on the instance the calling method runs on. Walking out of an
 * override (`ProviderA.send`) to the base-class method that calls it (`BaseProvider.reply`, with
 * `this.send()`), the instance is a `ProviderA`; one hop further out, a `this.reply()` written in
 * `ProviderB` runs on another instance and is no caller on this path, although the call graph
 * (which joins every override of `send`) lists it.
 *
 * Answers, for a caller of `fn` met on a walk that knows the instance is an `instance`: `false`
 * when the caller cannot be on the path, else the class the instance is then known to be (the
 * more derived of the two), or undefined where the receiver is not `this` (no constraint).
 */
export function thisCallInstance(
  call: ts.CallExpression,
  fn: ts.FunctionLikeDeclaration,
  instance: ts.ClassLikeDeclaration | undefined,
  ancestry: (owner: ts.ClassLikeDeclaration) => readonly ts.ClassLikeDeclaration[],
): ts.ClassLikeDeclaration | false | undefined {
  const callee = unwrapExpression(call.expression);
  // `super.reply()` runs on the same instance as `this.reply()` would.
  const receiver = ts.isPropertyAccessExpression(callee) ? unwrapExpression(callee.expression).kind : undefined;
  if (receiver !== ts.SyntaxKind.ThisKeyword && receiver !== ts.SyntaxKind.SuperKeyword) return undefined;
  const caller = thisClassAt(call);
  const known = instance ?? memberClassOf(fn);
  if (!caller || !known) return caller;
  if (caller === known || ancestry(caller).includes(known)) return caller;
  if (ancestry(known).includes(caller)) return known;
  return false;
}

/**
 * The class whose instance `this` is at a node: the nearest class, unless a `function` in between
 * rebinds it (an arrow keeps the method's `this`).
 */
export function thisClassAt(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionExpression(current) || ts.isFunctionDeclaration(current)) return undefined;
  }
  return undefined;
}

/** The class a method (or an arrow held in a class property) belongs to. */
function memberClassOf(fn: ts.FunctionLikeDeclaration): ts.ClassLikeDeclaration | undefined {
  if ((ts.isMethodDeclaration(fn) || ts.isAccessor(fn)) && ts.isClassLike(fn.parent)) return fn.parent;
  if (ts.isArrowFunction(fn) && ts.isPropertyDeclaration(fn.parent) && ts.isClassLike(fn.parent.parent))
    return fn.parent.parent;
  return undefined;
}
