import { ts } from 'ts-morph';
import {
  declarationOf,
  functionName,
  isFunctionLike,
  numericValue,
  propertyName,
  readPath,
  unwrapExpression,
  walk,
} from '../ast';
import { HTTP_AGENTS } from '../catalog/http';
import type { DetectedCall } from '../detect';
import { calledFunction } from './handlers';

export interface TransportTimeout {
  label: string;
  ms?: number;
}

/** How many workspace functions deep a fetch wrapper is followed to the agent it builds. */
const MAX_WRAPPER_DEPTH = 3;
/** How many functions one search reads at most. */
const MAX_FUNCTIONS = 24;

/**
 * The socket timeout of the connection agent a raw HTTP model call is sent through: an agent with
 * a timeout in the request's own options (`fetch(url, { agent })`), or one that the workspace's
 * fetch wrapper builds for every request it sends (`fetchWithProxy(url, init)`, a factory's fetch
 * `makeFetch(options)(url, init)`, a base class's `this.fetch(url, init)`), here or in the
 * workspace functions it calls. The agent's timeout, default or configured, is the application's
 * own choice: it bounds each request made through the wrapper.
 */
export function transportTimeout(call: DetectedCall, checker: ts.TypeChecker): TransportTimeout | undefined {
  // Only a raw request goes through the workspace's own agent; an SDK has its own transport.
  if (call.shape.kind !== 'http') return undefined;
  const options = call.node.arguments[call.shape.requestArg ?? call.shape.paramsArg ?? 1];
  const own = options ? agentOfOptions(options, checker) : undefined;
  if (own) return own;
  const wrapper = wrapperOf(call.node, checker);
  return wrapper ? agentBuiltBy(wrapper, checker, 0, new Set()) : undefined;
}

/** The workspace function a fetch-like call goes through: the callee, or the factory that made it. */
function wrapperOf(call: ts.CallExpression, checker: ts.TypeChecker): ts.FunctionLikeDeclaration | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isCallExpression(callee)) return calledFunction(callee, checker);
  return calledFunction(call, checker);
}

function agentBuiltBy(
  fn: ts.FunctionLikeDeclaration,
  checker: ts.TypeChecker,
  depth: number,
  seen: Set<ts.Node>,
): TransportTimeout | undefined {
  if (!fn.body || seen.has(fn) || seen.size >= MAX_FUNCTIONS) return undefined;
  seen.add(fn);
  let found: TransportTimeout | undefined;
  const callees: ts.FunctionLikeDeclaration[] = [];
  // The wrapper's nested functions count: a factory returns the fetch that sends the request.
  walk(fn.body, (node) => {
    if (found) return false;
    if (ts.isNewExpression(node)) {
      found = agentWithTimeout(node, fn, checker);
    } else if (ts.isCallExpression(node) && depth < MAX_WRAPPER_DEPTH) {
      const inner = calledFunction(node, checker);
      if (inner && !inner.getSourceFile().isDeclarationFile) callees.push(inner);
    }
    return undefined;
  });
  if (found) return found;
  for (const inner of callees) {
    found = agentBuiltBy(inner, checker, depth + 1, seen);
    if (found) return found;
  }
  return undefined;
}

/** `new https.Agent({ timeout })`, `new ProxyAgent(url, options)` whose options hold a timeout. */
function agentWithTimeout(
  node: ts.NewExpression,
  builtIn: ts.FunctionLikeDeclaration | undefined,
  checker: ts.TypeChecker,
): TransportTimeout | undefined {
  // `new https.Agent(...)`, `new ProxyAgent(...)`: the class's last name.
  const name = unwrapExpression(node.expression).getText().split('.').pop() ?? '';
  if (!HTTP_AGENTS.classes.test(name)) return undefined;
  for (const argument of node.arguments ?? []) {
    const timeout = optionNamed(argument, HTTP_AGENTS.timeoutOptions, checker, 0);
    if (timeout) {
      const ms = numericValue(timeout, checker);
      // `timeout: 0` turns the agent's timeout off.
      if (ms === 0) continue;
      const where = builtIn ? ` in ${functionName(builtIn)}` : '';
      return { label: `agent socket timeout${where}`, ...(ms !== undefined ? { ms } : {}) };
    }
  }
  return undefined;
}

/** `{ agent }` or `{ dispatcher }` in a request's options: an agent built with a timeout. */
function agentOfOptions(options: ts.Expression, checker: ts.TypeChecker): TransportTimeout | undefined {
  const literal = valueThrough(options, ts.isObjectLiteralExpression, checker);
  if (!literal) return undefined;
  for (const property of literal.properties) {
    const name = property.name ? propertyName(property.name) : undefined;
    if (!name || !(HTTP_AGENTS.requestOptions as readonly string[]).includes(name)) continue;
    const value = valueOf(property);
    const agent = value && valueThrough(value, ts.isNewExpression, checker);
    const found = agent && agentWithTimeout(agent, undefined, checker);
    if (found) return { ...found, label: `request option ${name} (${found.label})` };
  }
  return undefined;
}

/**
 * The expression of an option named `names` in construction options (an agent's timeout): an
 * object literal, a variable holding one, a spread of one, or a workspace function returning one
 * (`await agentOptions(config)`).
 */
function optionNamed(
  expression: ts.Expression,
  names: readonly string[],
  checker: ts.TypeChecker,
  depth: number,
): ts.Expression | undefined {
  const literal = valueThrough(expression, ts.isObjectLiteralExpression, checker, depth);
  if (!literal) return undefined;
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) {
      const inner = optionNamed(property.expression, names, checker, depth + 1);
      if (inner) return inner;
      continue;
    }
    const name = property.name ? propertyName(property.name) : undefined;
    if (name && names.includes(name)) return valueOf(property);
  }
  return undefined;
}

/**
 * A timeout of the transport an SDK client was given as an instance (the catalogue's
 * `timeout.handlers`): `requestHandler: new NodeHttpHandler({ socketTimeout })`, built in the
 * client's options, held by a variable or returned by a workspace function that builds it.
 */
export function handlerTimeout(call: DetectedCall, checker: ts.TypeChecker): TransportTimeout | undefined {
  const handlers = call.entry.timeout.handlers ?? [];
  if (handlers.length === 0 || !call.origin) return undefined;
  for (const origin of [call.origin, ...(call.origin.alternatives ?? [])]) {
    for (const handler of handlers) {
      const value = readPath(origin.options, [handler.option])?.value;
      const made = value && valueThrough(value, ts.isNewExpression, checker);
      const className = made && unwrapExpression(made.expression).getText().split('.').pop();
      const options = made?.arguments?.[0];
      if (!className || !options || !handler.classes.includes(className)) continue;
      for (const timeout of handler.timeouts) {
        const expression = optionNamed(options, [timeout.name], checker, 0);
        const required = timeout.requires ? optionNamed(options, [timeout.requires], checker, 0) : undefined;
        const switchedOn =
          !timeout.requires || (required && unwrapExpression(required).kind === ts.SyntaxKind.TrueKeyword);
        if (!expression || !switchedOn) continue;
        const ms = numericValue(expression, checker);
        // `0` turns the timeout off.
        if (ms === 0) continue;
        const label = `client option ${handler.option} (${className} ${timeout.name})`;
        return { label, ...(ms !== undefined ? { ms } : {}) };
      }
    }
  }
  return undefined;
}

/**
 * What an expression evaluates to, when `accept` knows it: through variables, both branches of a
 * conditional, and the returns of the workspace function it calls (`await agentOptions(config)`).
 */
function valueThrough<T extends ts.Node>(
  expression: ts.Expression,
  accept: (node: ts.Node) => node is T,
  checker: ts.TypeChecker,
  depth = 0,
): T | undefined {
  if (depth > 4) return undefined;
  const node = unwrapExpression(expression);
  if (accept(node)) return node;
  const next = (inner: ts.Expression): T | undefined => valueThrough(inner, accept, checker, depth + 1);
  const initializer = variableValue(node, checker);
  if (initializer) return next(initializer);
  if (ts.isConditionalExpression(node)) return next(node.whenTrue) ?? next(node.whenFalse);
  if (!ts.isCallExpression(node)) return undefined;
  const fn = calledFunction(node, checker);
  if (!fn?.body) return undefined;
  if (!ts.isBlock(fn.body)) return next(fn.body);
  let found: T | undefined;
  walk(fn.body, (child) => {
    if (found || isFunctionLike(child)) return false;
    if (ts.isReturnStatement(child) && child.expression) found = next(child.expression);
    return undefined;
  });
  return found;
}

/** `options` in `const options = ...`: the value a variable was initialised with. */
function variableValue(node: ts.Expression, checker: ts.TypeChecker): ts.Expression | undefined {
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = declarationOf(node, checker);
  return declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
}

function valueOf(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}
