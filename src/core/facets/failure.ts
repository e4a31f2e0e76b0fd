import { ts } from 'ts-morph';
import {
  enclosingFunction,
  functionName,
  isExportedFunction,
  isFunctionLike,
  lineOf,
  readPath,
  unwrapExpression,
  walkSameFunction,
} from '../ast';
import type { DetectedCall } from '../detect';
import type { CodeLocation, FailureFacet } from '../types';
import type { FacetContext } from './context';
import { describeHandler, describeReaction, type HandlerBehaviour, isSwallowing } from './handlers';

/** A place that reacts to the call's failure. */
export interface FailureHandler {
  /** The catch clause, the `.catch(...)` call, or the `onError` option. */
  node: ts.Node;
  behaviour: HandlerBehaviour;
  location: CodeLocation;
  local: boolean;
}

export type HandlerSearch =
  | { kind: 'handled'; handler: FailureHandler }
  | { kind: 'exported'; fn: ts.FunctionLikeDeclaration }
  | { kind: 'none'; reaches: ts.Node };

const MAX_CALLER_DEPTH = 6;

/** Callbacks registered here run on their own: an error escaping them reaches the runtime or framework. */
const ENTRY_REGISTRATIONS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'use',
  'route',
  'handle',
  'on',
  'once',
  'addEventListener',
  'addListener',
  'listen',
  'subscribe',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'nextTick',
  'process',
  'command',
  'action',
  'schedule',
  'cron',
  'createServer',
  'register',
  'hook',
  'addHook',
]);

export class FailureAnalysis {
  private readonly cache = new Map<ts.Node, HandlerSearch>();

  constructor(private readonly context: FacetContext) {}

  facet(call: DetectedCall): { facet: FailureFacet; handler?: FailureHandler } {
    const search = this.search(call);
    if (search.kind === 'handled') {
      const { handler } = search;
      const fallsBack = this.context.modelCallsWithin(handler.behaviour.body).length > 0;
      return {
        facet: {
          handledBy: handler.local ? 'local' : 'caller',
          where: handler.location,
          swallowed: isSwallowing(handler.behaviour) && !fallsBack,
          reaction: describeReaction(handler.behaviour, fallsBack),
        },
        handler,
      };
    }
    if (search.kind === 'exported') {
      return { facet: { handledBy: 'exported', swallowed: false, reaches: location(search.fn) } };
    }
    return { facet: { handledBy: 'none', swallowed: false, reaches: location(search.reaches) } };
  }

  search(call: DetectedCall): HandlerSearch {
    const streamHandling = this.streamHandling(call);
    if (streamHandling) return streamHandling;
    const site = errorSite(call);
    if (call.streaming && site === call.node) {
      // Nothing here reads the stream: its errors surface wherever it is read, not in this try.
      const fn = enclosingFunction(call.node);
      if (fn && streamIsReturned(call.node, fn)) return this.fromFunction(fn, 0, new Set());
      return { kind: 'none', reaches: call.node };
    }
    return this.searchFrom(site, 0, new Set());
  }

  /** The Vercel AI SDK's stream functions never throw: errors reach `onError` or nothing. */
  private streamHandling(call: DetectedCall): HandlerSearch | undefined {
    if (call.entry.id !== 'vercel-ai' || !call.streaming) return undefined;
    const onError = readPath(call.params, ['onError']);
    if (onError) {
      const value = onError.value ? unwrapExpression(onError.value) : undefined;
      const body =
        value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value.body : onError.property;
      const errorName =
        value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))
          ? bindingText(value.parameters[0]?.name)
          : undefined;
      const behaviour = describeHandler(body, errorName);
      // onError receives the error and cannot rethrow it into the stream: logging it is handling it.
      return {
        kind: 'handled',
        handler: {
          node: onError.property,
          behaviour: { ...behaviour, rethrows: behaviour.rethrows },
          location: location(onError.property),
          local: true,
        },
      };
    }
    const fn = enclosingFunction(call.node);
    const body = fn?.body ?? call.node.getSourceFile();
    let readsErrorParts = false;
    walkSameFunction(body, (node) => {
      if (
        ts.isStringLiteral(node) &&
        node.text === 'error' &&
        ts.isBinaryExpression(node.parent) &&
        /\.type$/.test(node.parent.left.getText())
      ) {
        readsErrorParts = true;
      }
    });
    if (readsErrorParts) {
      const behaviour = describeHandler(body, undefined);
      return {
        kind: 'handled',
        handler: { node: body, behaviour: { ...behaviour, logs: true }, location: location(call.node), local: true },
      };
    }
    return { kind: 'none', reaches: call.node };
  }

  private searchFrom(start: ts.Node, depth: number, visiting: Set<ts.Node>): HandlerSearch {
    const cached = this.cache.get(start);
    if (cached) return cached;
    if (visiting.has(start)) return { kind: 'none', reaches: start };
    visiting.add(start);
    const result = this.walkUp(start, depth, visiting);
    this.cache.set(start, result);
    return result;
  }

  private walkUp(start: ts.Node, depth: number, visiting: Set<ts.Node>): HandlerSearch {
    let node = start;
    // A statement that throws (a `for await` over a stream) throws where it stands.
    let awaited = ts.isStatement(start) || ts.isAwaitExpression(start);
    let returned = false;
    for (;;) {
      const parent = node.parent;
      if (!parent || ts.isSourceFile(parent)) return { kind: 'none', reaches: node };
      if (ts.isAwaitExpression(parent)) awaited = true;
      if (ts.isForOfStatement(parent) && parent.awaitModifier && parent.expression === node) awaited = true;
      if (ts.isReturnStatement(parent)) returned = true;

      if (
        ts.isPropertyAccessExpression(parent) &&
        parent.expression === node &&
        ts.isCallExpression(parent.parent) &&
        parent.parent.expression === parent
      ) {
        const method = parent.name.text;
        const promiseCall = parent.parent;
        if (method === 'catch' || (method === 'then' && promiseCall.arguments.length >= 2)) {
          const handler = method === 'catch' ? promiseCall.arguments[0] : promiseCall.arguments[1];
          const fn = handler && unwrapExpression(handler);
          if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
            const behaviour = describeHandler(fn.body, bindingText(fn.parameters[0]?.name));
            if (!behaviour.rethrowsOnly) {
              return {
                kind: 'handled',
                handler: { node: promiseCall, behaviour, location: location(promiseCall), local: depth === 0 },
              };
            }
          } else if (fn) {
            // `.catch(handleError)`: a named handler; assume it does something with the error.
            const behaviour = describeHandler(fn, undefined);
            return {
              kind: 'handled',
              handler: {
                node: promiseCall,
                behaviour: { ...behaviour, logs: true },
                location: location(promiseCall),
                local: depth === 0,
              },
            };
          }
          node = promiseCall;
          continue;
        }
        if (method === 'then' || method === 'finally') {
          node = promiseCall;
          continue;
        }
      }

      if (ts.isTryStatement(parent) && parent.tryBlock === node && parent.catchClause && awaited) {
        const catchClause = parent.catchClause;
        const behaviour = describeHandler(catchClause.block, bindingText(catchClause.variableDeclaration?.name));
        if (!behaviour.rethrowsOnly) {
          return {
            kind: 'handled',
            handler: { node: catchClause, behaviour, location: location(catchClause), local: depth === 0 },
          };
        }
      }

      // `const pending = client.create(...)`: follow the promise to where it is awaited.
      if (ts.isVariableDeclaration(parent) && parent.initializer === node && !awaited && ts.isIdentifier(parent.name)) {
        const use = laterAwait(parent.name.text, parent);
        if (!use) return { kind: 'none', reaches: node };
        node = use;
        awaited = false;
        continue;
      }

      if (isFunctionLike(parent)) {
        const escapes = awaited || returned || parent.body === node;
        if (!escapes) return { kind: 'none', reaches: node };
        return this.fromFunction(parent, depth, visiting);
      }
      node = parent;
    }
  }

  private fromFunction(fn: ts.FunctionLikeDeclaration, depth: number, visiting: Set<ts.Node>): HandlerSearch {
    const parent = fn.parent;
    if (ts.isCallExpression(parent) && parent.arguments.includes(fn as ts.Expression)) {
      const callee = unwrapExpression(parent.expression);
      const name = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isIdentifier(callee)
          ? callee.text
          : '';
      if (ENTRY_REGISTRATIONS.has(name)) return { kind: 'none', reaches: fn };
      // pRetry(fn), policy.execute(fn), items.map(fn): the error comes out of that call.
      return this.searchFrom(parent, depth, visiting);
    }
    if (depth >= MAX_CALLER_DEPTH) return { kind: 'exported', fn };
    const callers = this.context.callers.callersOf(fn);
    if (callers.length === 0) {
      return isExportedFunction(fn) ? { kind: 'exported', fn } : { kind: 'none', reaches: fn };
    }
    let firstHandled: HandlerSearch | undefined;
    for (const caller of callers) {
      const result = this.searchFrom(caller, depth + 1, visiting);
      if (result.kind !== 'handled') return result;
      firstHandled ??= result;
    }
    return firstHandled ?? { kind: 'none', reaches: fn };
  }
}

/** Where a call's error surfaces: the call itself, or the loop that reads its stream. */
export function errorSite(call: DetectedCall): ts.Node {
  if (!call.streaming) return call.node;
  const variable = boundVariable(call.node);
  if (!variable) return call.node;
  const fn = enclosingFunction(call.node);
  let site: ts.Node | undefined;
  walkSameFunction(fn?.body ?? call.node.getSourceFile(), (node) => {
    if (site) return false;
    if (ts.isForOfStatement(node) && node.awaitModifier && referencesName(node.expression, variable)) site = node;
    if (
      ts.isAwaitExpression(node) &&
      ts.isCallExpression(node.expression) &&
      referencesName(node.expression.expression, variable)
    ) {
      const method = node.expression.expression;
      if (
        ts.isPropertyAccessExpression(method) &&
        /^(?:finalMessage|finalText|finalChatCompletion|done|finalContent)$/.test(method.name.text)
      ) {
        site = node;
      }
    }
    return undefined;
  });
  return site ?? call.node;
}

function streamIsReturned(node: ts.CallExpression, fn: ts.FunctionLikeDeclaration): boolean {
  let current: ts.Node = node;
  while (current.parent && (ts.isAwaitExpression(current.parent) || ts.isParenthesizedExpression(current.parent)))
    current = current.parent;
  if (ts.isReturnStatement(current.parent) || fn.body === current) return true;
  const variable = boundVariable(node);
  if (!variable || !fn.body) return false;
  let returned = false;
  walkSameFunction(fn.body, (child) => {
    if (
      ts.isReturnStatement(child) &&
      child.expression &&
      ts.isIdentifier(unwrapExpression(child.expression)) &&
      unwrapExpression(child.expression).getText() === variable
    ) {
      returned = true;
    }
  });
  return returned;
}

/** The variable the (awaited) call's result is stored in. */
function boundVariable(node: ts.Node): string | undefined {
  let current = node;
  while (
    current.parent &&
    (ts.isAwaitExpression(current.parent) ||
      ts.isParenthesizedExpression(current.parent) ||
      ts.isAsExpression(current.parent) ||
      ts.isNonNullExpression(current.parent))
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (
    parent &&
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isIdentifier(parent.left)
  ) {
    return parent.left.text;
  }
  return undefined;
}

function referencesName(expression: ts.Expression, name: string): boolean {
  const inner = unwrapExpression(expression);
  if (ts.isIdentifier(inner)) return inner.text === name;
  if (ts.isPropertyAccessExpression(inner)) return referencesName(inner.expression, name);
  if (ts.isCallExpression(inner)) return referencesName(inner.expression, name);
  return false;
}

function laterAwait(name: string, declaration: ts.VariableDeclaration): ts.Node | undefined {
  const fn = enclosingFunction(declaration);
  let use: ts.Node | undefined;
  walkSameFunction(fn?.body ?? declaration.getSourceFile(), (node) => {
    if (use) return false;
    if (ts.isIdentifier(node) && node.text === name && node !== declaration.name && node.pos > declaration.end) {
      const parent = node.parent;
      if (
        ts.isAwaitExpression(parent) ||
        ts.isReturnStatement(parent) ||
        ts.isArrayLiteralExpression(parent) ||
        ts.isPropertyAccessExpression(parent)
      ) {
        use = node;
      }
    }
    return undefined;
  });
  return use;
}

function bindingText(name: ts.BindingName | undefined): string | undefined {
  return name && ts.isIdentifier(name) ? name.text : undefined;
}

function location(node: ts.Node): CodeLocation {
  const fn = isFunctionLike(node) ? node : enclosingFunction(node);
  return { file: node.getSourceFile().fileName, line: lineOf(node, node.getSourceFile()), function: functionName(fn) };
}
