import type { SdkCatalogEntry } from './types';
import { ANTHROPIC } from './anthropic';
import { BEDROCK } from './bedrock';
import { COHERE } from './cohere';
import { GOOGLE } from './google';
import { GOOGLE_LEGACY } from './google-legacy';
import { GROQ } from './groq';
import { HTTP } from './http';
import { LANGCHAIN } from './langchain';
import { MISTRAL } from './mistral';
import { OLLAMA } from './ollama';
import { OPENAI } from './openai';
import { VERCEL_AI } from './vercel-ai';

export type { SdkCatalogEntry } from './types';

/** Every SDK the analyser knows, one entry per `SdkId`. Raw HTTP last: it matches by URL, not by package. */
export const CATALOG: readonly SdkCatalogEntry[] = [
  OPENAI,
  ANTHROPIC,
  GROQ,
  VERCEL_AI,
  LANGCHAIN,
  GOOGLE,
  GOOGLE_LEGACY,
  MISTRAL,
  COHERE,
  BEDROCK,
  OLLAMA,
  HTTP,
];

/**
 * The SDK a module specifier belongs to: an exact package (`openai`), a subpath of one
 * (`openai/helpers/zod`, `ai/rsc`, `cohere-ai/aws`) or a package prefix (`@langchain/openai`, `@ai-sdk/anthropic`).
 */
export function sdkForModuleSpecifier(
  spec: string,
  catalog: readonly SdkCatalogEntry[] = CATALOG,
): SdkCatalogEntry | undefined {
  for (const entry of catalog) {
    if (entry.packages.some((pkg) => spec === pkg || spec.startsWith(`${pkg}/`))) return entry;
  }
  for (const entry of catalog) {
    if (entry.packagePrefixes?.some((prefix) => spec.startsWith(prefix))) return entry;
  }
  return undefined;
}
