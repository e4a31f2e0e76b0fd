import { sdkName } from '../../catalog/index';
import { offer } from '../offer';
import type { Fix } from '../../types';
import type { FixSite } from '../context';
import { canAddArgument, clientOptionsKnown, usesCallersClient } from '../fix-safety';
import { retriesOption, setOptionEdits } from '../sdk-options';

/**
 * State retry policy (`implicit-retry-policy`, `retry-amplification`): writes the SDK's retry
 * option on the call. For an implicit policy it states the SDK default, so behaviour is unchanged
 * and the decision becomes visible; when an outer layer retries, the SDK's own retries go to 0.
 */
export function stateRetryPolicy(site: FixSite): Fix | undefined {
  const { call, profile, finding } = site;
  const option = retriesOption(call);
  if (!option || !canAddArgument(call, option.target)) return undefined;
  // The caller's own client: its retry setting is theirs (and unknown here), not the SDK default.
  if (usesCallersClient(call, site.facets.checker)) return undefined;
  if (option.target.site === 'request' && !clientOptionsKnown(call)) return undefined;
  const sdkLayer = profile.retry.layers.find((layer) => layer.kind === 'sdk');
  if (!sdkLayer || typeof sdkLayer.attempts !== 'number') return undefined;
  const outer = finding.ruleId === 'retry-amplification';
  if (outer && sdkLayer.attempts === 1) return undefined;
  // Stating the default is only a no-op when the layer is the SDK's default, as the facet found it.
  if (!outer && sdkLayer.source !== 'sdk-default') return undefined;
  const retries = outer ? 0 : sdkLayer.attempts - 1;
  // A client option changes every call made with that client. Stating the default changes nothing;
  // turning retries off is only for a client this call alone uses.
  if (option.target.site === 'client' && outer && !soleUserOfClient(site)) return undefined;
  const value = option.value(retries);
  const edits = setOptionEdits(call, option.target, String(value), site.style, {
    replace: outer && sdkLayer.source === 'explicit',
  });
  if (!edits) return undefined;
  const name = option.target.path.join('.');
  const where =
    option.target.site === 'client' ? ` where the ${call.origin?.constructedBy ?? 'client'} is constructed` : '';
  const title = outer
    ? `Turn off the SDK's own retries (${name}: ${value}${where}): the outer retry layer decides`
    : `State the retry policy (${name}: ${value}${where}, the ${sdkName(call.entry)} default)`;
  return offer(outer ? 'state-retry-policy:sdk-retries-off' : 'state-retry-policy:sdk-default', {
    title,
    safe: true,
    edits,
  });
}

function soleUserOfClient(site: FixSite): boolean {
  const construction = site.call.origin?.construction;
  if (!construction) return false;
  return site.facets.calls.every((other) => other === site.call || other.origin?.construction !== construction);
}
