import { offer } from '../offer';
import { errorSite, isReading } from '../../facets/failure';
import type { OptionPath } from '../../catalog/types';
import type { Fix } from '../../types';
import type { FixSite } from '../context';
import { wrapEdits, wrappableStatement } from '../edits/wrap-statement';
import { errorFields, loggerAt, logStatement, messageField, type RecordField } from '../log-record';
import { setOptionEdits } from '../sdk-options';
import { quote, statementLine } from '../style';
import { indentLines } from '../text';
import { modelField } from './model-field';

/**
 * Observe stream errors (`unhandled-stream-error`).
 * - Streams that never throw (the catalogue's `streamErrors`, Vercel AI SDK `streamText`): their
 *   error callback option, logging a structured record (safe: the stream behaves as before, its
 *   errors become visible). Without such an option (an AI SDK agent's stream) nothing is offered.
 * - Other streams throw while they are read: the loop (or the `await` of the final message) that
 *   reads them goes in a try/catch that logs and rethrows. Not offered where the stream is only
 *   handed on (returned, given to another function): the reader is elsewhere.
 */
export function observeStreamErrors(site: FixSite): Fix | undefined {
  const errors = site.call.shape.streamErrors;
  if (!errors) return guardStreamLoop(site);
  return errors.callback ? addErrorCallback(site, errors.callback) : undefined;
}

function addErrorCallback(site: FixSite, callback: OptionPath): Fix | undefined {
  const { call, style, facets } = site;
  const errorName = 'error';
  const fields: RecordField[] = [
    ['event', quote('model_stream_failed', style)],
    ['operation', quote(call.shape.name, style)],
    ...modelField(site, call.node),
    ...errorFields(errorName, style),
    messageField(errorName),
  ];
  const log = loggerAt(call.node, 'error', facets.checker);
  const value = (indent: string): string => {
    const inner = indent + style.indentUnit;
    const lines = indentLines(
      logStatement(log, fields, `${call.shape.name} stream failed`, style, inner.length),
      inner,
    );
    return `({ ${errorName} }) => {${style.newline}${lines.join(style.newline)}${style.newline}${indent}}`;
  };
  const edits = setOptionEdits(call, callback, value, style);
  if (!edits) return undefined;
  return offer('observe-stream-errors:on-error', {
    title: `Observe stream errors: add ${callback.path.join('.')} that logs them (${log.callee})`,
    safe: true,
    edits,
  });
}

function guardStreamLoop(site: FixSite): Fix | undefined {
  const { call, style, facets } = site;
  const where = errorSite(call);
  // Only where the stream is read does a `try` see its errors: one around `return stream` (the
  // stream handed on, read by the caller) would never run.
  if (where === call.node || !isReading(where)) return undefined;
  const wrap = wrappableStatement(where, style, { requireAwait: false });
  if (!wrap) return undefined;
  const errorName = 'error';
  const fields: RecordField[] = [
    ['event', quote('model_stream_failed', style)],
    ['operation', quote(call.shape.name, style)],
    ...modelField(site, wrap.statement),
    ...errorFields(errorName, style),
    messageField(errorName),
  ];
  const log = loggerAt(wrap.statement, 'error', facets.checker);
  const column = (wrap.indent + style.indentUnit).length;
  const lines = [
    ...logStatement(log, fields, `${call.shape.name} stream failed`, style, column),
    statementLine(`throw ${errorName}`, style),
  ];
  const edits = wrapEdits(wrap, { catchName: errorName, catchLines: (inner) => indentLines(lines, inner) }, style);
  return offer('observe-stream-errors:consumption', {
    title: `Observe stream errors: log failures while reading the stream (${log.callee}) and rethrow`,
    safe: false,
    edits,
  });
}
