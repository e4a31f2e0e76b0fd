import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { declaresGlobals } from '../../src/core/analysis-memo';
import { AnalysisSession, audit } from '../../src/core/index';
import type { FileAnalysis } from '../../src/core/session';
import { TempWorkspaces } from './workspace/temp-workspace';

/**
 * The session keeps checker answers and fixes across edits (AnalysisMemo) where the edit cannot
 * have changed them. Each step below edits one file and checks the session's answer against a
 * fresh audit of the same texts on disk, where nothing is remembered.
 */
const CLIENT = `import OpenAI from 'openai';

export const client = new OpenAI({ timeout: 30_000 });
`;

const SUMMARIZERS = `import { client } from './client';

export class PrimarySummarizer {
  async summarize(text: string): Promise<string> {
    const response = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: text }],
    });
    return response.choices[0]?.message.content ?? '';
  }
}

export class BackupSummarizer {
  async summarize(text: string): Promise<string> {
    const response = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: text }],
    });
    return response.choices[0]?.message.content ?? '';
  }
}
`;

// The return type is inferred: which summarize() the worker calls is decided in this file.
const PICK_PRIMARY = `import { BackupSummarizer, PrimarySummarizer } from './summarizers';

export function pickSummarizer() {
  return new PrimarySummarizer();
}

export const unused = BackupSummarizer;
`;

const WORKER = `import { pickSummarizer } from './pick';

export async function summariseAll(texts: string[]): Promise<string[]> {
  const results: string[] = [];
  for (const text of texts) {
    try {
      results.push(await pickSummarizer().summarize(text));
    } catch (error) {
      console.error('summary failed', error);
      results.push('');
    }
  }
  return results;
}
`;

/** The four files of these tests: the client, the summarizers, a factory and a worker. */
function summarizerFiles(pick: string, worker: string): Record<string, string> {
  return { 'src/client.ts': CLIENT, 'src/summarizers.ts': SUMMARIZERS, 'src/pick.ts': pick, 'src/worker.ts': worker };
}

/** Paths in an answer are absolute: compare them relative to each workspace's root. */
function relativeTo(root: string, value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).split(JSON.stringify(root).slice(1, -1)).join('<root>'));
}

/** What a fresh audit, where nothing is remembered, says about `file` when a workspace has `texts` on disk. */
async function freshAudit(
  workspaces: TempWorkspaces,
  texts: Record<string, string>,
  file: string,
): Promise<Omit<FileAnalysis, 'file'> & { root: string }> {
  const root = workspaces.make('outside', texts, 'oa-memo-');
  const result = await audit({ root });
  const absolute = path.join(root, file);
  return {
    root,
    profiles: result.profiles.filter((profile) => profile.call.range.file === absolute),
    findings: result.findings.filter((finding) => finding.span.file === absolute),
  };
}

function handledByOf(analysis: Omit<FileAnalysis, 'file'>, model: string): string | undefined {
  return analysis.profiles.find((profile) => profile.call.model === model)?.failure.handledBy;
}

/**
 * Loads a session over `files`, applies each edit of `steps`, and after each one re-analyses
 * `watched` as the editor would show it, checks it against a fresh audit of the same texts and
 * returns what `read` picks from it, one entry per step.
 */
async function watchAcrossEdits(
  workspaces: TempWorkspaces,
  files: Record<string, string>,
  steps: [file: string, text: string][],
  watched: string,
  read: (analysis: FileAnalysis) => string,
): Promise<string[]> {
  const root = workspaces.make('outside', files, 'oa-memo-');
  const session = new AnalysisSession({ root });
  await session.load();
  const texts: Record<string, string> = { ...files };
  const seen: string[] = [];
  for (const [file, text] of steps) {
    texts[file] = text;
    session.update(path.join(root, file), text);
    const [analysis] = session.update(path.join(root, watched), texts[watched]);
    const expected = await freshAudit(workspaces, texts, watched);
    assert.deepEqual(
      relativeTo(root, { profiles: analysis.profiles, findings: analysis.findings }),
      relativeTo(expected.root, { profiles: expected.profiles, findings: expected.findings }),
      `after the edit of ${file}`,
    );
    seen.push(read(analysis));
  }
  return seen;
}

describe('AnalysisSession: answers kept across edits', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  const files = summarizerFiles(PICK_PRIMARY, WORKER);

  it('matches a fresh audit after each edit, including one that changes what another file resolves to', async () => {
    const root = workspaces.make('outside', files, 'oa-memo-');
    const session = new AnalysisSession({ root });
    await session.load();
    const texts: Record<string, string> = { ...files };

    const steps: [string, string][] = [
      // Typing a comment in the caller: nothing changes.
      ['src/worker.ts', WORKER.replace('  const results', '  // one summary per text\n  const results')],
      // The factory now returns the other class: the worker's call resolves to another method,
      // although the worker itself did not change.
      ['src/pick.ts', PICK_PRIMARY.replace('return new PrimarySummarizer()', 'return new BackupSummarizer()')],
      // The caller stops catching.
      [
        'src/worker.ts',
        WORKER.replace(/try \{\n\s*(results\.push\(await [^\n]*\n)\s*\} catch[\s\S]*?\n {4}\}\n/, '$1'),
      ],
      // And back.
      ['src/pick.ts', PICK_PRIMARY],
      // The client's timeout changes where the summarizers import it from ...
      ['src/client.ts', CLIENT.replace('30_000', '90_000')],
      // ... which the next analysis of the summarizers reads.
      ['src/worker.ts', WORKER],
    ];
    const handledBy: string[] = [];
    const timeouts: number[] = [];
    for (const [file, text] of steps) {
      texts[file] = text;
      const results = session.update(path.join(root, file), text);
      const summarizers = results.find((result) => result.file === path.join(root, 'src/summarizers.ts'));
      // An edit of the client file re-analyses that file only (the editor's rule for imports).
      if (file === 'src/client.ts') continue;
      assert.ok(summarizers, `summarizers.ts is re-analysed after an edit of ${file}`);
      const expected = await freshAudit(workspaces, texts, 'src/summarizers.ts');
      assert.deepEqual(
        relativeTo(root, { profiles: summarizers.profiles, findings: summarizers.findings }),
        relativeTo(expected.root, { profiles: expected.profiles, findings: expected.findings }),
        `after the edit of ${file}`,
      );
      handledBy.push(`${handledByOf(summarizers, 'gpt-4o')}/${handledByOf(summarizers, 'gpt-4o-mini')}`);
      timeouts.push(summarizers.profiles[0]?.timeout.ms ?? 0);
    }
    // Which call the worker's catch handles follows the factory's edit.
    assert.deepEqual(handledBy, [
      'caller/exported',
      'exported/caller',
      'exported/exported',
      'exported/exported',
      'caller/exported',
    ]);
    assert.deepEqual(timeouts, [30_000, 30_000, 30_000, 30_000, 90_000]);
  });
});

// The worker's catch hands the error to a helper in another file of the program: while the
// helper throws, the catch does not swallow the error; an edit of the helper's body (its declared
// type stays) changes that.
const REPORT_FAILURE = `
export function reportFailure(error: unknown): void {
  throw new Error('summary failed', { cause: error });
}
`;
const PICK_REPORTING = PICK_PRIMARY + REPORT_FAILURE;

const WORKER_REPORTING = WORKER.replace("console.error('summary failed', error);", 'reportFailure(error);').replace(
  "import { pickSummarizer } from './pick';",
  "import { pickSummarizer, reportFailure } from './pick';",
);

describe('AnalysisSession: answers about handlers in files an edit did not touch', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  it("reads a handler's helper again when the helper's file changes, and matches a fresh audit", async () => {
    const files = summarizerFiles(PICK_REPORTING, WORKER_REPORTING);
    const steps: [string, string][] = [
      // The summarizers' file changes: the worker's answers are kept, and still right.
      ['src/summarizers.ts', SUMMARIZERS.replace("model: 'gpt-4o-mini'", "model: 'gpt-4.1-mini'")],
      // The helper stops throwing: its declared type is the same, its body is not.
      ['src/pick.ts', PICK_REPORTING.replace("throw new Error('summary failed', { cause: error });", 'void error;')],
      // And throws again.
      ['src/pick.ts', PICK_REPORTING],
    ];
    const reactions = await watchAcrossEdits(workspaces, files, steps, 'src/summarizers.ts', (summarizers) => {
      const failure = summarizers.profiles.find((profile) => profile.call.model === 'gpt-4o')?.failure;
      return `${failure?.handledBy}: ${failure?.reaction}`;
    });
    assert.deepEqual(reactions, ['caller: rethrows it', 'caller: ignores it', 'caller: rethrows it']);
  });

  it("describes the caller's handler once while only the file with the model call is edited", async () => {
    const files = summarizerFiles(PICK_REPORTING, WORKER_REPORTING);
    const root = workspaces.make('outside', files, 'oa-memo-');
    const session = new AnalysisSession({ root });
    await session.load();
    const memo = (session as unknown as { memo: { reusedValues: number } }).memo;
    const summarizers = path.join(root, 'src/summarizers.ts');
    const reused: number[] = [];
    for (const comment of ['// t', '// ty', '// typed']) {
      const text = SUMMARIZERS.replace('    const response', `    ${comment}\n    const response`);
      const before = memo.reusedValues;
      const [analysis] = session.update(summarizers, text);
      reused.push(memo.reusedValues - before);
      const expected = await freshAudit(workspaces, { ...files, 'src/summarizers.ts': text }, 'src/summarizers.ts');
      assert.deepEqual(
        relativeTo(root, { profiles: analysis.profiles, findings: analysis.findings }),
        relativeTo(expected.root, { profiles: expected.profiles, findings: expected.findings }),
      );
    }
    // The worker's catch (and the helper it reads in pick.ts) are in files the edits leave alone.
    assert.ok(
      reused.every((count) => count > 0),
      `handler descriptions given again on every edit: ${reused.join(', ')}`,
    );
  });
});

// The factory's class is declared in its body: its inferred return type prints `Chosen` whichever
// summarizer Chosen extends.
const PICK_LOCAL_CLASS = `import { BackupSummarizer, PrimarySummarizer } from './summarizers';

export function pickSummarizer() {
  class Chosen extends PrimarySummarizer {}
  return new Chosen();
}

export function pickPrimary(): PrimarySummarizer {
  return new PrimarySummarizer();
}

export const unused = BackupSummarizer;
`;

const BARREL = `export { pickSummarizer } from './pick';
`;

const WORKER_VIA_BARREL = WORKER.replace("from './pick'", "from './index'");

describe('AnalysisSession: edits that keep the types other files see', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  const files = {
    'src/client.ts': CLIENT,
    'src/summarizers.ts': `// Summaries of texts.\n${SUMMARIZERS}`,
    'src/pick.ts': PICK_LOCAL_CLASS,
    'src/index.ts': BARREL,
    'src/worker.ts': WORKER_VIA_BARREL,
  };

  it('matches a fresh audit for every file an edit re-analyses', async () => {
    const root = workspaces.make('outside', files, 'oa-memo-');
    const session = new AnalysisSession({ root });
    await session.load();
    const texts: Record<string, string> = { ...files };
    const summarizers = texts['src/summarizers.ts'];
    const steps: [string, string][] = [
      // A comment in the caller: the checker's answers about the worker's call are kept ...
      ['src/worker.ts', WORKER_VIA_BARREL.replace('  const results', '  // one summary per text\n  const results')],
      // ... but the method it reached is a new node after an edit of its file, in a body ...
      [
        'src/summarizers.ts',
        summarizers.replace('    return response.choices[0]', '    // first choice\n    return response.choices[0]'),
      ],
      // ... or in a comment.
      ['src/summarizers.ts', summarizers.replace('// Summaries of texts.', '// Summaries of long texts.')],
      // An edit in a body that changes the factory's type although its signature prints the same.
      [
        'src/pick.ts',
        PICK_LOCAL_CLASS.replace('class Chosen extends PrimarySummarizer', 'class Chosen extends BackupSummarizer'),
      ],
      // The caller stops catching, then catches again (edits inside its body).
      [
        'src/worker.ts',
        WORKER_VIA_BARREL.replace(/try \{\n\s*(results\.push\(await [^\n]*\n)\s*\} catch[\s\S]*?\n {4}\}\n/, '$1'),
      ],
      ['src/worker.ts', WORKER_VIA_BARREL],
      // The barrel re-exports another factory under the same name.
      ['src/index.ts', "export { pickPrimary as pickSummarizer } from './pick';\n"],
    ];
    const handledBy: string[] = [];
    for (const [file, text] of steps) {
      texts[file] = text;
      const results = session.update(path.join(root, file), text);
      assert.ok(
        results.some((result) => result.file === path.join(root, 'src/summarizers.ts')),
        `summarizers.ts is re-analysed after an edit of ${file}`,
      );
      for (const result of results) {
        const relative = path.relative(root, result.file);
        const expected = await freshAudit(workspaces, texts, relative);
        assert.deepEqual(
          relativeTo(root, { profiles: result.profiles, findings: result.findings }),
          relativeTo(expected.root, { profiles: expected.profiles, findings: expected.findings }),
          `${relative} after the edit of ${file}`,
        );
        if (relative === 'src/summarizers.ts')
          handledBy.push(`${handledByOf(result, 'gpt-4o')}/${handledByOf(result, 'gpt-4o-mini')}`);
      }
    }
    assert.deepEqual(handledBy, [
      'caller/exported',
      'caller/exported',
      'caller/exported',
      'exported/caller',
      'exported/exported',
      'exported/caller',
      'caller/exported',
    ]);
  });
});

describe('declaresGlobals: an edit whose effect is not limited to its importers', () => {
  const parse = (text: string, name = 'file.ts'): ts.SourceFile => {
    const sourceFile = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
    // The binder marks CommonJS files, as the session's program host does for every file.
    (ts as unknown as { bindSourceFile(file: ts.SourceFile, options: ts.CompilerOptions): void }).bindSourceFile(
      sourceFile,
      {},
    );
    return sourceFile;
  };

  it('a module is local; a script, `declare global` and a module augmentation are not', () => {
    assert.equal(declaresGlobals(parse("import x from './x';\nexport const y = x;")), false);
    assert.equal(
      declaresGlobals(parse("const openai = require('openai');\nmodule.exports = { openai };", 'a.js')),
      false,
    );
    assert.equal(declaresGlobals(parse('function ask(prompt) { return prompt; }', 'b.js')), true);
    assert.equal(declaresGlobals(parse('export {};\ndeclare global {\n  var client: unknown;\n}')), true);
    assert.equal(declaresGlobals(parse("export {};\ndeclare module 'openai' {\n  interface Extra {}\n}")), true);
    assert.equal(declaresGlobals(parse('')), false);
  });
});

describe('AnalysisSession: a model held by a library setting', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  const SETTINGS = `import { Settings } from 'llamaindex';
import { OpenAI } from '@llamaindex/openai';

export function initSettings(): void {
  Settings.llm = new OpenAI({ model: 'gpt-4o-mini', timeout: 30_000 });
}
`;
  const RESEARCH = `import { Settings } from 'llamaindex';

export async function outline(topic: string): Promise<string> {
  const response = await Settings.llm.complete({ prompt: 'Outline: ' + topic });
  return response.text;
}
`;

  const CALLER = `import { outline } from './research';

export async function plan(topics: string[]): Promise<string[]> {
  return Promise.all(topics.map((topic) => outline(topic)));
}
`;

  it('reads the options of the assignment in another file again after that file changes', async () => {
    const files = { 'src/settings.ts': SETTINGS, 'src/research.ts': RESEARCH, 'src/plan.ts': CALLER };
    const root = workspaces.make('outside', files, 'oa-memo-');
    const session = new AnalysisSession({ root });
    await session.load();
    const timeoutAfter = (file: string, text: string): number | undefined => {
      const results = session.update(path.join(root, file), text);
      const research = results.find((result) => result.file === path.join(root, 'src/research.ts'));
      return research?.profiles[0]?.timeout.ms;
    };
    // An edit of the file calling outline() re-analyses research.ts (its failure goes there).
    assert.equal(timeoutAfter('src/plan.ts', CALLER.replace('  return', '  // all at once\n  return')), 30_000);
    timeoutAfter('src/settings.ts', SETTINGS.replace('30_000', '90_000'));
    // research.ts did not change and imports nothing of the settings file: its calls are detected again.
    assert.equal(timeoutAfter('src/plan.ts', CALLER), 90_000);
  });
});

describe('AnalysisSession: a client its callers pass', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  // No SDK import and no type: the helper's call is a model call because of what app.ts passes.
  const COMPLETE = `export async function complete(client: any, text: string): Promise<string> {
  const response = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: text }],
  });
  return response.choices[0]?.message.content ?? '';
}
`;
  const APP = `import OpenAI from 'openai';
import { complete } from './complete';

const openai = new OpenAI({ timeout: 30_000 });
const echo = { chat: { completions: { create: async () => ({ choices: [] }) } } };

export const run = (text: string) => complete(openai, text);
export const dryRun = (text: string) => complete(echo, text);
`;

  it("detects the helper's call again after the caller's file changes", async () => {
    const root = workspaces.make('outside', { 'src/complete.ts': COMPLETE, 'src/app.ts': APP }, 'oa-memo-');
    const session = new AnalysisSession({ root });
    await session.load();
    // An edit of app.ts re-analyses complete.ts, whose model call app.ts reaches; its text is unchanged.
    const timeoutsAfter = (text: string): string => {
      const results = session.update(path.join(root, 'src/app.ts'), text);
      const helper = results.find((result) => result.file === path.join(root, 'src/complete.ts'));
      return helper?.profiles.map((profile) => profile.timeout.ms).join(',') || 'no call';
    };
    assert.equal(timeoutsAfter(APP.replace('export const run', '// the model\nexport const run')), '30000');
    assert.equal(timeoutsAfter(APP.replace('30_000', '90_000')), '90000');
    const fresh = await audit({
      root: workspaces.make(
        'outside',
        { 'src/complete.ts': COMPLETE, 'src/app.ts': APP.replace('30_000', '90_000') },
        'oa-memo-',
      ),
    });
    assert.deepEqual(
      fresh.profiles.map((profile) => profile.timeout.ms),
      [90_000],
    );
  });
});

// The project's logger: the fixes that write a log record call it as its type says. Its type is
// declared in another file, so an edit there changes it while the logger's own file stays.
const LOGGER_TYPE_RECORD_FIRST = `export interface Logger {
  info(record: Record<string, unknown>): void;
  warn(record: Record<string, unknown>): void;
  error(record: Record<string, unknown>): void;
}
`;
const LOGGER_TYPE_MESSAGE_FIRST = LOGGER_TYPE_RECORD_FIRST.replace(
  /\((record): Record/g,
  '(message: string, $1: Record',
);

const LOGGER = `import type { Logger } from './logger-type';

export const logger: Logger = {
  info: (...parts) => console.log(JSON.stringify(parts)),
  warn: (...parts) => console.warn(JSON.stringify(parts)),
  error: (...parts) => console.error(JSON.stringify(parts)),
};
`;

const SUMMARIZER_WITH_LOGGER = `import OpenAI from 'openai';
import { logger } from './logger';
import type { Logger } from './logger-type';

const client = new OpenAI({ timeout: 30_000 });

export async function summarize(text: string): Promise<string> {
  const response = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: text }],
  });
  return response.choices[0]?.message.content ?? '';
}

export function ready(log: Logger = logger): void {
  log.info({ event: 'ready' });
}
`;

describe("AnalysisSession: a logger's call shape kept across edits", () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  it("writes the log record as the logger's current type says, and matches a fresh audit", async () => {
    const files = {
      'src/logger-type.ts': LOGGER_TYPE_RECORD_FIRST,
      'src/logger.ts': LOGGER,
      'src/summarize.ts': SUMMARIZER_WITH_LOGGER,
    };
    const steps: [string, string][] = [
      // The summarizer changes: the logger's shape is kept, and still right.
      ['src/summarize.ts', SUMMARIZER_WITH_LOGGER.replace('  const response', '  // one summary\n  const response')],
      // The logger's type now wants the message first; the logger's file stays as it was.
      ['src/logger-type.ts', LOGGER_TYPE_MESSAGE_FIRST],
      // And back.
      ['src/logger-type.ts', LOGGER_TYPE_RECORD_FIRST],
    ];
    const logCalls = await watchAcrossEdits(workspaces, files, steps, 'src/summarize.ts', (summarizer) => {
      const written = summarizer.findings
        .flatMap((finding) => finding.fixes)
        .flatMap((fix) => fix.edits)
        .flatMap((edit) => [...edit.newText.matchAll(/logger\.\w+\([{']/g)].map((match) => match[0]));
      return [...new Set(written)].sort().join(' ');
    });
    // The record first, then the message first once the logger's type asks for it, then back.
    assert.deepEqual(logCalls, [
      'logger.error({ logger.info({',
      "logger.error(' logger.info('",
      'logger.error({ logger.info({',
    ]);
  });
});

// The worker with a first function of its own: the typing below happens in its body.
const LABELLED_WORKER = WORKER.replace(
  'export async function summariseAll',
  'export function label(text: string) {\n  return text;\n}\n\nexport async function summariseAll',
);

describe('AnalysisSession: an edit inside one function keeps what the rest of its file resolves to', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  it('carries the answers of names outside the edited function, and matches a fresh audit after each edit', async () => {
    const files = summarizerFiles(PICK_PRIMARY, LABELLED_WORKER);
    const root = workspaces.make('outside', files, 'oa-memo-');
    const session = new AnalysisSession({ root });
    await session.load();
    const memo = (session as unknown as { memo: { carriedResolutions: number } }).memo;
    const texts: Record<string, string> = { ...files };
    const steps: [what: string, text: string][] = [
      ['a comment typed in label()', LABELLED_WORKER.replace('  return text;', '  // as it is\n  return text;')],
      ['more of it', LABELLED_WORKER.replace('  return text;', '  // as it is, untrimmed\n  return text;')],
      // label() now returns a number: its inferred type changed, nothing of the file is carried.
      ['a new return type', LABELLED_WORKER.replace('  return text;', '  return 0;')],
      // The catch goes: the names inside summariseAll() are asked again, and the verdict follows.
      [
        'the catch removed',
        LABELLED_WORKER.replace(/try \{\n\s*(results\.push\(await [^\n]*\n)\s*\} catch[\s\S]*?\n {4}\}\n/, '$1'),
      ],
      ['the catch back', LABELLED_WORKER],
    ];
    const carried: number[] = [];
    const handledBy: string[] = [];
    for (const [what, text] of steps) {
      texts['src/worker.ts'] = text;
      const carriedBefore = memo.carriedResolutions;
      const results = session.update(path.join(root, 'src/worker.ts'), text);
      carried.push(memo.carriedResolutions - carriedBefore);
      const summarizers = results.find((result) => result.file === path.join(root, 'src/summarizers.ts'));
      assert.ok(summarizers, `summarizers.ts is re-analysed after ${what}`);
      const expected = await freshAudit(workspaces, texts, 'src/summarizers.ts');
      assert.deepEqual(
        relativeTo(root, { profiles: summarizers.profiles, findings: summarizers.findings }),
        relativeTo(expected.root, { profiles: expected.profiles, findings: expected.findings }),
        `after ${what}`,
      );
      handledBy.push(handledByOf(summarizers, 'gpt-4o') ?? '');
    }
    assert.deepEqual(handledBy, ['caller', 'caller', 'caller', 'exported', 'caller']);
    // Typing in label() carries the answers of summariseAll()'s names; a changed type, or an edit
    // of summariseAll() itself, does not.
    assert.ok(carried[0] > 0 && carried[1] > 0, `carried: ${carried.join(', ')}`);
    assert.deepEqual(carried.slice(2), [0, 0, 0]);
  });

  it("reads a helper that gives the failure back as a value again after the helper's file changes", async () => {
    const valueHelper = (onFailure: string): string => `export async function tryCatch<T>(
  promise: Promise<T>,
): Promise<{ data: T; error: null } | { data: null; error: unknown }> {
  try {
    return { data: await promise, error: null };
  } catch (error) {
    ${onFailure}
  }
}
`;
    const answer = `import { client } from './client';
import { tryCatch } from './safe';

export async function answer(question: string): Promise<string> {
  const { data, error } = await tryCatch(
    client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }),
  );
  if (error) {
    console.error('answer failed', error);
    return '';
  }
  return data.choices[0]?.message.content ?? '';
}
`;
    const gives = valueHelper('return { data: null, error };');
    const throws = valueHelper("throw new Error('failed', { cause: error });");
    const seen = await watchAcrossEdits(
      workspaces,
      { 'src/client.ts': CLIENT, 'src/safe.ts': gives, 'src/answer.ts': answer },
      [
        ['src/safe.ts', throws],
        ['src/safe.ts', gives],
      ],
      'src/answer.ts',
      (analysis) => analysis.profiles[0]?.failure.handledBy ?? 'none found',
    );
    assert.deepEqual(seen, ['exported', 'result']);
  });
});

describe('AnalysisSession: a request judged by the other implementations of its method', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  const ENGINE = `export interface Engine {
  reply(prompt: string): Promise<string>;
}
`;
  const sdkEngine = (name: string, model: string): string => `import OpenAI from 'openai';
import type { Engine } from './engine';

const client = new OpenAI({ timeout: 30_000 });

export class ${name} implements Engine {
  async reply(prompt: string): Promise<string> {
    const response = await client.chat.completions.create({ model: '${model}', messages: [{ role: 'user', content: prompt }] });
    return response.choices[0]?.message.content ?? '';
  }
}
`;
  const GATEWAY = `import axios from 'axios';
import type { Engine } from './engine';

export class GatewayEngine implements Engine {
  constructor(private readonly url: string) {}

  async reply(prompt: string): Promise<string> {
    const response = await axios.post<{ text: string }>(this.url, { question: prompt });
    return response.data.text;
  }
}
`;
  const CANNED = `import type { Engine } from './engine';

export class MiniEngine implements Engine {
  async reply(): Promise<string> {
    return 'canned';
  }
}
`;

  // The gateway does not import its peers: after a peer's edit, its analysis is asked for again
  // (as the editor does on a save) and must agree with a fresh audit of the new texts.
  it("judges the request again after a peer's file stops calling a model", async () => {
    const mini = sdkEngine('MiniEngine', 'gpt-4o-mini');
    const seen = await watchAcrossEdits(
      workspaces,
      {
        'src/engine.ts': ENGINE,
        'src/large.ts': sdkEngine('LargeEngine', 'gpt-4o'),
        'src/mini.ts': mini,
        'src/gateway.ts': GATEWAY,
      },
      [
        ['src/mini.ts', CANNED],
        ['src/mini.ts', mini],
      ],
      'src/gateway.ts',
      (analysis) => analysis.profiles.map((profile) => profile.call.operation).join(','),
    );
    // Two peers on an SDK: a model call; one of two: not one.
    assert.deepEqual(seen, ['', 'axios.post']);
  });
});
