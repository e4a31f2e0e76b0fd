import { offer } from '../offer';
import type { Fix } from '../../types';
import type { FixSite } from '../context';
import { canAddArgument, clientOptionsKnown, clientSets, usesCallersClient } from '../fix-safety';
import {
  idleAbortCallbackOption,
  idleTimeoutOption,
  type OptionSetting,
  setOptionEdits,
  setOptionsEdits,
  timeoutOption,
} from '../sdk-options';
import { formatDuration } from '../../format';
import { loggerAt, logStatement, type RecordField } from '../log-record';
import { quote } from '../style';
import { indentLines } from '../text';
import { modelField } from './model-field';
import { abortWhenIdle } from './stream-idle-helper';

/**
 * Add timeout (`missing-timeout`, `implicit-timeout`): the SDK's own option with the configured
 * duration (`defaultTimeoutMs`), merged into the options object the call already has.
 *
 * Not offered where it would override a timeout someone else chose: one set where the client is
 * constructed, or any on a client the caller passed in (library code forwarding its user's
 * client). On a stream it is a total deadline, which ends a healthy answer that streams for
 * longer (the loop just stops, no error): offered, but not as safe, and the title says so. Where
 * the SDK has an idle timeout between chunks (AI SDK `timeout: { chunkMs }`), that comes first: it
 * ends a stalled stream and leaves a long healthy one alone (not safe either: a tool or a model
 * that pauses longer than that between chunks is cut off). Where the SDK then ends the stream
 * quietly (AI SDK: `onAbort`, not `onError`), the fix also logs it there, or a stalled answer would
 * just stop short with no record. Where it has none, a small helper of the project's own does the
 * same around the stream (stream-idle-helper.ts), not safe either.
 */
export function addTimeout(site: FixSite): Fix[] {
  return [idleTimeout(site), totalTimeout(site)].filter((fix) => fix !== undefined);
}

function idleTimeout(site: FixSite): Fix | undefined {
  const { call } = site;
  const ms = site.facets.config.defaultTimeoutMs;
  const option = idleTimeoutOption(call, ms, site.style);
  // No idle option in the SDK (OpenAI, Anthropic, ...): a helper of the project's own.
  if (!option) return site.profile.timeout.idleMs === undefined ? abortWhenIdle(site) : undefined;
  // An idle limit already set is the decision someone made; a client-level one too.
  if (site.profile.timeout.idleMs !== undefined || clientSets(call, option.target.path[0])) return undefined;
  if (usesCallersClient(call, site.facets.checker) || !canAddArgument(call, option.target)) return undefined;
  const settings: OptionSetting[] = [{ target: option.target, value: option.value }];
  const abortCallback = idleAbortCallbackOption(call);
  if (abortCallback) settings.push({ target: abortCallback, value: logAbort(site, ms) });
  const edits =
    settings.length === 1
      ? setOptionEdits(call, option.target, option.value, site.style)
      : setOptionsEdits(call, settings, site.style);
  if (!edits) return undefined;
  const logged = abortCallback ? `, logged in ${abortCallback.path.join('.')}` : '';
  return offer('add-timeout:stream-idle', {
    title: `Abort the stream when no chunk arrives for ${formatDuration(ms)} (${option.describe})${logged}`,
    safe: false,
    edits,
  });
}

/** `onAbort: ({ steps }) => { console.warn({ event: 'model_stream_aborted', ... }) }`. */
function logAbort(site: FixSite, ms: number): (indent: string) => string {
  const { call, style, facets } = site;
  const fields: RecordField[] = [
    ['event', quote('model_stream_aborted', style)],
    ['operation', quote(call.shape.name, style)],
    ...modelField(site, call.node),
    // The callback also runs when the caller's own signal cancels the stream.
    ['reason', quote(`no chunk for ${formatDuration(ms)}, or cancelled`, style)],
    ['steps', 'steps.length'],
  ];
  const log = loggerAt(call.node, 'warn', facets.checker);
  return (indent) => {
    const inner = indent + style.indentUnit;
    const lines = indentLines(
      logStatement(log, fields, `${call.shape.name} stream aborted`, style, inner.length),
      inner,
    );
    return `({ steps }) => {${style.newline}${lines.join(style.newline)}${style.newline}${indent}}`;
  };
}

function totalTimeout(site: FixSite): Fix | undefined {
  const { call } = site;
  const ms = site.facets.config.defaultTimeoutMs;
  const option = timeoutOption(call, ms, site.style);
  if (!option) return undefined;
  const name = option.target.path[option.target.path.length - 1];
  if (option.target.site !== 'client' && clientSets(call, name)) return undefined;
  const numeric = !option.value.startsWith('AbortSignal');
  if (numeric && option.target.site === 'request' && !clientOptionsKnown(call)) return undefined;
  if (usesCallersClient(call, site.facets.checker)) return undefined;
  if (!canAddArgument(call, option.target)) return undefined;
  const edits = setOptionEdits(call, option.target, option.value, site.style);
  if (!edits) return undefined;
  const duration = formatDuration(ms);
  if (call.streaming)
    return offer('add-timeout', {
      title: `Abort the whole stream after ${duration} (${option.describe}); a longer healthy answer is cut off`,
      safe: false,
      edits,
    });
  return offer('add-timeout', { title: `Add a ${duration} timeout (${option.describe})`, safe: true, edits });
}
