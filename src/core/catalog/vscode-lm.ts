import type { SdkCatalogEntry } from './types';

/**
 * VS Code Language Model API (`vscode.lm`, @types/vscode 1.100): `const [model] = await
 * vscode.lm.selectChatModels(selector)`, then `model.sendRequest(messages, options, token)`, whose
 * response text is streamed. The editor does not retry and sets no timeout; only the cancellation
 * token (third argument) stops it.
 */
export const VSCODE_LM: SdkCatalogEntry<'vscode-lm'> = {
  id: 'vscode-lm',
  displayName: 'VS Code Language Model API',
  // `@types/vscode` is where the checker finds the declarations.
  packages: ['vscode', '@types/vscode'],
  // Every file of an extension imports `vscode`; only those naming the API can call it.
  prefilterWords: ['sendRequest', 'selectChatModels', 'LanguageModelChat'],
  versionPackage: '@types/vscode',
  clientClasses: ['LanguageModelChat'],
  clientFactories: ['selectChatModels'],
  listFactories: ['selectChatModels'],
  operations: [
    {
      name: 'sendRequest',
      kind: 'method',
      path: ['sendRequest'],
      streaming: true,
      output: 'stream',
      paramsArg: 0,
      requestArg: 1,
    },
  ],
  retry: { defaultRetries: 0, paths: [], backoff: 'none', predicate: 'all' },
  timeout: { defaultMs: null, paths: [], signalPaths: [], coversStream: false },
  // `LanguageModelChatRequestOptions.modelOptions` is model-specific.
  maxTokens: [],
  model: [],
  finishReasonFields: [],
  fixes: { timeout: [], retries: [], signal: [], maxTokens: [] },
};
