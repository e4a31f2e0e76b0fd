import type { ClientReexport } from './types';

/**
 * PostHog's LLM analytics (`@posthog/ai`, read from 8.13.1 with `npm pack`; not installed): its
 * `OpenAI`, `AzureOpenAI`, `Anthropic` and `GoogleGenAI` are subclasses of the SDKs' clients
 * (dist/openai/index.d.ts:107 `class PostHogOpenAI extends OpenAI`) taking a `posthog` option, and
 * capture every call as an AI generation event. They are exported by the subpath of their SDK
 * (`@posthog/ai/openai`, also as the default export) and, in releases before 8, by the package.
 */
export function posthogClients(subpath: string, as: string, names: readonly string[]): ClientReexport[] {
  const tracedBy = `PostHog${as}`;
  const subpathNames = [...names, tracedBy, 'default'];
  return [
    ...subpathNames.map((name) => ({ module: `@posthog/ai/${subpath}`, name, as, tracedBy })),
    ...names.map((name) => ({ module: '@posthog/ai', name, as, tracedBy })),
  ];
}
