import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { audit, DEFAULT_CONFIG } from '../../src/core/index';

/**
 * Inputs no person writes but tools generate: each gets a clear skip reason or a correct result,
 * in bounded time and memory. The bounds are far above normal runs; they catch hangs and blow-ups,
 * not slowness (that is what test/bench is for). Time is the process's CPU time, not the wall
 * clock: a loaded CI machine stretches the wall time of a healthy run several times over.
 */
const CPU_BOUND_MS = 60_000;
/** Mocha's own limit, on the wall clock: only a real hang gets near it. */
const WALL_BOUND_MS = 600_000;
const MEMORY_BOUND_BYTES = 1.5 * 1024 ** 3;

const CALL =
  "export async function ask(q: string) {\n  return client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: q }] });\n}\n";
const HEADER = "import OpenAI from 'openai';\nconst client = new OpenAI();\n";

describe('pathological inputs', function () {
  this.timeout(WALL_BOUND_MS);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'oa-pathological-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'good.ts'), HEADER + CALL);
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function auditBounded(config = DEFAULT_CONFIG) {
    const before = process.memoryUsage().rss;
    const started = process.cpuUsage();
    const result = await audit({ root, config });
    const used = process.cpuUsage(started);
    const ms = (used.user + used.system) / 1000;
    assert.ok(ms < CPU_BOUND_MS, `took ${Math.round(ms)} ms of CPU`);
    assert.ok(process.memoryUsage().rss - before < MEMORY_BOUND_BYTES, 'memory grew beyond the bound');
    assert.ok(
      result.profiles.some((profile) => profile.call.range.file.endsWith('good.ts')),
      'the good file is still analysed',
    );
    return result;
  }

  function skipReason(result: Awaited<ReturnType<typeof audit>>, name: string): string | undefined {
    return result.stats.skipped.find((item) => path.basename(item.file) === name)?.reason;
  }

  it('a 10 MB generated file is skipped by size', async () => {
    const line = "export const prompt_0000 = 'Summarise the ticket in three sentences, politely.';\n";
    fs.writeFileSync(
      path.join(root, 'src', 'prompts.ts'),
      HEADER + line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)),
    );
    const result = await auditBounded();
    assert.match(skipReason(result, 'prompts.ts') ?? '', /^larger than 2 MB \(10\.\d MB\)$/);
  });

  it('a 10 MB file is analysed when the size limit allows it, in bounded time', async () => {
    const line = (index: number): string => `export const value${index} = 'Summarise the ticket in three sentences.';`;
    const body = Array.from({ length: Math.ceil((10 * 1024 * 1024) / line(100_000).length) }, (_, index) =>
      line(index),
    ).join('\n');
    fs.writeFileSync(path.join(root, 'src', 'big.ts'), `${HEADER}${body}\n${CALL.replace('ask', 'askBig')}`);
    const result = await auditBounded({ ...DEFAULT_CONFIG, maxFileBytes: 20 * 1024 * 1024 });
    assert.equal(skipReason(result, 'big.ts'), undefined);
    assert.ok(result.profiles.some((profile) => profile.call.enclosing.name === 'askBig'));
  });

  it('a 50 000-line file is analysed, with the call found on its real line', async () => {
    const filler = Array.from({ length: 50_000 }, (_, index) => `const filler${index} = ${index};`).join('\n');
    fs.writeFileSync(path.join(root, 'src', 'long.ts'), `${HEADER}${filler}\n${CALL.replace('ask', 'askLong')}`);
    const result = await auditBounded();
    const call = result.profiles.find((profile) => profile.call.enclosing.name === 'askLong');
    assert.equal(call?.call.range.line, 2 + 50_000 + 2);
  });

  it('a minified bundle is skipped as minified', async () => {
    const bundle = `${HEADER.replace(/\n/g, '')}${'var a=function(b){return b+1};'.repeat(2_000)}`;
    fs.writeFileSync(path.join(root, 'src', 'bundle.js'), bundle);
    const result = await auditBounded();
    assert.equal(skipReason(result, 'bundle.js'), 'minified or generated (very long lines)');
  });

  it('nesting 5 000 levels deep is skipped before the parser can overflow its stack', async () => {
    fs.writeFileSync(
      path.join(root, 'src', 'deep.ts'),
      `${HEADER}export const x = ${'[\n'.repeat(5_000)}1${']\n'.repeat(5_000)};\n`,
    );
    fs.writeFileSync(
      path.join(root, 'src', 'deep-blocks.ts'),
      `${HEADER}export async function g() {\n${'if (Math.random()) {\n'.repeat(5_000)}await client.chat.completions.create({ model: 'm', messages: [] });\n${'}\n'.repeat(5_000)}}\n`,
    );
    const result = await auditBounded();
    assert.equal(skipReason(result, 'deep.ts'), 'nested more than 1000 levels deep (generated code?)');
    assert.equal(skipReason(result, 'deep-blocks.ts'), 'nested more than 1000 levels deep (generated code?)');
  });

  it('nesting 900 levels deep (under the bound) is analysed without a crash', async () => {
    fs.writeFileSync(
      path.join(root, 'src', 'nested.ts'),
      `${HEADER}export async function nested() {\n${'if (Math.random()) {\n'.repeat(900)}await client.chat.completions.create({ model: 'm', messages: [] });\n${'}\n'.repeat(900)}}\n`,
    );
    const result = await auditBounded();
    assert.equal(skipReason(result, 'nested.ts'), undefined);
    assert.ok(result.profiles.some((profile) => profile.call.enclosing.name === 'nested'));
  });

  it('a .ts file that is binary, and one that is not UTF-8, are skipped with their reasons', async () => {
    fs.writeFileSync(path.join(root, 'src', 'image.ts'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    fs.writeFileSync(
      path.join(root, 'src', 'latin1.ts'),
      Buffer.from("// caf\xe9 \xe0 la carte\nexport const menu = 'openai';\n", 'latin1'),
    );
    const result = await auditBounded();
    assert.equal(skipReason(result, 'image.ts'), 'binary content (NUL bytes)');
    assert.equal(skipReason(result, 'latin1.ts'), 'not valid UTF-8');
  });

  it('CRLF line endings and a byte-order mark: calls on their real lines', async () => {
    fs.writeFileSync(
      path.join(root, 'src', 'windows.ts'),
      `\ufeff${(HEADER + '\n\n' + CALL.replace('ask', 'askWindows')).replace(/\n/g, '\r\n')}`,
    );
    const result = await auditBounded();
    const call = result.profiles.find((profile) => profile.call.enclosing.name === 'askWindows');
    assert.equal(call?.call.range.line, 6);
    assert.equal(call?.call.range.column, 10);
  });

  it('a symlink loop is reported once and not followed', async function () {
    try {
      fs.symlinkSync(root, path.join(root, 'src', 'loop'));
    } catch {
      this.skip();
    }
    const result = await auditBounded();
    assert.equal(result.stats.skipped.filter((item) => item.reason.startsWith('symlink loop')).length, 1);
    assert.equal(result.profiles.length, 1);
  });

  const chain = (links: number): string =>
    `${HEADER}export function chained() {\n  return client.chat.completions.create({ model: 'm', messages: [] })${'\n    .then((value) => value)'.repeat(links)};\n}\n`;

  it('a `.then()` chain of 650 calls (it overflowed the binder and aborted the audit) costs only its file', async () => {
    fs.writeFileSync(path.join(root, 'src', 'chain.ts'), chain(650));
    const result = await auditBounded();
    assert.equal(
      skipReason(result, 'chain.ts'),
      'cannot be analysed: a call chain of more than 250 links (generated code?)',
    );
    assert.deepEqual(
      result.profiles.map((profile) => path.basename(profile.call.range.file)),
      ['good.ts'],
    );
  });

  it('a chain of 200 calls is analysed', async () => {
    fs.writeFileSync(path.join(root, 'src', 'chain.ts'), chain(200));
    const result = await auditBounded();
    assert.equal(skipReason(result, 'chain.ts'), undefined);
    assert.deepEqual(result.profiles.map((profile) => profile.call.enclosing.name).sort(), ['ask', 'chained']);
  });

  it('a symlink to `/` inside the workspace is not followed', async function () {
    try {
      fs.symlinkSync('/', path.join(root, 'src', 'machine'));
    } catch {
      this.skip();
    }
    const result = await auditBounded();
    assert.deepEqual(result.stats.skipped, [
      {
        file: path.join(root, 'src', 'machine'),
        reason: 'symlink to a folder outside the audited root (/); not followed',
      },
    ]);
    assert.equal(result.stats.filesScanned, 1);
  });

  it('1 000 model calls in one function: each profiled, with every flow between them (near-linear, see test/bench)', async () => {
    const body = Array.from(
      { length: 1_000 },
      (_, index) =>
        `  const r${index} = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: ${index === 0 ? 'q' : `r${index - 1}.choices[0].message.content ?? q`} }] });`,
    ).join('\n');
    fs.writeFileSync(
      path.join(root, 'src', 'many.ts'),
      `${HEADER}export async function many(q: string) {\n${body}\n  return r999;\n}\n`,
    );
    const result = await auditBounded();
    const profiles = result.profiles.filter((profile) => profile.call.enclosing.name === 'many');
    assert.equal(profiles.length, 1_000);
    // Each call's input is the previous call's output, unchecked: exactly one upstream call each.
    const idOfLine = new Map(profiles.map((profile) => [profile.call.range.line, profile.call.id]));
    for (const profile of profiles) {
      const previous = idOfLine.get(profile.call.range.line - 1);
      assert.deepEqual(
        profile.flow.upstream,
        previous ? [{ callId: previous, validated: false }] : [],
        profile.call.id,
      );
    }
  });
});
