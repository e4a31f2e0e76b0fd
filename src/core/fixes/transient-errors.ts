import { CATALOG } from '../catalog/index';

/**
 * The class names of the errors the catalogue's SDKs throw for failures a later attempt can fix
 * (`retry.transientErrors`), once each, in catalogue order: what the orchestration helper's
 * `isRetryableModelError` recognises by name (`npm run generate` writes them into its template).
 */
export function transientErrorNames(): string[] {
  return [...new Set(CATALOG.flatMap((entry) => entry.retry.transientErrors ?? []))];
}
