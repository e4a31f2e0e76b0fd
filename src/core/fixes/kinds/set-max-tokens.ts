import { offer } from '../offer';
import type { Fix } from '../../types';
import type { FixSite } from '../context';
import { canAddArgument, reasoningCountsAgainstCap } from '../fix-safety';
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
  if (!target || !canAddArgument(site.call, target)) return undefined;
  const value = formatNumber(DEFAULT_MAX_OUTPUT_TOKENS, site.style);
  const edits = setOptionEdits(site.call, target, value, site.style);
  if (!edits) return undefined;
  const where =
    target.site === 'client' ? ` where the ${site.call.origin?.constructedBy ?? 'model'} is constructed` : '';
  // Reasoning (or thinking) tokens count against the cap: a long reasoning can use it all and
  // leave no answer, so on such a call the cap changes the success path.
  const reasoning = reasoningCountsAgainstCap(site.call, site.profile.call.model);
  return offer('set-max-tokens', {
    title: `Set a maximum of ${value} output tokens (${target.path.join('.')}${where})${reasoning ? '; reasoning tokens count against it, so a long reasoning can leave no answer' : ''}`,
    safe: !reasoning,
    edits,
  });
}
