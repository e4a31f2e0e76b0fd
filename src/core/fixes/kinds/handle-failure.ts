import { offer } from '../offer';
import type { Fix } from '../../types';
import type { FixSite } from '../context';
import { enclosingCatch, logAtTopOfCatch, wrapWithFailureRecord } from '../edits/catch-log';
import { wrappableStatement } from '../edits/wrap-statement';
import { errorFields, type RecordField } from '../log-record';
import { quote } from '../style';
import { freshLocalName, localScope } from '../text';
import { modelField } from './model-field';

/**
 * Handle and log the failure.
 * - `unhandled-model-error`: wraps the smallest statement holding the call in try/catch; the catch
 *   logs one structured record (operation, model, error class, HTTP status, duration) with the
 *   project's logger when one is in scope, else `console.error`, and rethrows.
 * - `swallowed-model-error`: the handler exists and chose to recover; it gets the log record it
 *   lacks, and keeps its recovery.
 */
export function handleFailure(site: FixSite): Fix | undefined {
  return site.finding.ruleId === 'swallowed-model-error' ? logInSwallowingHandler(site) : wrapAndLog(site);
}

function wrapAndLog(site: FixSite): Fix | undefined {
  const { call, style } = site;
  if (call.streaming) return undefined;
  const wrap = wrappableStatement(call.node, style, { requireAwait: true });
  if (!wrap) return undefined;
  const startedAt = freshLocalName('startedAt', localScope(wrap.statement));
  const errorName = 'error';
  const fields: RecordField[] = [
    ['event', quote('model_call_failed', style)],
    ['operation', quote(call.shape.name, style)],
    ...modelField(site, wrap.statement),
    ...errorFields(errorName, style),
    ['durationMs', `Date.now() - ${startedAt}`],
  ];
  const { edits, callee } = wrapWithFailureRecord(site, wrap, { startedAt, error: errorName }, fields);
  return offer('handle-failure:rethrow', {
    title: `Handle the failure: log it (${callee}) and rethrow`,
    safe: false,
    edits,
  });
}

/** Adds the missing log record at the top of the local catch block that swallows the failure. */
function logInSwallowingHandler(site: FixSite): Fix | undefined {
  const { call, style } = site;
  const catchClause = enclosingCatch(call.node);
  if (!catchClause) return undefined;
  const logged = logAtTopOfCatch(
    site,
    catchClause,
    (errorName) => [
      ['event', quote('model_call_failed', style)],
      ['operation', quote(call.shape.name, style)],
      ...modelField(site, catchClause.parent),
      ...errorFields(errorName, style),
    ],
    `${call.shape.name} failed; recovering`,
  );
  if (!logged) return undefined;
  return offer('handle-failure:log-swallowed', {
    title: `Log the swallowed failure (${logged.callee}) and keep the recovery`,
    safe: false,
    edits: logged.edits,
  });
}
