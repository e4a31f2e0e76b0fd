import type { ts } from 'ts-morph';
import { readPath } from '../ast';
import type { OptionPath } from '../catalog/types';
import type { DetectedCall } from '../detect';

export interface OptionValue {
  path: OptionPath;
  /** The property that sets it (what a finding or fix points at). */
  node: ts.Node;
  value?: ts.Expression;
  site: OptionPath['site'];
}

/**
 * Reads the first option that is set, most specific site first: the request overrides the call's
 * params, which override the client's construction options.
 */
export function readOption(call: DetectedCall, paths: readonly OptionPath[]): OptionValue | undefined {
  for (const site of ['request', 'params', 'client'] as const) {
    for (const path of paths) {
      if (path.site !== site) continue;
      // An option of other client classes (`numPredict` on a ChatOpenAI) configures nothing here.
      if (path.clients && call.origin && !path.clients.includes(call.origin.constructedBy)) continue;
      const found = readPath(objectAt(call, site), path.path);
      if (found) return { path, node: found.property, value: found.value, site };
    }
  }
  return undefined;
}

function objectAt(call: DetectedCall, site: OptionPath['site']): ts.ObjectLiteralExpression | undefined {
  if (site === 'params') return call.params;
  if (site === 'request') return call.request;
  return call.origin?.options;
}
