import { ts } from 'ts-morph';
import { unwrapExpression } from '../ast';

/**
 * Names a logger goes by, judged on the last name of the object a method is called on:
 * `logger.error`, `this.logger.warn`, `deps.logger.info`, `ctx.log.error`, `logger_.error` (a local
 * copy of an optional logger), `this.#logger.warn` (a private field), `appLogger.warn`,
 * `pino`/`winston` instances. Whole words only:
 * `changelog` or `dialog` are not loggers.
 */
const LOGGER_NAMES = /^(?:logger|log|pino|winston)$/i;

export function isLoggerObject(objectText: string, extra?: RegExp): boolean {
  const last = objectText.slice(objectText.lastIndexOf('.') + 1);
  const bare = last.replace(/^[_#]+|_+$/g, '');
  return LOGGER_NAMES.test(bare) || /[a-z0-9]Logger$/.test(bare) || (!!extra && extra.test(bare));
}

/**
 * A VS Code extension's log: its output channel, named as extensions name it, written with
 * `appendLine` or, for a `LogOutputChannel`, a level method (`output.error(message, error)`).
 */
const OUTPUT_CHANNEL_OBJECTS = /^(?:output|channel|logChannel|outputChannel|\w*OutputChannel)$/;
const OUTPUT_CHANNEL_METHODS = /^(?:appendLine|error|warn|info)$/;

/** Whether `object.method(...)` (the object's last name) writes to an extension's output channel. */
export function isOutputChannelWrite(objectText: string, method: string): boolean {
  const last = objectText.slice(objectText.lastIndexOf('.') + 1);
  return OUTPUT_CHANNEL_OBJECTS.test(last) && OUTPUT_CHANNEL_METHODS.test(method);
}

/**
 * Names a log *function* goes by: a callback the user hands a library to receive its records
 * (`logger(entry)`, `this.logger({ message })`, `options.logFn(...)`, `externalLogger(...)`).
 * A name that makes or fetches a logger (`createLogger`, `getLogger`) is not one.
 */
const LOG_FUNCTION_NAMES = /^(?:log|logger|logFn|logFunc|logFunction|logCallback|logHandler|onLog)$/i;
const LOGGER_FACTORY = /^(?:create|get|make|build|new|init|setup|set|use|with|configure|child)/i;
/** Objects whose `log` is a number's logarithm, not a record. */
const NUMERIC_OBJECTS = /^(?:Math|Date|Number|BigInt|Decimal|Big|BigNumber)$/;

/**
 * The callee text of a call that writes a log record through a function rather than a logger
 * object's level method: a log function called directly or held in a property (`logger(entry)`,
 * `this.logger({ ... })`), or a `log` method on any object that is not arithmetic
 * (`this.app.log({ ... })`). Only when the call's value is thrown away: a record is written, not
 * computed (`const y = Math.log(x)`, `const logger = createLogger()` are not records).
 */
export function logFunctionCall(call: ts.CallExpression): string | undefined {
  if (call.arguments.length === 0 || !valueDiscarded(call)) return undefined;
  const callee = unwrapExpression(call.expression);
  if (isDebugLogger(callee)) return callee.getText();
  const name = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : undefined;
  if (!name) return undefined;
  const bare = name.text.replace(/^[_#]+|_+$/g, '');
  const isLogFunction = LOG_FUNCTION_NAMES.test(bare) || (/[a-z0-9]Logger$/.test(bare) && !LOGGER_FACTORY.test(bare));
  if (!isLogFunction) return undefined;
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = unwrapExpression(callee.expression);
    const last = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : receiver.getText();
    if (NUMERIC_OBJECTS.test(last)) return undefined;
    if (ts.isNumericLiteral(receiver)) return undefined;
  }
  if (call.arguments.every((argument) => isNumeric(unwrapExpression(argument)))) return undefined;
  return callee.getText();
}

function isNumeric(node: ts.Expression): boolean {
  if (ts.isNumericLiteral(node) || ts.isBigIntLiteral(node)) return true;
  return ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand);
}

/** Is the call a statement of its own (awaited, voided or parenthesised), or an arrow's whole body? */
function valueDiscarded(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (
    ts.isParenthesizedExpression(node.parent) ||
    ts.isAwaitExpression(node.parent) ||
    ts.isVoidExpression(node.parent)
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  return ts.isExpressionStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node);
}

/** `debug('app:llm')`, `getDebug('ai:call')`, `createDebug(ns)`: a namespaced debug logger being made. */
const DEBUG_FACTORY = /^(?:get|create|make)?debug$/i;

/**
 * A namespaced debug logger (the `debug` package and its look-alikes): made by a factory given a
 * namespace and called as a function, in place (`getDebug('ai:call')(message, error)`) or through a
 * constant that holds it (`const debugCall = getDebug('ai:call')`, `const trace =
 * require('debug')('app')`).
 */
function isDebugLogger(callee: ts.Expression): boolean {
  if (ts.isCallExpression(callee)) return isDebugFactoryCall(callee);
  if (!ts.isIdentifier(callee)) return false;
  const initializer = localConstInitializer(callee);
  return !!initializer && ts.isCallExpression(initializer) && isDebugFactoryCall(initializer);
}

function isDebugFactoryCall(call: ts.CallExpression): boolean {
  const namespace = call.arguments[0];
  if (!namespace || !(ts.isStringLiteralLike(namespace) || ts.isTemplateExpression(namespace))) return false;
  const factory = unwrapExpression(call.expression);
  // `require('debug')('app')`
  if (ts.isCallExpression(factory)) {
    const module = factory.arguments[0];
    return (
      ts.isIdentifier(factory.expression) &&
      factory.expression.text === 'require' &&
      !!module &&
      ts.isStringLiteralLike(module) &&
      module.text === 'debug'
    );
  }
  const name = ts.isIdentifier(factory) ? factory : ts.isPropertyAccessExpression(factory) ? factory.name : undefined;
  return !!name && DEBUG_FACTORY.test(name.text);
}

/**
 * The initialiser of the `const` an identifier names, found in the blocks around it (no checker:
 * the handler scan runs without one), stopping at a parameter of the same name.
 */
function localConstInitializer(identifier: ts.Identifier): ts.Expression | undefined {
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    if (
      ts.isFunctionLike(scope) &&
      scope.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === identifier.text)
    )
      return undefined;
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isModuleBlock(scope)) continue;
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
      const declaration = statement.declarationList.declarations.find(
        (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === identifier.text,
      );
      if (declaration) return declaration.initializer && unwrapExpression(declaration.initializer);
    }
  }
  return undefined;
}
