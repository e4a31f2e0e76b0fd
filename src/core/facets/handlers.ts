import { ts } from 'ts-morph';
import {
  accessChain,
  declarationOf,
  enclosingFunction,
  isFunctionLike,
  mentionsIdentifier,
  returnedExpressions,
  unwrapExpression,
  walk,
  walkSameFunction,
  unionMemberDeclarations,
} from '../ast';
import { memoOf } from '../analysis-memo';
import { JAVASCRIPT_FILE } from '../graph/call-graph';
import { isLoggerObject, isOutputChannelWrite, logFunctionCall } from './logger-names';

/**
 * What a failure handler (a catch block or a `.catch` callback) does with the error. Shared by the
 * failure facet (handled? swallowed?) and the fallback facet (recovers how?).
 */
export interface HandlerBehaviour {
  rethrows: boolean;
  /** Rethrows the caught error unchanged and does nothing else: not handling. */
  rethrowsOnly: boolean;
  /**
   * Records the error and rethrows it unchanged, and does nothing else (`catch (error) {
   * logger.error(...); throw error; }`): it logs the failure but decides nothing about it.
   */
  passesOn: boolean;
  logs: boolean;
  /** The call that records the error, when `logs`. */
  loggedAt?: ts.Node;
  returnsValue: boolean;
  /**
   * Returns what the function around it returns when called again (`return this.summarise(text,
   * retries - 1)`): it retries (the retry facet counts it), it gives no value of its own.
   */
  retriesItself?: true;
  /** Returns a result object that says it failed (`{ ok: false }`, `{ error }`, an HTTP 5xx). */
  returnsFailureResult: boolean;
  /** What it returns is the error message the client is sent (the AI SDK's UI stream `onError`). */
  sendsToClient?: true;
  /** `res.status(500)`, `new Response(..., { status: 500 })`. */
  httpStatus?: number;
  empty: boolean;
  /** The body: a block, or the callback's expression body. */
  body: ts.Node;
  errorName?: string;
  /**
   * Passes the caught error on to an error channel rather than throwing it: an observer's or a
   * stream controller's `error(e)` (`subscriber.error(error)`, `controller.error(error)`), or an
   * `'error'` event (`this.emit('error', error)`), or an error callback its caller gave
   * (`options.onError?.(error)`). Whoever subscribes gets the failure.
   */
  forwardsTo?: 'observer' | 'stream' | 'event' | 'callback';
  /**
   * Keeps the error for the code to act on later: assigns it (or what it says) to a variable or
   * property from outside the handler (`lastError = error`, `this.failure = error`), or adds it to
   * a collection (`results.push({ id, error: String(error) })`). Not a swallowed failure.
   */
  stores?: true;
  /**
   * Hands the error, or what it says, to code that is not here, in a statement of its own:
   * `setError(error.message)`, `await this.runs.settle({ status: 'FAILED', error: error.message })`.
   * That code decides what becomes of it; the handler does not drop it. The callee, as written.
   */
  handsOnTo?: string;
  /**
   * The `new Promise(...)` whose executor's `reject` the handler calls: the failure goes on from
   * there, to whoever awaits that promise (`rethrows`; `rethrowsOnly` when that is all it does).
   */
  rejectsInto?: ts.NewExpression;
}

/**
 * Besides loggers, objects whose calls record an error: the console, a span (`span`, `llmSpan`,
 * `rootSpan`, not `lifespan`), a tracer, an error or metrics service.
 */
const RECORDING_OBJECTS =
  /^(?:[Cc]onsole|[Ss]entry|[Ss]pan|[Tt]racer|[Mm]etrics|[Tt]elemetry|[a-z_$][\w$]*(?:Span|Tracer)|SPAN|TRACER)$/;
const LOG_METHODS =
  /^(?:log|info|warn|warning|error|debug|trace|fatal|captureException|captureMessage|recordException|record|increment|emit|addEvent|setStatus|report)$/;
/** Methods that record an error whatever object they are called on (an error service, a telemetry client). */
const ERROR_RECORDING_METHODS =
  /^(?:captureException|captureError|recordException|recordError|logError|logException|logMessage|logFailure|reportError|reportException|trackException|trackError|notifyError|sendError|captureEvent)$/;
/**
 * A method whose name says it writes a record (`FlowLogger.logLlmResponse({ output: err.message })`,
 * `audit.logEvent('failed', error)`), given the error: it records it, whatever the object is named.
 */
const RECORD_METHODS = /^log[A-Z]\w*$/;
/**
 * A library's error hook (`analytics.onLLMError(...)`, LangChain's `runManager.handleLLMError(err)`)
 * records the error for its tracer; a workspace function of that name is read instead.
 */
const ERROR_HOOK_METHODS = /^(?:on|handle)[A-Z]\w*Error$/;
/** Response helpers that take the HTTP status after the body (`c.json(body, 500)`). */
const RESPONSE_WITH_STATUS = /^(?:json|text|html|body)$/;
/** How far a handler's calls of the workspace's own functions are read to see if they log or rethrow. */
const MAX_HELPER_DEPTH = 2;

/** Descriptions by handler body, then by error name and depth. */
type Descriptions = WeakMap<ts.Node, Map<string, HandlerBehaviour>>;
/** Read from the syntax alone (no checker): they hold as long as the parse. */
const describedBySyntax: Descriptions = new WeakMap();
/** Read with a checker outside an editor session (the CLI's one program): they hold for the program. */
const describedInProgram = new WeakMap<ts.TypeChecker, Descriptions>();

/**
 * What a catch clause, `.catch` callback or error branch does with the error. Asked about the
 * same handlers by every facet and every call whose error reaches them: described once per
 * program, and in an editor session kept across edits while the code it read resolves as it did
 * (`readingResolutions`).
 */
export function describeHandler(
  body: ts.Node,
  errorName: string | undefined,
  checker?: ts.TypeChecker,
  depth = 0,
): HandlerBehaviour {
  const key = `${errorName ?? ''}:${depth}`;
  if (!checker) return described(describedBySyntax, body, key, () => describe(body, errorName, undefined, depth));
  const memo = memoOf(checker);
  if (memo) return memo.readingResolutions(body, `handler:${key}`, () => describe(body, errorName, checker, depth));
  let inProgram = describedInProgram.get(checker);
  if (!inProgram) describedInProgram.set(checker, (inProgram = new WeakMap()));
  return described(inProgram, body, key, () => describe(body, errorName, checker, depth));
}

/** The description in `cache`, computed the first time. */
function described(cache: Descriptions, body: ts.Node, key: string, compute: () => HandlerBehaviour): HandlerBehaviour {
  let byKey = cache.get(body);
  if (!byKey) cache.set(body, (byKey = new Map<string, HandlerBehaviour>()));
  let behaviour = byKey.get(key);
  if (!behaviour) byKey.set(key, (behaviour = compute()));
  return behaviour;
}

function describe(
  body: ts.Node,
  errorName: string | undefined,
  checker: ts.TypeChecker | undefined,
  depth: number,
): HandlerBehaviour {
  let rethrows = false;
  let loggedAt: ts.Node | undefined;
  let rethrowsOnly = false;
  let logs = false;
  let returnsValue = false;
  let retriesItself = false;
  let returnsFailureResult = false;
  let httpStatus: number | undefined;
  let rejectsInto: ts.NewExpression | undefined;
  let forwardsTo: HandlerBehaviour['forwardsTo'];
  let handsOnTo: string | undefined;
  const statements = ts.isBlock(body) ? body.statements : undefined;
  const empty = !!statements && statements.length === 0 && !hasComment(body);
  if (statements && statements.length === 1 && ts.isThrowStatement(statements[0])) {
    const thrown = statements[0].expression && unwrapExpression(statements[0].expression);
    rethrowsOnly = !!thrown && ts.isIdentifier(thrown) && thrown.text === errorName;
  }
  // `catch (error) { reject(error) }` (or `.catch((error) => reject(error))`): as `throw error`, but
  // the failure goes on from the executor's promise.
  const only = statements?.length === 1 ? statements[0] : ts.isBlock(body) ? undefined : body;
  const onlyCall = only && rejectCallOf(only);
  if (onlyCall && errorName && passesName(onlyCall.call, errorName)) {
    rethrowsOnly = true;
    rejectsInto = onlyCall.promise;
  }
  const retryNotices: ts.CallExpression[] = [];
  const recordsFailure = (log: ts.CallExpression): void => {
    if (isRetryNotice(log, body, errorName)) {
      retryNotices.push(log);
      return;
    }
    logs = true;
    loggedAt ??= log;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isThrowStatement(node)) rethrows = true;
    // `return await this.fail(error)`, `reporter.fail(error)`: a function that never returns throws.
    const never =
      checker && (ts.isReturnStatement(node) || ts.isExpressionStatement(node)) && node.expression
        ? neverReturns(node.expression, checker, depth)
        : false;
    if (never) rethrows = true;
    if (ts.isReturnStatement(node) && node.expression && callsItself(node.expression, body)) retriesItself = true;
    else if (ts.isReturnStatement(node) && node.expression && !never && !passesToNext(node.expression)) {
      returnsValue = true;
      if (
        saysFailure(node.expression) ||
        sendsErrorToClient(node.expression, errorName) ||
        (checker && returnsUnreadConversion(node.expression, errorName, checker)) ||
        (checker && depth < MAX_HELPER_DEPTH && helperSaysFailure(node.expression, checker))
      )
        returnsFailureResult = true;
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        const chain = accessChain(callee);
        const root = chain.root.getText();
        const objectText = [root, ...chain.names.slice(0, -1)].join('.');
        if (
          (isLoggerObject(objectText, RECORDING_OBJECTS) && LOG_METHODS.test(callee.name.text)) ||
          isOutputChannelWrite(objectText, callee.name.text) ||
          logFunctionCall(node) ||
          ERROR_RECORDING_METHODS.test(callee.name.text) ||
          (!!errorName &&
            RECORD_METHODS.test(callee.name.text) &&
            node.arguments.some((argument) => mentionsIdentifier(argument, errorName))) ||
          (ERROR_HOOK_METHODS.test(callee.name.text) && !(checker && calledFunction(node, checker)?.body))
        )
          recordsFailure(node);
        if (callee.name.text === 'status' || callee.name.text === 'sendStatus' || callee.name.text === 'code') {
          const status = node.arguments[0];
          if (status && ts.isNumericLiteral(status)) httpStatus = Number(status.text);
        }
        // Hono's context: `c.json(body, 500)`, `c.text('unavailable', 503)`.
        if (RESPONSE_WITH_STATUS.test(callee.name.text)) {
          const status = node.arguments[1];
          if (status && ts.isNumericLiteral(status)) httpStatus = Number(status.text);
        }
      } else if (
        ts.isIdentifier(callee) &&
        (/^(?:log|logError|reportError|captureException|notify)/i.test(callee.text) || logFunctionCall(node))
      ) {
        recordsFailure(node);
      } else if (ts.isCallExpression(callee) && logFunctionCall(node)) {
        // `getDebug('ai:call')(message, error)`: a debug logger made and called in place.
        recordsFailure(node);
      }
      // A workspace function given the error: it handles it as its body does (logs, rethrows).
      if (checker && depth < MAX_HELPER_DEPTH && errorName && passesName(node, errorName)) {
        const helper = calledFunction(node, checker);
        if (helper?.body) {
          const inner = describeHandler(helper.body, bindingText(helper.parameters[0]?.name), checker, depth + 1);
          if (inner.logs) {
            logs = true;
            loggedAt ??= node;
          }
          if (inner.rethrows) rethrows = true;
          if (inner.handsOnTo || inner.stores) handsOnTo ??= calleeText(node);
        } else if (errorName && handsOnCall(node, errorName)) handsOnTo ??= calleeText(node);
      }
      if (errorName)
        forwardsTo ??= errorChannelCall(node, errorName, checker) ?? errorCallbackCall(node, errorName, checker);
      // next(err) in a middleware passes the failure on.
      if (ts.isIdentifier(callee) && callee.text === 'next' && node.arguments.length > 0) rethrows = true;
      // reject(err) in a promise executor: the promise it made fails.
      const rejected = ts.isIdentifier(callee) && node.arguments.length > 0 ? executorOfReject(callee) : undefined;
      if (rejected) {
        rethrows = true;
        rejectsInto ??= rejected;
      }
    }
    if (ts.isPropertyAssignment(node) && node.name.getText() === 'status' && ts.isNumericLiteral(node.initializer)) {
      const status = Number(node.initializer.text);
      if (status >= 400) {
        httpStatus = status;
        returnsFailureResult = true;
      }
    }
  };
  if (ts.isBlock(body)) {
    walkSameFunction(body, (node) => visit(node));
  } else if ((ts.isStatement(body) && !isFunctionLike(body)) || ts.isCaseClause(body)) {
    // The branch that meets a rejected result of `Promise.allSettled` (`if (r.status ===
    // 'rejected') log(r.reason)`, `case 'rejected':`): code that runs, not a value it gives.
    visit(body);
    walkSameFunction(body, (node) => visit(node));
  } else {
    returnsValue = true;
    if (saysFailure(body as ts.Expression)) returnsFailureResult = true;
    visit(body);
    walkSameFunction(body, (node) => visit(node));
  }
  if (httpStatus && httpStatus >= 400) returnsFailureResult = true;
  const kept = errorName ? storedError(body, errorName) : undefined;
  // `lastError = error` in a retry loop, `throw lastError` after it: the failure is thrown again.
  if (kept?.variable && thrownLater(body, kept.variable)) rethrows = true;
  // A retry notice is no record of a failure the handler rethrows (where that is handled decides);
  // in a handler that rethrows nothing it is the only trace the failures leave.
  if (!logs && !rethrows && retryNotices.length > 0) {
    logs = true;
    loggedAt ??= retryNotices[0];
  }
  const passesOn =
    logs &&
    !returnsValue &&
    !!statements &&
    statements.length >= 2 &&
    rethrowsCaught(statements[statements.length - 1], errorName) &&
    statements
      .slice(0, -1)
      .every((statement) => ts.isExpressionStatement(statement) || ts.isVariableStatement(statement));
  return {
    rethrows,
    rethrowsOnly,
    passesOn,
    logs,
    loggedAt,
    returnsValue,
    ...(retriesItself ? { retriesItself } : {}),
    returnsFailureResult,
    httpStatus,
    empty,
    body,
    errorName,
    ...(forwardsTo ? { forwardsTo } : {}),
    ...(rejectsInto ? { rejectsInto } : {}),
    ...(kept ? { stores: true as const } : {}),
    ...(handsOnTo ? { handsOnTo } : {}),
  };
}

/** Methods that add to a collection (an array, a set, a map). */
const COLLECTING_METHODS = new Set(['push', 'unshift', 'add', 'set']);

/**
 * Where the handler keeps the error (see `HandlerBehaviour.stores`); `variable` when it is a plain
 * variable declared outside the handler, which code after it may throw again.
 */
function storedError(body: ts.Node, errorName: string): { variable?: string } | undefined {
  let found: { variable?: string } | undefined;
  walkSameFunction(body, (node) => {
    if (found) return false;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      mentionsIdentifier(node.right, errorName)
    ) {
      const target = unwrapExpression(node.left);
      if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) found = {};
      else if (ts.isIdentifier(target) && !declaredWithin(target.text, body)) found = { variable: target.text };
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      COLLECTING_METHODS.has(node.expression.name.text) &&
      node.arguments.some((argument) => mentionsIdentifier(argument, errorName))
    )
      found = {};
    return undefined;
  });
  return found;
}

/** Whether a variable of this name is declared inside the node (a local of the handler). */
function declaredWithin(name: string, node: ts.Node): boolean {
  let declared = false;
  walkSameFunction(node, (child) => {
    if (declared) return false;
    if (ts.isVariableDeclaration(child) && ts.isIdentifier(child.name) && child.name.text === name) declared = true;
    return undefined;
  });
  return declared;
}

/** `throw lastError` after the handler's `try`, in the same function. */
function thrownLater(body: ts.Node, variable: string): boolean {
  const clause = body.parent;
  if (!clause || !ts.isCatchClause(clause)) return false;
  let scope: ts.Node = clause.parent;
  while (scope.parent && !isFunctionLike(scope.parent) && !ts.isSourceFile(scope.parent)) scope = scope.parent;
  let thrown = false;
  walkSameFunction(scope, (node) => {
    if (thrown) return false;
    if (ts.isThrowStatement(node) && node.pos > clause.end && node.expression) {
      const value = unwrapExpression(node.expression);
      thrown = ts.isIdentifier(value) && value.text === variable;
    }
    return undefined;
  });
  return thrown;
}

/** `return next(error)`: a middleware passes the failure on; what `next` returns is no answer. */
function passesToNext(expression: ts.Expression): boolean {
  const call = unwrapExpression(expression);
  if (!ts.isCallExpression(call) || call.arguments.length === 0) return false;
  const callee = unwrapExpression(call.expression);
  return ts.isIdentifier(callee) && callee.text === 'next';
}

/** The last name of an observer (`subscriber`, `this.observer`) or a web stream's controller. */
const OBSERVER_NAMES = /^(?:subscriber|observer|subject|sink)$|[a-z0-9](?:Subscriber|Observer|Subject|Sink)$/;
const STREAM_CONTROLLER_NAMES = /^controller$|[a-z0-9]Controller$/;

/**
 * `subscriber.error(error)`, `controller.error(error)`, `emitter.emit('error', error)`: the call
 * hands the caught error to an error channel, named as one or typed as one (an object with `error`
 * and `next`, an observer, or `error` and `enqueue`, a web stream's controller).
 */
function errorChannelCall(
  call: ts.CallExpression,
  errorName: string,
  checker: ts.TypeChecker | undefined,
): HandlerBehaviour['forwardsTo'] {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const [first, ...rest] = call.arguments;
  if (callee.name.text === 'emit') {
    const isErrorEvent = !!first && ts.isStringLiteralLike(first) && first.text === 'error';
    return isErrorEvent && rest.some((argument) => mentionsIdentifier(argument, errorName)) ? 'event' : undefined;
  }
  if (callee.name.text !== 'error' || !first || !mentionsIdentifier(first, errorName)) return undefined;
  const receiver = unwrapExpression(callee.expression);
  const last = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : receiver.getText();
  if (OBSERVER_NAMES.test(last)) return 'observer';
  if (STREAM_CONTROLLER_NAMES.test(last)) return 'stream';
  // `logger.error(error)` writes a record: asking its type (a cold checker's inference of the
  // logger's initializer) cost a tenth of an edit's re-analysis where handlers log this way.
  if (isLoggerObject(last, RECORDING_OBJECTS)) return undefined;
  const type = checker?.getTypeAtLocation(receiver);
  if (type?.getProperty('next')) return 'observer';
  if (type?.getProperty('enqueue')) return 'stream';
  return undefined;
}

/** The names an error callback goes by: `onError`, `onFailure`, `onerror`. */
const ERROR_CALLBACK_NAMES = /^on(?:[Ee]rror|Fail|Failure|Failed)$/;

/**
 * `options.onError?.(error)`, `onFailure(error)`: the caught error handed to an error callback whose
 * code is not here (a parameter's, an option's): the caller that gave it decides. One of the
 * workspace's own functions is read for what it does instead.
 */
function errorCallbackCall(
  call: ts.CallExpression,
  errorName: string,
  checker: ts.TypeChecker | undefined,
): HandlerBehaviour['forwardsTo'] {
  const callee = unwrapExpression(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  if (!ERROR_CALLBACK_NAMES.test(name)) return undefined;
  if (!passesName(call, errorName)) return undefined;
  return checker && calledFunction(call, checker)?.body ? undefined : 'callback';
}

/** `throw error` of the caught error itself, or `reject(error)` in a promise executor. */
function rethrowsCaught(statement: ts.Statement, errorName: string | undefined): boolean {
  if (!errorName) return false;
  const rejected = rejectCallOf(statement);
  if (rejected) return rejected.call.arguments.some((argument) => isName(argument, errorName));
  if (!ts.isThrowStatement(statement) || !statement.expression) return false;
  return isName(statement.expression, errorName);
}

function isName(expression: ts.Expression, name: string): boolean {
  const inner = unwrapExpression(expression);
  return ts.isIdentifier(inner) && inner.text === name;
}

/** `reject(x);` or `return reject(x);` with `reject` a promise executor's: the call and the promise. */
function rejectCallOf(node: ts.Node): { call: ts.CallExpression; promise: ts.NewExpression } | undefined {
  const expression = ts.isExpressionStatement(node) || ts.isReturnStatement(node) ? node.expression : node;
  if (!expression || !ts.isExpression(expression)) return undefined;
  const call = unwrapExpression(expression);
  if (!ts.isCallExpression(call)) return undefined;
  const callee = unwrapExpression(call.expression);
  const promise = ts.isIdentifier(callee) ? executorOfReject(callee) : undefined;
  return promise ? { call, promise } : undefined;
}

/**
 * The `new Promise((resolve, reject) => ...)` whose second parameter `name` is, looking outwards
 * from the reference through the functions around it (a nearer parameter of that name hides it).
 */
export function executorOfReject(name: ts.Identifier): ts.NewExpression | undefined {
  for (let node: ts.Node | undefined = name.parent; node; node = node.parent) {
    if (!isFunctionLike(node)) continue;
    const index = node.parameters.findIndex(
      (parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name.text,
    );
    if (index < 0) continue;
    const created = node.parent;
    const isExecutor =
      index === 1 &&
      ts.isNewExpression(created) &&
      created.arguments?.[0] === node &&
      unwrapExpression(created.expression).getText() === 'Promise';
    return isExecutor ? created : undefined;
  }
  return undefined;
}

/** Does the call pass the caught error on (`handle(error)`, `report({ error })`, `fail(error.message)`)? */
/** Words of a message that announces another attempt: "Retrying in 2 seconds", "retry 2 of 5". */
const RETRY_NOTICE = /\bretr(?:y|ying|ies)\b/i;

/**
 * A log line that announces another attempt and shows nothing of the error (`console.log(\`Hit
 * rate limit. Retrying in ${delay} seconds\`)`): it records that a retry happens, not the failure,
 * and the failure that ends the attempts leaves the handler unrecorded by it. A line that shows
 * the error (`retrying... ${lastError.message}`) records each failed attempt.
 */
function isRetryNotice(log: ts.CallExpression, body: ts.Node, errorName: string | undefined): boolean {
  if (!log.arguments.some((argument) => RETRY_NOTICE.test(literalText(argument)))) return false;
  if (!errorName) return true;
  // The error, and the error again under another name (`const lastError = toError(error)`); not
  // what is read off it (`const delay = retryAfter(error)` is a number).
  const fromError = new Set([errorName]);
  const isError = (expression: ts.Expression): boolean => {
    const inner = unwrapExpression(expression);
    if (ts.isIdentifier(inner)) return fromError.has(inner.text);
    if (ts.isConditionalExpression(inner)) return isError(inner.whenTrue) || isError(inner.whenFalse);
    return (
      (ts.isCallExpression(inner) || ts.isNewExpression(inner)) &&
      /error|err\b/i.test(inner.expression.getText()) &&
      (inner.arguments ?? []).some((argument) => ts.isIdentifier(unwrapExpression(argument)) && isError(argument))
    );
  };
  walkSameFunction(body, (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isError(node.initializer))
      fromError.add(node.name.text);
  });
  return !log.arguments.some((argument) => [...fromError].some((name) => mentionsIdentifier(argument, name)));
}

/** The literal text of an expression's strings and templates (`Retrying in ${delay}s` gives "Retrying in s"). */
function literalText(expression: ts.Node): string {
  let text = '';
  const read = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node))
      text += ` ${node.text} `;
  };
  read(expression);
  walk(expression, read);
  return text;
}

/** Global functions that only convert or inspect a value: giving them the error hands it to no one. */
const VALUE_FUNCTIONS =
  /^(?:String|Number|Boolean|JSON|Object|Array|Math|Promise|Reflect|Symbol|Error|encodeURIComponent|isNaN|parseInt|parseFloat)$/;

/**
 * `setError(error.message);`, `await jobs.settle({ error })`: a call made for its effect (its
 * result unused) that is given the error, of code that is not here, and not the error's own
 * method or a global that converts a value.
 */
function handsOnCall(call: ts.CallExpression, errorName: string): boolean {
  let statement: ts.Node = call.parent;
  while (ts.isAwaitExpression(statement) || ts.isParenthesizedExpression(statement)) statement = statement.parent;
  return ts.isExpressionStatement(statement) && givesErrorAway(call, errorName);
}

/** The call is given the error, and is not the error's own method or a global that converts a value. */
function givesErrorAway(call: ts.CallExpression, errorName: string): boolean {
  const { root } = accessChain(unwrapExpression(call.expression));
  if (ts.isIdentifier(root) && (root.text === errorName || VALUE_FUNCTIONS.test(root.text))) return false;
  return passesName(call, errorName);
}

/** `this.runs.settle`, shortened: the callee as written. */
function calleeText(call: ts.CallExpression): string {
  const text = call.expression.getText().replace(/\s+/g, '');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function passesName(call: ts.CallExpression, name: string): boolean {
  return call.arguments.some((argument) => mentionsIdentifier(argument, name));
}

/**
 * Whether evaluating the expression always throws: a call of a workspace function or method
 * declared to return `never` (`Promise<never>` when async; an interface's method too), or whose
 * body ends by throwing, directly or through such a call, with no `return` before.
 */
function neverReturns(expression: ts.Expression, checker: ts.TypeChecker, depth: number): boolean {
  let inner = unwrapExpression(expression);
  if (ts.isAwaitExpression(inner)) inner = unwrapExpression(inner.expression);
  if (!ts.isCallExpression(inner) || depth >= MAX_HELPER_DEPTH) return false;
  const callee = unwrapExpression(inner.expression);
  const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, checker);
  if (declaration?.getSourceFile().isDeclarationFile) return false;
  const fn =
    declaration && (isFunctionLike(declaration) || ts.isMethodSignature(declaration))
      ? declaration
      : calledFunction(inner, checker);
  if (!fn) return false;
  if (fn.type && declaresNever(fn.type)) return true;
  const body = ts.isMethodSignature(fn) ? undefined : fn.body;
  if (!body || !ts.isBlock(body)) return false;
  const last = body.statements[body.statements.length - 1];
  if (!last) return false;
  let returns = false;
  walkSameFunction(body, (node) => {
    if (ts.isReturnStatement(node) && node !== last) returns = true;
  });
  if (returns) return false;
  if (ts.isThrowStatement(last)) return true;
  return (
    (ts.isExpressionStatement(last) || ts.isReturnStatement(last)) &&
    !!last.expression &&
    neverReturns(last.expression, checker, depth + 1)
  );
}

/** `never`, or `Promise<never>`. */
function declaresNever(type: ts.TypeNode): boolean {
  if (type.kind === ts.SyntaxKind.NeverKeyword) return true;
  return (
    ts.isTypeReferenceNode(type) &&
    type.typeName.getText() === 'Promise' &&
    type.typeArguments?.length === 1 &&
    type.typeArguments[0].kind === ts.SyntaxKind.NeverKeyword
  );
}

/**
 * Per program (its checker): what an untyped JavaScript call runs, where the call graph can say
 * (`CallerIndex.untypedMethod`). Set by the analysis; without it such calls stay unresolved.
 */
const untypedResolvers = new WeakMap<
  ts.TypeChecker,
  (call: ts.CallExpression) => ts.FunctionLikeDeclaration | undefined
>();

export function resolveUntypedCallsWith(
  checker: ts.TypeChecker,
  resolve: (call: ts.CallExpression) => ts.FunctionLikeDeclaration | undefined,
): void {
  untypedResolvers.set(checker, resolve);
}

/** The workspace function a call resolves to (not a library's: those have no body here). */
export function calledFunction(
  call: ts.CallExpression,
  checker: ts.TypeChecker,
): ts.FunctionLikeDeclaration | undefined {
  const callee = unwrapExpression(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  const resolved = declarationOf(name, checker);
  // Found without the checker's resolution (which tells the memo itself): the memo is told here.
  const declaration = resolved ?? readBy(checker, soleUnionMember(callee, checker));
  if (!declaration) return readBy(checker, untypedResolvers.get(checker)?.(call));
  if (declaration.getSourceFile().isDeclarationFile) return undefined;
  if (isFunctionLike(declaration)) return declaration;
  if (
    (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) &&
    declaration.initializer &&
    isFunctionLike(unwrapExpression(declaration.initializer))
  ) {
    return unwrapExpression(declaration.initializer) as ts.FunctionLikeDeclaration;
  }
  return undefined;
}

/** `found`, its file reported to the session's memo as read (see `AnalysisMemo.readingResolutions`). */
function readBy<T extends ts.Node>(checker: ts.TypeChecker, found: T | undefined): T | undefined {
  if (found) memoOf(checker)?.read(found.getSourceFile().fileName);
  return found;
}

/**
 * `connector.handleStream(...)` where `connector` is one of several classes and only one of them
 * has the method (the checker then resolves the name to nothing): that class's method.
 */
function soleUnionMember(callee: ts.Expression, checker: ts.TypeChecker): ts.Declaration | undefined {
  // JavaScript only: in TypeScript such a call does not compile, and asking costs every unresolved call.
  if (!ts.isPropertyAccessExpression(callee) || !JAVASCRIPT_FILE.test(callee.getSourceFile().fileName))
    return undefined;
  const declarations = unionMemberDeclarations(callee, checker);
  return declarations?.length === 1 ? declarations[0] : undefined;
}

export function bindingText(name: ts.BindingName | undefined): string | undefined {
  return name && ts.isIdentifier(name) ? name.text : undefined;
}

/** `{ ok: false }`, `{ success: false, error }`, `Result.err(e)`, `{ error: ... }`. */
function saysFailure(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (ts.isObjectLiteralExpression(value)) {
    return value.properties.some((property) => {
      const name = property.name?.getText();
      if (name === 'error' || name === 'err' || name === 'failure') return true;
      if ((name === 'ok' || name === 'success') && ts.isPropertyAssignment(property)) {
        return property.initializer.kind === ts.SyntaxKind.FalseKeyword;
      }
      return false;
    });
  }
  if (ts.isCallExpression(value)) {
    const text = value.expression.getText();
    return (
      /(?:^|\.)(?:err|error|fail|failure|Err)$/.test(text) ||
      (/(?:json|send)$/.test(text) && value.getText().includes('error'))
    );
  }
  return false;
}

/**
 * `return toErrorResult(error, 'chat')`: a workspace helper whose result says the call failed
 * (`{ error: message }`, `{ ok: false }`) is a failure result the callers check, not a default.
 */
function helperSaysFailure(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  let value = unwrapExpression(expression);
  if (ts.isAwaitExpression(value)) value = unwrapExpression(value.expression);
  if (!ts.isCallExpression(value)) return false;
  const helper = calledFunction(value, checker);
  return !!helper?.body && returnedExpressions(helper.body).some((returned) => saysFailure(returned));
}

/**
 * `return new Response(JSON.stringify(error))`: an HTTP response whose body is made from the
 * caught error tells the client the request failed, even with the default status; the client gets
 * the error, not an answer standing in for one.
 */
function sendsErrorToClient(expression: ts.Expression, errorName: string | undefined): boolean {
  if (!errorName) return false;
  const value = unwrapExpression(expression);
  const made = ts.isNewExpression(value) ? value.expression : ts.isCallExpression(value) ? value.expression : undefined;
  if (!made || !/Response(?:\.json)?$/.test(made.getText())) return false;
  return ((value as ts.NewExpression | ts.CallExpression).arguments ?? []).some((argument) =>
    mentionsIdentifier(argument, errorName),
  );
}

/**
 * `return mapSseError(error, info)`, `return toErrorEvent(error)`: the error handed to a function
 * the audit cannot read, and what it makes of it returned: the error turned into a failure the
 * caller sees, not an answer standing in for one. (A readable helper is read: `helperSaysFailure`.)
 */
function returnsUnreadConversion(
  expression: ts.Expression,
  errorName: string | undefined,
  checker: ts.TypeChecker,
): boolean {
  if (!errorName) return false;
  const value = unwrapExpression(expression);
  return ts.isCallExpression(value) && givesErrorAway(value, errorName) && !calledFunction(value, checker)?.body;
}

function hasComment(block: ts.Node): boolean {
  const text = block.getText();
  return /\/\/|\/\*/.test(text);
}

/** Is the handler one that does nothing useful with the error? */
export function isSwallowing(behaviour: HandlerBehaviour): boolean {
  if (behaviour.empty) return true;
  if (
    behaviour.rethrows ||
    behaviour.logs ||
    behaviour.returnsFailureResult ||
    behaviour.forwardsTo ||
    behaviour.retriesItself ||
    behaviour.stores ||
    behaviour.handsOnTo
  )
    return false;
  return true;
}

const FORWARDED: Record<NonNullable<HandlerBehaviour['forwardsTo']>, string> = {
  observer: "passes it to the subscriber's error channel",
  stream: 'errors the stream with it for its reader',
  event: "emits it as an 'error' event",
  callback: "passes it to the caller's error callback",
};

/** `this.summarise(...)` or `summarise(...)`, awaited or not, inside `summarise` itself. */
function callsItself(expression: ts.Expression, body: ts.Node): boolean {
  let value = unwrapExpression(expression);
  if (ts.isAwaitExpression(value)) value = unwrapExpression(value.expression);
  if (!ts.isCallExpression(value)) return false;
  const callee = unwrapExpression(value.expression);
  const name = ts.isIdentifier(callee)
    ? callee.text
    : ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword
      ? callee.name.text
      : undefined;
  // A handler given to `.catch` in place runs for the function it is written in.
  let fn = enclosingFunction(body);
  while (fn && isRejectionHandler(fn)) fn = enclosingFunction(fn.parent);
  return !!name && !!fn && fn.name !== undefined && ts.isIdentifier(fn.name) && fn.name.text === name;
}

/** `(error) => ...` written as the argument of `.catch(...)` (or the second of `.then(...)`). */
export function isRejectionHandler(fn: ts.FunctionLikeDeclaration): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let argument: ts.Node = fn;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const method = call.expression.name.text;
  return (
    (method === 'catch' && call.arguments[0] === argument) || (method === 'then' && call.arguments[1] === argument)
  );
}

/** A few words for the register: "logs and rethrows", "returns HTTP 500". */
export function describeReaction(behaviour: HandlerBehaviour, fallsBack: boolean): string {
  const parts: string[] = [];
  if (behaviour.logs) parts.push('logs');
  if (fallsBack) parts.push('falls back to another model');
  if (behaviour.httpStatus) parts.push(`returns HTTP ${behaviour.httpStatus}`);
  else if (behaviour.sendsToClient) parts.push('sends the client an error message');
  else if (behaviour.returnsFailureResult) parts.push('returns a failure result');
  else if (behaviour.returnsValue && !fallsBack) parts.push('returns a default value');
  if (behaviour.retriesItself) parts.push('calls the function again');
  if (behaviour.rethrows) parts.push(behaviour.logs ? 'rethrows' : 'rethrows it');
  if (behaviour.forwardsTo) parts.push(FORWARDED[behaviour.forwardsTo]);
  if (behaviour.stores && !behaviour.rethrows) parts.push('keeps it for later');
  if (behaviour.handsOnTo && parts.length === 0) parts.push(`hands it to \`${behaviour.handsOnTo}\``);
  if (parts.length === 0) return behaviour.empty ? 'ignores it (empty catch)' : 'ignores it';
  return joinWords(parts);
}

function joinWords(parts: string[]): string {
  if (parts.length === 1) return parts[0];
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
