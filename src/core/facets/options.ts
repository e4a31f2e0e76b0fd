import type { ts } from 'ts-morph';
import { readPath } from '../ast';
import { sdkName } from '../catalog/index';
import type { OptionPath } from '../catalog/types';
import type { ClientOrigin } from '../client-origin';
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
      for (const { object, origin } of objectsAt(call, path)) {
        // An option of other client classes (`numPredict` on a ChatOpenAI) configures nothing here.
        if (path.clients && origin && !path.clients.includes(origin.constructedBy)) continue;
        const found = readPath(object, path.path);
        if (found) return { path, node: found.property, value: found.value, site };
      }
    }
  }
  return undefined;
}

/**
 * The objects an option may be set in; for the client, each branch's construction (any that sets
 * it counts), in its first object argument or the argument the path names.
 */
function objectsAt(
  call: DetectedCall,
  path: OptionPath,
): { object: ts.ObjectLiteralExpression | undefined; origin: ClientOrigin | undefined }[] {
  if (path.site === 'params') return [{ object: call.params, origin: call.origin }];
  if (path.site === 'request') return [{ object: call.request, origin: call.origin }];
  const { argument } = path;
  return [call.origin, ...(call.origin?.alternatives ?? [])].map((origin) => ({
    object: argument === undefined ? origin?.options : origin?.argumentObjects?.[argument],
    origin,
  }));
}

/**
 * The name of the layer the SDK makes of a call (the catalogue's `ownLayer`): its retries
 * (`OpenAI SDK`, `fetch`, `@acme/llm complete (declared)`), or its default timeout (`OpenAI SDK
 * default`, `fetch default`; a declared function's is the declared one).
 */
export function ownLayerLabel(call: DetectedCall, what: 'retries' | 'default timeout'): string {
  const { entry, shape } = call;
  if (entry.ownLayer === 'declared') return `${entry.displayName} ${shape.name} (declared)`;
  const layer = entry.ownLayer === 'operation' ? shape.name : sdkName(entry);
  return what === 'retries' ? layer : `${layer} default`;
}
