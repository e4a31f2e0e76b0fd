import { offer } from '../offer';
import { errorSite } from '../../facets/failure';
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
 * - Vercel AI SDK `streamText`/`streamObject` never throw: an `onError` that logs a structured
 *   record (safe: the stream behaves as before, its errors become visible).
 * - Other streams throw while they are read: the loop (or the `await` of the final message) that
 *   reads them goes in a try/catch that logs and rethrows.
 */
export function observeStreamErrors(site: FixSite): Fix | undefined {
  return site.call.entry.id === 'vercel-ai' ? addOnError(site) : guardStreamLoop(site);
}

function addOnError(site: FixSite): Fix | undefined {
  const { call, style, facets } = site;
  if (call.shape.kind !== 'function') return undefined;
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
  const edits = setOptionEdits(call, { site: 'params', path: ['onError'] }, value, style);
  if (!edits) return undefined;
  return offer('observe-stream-errors:on-error', {
    title: `Observe stream errors: add onError that logs them (${log.callee})`,
    safe: true,
    edits,
  });
}

function guardStreamLoop(site: FixSite): Fix | undefined {
  const { call, style, facets } = site;
  const where = errorSite(call);
  if (where === call.node) return undefined;
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
