import { ts } from 'ts-morph';
import { accessChain, enclosingFunction, isFunctionLike, unwrapExpression, walk, walkSameFunction } from '../ast';
import { callbackInvocations } from '../graph/callbacks';
import { enclosingOrchestrationHelperCall, ORCHESTRATION_HELPER } from '../catalog/orchestration-helper';
import { enclosingStreamIdleHelperCall } from '../catalog/stream-idle-helper';
import {
  BASE_URL_OPTIONS,
  LOGGING_PROXIES,
  OBSERVABILITY_SPAN_FUNCTIONS,
  OBSERVABILITY_WRAPPERS,
  SDK_LOGGING_OPTIONS,
} from '../catalog/wrappers';
import type { DetectedCall } from '../detect';
import type { Domain, Solver, Step } from '../graph/solver';
import type { ObservabilityFacet } from '../types';
import { isLoggerObject, isOutputChannelWrite, logFunctionCall } from './logger-names';
import { readOption } from './options';

/** Besides loggers, objects whose records someone can query: an audit trail, telemetry, metrics. */
const RECORDING_OBJECTS = /^(?:audit|telemetry|metrics)$/i;
const LOG_METHODS = /^(?:info|debug|warn|error|trace|fatal|log|child|record|emit)$/;
/** The libraries' tracing functions, and `withSpan`, the usual name of a workspace's own span helper. */
const SPAN_CALLS = new RegExp(`\\b(?:${[...OBSERVABILITY_SPAN_FUNCTIONS, 'withSpan'].join('|')})\\b`);

/** Can someone query what went in and came out? */
export function observabilityFacet(call: DetectedCall, checker?: ts.TypeChecker, solver?: Solver): ObservabilityFacet {
  const wrapper = call.origin?.wrappers.find((item) =>
    OBSERVABILITY_WRAPPERS.some((name) => item.name === name || item.name.endsWith(`.${name}`)),
  );
  if (wrapper) return { kind: 'structured', via: wrapper.name };
  // The orchestration helper logs one structured record per attempt of the task it runs.
  if (checker && enclosingOrchestrationHelperCall(call.node, checker))
    return { kind: 'structured', via: ORCHESTRATION_HELPER.label };
  if (call.entry.telemetry && readOption(call, call.entry.telemetry))
    return { kind: 'structured', via: 'SDK telemetry' };
  const proxy = loggingProxy(call);
  if (proxy) return { kind: 'structured', via: proxy };
  // A stream started in `abortWhenIdle`'s callback is logged (or not) where that helper is called.
  const site = (checker && enclosingStreamIdleHelperCall(call.node, checker)) || call.node;
  const span = enclosingSpan(site, checker);
  if (span) return { kind: 'structured', via: span };
  const fn = enclosingFunction(site);
  const records = [
    ...loggingIn(fn?.body ?? call.node.getSourceFile()).filter((record) => isAbout(record.node, site)),
    ...(solver ? solver.solve(HANDLER_LOGGING, site) : []),
  ];
  const structured = records.find((record) => record.structured)?.via;
  const unstructured = records.find((record) => !record.structured)?.via;
  if (structured) return { kind: 'structured', via: structured };
  if (hasSdkLogging(call)) return { kind: 'unstructured', via: 'SDK log level' };
  if (unstructured) return { kind: 'unstructured', via: unstructured };
  return { kind: 'none' };
}

/**
 * The log records of the promise handler the call's failure reaches in its own function:
 * `.catch((error) => logger.error(...))`, `.then(ok, (error) => log(error))`, or a log method given
 * as the handler (`.catch(console.error)`). A catch clause there is in the body's records already.
 */
const HANDLER_LOGGING: Domain<LogRecord[]> = {
  step(step: Step): LogRecord[] | undefined {
    if (step.kind === 'ancestor') return undefined;
    if (step.kind !== 'promise-handler' || step.depth > 0) return [];
    const handler = unwrapExpression(step.handler);
    if (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler)) return loggingIn(handler);
    const via = ts.isPropertyAccessExpression(handler) ? logMethod(handler) : undefined;
    return via ? [{ node: step.call, via, structured: false }] : [];
  },
  end: () => [],
  join: (results) => results.flat(),
};

interface LogRecord {
  node: ts.CallExpression;
  via: string;
  structured: boolean;
}

const loggingCache = new WeakMap<ts.Node, LogRecord[]>();

/** The log calls in a function body, in order (read once per body, not per call). */
function loggingIn(body: ts.Node): LogRecord[] {
  const cached = loggingCache.get(body);
  if (cached) return cached;
  const found: LogRecord[] = [];
  walkSameFunction(body, (node) => {
    if (!ts.isCallExpression(node)) return;
    const via = loggedWith(node);
    if (via) found.push({ node, via, structured: node.arguments.some(isStructuredArgument) });
  });
  loggingCache.set(body, found);
  return found;
}

/**
 * A log call in a catch block records the failure of what its try ran: one whose try does not
 * run the model call (a tool server that failed to connect, a cache read) says nothing about it,
 * unless the model call is in that catch block too (a fallback next to the log).
 */
function isAbout(log: ts.Node, site: ts.Node): boolean {
  for (let node: ts.Node | undefined = log.parent; node && !isFunctionLike(node); node = node.parent) {
    if (ts.isCatchClause(node)) {
      if (!contains(node.parent.tryBlock, site) && !contains(node, site)) return false;
    }
  }
  return true;
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/**
 * What a call writes a log record with: the console, a logger object's level method
 * (`logger.info`), or a log function (`logger(entry)`, `this.logger({ ... })`, `this.app.log(...)`).
 */
function loggedWith(call: ts.CallExpression): string | undefined {
  const callee = unwrapExpression(call.expression);
  const method = ts.isPropertyAccessExpression(callee) ? logMethod(callee) : undefined;
  return method ?? logFunctionCall(call);
}

/** `console.error`, `logger.warn`, `this.audit.record`: a method that writes a log record. */
function logMethod(callee: ts.PropertyAccessExpression): string | undefined {
  const chain = accessChain(callee);
  const object = [chain.root.getText(), ...chain.names.slice(0, -1)].join('.');
  const method = callee.name.text;
  if (object === 'console') return /^(?:log|info|warn|error|debug)$/.test(method) ? `console.${method}` : undefined;
  if (isLoggerObject(object, RECORDING_OBJECTS) && LOG_METHODS.test(method)) return `${object}.${method}`;
  if (isOutputChannelWrite(object, method)) return `${object}.${method}`;
  return undefined;
}

/** An object (or its JSON) is a record someone can query; a sentence is not. */
function isStructuredArgument(argument: ts.Expression): boolean {
  const node = unwrapExpression(argument);
  if (ts.isObjectLiteralExpression(node)) return true;
  return ts.isCallExpression(node) && node.expression.getText() === 'JSON.stringify';
}

/**
 * The span the call runs in: a tracing library's function around it, or the workspace's own
 * helper that opens one around the callback it is given (`withModelSpan('chat', model, () => ...)`
 * whose body calls `tracer.startActiveSpan`).
 */
function enclosingSpan(node: ts.Node, checker: ts.TypeChecker | undefined): string | undefined {
  let inside: ts.Node = node;
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isSourceFile(current)) {
    if (ts.isCallExpression(current)) {
      const match = SPAN_CALLS.exec(current.expression.getText());
      if (match) return match[0];
      if (checker && isFunctionLike(inside) && current.arguments.includes(inside as ts.Expression)) {
        const helper = spanHelper(current, inside, checker);
        if (helper) return helper;
      }
    }
    inside = ts.isParenthesizedExpression(current) ? inside : current;
    current = current.parent;
  }
  return undefined;
}

/** The name of a workspace helper that runs `callback` inside a span it opens, if `call` is one. */
function spanHelper(call: ts.CallExpression, callback: ts.Node, checker: ts.TypeChecker): string | undefined {
  const found = callbackInvocations(call, callback, checker);
  if (!found?.helper.body) return undefined;
  let opensSpan = false;
  walk(found.helper.body, (child) => {
    if (opensSpan) return false;
    if (ts.isCallExpression(child) && SPAN_CALLS.test(child.expression.getText())) opensSpan = true;
    return undefined;
  });
  return opensSpan ? unwrapExpression(call.expression).getText() : undefined;
}

/** A logging gateway in front of the API (`baseURL: 'https://oai.helicone.ai/v1'`) records every call. */
function loggingProxy(call: DetectedCall): string | undefined {
  const baseURL = call.origin?.options?.properties.find((property) =>
    BASE_URL_OPTIONS.includes(property.name?.getText() ?? ''),
  );
  const text = baseURL?.getText() ?? '';
  return LOGGING_PROXIES.find((proxy) => proxy.hostPattern.test(text))?.label;
}

/** The SDK's own logger or log level on the client: partial visibility. */
function hasSdkLogging(call: DetectedCall): boolean {
  const options = call.origin?.options;
  if (!options) return false;
  return options.properties.some((property) => SDK_LOGGING_OPTIONS.includes(property.name?.getText() ?? ''));
}
