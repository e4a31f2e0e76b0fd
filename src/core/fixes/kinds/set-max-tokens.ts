import { offer } from '../offer';
import type { Fix } from '../../types';
import type { FixSite } from '../context';
import { maxTokensOption, setOptionEdits } from '../sdk-options';
import { formatNumber } from '../style';

/**
 * A ceiling, not a target: high enough not to cut off a normal answer, low enough that one runaway
 * generation cannot cost the model's whole output window.
 */
const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** Set max tokens (`unbounded-output-tokens`): the SDK's output-token option for this operation. */
export function setMaxTokens(site: FixSite): Fix | undefined {
  const target = maxTokensOption(site.call);
  if (!target) return undefined;
  const value = formatNumber(DEFAULT_MAX_OUTPUT_TOKENS, site.style);
  const edits = setOptionEdits(site.call, target, value, site.style);
  if (!edits) return undefined;
  const where =
    target.site === 'client' ? ` where the ${site.call.origin?.constructedBy ?? 'model'} is constructed` : '';
  return offer('set-max-tokens', {
    title: `Set a maximum of ${value} output tokens (${target.path.join('.')}${where})`,
    safe: true,
    edits,
  });
}
