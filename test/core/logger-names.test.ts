import * as assert from 'node:assert/strict';
import { isLoggerObject } from '../../src/core/facets/logger-names';

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
});
