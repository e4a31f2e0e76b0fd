import type { SdkCatalogEntry } from './types';

/**
 * Model Context Protocol SDK (`@modelcontextprotocol/sdk`), verified against 1.32.2: a server asks the
 * client's model for a completion with `server.createMessage(params, options)` (sampling); a client
 * calls a tool, often model-backed, with `client.callTool(params, resultSchema, options)`.
 */
export const MCP: SdkCatalogEntry<'mcp'> = {
  id: 'mcp',
  displayName: 'Model Context Protocol',
  packages: ['@modelcontextprotocol/sdk'],
  // Servers and transports import the SDK too; only a file naming an operation can call one (the
  // client's options are read at the call, and a client built elsewhere is traced to its file).
  prefilterWords: ['createMessage', 'callTool'],
  clientClasses: ['Client', 'Server', 'McpServer'],
  operations: [
    {
      name: 'createMessage',
      kind: 'method',
      path: ['createMessage'],
      streaming: false,
      output: 'text',
      requestArg: 1,
    },
    // The result is the tool's content, not model text: data to check, nothing to cap.
    { name: 'callTool', kind: 'method', path: ['callTool'], streaming: false, output: 'tool', requestArg: 2 },
  ],
  retry: { defaultRetries: 0, paths: [], backoff: 'none', predicate: 'all' },
  timeout: {
    // dist/esm/shared/protocol.js:8/740: `options?.timeout ?? DEFAULT_REQUEST_TIMEOUT_MSEC` (60 000 ms).
    defaultMs: 60_000,
    paths: [
      { site: 'request', path: ['timeout'] },
      { site: 'request', path: ['maxTotalTimeout'] },
    ],
    signalPaths: [{ site: 'request', path: ['signal'] }],
    coversStream: true,
  },
  // `CreateMessageRequest.params.maxTokens` (required by the protocol).
  maxTokens: [{ site: 'params', path: ['maxTokens'] }],
  model: [],
  finishReasonFields: ['stopReason'],
  fixes: {
    timeout: [{ site: 'request', path: ['timeout'], writes: 'number' }],
    retries: [],
    signal: [{ site: 'request', path: ['signal'] }],
    maxTokens: [{ site: 'params', path: ['maxTokens'] }],
  },
};
