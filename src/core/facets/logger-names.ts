/**
 * Names a logger goes by, judged on the last name of the object a method is called on:
 * `logger.error`, `this.logger.warn`, `deps.logger.info`, `ctx.log.error`, `logger_.error` (a local
 * copy of an optional logger), `appLogger.warn`, `pino`/`winston` instances. Whole words only:
 * `changelog` or `dialog` are not loggers.
 */
const LOGGER_NAMES = /^(?:logger|log|pino|winston)$/i;

export function isLoggerObject(objectText: string, extra?: RegExp): boolean {
  const last = objectText.slice(objectText.lastIndexOf('.') + 1);
  const bare = last.replace(/^_+|_+$/g, '');
  return LOGGER_NAMES.test(bare) || /[a-z0-9]Logger$/.test(bare) || (!!extra && extra.test(bare));
}
