import { offer } from '../offer';
import type { Fix } from '../../types';
import type { FixSite } from '../context';
import { setOptionEdits, timeoutOption } from '../sdk-options';
import { formatDuration } from '../../format';

/**
 * Add timeout (`missing-timeout`, `implicit-timeout`): the SDK's own option with the configured
 * duration (`defaultTimeoutMs`), merged into the options object the call already has.
 */
export function addTimeout(site: FixSite): Fix | undefined {
  const ms = site.facets.config.defaultTimeoutMs;
  const option = timeoutOption(site.call, ms, site.style);
  if (!option) return undefined;
  const edits = setOptionEdits(site.call, option.target, option.value, site.style);
  if (!edits) return undefined;
  return offer('add-timeout', { title: `Add a ${formatDuration(ms)} timeout (${option.describe})`, safe: true, edits });
}
