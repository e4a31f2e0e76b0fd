import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { NameIndex, positionsIn } from '../../src/core/name-index';

/** Which of the workspace's files hold a name: what the caller search asks instead of every file. */
const parse = (name: string, text: string): ts.SourceFile =>
  ts.createSourceFile(`/app/src/${name}`, text, ts.ScriptTarget.ES2022, true);

const names = (files: readonly ts.SourceFile[]): string[] =>
  files.map((file) => file.fileName.slice('/app/src/'.length));

const PROVIDER = `import OpenAI from 'openai';
export class Provider {
  private client = new OpenAI();
  async complete(prompt: string) {
    return retry(load, () => this.client.responses.create({ model: 'gpt-4o', input: prompt }));
  }
}
function load() {}
function retry(...args: unknown[]) { return args; }
`;
const ROUTE = `import { Provider } from './provider';
export async function handle(text: string) {
  return new Provider().complete(text);
}
`;
const JOB = `import { handle } from './route';
export const run = () => handle('nightly').then(() => retry(load));
`;

describe('name-index: which files hold a name, kept across programs', () => {
  const provider = parse('provider.ts', PROVIDER);
  const route = parse('route.ts', ROUTE);
  const job = parse('job.ts', JOB);

  it('finds each kind of name in the files that hold it, in the order of the files given', () => {
    const view = new NameIndex().over(() => [route, provider, job]);
    assert.deepEqual(names(view.holding('calls', 'complete')), ['route.ts']);
    assert.deepEqual(names(view.holding('calls', 'retry')), ['provider.ts', 'job.ts']);
    assert.deepEqual(names(view.holding('passed', 'load')), ['provider.ts', 'job.ts']);
    assert.deepEqual(names(view.holding('classMethods', 'complete')), ['provider.ts']);
    assert.deepEqual(names(view.holding('constructions', 'Provider')), ['route.ts']);
    assert.deepEqual(names(view.holding('constructions', 'OpenAI')), ['provider.ts']);
    assert.deepEqual(view.holding('calls', 'nowhere'), []);
  });

  it('keeps to the files and the order asked for', () => {
    const view = new NameIndex().over(() => [route, provider, job]);
    const among = positionsIn(new Set(['/app/src/job.ts', '/app/src/provider.ts']));
    assert.deepEqual(names(view.holding('calls', 'retry', among)), ['job.ts', 'provider.ts']);
    assert.deepEqual(view.holding('calls', 'complete', among), []);
  });

  it("answers from a new program's parse of an edited file, and forgets a removed file", () => {
    const index = new NameIndex();
    assert.deepEqual(names(index.over(() => [provider, route, job]).holding('calls', 'complete')), ['route.ts']);
    // The edit renames the call: the new parse holds the new name, the old parse's name is gone.
    const edited = parse('route.ts', ROUTE.replace('.complete(text)', '.answer(text)'));
    const afterEdit = index.over(() => [provider, edited, job]);
    assert.deepEqual(afterEdit.holding('calls', 'complete'), []);
    assert.deepEqual(afterEdit.holding('calls', 'answer'), [edited]);
    assert.deepEqual(names(afterEdit.holding('calls', 'retry')), ['provider.ts', 'job.ts']);
    const withoutJob = index.over(() => [provider, edited]);
    assert.deepEqual(names(withoutJob.holding('calls', 'retry')), ['provider.ts']);
    assert.deepEqual(withoutJob.holding('calls', 'handle'), []);
  });

  it('indexes the files when first asked, once per program', () => {
    let asked = 0;
    const view = new NameIndex().over(() => {
      asked++;
      return [provider, route];
    });
    assert.equal(asked, 0);
    view.holding('calls', 'retry');
    view.holding('passed', 'load');
    assert.equal(asked, 1);
  });

  it('keeps the positions of a set while the set lives', () => {
    const reaching = new Set(['/app/src/b.ts', '/app/src/a.ts']);
    const positions = positionsIn(reaching);
    assert.deepEqual(
      [...positions],
      [
        ['/app/src/b.ts', 0],
        ['/app/src/a.ts', 1],
      ],
    );
    assert.equal(positionsIn(reaching), positions);
  });
});
