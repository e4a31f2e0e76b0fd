import * as assert from 'node:assert/strict';
import { AnalysisSession } from '../../../src/core/index';
import { TempWorkspaces } from './temp-workspace';

/**
 * An interface declared in the workspace's own declaration file reaches the classes that implement
 * it, whatever the implements clause holds besides (other interfaces, type arguments, a namespace),
 * and only the importers that name such an interface join the program.
 */
describe('interfaces in declaration files', () => {
  const temp = new TempWorkspaces();
  after(() => temp.cleanUp());

  const files = {
    'src/types.d.ts': [
      'export interface Named { readonly name: string }',
      'export interface LanguageModel<Message> { chat(messages: Message[]): Promise<Message> }',
      'export interface Ticket { id: string; subject: string }',
      '',
    ].join('\n'),
    'src/models/open-model.ts': [
      "import OpenAI from 'openai';",
      "import type * as types from '../types.js';",
      '',
      'type Message = { role: "user" | "assistant"; content: string };',
      '',
      'export class OpenModel implements types.Named, types.LanguageModel<{ role: "user" | "assistant"; content: string }> {',
      "  readonly name = 'gpt-4o-mini';",
      '  private readonly client = new OpenAI();',
      '',
      '  async chat(messages: Message[]): Promise<Message> {',
      '    const completion = await this.client.chat.completions.create({ model: this.name, messages });',
      "    return { role: 'assistant', content: completion.choices[0]?.message.content ?? '' };",
      '  }',
      '}',
      '',
    ].join('\n'),
    'src/use/caller.ts': [
      "import type { LanguageModel } from '../types.js';",
      '',
      'type Message = { role: "user" | "assistant"; content: string };',
      '',
      'export async function ask(model: LanguageModel<Message>, question: string): Promise<string> {',
      "  const reply = await model.chat([{ role: 'user', content: question }]);",
      '  return reply.content;',
      '}',
      '',
    ].join('\n'),
    'src/use/plain.ts': [
      "import type { Ticket } from '../types.js';",
      '',
      'export function subjects(tickets: Ticket[]): string[] {',
      '  return tickets.map((ticket) => ticket.subject);',
      '}',
      '',
    ].join('\n'),
  };

  it('finds the call through the interface and parses only the files that name it', async () => {
    const root = temp.make('outside', files, 'oa-contracts-');
    const result = await new AnalysisSession({ root }).load();
    const sites = [...result.profiles, ...(result.wrappers ?? [])]
      .map((profile) => `${profile.call.site} ${profile.call.operation}`)
      .sort();
    assert.deepEqual(sites, ['sdk chat.completions.create', 'wrapper model.chat']);
    // The declaration file, the class and the caller; not the file that imports a data type only.
    assert.equal(result.stats.filesParsed, 3);
    assert.equal(result.stats.filesScanned, 3);
  });
});
