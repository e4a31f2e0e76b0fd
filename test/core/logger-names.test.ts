import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { isLoggerObject, logFunctionCall } from '../../src/core/facets/logger-names';

/** The first call in `source` whose callee reads `callee`. */
function callIn(source: string, callee: string): ts.CallExpression {
  const file = ts.createSourceFile('snippet.ts', source, ts.ScriptTarget.ES2022, true);
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (!found && ts.isCallExpression(node) && node.expression.getText(file) === callee) found = node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  assert.ok(found, `no call of ${callee} in ${source}`);
  return found;
}

describe('logger names', () => {
  it('recognises a logger by the last name of the object, however it is reached or decorated', () => {
    for (const name of [
      'logger',
      'log',
      'this.logger',
      'ctx.log',
      'deps.logger',
      'requireLogger.logger',
      'logger_',
      '_log',
      'this.#logger',
      'appLogger',
      'this.requestLogger',
      'pino',
      'winston',
    ]) {
      assert.equal(isLoggerObject(name), true, name);
    }
  });

  it('does not take a word that only ends in "log" for a logger', () => {
    for (const name of ['changelog', 'dialog', 'this.catalog', 'backlog', 'blog', 'logs', 'loggers.list']) {
      assert.equal(isLoggerObject(name), false, name);
    }
  });

  it('accepts the extra names a caller gives', () => {
    assert.equal(isLoggerObject('this.span', /^span$/), true);
    assert.equal(isLoggerObject('this.span'), false);
  });

  describe('log functions', () => {
    it('recognises a log callback called directly or held in a property, and a log method on any object', () => {
      for (const [source, callee] of [
        ['logger({ message: "failed", auxiliary: { error: e.message } });', 'logger'],
        ['this.logger({ category: "caption", message: "failed" });', 'this.logger'],
        ['this.logger?.({ message: "failed" });', 'this.logger'],
        ['await options.logFn("request failed");', 'options.logFn'],
        ['externalLogger({ message: "failed" });', 'externalLogger'],
        ['this.app.log({ category: "titles", message: "failed" });', 'this.app.log'],
        ['void host.log(`failed: ${String(e)}`);', 'host.log'],
        ['promise.catch((e) => this.log({ message: String(e) }));', 'this.log'],
        ['class P { #log(t) {} f(e) { this.#log(`failed: ${e.message}`); } }', 'this.#log'],
      ]) {
        assert.equal(logFunctionCall(callIn(source, callee)), callee, source);
      }
    });

    it('does not take arithmetic, a logger being made, or a value that is used for a record', () => {
      for (const [source, callee] of [
        ['Math.log(attempts + 1);', 'Math.log'],
        ['const penalty = Math.log(length + 1);', 'Math.log'],
        ['const logger = createLogger({ level: "info" });', 'createLogger'],
        ['getLogger("app");', 'getLogger'],
        ['amount.log(10);', 'amount.log'],
        ['total = this.stats.log(entry);', 'this.stats.log'],
        ['this.logger();', 'this.logger'],
        ['this.dialog({ title: "x" });', 'this.dialog'],
        ['const rows = catalog.log(entry);', 'catalog.log'],
      ]) {
        assert.equal(logFunctionCall(callIn(source, callee)), undefined, source);
      }
    });

    it('recognises a namespaced debug logger, made in place or held in a constant', () => {
      for (const [source, callee] of [
        ["getDebug('ai:call', { console: true })('call failed', error);", "getDebug('ai:call', { console: true })"],
        ["const trace = debug('app:llm');\nfunction f(e) { trace('failed %o', e); }", 'trace'],
        ["const debugCall = createDebug(`app:${name}`);\ndebugCall('failed', e);", 'debugCall'],
        ["const say = require('debug')('app');\nsay('failed', e);", 'say'],
      ]) {
        assert.equal(logFunctionCall(callIn(source, callee)), callee, source);
      }
    });

    it('does not take a function that is not a debug logger, or one shadowed by a parameter', () => {
      for (const [source, callee] of [
        ["const trace = makeTracer('app');\ntrace('failed', e);", 'trace'],
        ["const trace = debug(options);\ntrace('failed', e);", 'trace'],
        ["const trace = debug('app');\nfunction f(trace) { trace('failed', e); }", 'trace'],
        ["const say = require('debugger')('app');\nsay('failed', e);", 'say'],
        ["const step = debug('app');\nconst x = step('value');", 'step'],
      ]) {
        assert.equal(logFunctionCall(callIn(source, callee)), undefined, source);
      }
    });
  });
});
