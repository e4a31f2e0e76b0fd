import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { computedCallKey, DEFAULT_EXPORT, fileIndexOf } from '../../src/core/file-index';

/** The per-file syntax index the caller search and the client tracer look names up in. */
const parse = (text: string, name = 'file.ts'): ts.SourceFile =>
  ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);

const PROVIDERS = `import OpenAI from 'openai';
import { retry } from './retry';

export class OpenAiProvider {
  private client = new OpenAI({ timeout: 30_000 });
  async create(prompt: string) {
    return retry(load, () => this.client.chat.completions.create({ model: 'gpt-4o', messages: [] }));
  }
  'stream'<T>(input: T) {
    return input;
  }
  #reset?(): void;
}

const helpers = {
  create() {
    return new Clients.Pool();
  },
};

function load() {
  return helpers.create();
}
`;

const text = (nodes: readonly ts.Node[] | undefined): string[] => (nodes ?? []).map((node) => node.getText());

describe('file-index: what a file declares and calls, by name, from one walk', () => {
  const file = parse(PROVIDERS);
  const index = fileIndexOf(file);

  it('lists the calls by the last name of the callee', () => {
    assert.deepEqual([...index.calls.keys()].sort(), ['create', 'retry']);
    assert.deepEqual(text(index.calls.get('create')), [
      "this.client.chat.completions.create({ model: 'gpt-4o', messages: [] })",
      'helpers.create()',
    ]);
  });

  it("lists a member picked by a literal key under its name, by a computed key under its holder's", () => {
    const calls = fileIndexOf(
      parse(`completers[provider](prompt);
this.handlers[kind](input);
table['key']();
(await factory())[name]();
`),
    ).calls;
    assert.deepEqual([...calls.keys()], [computedCallKey('completers'), computedCallKey('handlers'), 'key', 'factory']);
    assert.deepEqual(text(calls.get(computedCallKey('handlers'))), ['this.handlers[kind](input)']);
    assert.ok(!/^[A-Za-z_$][\w$]*$/.test(computedCallKey('completers')), 'never a name a plain call has');
  });

  it('lists every call in source order, outer before inner, nameless callees too', () => {
    const calls = fileIndexOf(
      parse(`const a = outer(inner(1), () => nested());
(await factory())();
table['key']();
later?.();
`),
    ).allCalls;
    assert.deepEqual(text(calls), [
      'outer(inner(1), () => nested())',
      'inner(1)',
      'nested()',
      '(await factory())()',
      'factory()',
      "table['key']()",
      'later?.()',
    ]);
    assert.deepEqual(text(index.allCalls), [
      "retry(load, () => this.client.chat.completions.create({ model: 'gpt-4o', messages: [] }))",
      "this.client.chat.completions.create({ model: 'gpt-4o', messages: [] })",
      'helpers.create()',
    ]);
  });

  it('lists the names passed as arguments', () => {
    assert.deepEqual([...index.passed.keys()], ['load']);
  });

  it('lists class methods by name, not object literal methods', () => {
    assert.deepEqual([...index.classMethods.keys()].sort(), ['#reset', 'create', 'stream']);
    assert.equal(index.classMethods.get('create')?.length, 1);
    assert.ok(ts.isClassLike(index.classMethods.get('create')?.[0].parent as ts.Node));
  });

  it('lists `new` expressions by the last name of the class', () => {
    assert.deepEqual(text(index.constructions.get('OpenAI')), ['new OpenAI({ timeout: 30_000 })']);
    assert.deepEqual(text(index.constructions.get('Pool')), ['new Clients.Pool()']);
  });

  it('is built once per parsed file', () => {
    assert.equal(fileIndexOf(file), index);
    assert.notEqual(fileIndexOf(parse(PROVIDERS)), index);
  });

  it('lists what a file imports under another name also under the name it is exported as', () => {
    const aliased = fileIndexOf(
      parse(`import summarise from './summary.js';
import { answer as askModel, type Reply as Answer, default as rank } from './answers.js';
import { Pool as Clients } from './pool.js';
const { load: loadTickets, save } = require('./tickets');

export async function run(question: string) {
  await summarise(question);
  await askModel(question);
  await rank([question]);
  await loadTickets();
  await save();
  retry(askModel);
  this.askModel(question);
  return new Clients();
}
`),
    );
    assert.deepEqual(text(aliased.calls.get(DEFAULT_EXPORT)), ['summarise(question)', 'rank([question])']);
    assert.deepEqual(text(aliased.calls.get('answer')), ['askModel(question)']);
    assert.deepEqual(text(aliased.calls.get('askModel')), ['askModel(question)', 'this.askModel(question)']);
    assert.deepEqual(text(aliased.calls.get('load')), ['loadTickets()']);
    assert.deepEqual(text(aliased.passed.get('answer')), ['askModel']);
    assert.deepEqual(text(aliased.constructions.get('Pool')), ['new Clients()']);
    // A name imported as itself, and a type, add nothing.
    assert.equal(aliased.calls.get('Reply'), undefined);
    assert.deepEqual(
      [...aliased.calls.keys()].filter((name) => name === 'save'),
      ['save'],
    );
  });

  it('lists the names written as array elements, and where a name is iterated', () => {
    const pipeline = fileIndexOf(
      parse(`const steps = [clean, summarise, { run: tag }];
for (const step of steps) await step(doc);
steps.map((step) => step(doc));
steps.length;
for (const key of Object.keys(steps)) key;
`),
    );
    assert.deepEqual([...pipeline.listed.keys()], ['clean', 'summarise']);
    assert.deepEqual(
      text(pipeline.iterated.get('steps')).map((site) => site.split('\n')[0]),
      ['for (const step of steps) await step(doc);', 'steps.map((step) => step(doc))'],
    );
    assert.equal(pipeline.iterated.size, 1);
  });

  it('lists the names declared with a type written as a plain reference, by the type', () => {
    const typed = fileIndexOf(
      parse(`interface Provider { complete?: ChatHandler; list: () => string[] }
const send: ChatHandler = async () => '';
function run(complete: ChatHandler, other: Array<ChatHandler>, ns: api.ChatHandler) {}
`),
    ).typed;
    assert.deepEqual(text(typed.get('ChatHandler')), ['complete', 'send', 'complete']);
    // `Array<ChatHandler>` is an Array; `api.ChatHandler`, qualified, is not indexed.
    assert.deepEqual([...typed.keys()].sort(), ['Array', 'ChatHandler']);
  });
});
