import type { OperationShape, SdkCatalogEntry } from './types';
import { ANTHROPIC } from './anthropic';
import { AZURE_OPENAI } from './azure-openai';
import { CEREBRAS } from './cerebras';
import { AG_UI } from './ag-ui';
import { CLAUDE_AGENT } from './claude-agent';
import { FIREBASE_AI } from './firebase-ai';
import { HUGGINGFACE } from './huggingface';
import { LLAMAINDEX } from './llamaindex';
import { MASTRA } from './mastra';
import { MCP } from './mcp';
import { OPENAI_AGENTS } from './openai-agents';
import { OPENROUTER } from './openrouter';
import { REPLICATE } from './replicate';
import { SAP_AI } from './sap-ai';
import { TOGETHER } from './together';
import { VOYAGE } from './voyage';
import { VSCODE_LM } from './vscode-lm';
import { XSAI } from './xsai';
import { BEDROCK } from './bedrock';
import { COHERE } from './cohere';
import { DECLARED } from './declared';
import { GOOGLE } from './google';
import { GOOGLE_LEGACY } from './google-legacy';
import { GOOGLE_VERTEX } from './google-vertex';
import { GROQ } from './groq';
import { HTTP } from './http';
import { LANGCHAIN } from './langchain';
import { MISTRAL } from './mistral';
import { OLLAMA } from './ollama';
import { OPENAI } from './openai';
import { OPENAI_COMPATIBLE } from './openai-compatible';
import { VERCEL_AI } from './vercel-ai';

export type { SdkCatalogEntry } from './types';

/**
 * Every SDK the analyser knows, one entry per id. Raw HTTP last: it matches by URL, not by package.
 * Adding an SDK = its file here and a fixture; the id, display name, README list and JSON schema
 * follow from this list.
 */
const ENTRIES = [
  OPENAI,
  AZURE_OPENAI,
  ANTHROPIC,
  GROQ,
  VERCEL_AI,
  LANGCHAIN,
  GOOGLE,
  GOOGLE_LEGACY,
  GOOGLE_VERTEX,
  MISTRAL,
  COHERE,
  VOYAGE,
  BEDROCK,
  OLLAMA,
  CEREBRAS,
  TOGETHER,
  OPENROUTER,
  HUGGINGFACE,
  REPLICATE,
  SAP_AI,
  XSAI,
  LLAMAINDEX,
  FIREBASE_AI,
  OPENAI_AGENTS,
  MASTRA,
  AG_UI,
  CLAUDE_AGENT,
  MCP,
  VSCODE_LM,
  OPENAI_COMPATIBLE,
  DECLARED,
  HTTP,
] as const;

/** The id of an SDK in reports: `openai`, `vercel-ai`, `http`. */
export type SdkId = (typeof ENTRIES)[number]['id'];

export const CATALOG: readonly SdkCatalogEntry<SdkId>[] = ENTRIES;

/** Each SDK's display name by id ("Vercel AI SDK"). */
export const SDK_DISPLAY_NAMES = Object.fromEntries(CATALOG.map((entry) => [entry.id, entry.displayName])) as Record<
  SdkId,
  string
>;

/** The SDK as reports name it: "OpenAI SDK", "Vercel AI SDK" (a display name ending in SDK is not repeated). */
export function sdkName(entry: Pick<SdkCatalogEntry, 'displayName'>): string {
  return /\bSDK$/.test(entry.displayName) ? entry.displayName : `${entry.displayName} SDK`;
}

/**
 * The SDK a module specifier belongs to: an exact package (`openai`), a subpath of one
 * (`openai/helpers/zod`, `ai/rsc`, `cohere-ai/aws`) or a package prefix (`@langchain/openai`, `@ai-sdk/anthropic`).
 */
export function sdkForModuleSpecifier(
  spec: string,
  catalog: readonly SdkCatalogEntry<SdkId>[] = CATALOG,
): SdkCatalogEntry<SdkId> | undefined {
  for (const entry of catalog) {
    if (entry.packages.some((pkg) => spec === pkg || spec.startsWith(`${pkg}/`))) return entry;
  }
  for (const entry of catalog) {
    if (entry.packagePrefixes?.some((prefix) => spec.startsWith(prefix))) return entry;
  }
  return undefined;
}

/** A report's operation (`sdk`, `operation` of a profile) in the catalogue; undefined for a declared model's. */
export function operationOf(sdk: string, operation: string): OperationShape | undefined {
  return CATALOG.find((entry) => entry.id === sdk)?.operations.find((shape) => shape.name === operation);
}
