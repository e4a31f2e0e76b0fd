type Fields = Record<string, unknown>;
type Level = 'info' | 'warn' | 'error';

function write(level: Level, fields: Fields, message: string): void {
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\n`);
}

/** Structured JSON-lines logger with the pino call shape: fields first, message second. */
export const logger = {
  info: (fields: Fields, message: string): void => write('info', fields, message),
  warn: (fields: Fields, message: string): void => write('warn', fields, message),
  error: (fields: Fields, message: string): void => write('error', fields, message),
};
