import { ts } from 'ts-morph';
import { declarationOf, enclosingFunction, isFunctionLike, unwrapExpression, walk } from '../ast';
import type { DetectedCall } from '../detect';
import { boundName, outermost } from '../graph/streams';

/** The methods that subscribe a listener to an emitter's event. */
const SUBSCRIBE = new Set(['on', 'once', 'addListener']);

export interface ErrorListener {
  /** The subscription (`stream.on('error', listener)`). */
  node: ts.CallExpression;
  /** The listener as written: a function, or a name the subscription is given. */
  listener: ts.Expression;
}

/**
 * The listener the code subscribes to the error event of what the call returns (the catalogue's
 * `errorEvent`: an SDK's stream helper emits its failure as `'error'`, besides rejecting where it
 * is read). Found where the result goes:
 * - chained: `client.messages.stream(params).on('text', show).on('error', report)`;
 * - a variable of the function: `const stream = ...; stream.on('error', report)`;
 * - a constructor or function it is handed to: `new StreamReader(stream)` whose parameter, or the
 *   member it keeps it in, gets the listener, directly or through one method of its class
 *   (`this.listen('error', report)` with `listen(event, fn) { this.stream.on(event, fn) }`).
 */
export function errorListenerOf(call: DetectedCall, checker: ts.TypeChecker): ErrorListener | undefined {
  const event = call.shape.errorEvent;
  if (!event) return undefined;
  const chained = inChain(call.node, event);
  if (chained) return chained;
  const result = holderOf(call.node);
  if (!result) return undefined;
  if (ts.isIdentifier(result)) {
    const scope = enclosingFunction(call.node) ?? call.node.getSourceFile();
    const name = result.text;
    const direct = subscriptionIn(scope, event, (receiver) => ts.isIdentifier(receiver) && receiver.text === name);
    if (direct) return direct;
    for (const use of usesOf(scope, name)) {
      const handed = handedTo(use, event, checker);
      if (handed) return handed;
    }
    return undefined;
  }
  return handedTo(result, event, checker);
}

/** `call(...).on('x', f).on('error', g)`: each subscription returns the emitter. */
function inChain(node: ts.Expression, event: string): ErrorListener | undefined {
  let current: ts.Expression = node;
  for (;;) {
    const access = current.parent;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== current) return undefined;
    const subscription = access.parent;
    if (!ts.isCallExpression(subscription) || subscription.expression !== access) return undefined;
    if (!SUBSCRIBE.has(access.name.text)) return undefined;
    const found = asSubscription(subscription, event);
    if (found) return found;
    current = subscription;
  }
}

/**
 * Where the call's result is kept or handed on (past parentheses, casts and the branches of `?:`):
 * the variable it initialises or is assigned to (`runner = cond ? a.runTools(...) : a.stream(...)`),
 * or the call itself as an argument.
 */
function holderOf(node: ts.Expression): ts.Expression | undefined {
  const outer = outermost(node);
  const bound = boundName(outer);
  if (bound) return bound;
  const parent = outer.parent;
  const handed =
    (ts.isNewExpression(parent) || ts.isCallExpression(parent)) &&
    parent.arguments?.some((argument) => argument === outer);
  return handed ? (outer as ts.Expression) : undefined;
}

/** The identifiers naming `name` in a scope, other than where it is declared or assigned. */
function usesOf(scope: ts.Node, name: string): ts.Identifier[] {
  const uses: ts.Identifier[] = [];
  walk(scope, (node) => {
    if (ts.isIdentifier(node) && node.text === name && !ts.isVariableDeclaration(node.parent)) uses.push(node);
  });
  return uses;
}

/** The result handed to a constructor or function of the workspace that subscribes to it. */
function handedTo(argument: ts.Expression, event: string, checker: ts.TypeChecker): ErrorListener | undefined {
  const target = argument.parent;
  if (!(ts.isNewExpression(target) || ts.isCallExpression(target)) || !target.arguments) return undefined;
  const index = target.arguments.indexOf(argument);
  if (index < 0) return undefined;
  const callee = unwrapExpression(target.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  const fn = functionOf(declarationOf(name, checker));
  const parameter = fn?.parameters[index];
  if (!fn?.body || !parameter || !ts.isIdentifier(parameter.name)) return undefined;
  const parameterName = parameter.name.text;
  const direct = subscriptionIn(
    fn.body,
    event,
    (receiver) => ts.isIdentifier(receiver) && receiver.text === parameterName,
  );
  if (direct) return direct;
  if (!ts.isConstructorDeclaration(fn)) return undefined;
  const owner = fn.parent;
  const member = memberKeeping(fn, parameter, parameterName);
  if (!member) return undefined;
  const isMember = (receiver: ts.Expression): boolean =>
    ts.isPropertyAccessExpression(receiver) &&
    receiver.expression.kind === ts.SyntaxKind.ThisKeyword &&
    receiver.name.text === member;
  return subscriptionIn(owner, event, isMember) ?? throughMethod(owner, event, isMember);
}

/** The code that runs on a call of what a name declares: a function, or a class's constructor. */
function functionOf(declaration: ts.Declaration | undefined): ts.FunctionLikeDeclaration | undefined {
  if (!declaration) return undefined;
  if (ts.isClassLike(declaration)) return declaration.members.find(ts.isConstructorDeclaration);
  if (isFunctionLike(declaration)) return declaration;
  const initializer = ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  const value = initializer && unwrapExpression(initializer);
  return value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value : undefined;
}

/** The member a constructor keeps a parameter in: a parameter property, or `this.x = parameter`. */
function memberKeeping(
  constructor: ts.ConstructorDeclaration,
  parameter: ts.ParameterDeclaration,
  name: string,
): string | undefined {
  if (ts.getModifiers(parameter)?.length) return name;
  let member: string | undefined;
  walk(constructor.body!, (node) => {
    if (
      !member &&
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.right) &&
      node.right.text === name &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword
    )
      member = node.left.name.text;
  });
  return member;
}

/**
 * `this.listen('error', report)` where the class's `listen(event, fn)` subscribes `fn` to the
 * member's `event`: the listener is the one given to the method.
 */
function throughMethod(
  owner: ts.ClassLikeDeclaration,
  event: string,
  isMember: (receiver: ts.Expression) => boolean,
): ErrorListener | undefined {
  const subscribers = new Set<string>();
  for (const method of owner.members) {
    if (!ts.isMethodDeclaration(method) || !method.body || !ts.isIdentifier(method.name)) continue;
    const eventParameter = method.parameters[0]?.name;
    if (!eventParameter || !ts.isIdentifier(eventParameter)) continue;
    const forwards = subscriptionIn(method.body, undefined, isMember, eventParameter.text);
    if (forwards) subscribers.add(method.name.text);
  }
  if (subscribers.size === 0) return undefined;
  return subscriptionIn(
    owner,
    event,
    (receiver) => receiver.kind === ts.SyntaxKind.ThisKeyword,
    undefined,
    (name) => subscribers.has(name),
  );
}

/**
 * The first subscription in a scope to `event` (a string literal; or, with `eventName`, the
 * parameter of that name) on a receiver `isReceiver` accepts, by one of `methods`.
 */
function subscriptionIn(
  scope: ts.Node,
  event: string | undefined,
  isReceiver: (receiver: ts.Expression) => boolean,
  eventName?: string,
  methods: (name: string) => boolean = (name) => SUBSCRIBE.has(name),
): ErrorListener | undefined {
  let found: ErrorListener | undefined;
  walk(scope, (node) => {
    if (found) return false;
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
    const access = node.expression;
    if (!methods(access.name.text) || !isReceiver(unwrapExpression(access.expression))) return undefined;
    const [first, listener] = node.arguments;
    if (eventName !== undefined) {
      if (first && listener && ts.isIdentifier(first) && first.text === eventName) found = { node, listener };
    } else if (event !== undefined) found = asSubscription(node, event);
    return undefined;
  });
  return found;
}

function asSubscription(node: ts.CallExpression, event: string): ErrorListener | undefined {
  const [first, listener] = node.arguments;
  if (!first || !listener || !ts.isStringLiteralLike(first) || first.text !== event) return undefined;
  return { node, listener };
}
