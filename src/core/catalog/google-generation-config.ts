import type { SdkCatalogEntry } from './types';

/**
 * Where Google's Gemini SDKs before `@google/genai` (`@google/generative-ai`,
 * `@google-cloud/vertexai`) read a model's options: `generationConfig` on the model
 * (`getGenerativeModel({ model, generationConfig })`) or on the request.
 */
export const GENERATION_CONFIG_OPTIONS: Pick<SdkCatalogEntry, 'maxTokens' | 'model' | 'structuredOutput'> = {
  maxTokens: [
    { site: 'client', path: ['generationConfig', 'maxOutputTokens'] },
    { site: 'params', path: ['generationConfig', 'maxOutputTokens'] },
  ],
  model: [{ site: 'client', path: ['model'] }],
  structuredOutput: {
    paths: [
      { site: 'client', path: ['generationConfig', 'responseSchema'] },
      { site: 'params', path: ['generationConfig', 'responseSchema'] },
    ],
  },
};
