import type { SdkCatalogEntry } from './types';

/**
 * AG-UI's framework adapters (`@ag-ui/mastra`'s `MastraAgent`, `@ag-ui/langgraph`'s
 * `LangGraphAgent`, `AbstractAgent`s of `@ag-ui/client`), not installed: read from the published
 * packages (`npm pack`: @ag-ui/client 1.0.0 dist/index.d.ts:303-601, @ag-ui/mastra 1.1.2,
 * @ag-ui/langgraph 0.0.43). An adapter runs its framework's agent, and so its model:
 * - `agent.run(input)` returns an RxJS `Observable` of events; its failure goes to the observer's
 *   `error` given to `subscribe({ next, error, complete })`, and nothing throws where it is called;
 * - `agent.runAgent(parameters, subscriber)` awaits the run: the subscribers' `onRunFailed` see
 *   the failure, then the SDK prints it (`console.error('Agent execution failed:')`) and rethrows.
 * The adapters add no retries and no timeout of their own; what the wrapped agent's model does
 * underneath (its retries, its token limit) is not visible here. `HttpAgent` is not one: it posts
 * the run to an agent server, most often the app's own route, where the audit finds the model call
 * itself (as an app's `fetch('/api/chat')` is no model call either).
 */
export const AG_UI: SdkCatalogEntry<'ag-ui'> = {
  id: 'ag-ui',
  displayName: 'AG-UI',
  packages: ['@ag-ui/mastra', '@ag-ui/langgraph'],
  clientClasses: ['MastraAgent', 'LangGraphAgent'],
  operations: [
    {
      name: 'run',
      kind: 'method',
      path: ['run'],
      streaming: true,
      output: 'stream',
      // The token limit is the wrapped agent's model's, set where that agent is built.
      tokenCap: false,
      // `run(input)` takes no options: its argument is the run's messages, tools and state
      // (`RunAgentInput`), with no signal in it.
      paramsArg: 1,
      streamErrors: {
        observer: { method: 'subscribe', option: 'error' },
        withoutCallback: 'the Observable errors; with no error observer RxJS reports it as unhandled',
      },
    },
    {
      name: 'runAgent',
      kind: 'method',
      path: ['runAgent'],
      streaming: false,
      output: 'text',
      tokenCap: false,
      requestArg: 0,
    },
  ],
  retry: { defaultRetries: 0, paths: [], backoff: 'none', predicate: 'all' },
  timeout: { defaultMs: null, paths: [], signalPaths: [], coversStream: true },
  maxTokens: [],
  model: [],
  finishReasonFields: [],
  fixes: { timeout: [], retries: [], signal: [], maxTokens: [] },
};
