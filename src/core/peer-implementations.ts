import { ts } from 'ts-morph';
import { declarationOf, enclosingFunction, functionOf, inheritsFrom, unwrapExpression, walk } from './ast';
import { dispatchedFrom } from './graph/call-graph';
import type { MethodsNamed } from './object-members';

/**
 * How many of a method's peers must make model calls, and what share of them, before a request
 * it sends to a URL the audit cannot read counts as one: a provider interface has a class per
 * provider, most of them on an SDK; an agent's tool interface has a few tools that ask a model
 * among many that search, store or compute.
 */
const MIN_MODEL_PEERS = 2;

/**
 * Whether the method an HTTP request is sent from stands in for model calls: it implements an
 * interface method (or overrides a base-class one) of the workspace, and most of the other
 * implementations of that method make a model call, directly or through a function they call.
 * `engine.reply(history)` runs an SDK call in each provider's class and a POST to a configured
 * flow server in one: that POST is the same decision, reached the same way.
 */
export function standsInForModelCalls(
  request: ts.CallExpression,
  checker: ts.TypeChecker,
  methodsNamed: MethodsNamed,
  callsModel: (call: ts.CallExpression) => boolean,
  /** Told before the peers, in files the request's file need not import, are read. */
  readingPeers?: () => void,
): boolean {
  const method = senderMethod(request);
  if (!method?.name || !ts.isIdentifier(method.name)) return false;
  const contracts = dispatchedFrom(method, checker)
    .map((member) => member.parent)
    .filter(
      (owner): owner is ts.ClassLikeDeclaration | ts.InterfaceDeclaration =>
        ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner),
    );
  if (contracts.length === 0) return false;
  readingPeers?.();
  const peers = methodsNamed(method.name.text).filter(
    (peer) =>
      peer !== method &&
      peer.body !== undefined &&
      !peer.getSourceFile().isDeclarationFile &&
      contracts.some((contract) => inheritsFrom(peer.parent, contract, checker)),
  );
  const modelPeers = peers.filter((peer) => reachesModelCall(peer, checker, callsModel, 0)).length;
  return modelPeers >= MIN_MODEL_PEERS && modelPeers * 2 > peers.length;
}

/**
 * The class method a request is sent from: its own function, or the method a callback it is in
 * is written in (`withRetry(() => axios.post(...))` inside `reply`).
 */
function senderMethod(request: ts.CallExpression): ts.MethodDeclaration | undefined {
  let fn = enclosingFunction(request);
  while (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && isArgument(fn)) fn = enclosingFunction(fn);
  return fn && ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent) ? fn : undefined;
}

function isArgument(fn: ts.FunctionLikeDeclaration): boolean {
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isCallExpression(node.parent) && node.parent.arguments.includes(node as ts.Expression);
}

/** How far a peer's calls are followed into the workspace's functions (`this.send(...)`, a helper). */
const MAX_PEER_DEPTH = 1;

/** A model call in the function, or in a workspace function it calls (one step). */
function reachesModelCall(
  fn: ts.FunctionLikeDeclaration,
  checker: ts.TypeChecker,
  callsModel: (call: ts.CallExpression) => boolean,
  depth: number,
): boolean {
  const calls: ts.CallExpression[] = [];
  walk(fn.body!, (node) => {
    if (ts.isCallExpression(node)) calls.push(node);
  });
  if (calls.some(callsModel)) return true;
  if (depth >= MAX_PEER_DEPTH) return false;
  return calls.some((call) => {
    const callee = unwrapExpression(call.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    const declaration = declarationOf(name, checker);
    const called = declaration && functionOf(declaration);
    return (
      !!called?.body &&
      called !== fn &&
      !called.getSourceFile().isDeclarationFile &&
      reachesModelCall(called, checker, callsModel, depth + 1)
    );
  });
}
