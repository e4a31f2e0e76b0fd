import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { oneShotRetries, recursesOnce } from '../../src/core/facets/one-shot-retries';
import { inMemoryProgram } from '../helpers/in-memory-program';

/** The first loop of the function body and the catch block inside it. */
function loopOf(body: string): { loop: ts.IterationStatement; catchBlock: ts.Block } {
  const file = inMemoryProgram({ '/loop.ts': `async function run(this: any) {\n${body}\n}` }).getSourceFile(
    '/loop.ts',
  )!;
  let loop: ts.IterationStatement | undefined;
  let catchBlock: ts.Block | undefined;
  const visit = (node: ts.Node): void => {
    if (!loop && ts.isIterationStatement(node, false)) loop = node;
    if (!catchBlock && ts.isCatchClause(node)) catchBlock = node.block;
    ts.forEachChild(node, visit);
  };
  visit(file);
  assert.ok(loop && catchBlock);
  return { loop, catchBlock };
}

const oneShot = (body: string) => {
  const { loop, catchBlock } = loopOf(body);
  return oneShotRetries(loop, catchBlock);
};

describe('one-shot retries: loop branches that switch their own guard off', () => {
  it('counts each branch that drops a setting it tests, through a const of the loop body too', () => {
    assert.deepEqual(
      oneShot(`for (;;) {
        const native = this.mode === 'native';
        try { return await call(this.effort, native); } catch (error) {
          if (this.effort && refuses(error)) { this.effort = undefined; continue; }
          if (native && refuses(error)) { this.mode = 'text'; continue; }
          throw error;
        }
      }`),
      { branches: 2, changesRequest: true },
    );
  });

  it('counts a flag the branch sets as a plain retry, not a changed request', () => {
    assert.deepEqual(
      oneShot(`let retried = false;
      while (true) {
        try { return await call(); } catch (error) {
          if (!retried) { retried = true; continue; }
          throw error;
        }
      }`),
      { branches: 1, changesRequest: false },
    );
  });

  it('gives no bound when the loop sets the guard back, a continue is unguarded, or the guard stays true', () => {
    // Reset each time round: the branch can run every time.
    assert.equal(
      oneShot(`while (true) {
        let retried = false;
        try { return await call(); } catch (error) {
          if (!retried) { retried = true; continue; }
          throw error;
        }
      }`),
      undefined,
    );
    assert.equal(
      oneShot(`while (true) {
        try { return await call(); } catch (error) {
          if (this.effort) { this.effort = undefined; continue; }
          log(error);
          continue;
        }
      }`),
      undefined,
    );
    assert.equal(
      oneShot(`while (true) {
        try { return await call(); } catch (error) {
          if (this.mode === 'native') { this.mode = 'native'; continue; }
          throw error;
        }
      }`),
      undefined,
    );
  });
});

/** `recursesOnce` for the function `ask` declared in `code`, whose first catch calls it again. */
function onceOf(code: string): { parameter: string } | undefined {
  const program = inMemoryProgram({ '/ask.ts': code });
  const file = program.getSourceFile('/ask.ts')!;
  let fn: ts.FunctionDeclaration | undefined;
  let catchBlock: ts.Block | undefined;
  let selfCall: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (!fn && ts.isFunctionDeclaration(node) && node.name?.text === 'ask') fn = node;
    if (!catchBlock && ts.isCatchClause(node)) catchBlock = node.block;
    if (catchBlock && !selfCall && ts.isCallExpression(node) && node.expression.getText() === 'ask') selfCall = node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  assert.ok(fn && catchBlock && selfCall);
  return recursesOnce(fn, selfCall, catchBlock, program.getTypeChecker());
}

describe('one-shot retries: a self-call that sets the parameter its guard asks to be unset', () => {
  it('names the parameter set by a literal, a const holding one, or an object written in place', () => {
    assert.deepEqual(
      onceOf(`const BACKUP = 'small-model';
      async function ask(q: string, model?: string): Promise<string> {
        try { return await call(q, model); } catch (error) {
          if (unavailable(error) && !model) return ask(q, BACKUP);
          throw error;
        }
      }`),
      { parameter: 'model' },
    );
    assert.deepEqual(
      onceOf(`async function ask(q: string, retried = false): Promise<string> {
        try { return await call(q); } catch (error) {
          if (retried === false) throw error;
          if (retried === undefined || limited(error)) return ask(q, true);
          throw error;
        }
      }`),
      undefined,
      'an || guard does not make the parameter necessary',
    );
    assert.deepEqual(
      onceOf(`async function ask(q: string, options?: { model: string }): Promise<string> {
        try { return await call(q); } catch (error) {
          if (options === undefined) { return ask(q, { model: 'backup' }); }
          throw error;
        }
      }`),
      { parameter: 'options' },
    );
  });

  it('gives no bound when the self-call may pass nothing, or the function resets the parameter', () => {
    assert.equal(
      onceOf(`async function ask(q: string, model?: string): Promise<string> {
        try { return await call(q, model); } catch (error) {
          if (!model) return ask(q, pickModel());
          throw error;
        }
      }`),
      undefined,
    );
    assert.equal(
      onceOf(`async function ask(q: string, model?: string): Promise<string> {
        if (model === 'stale') model = undefined;
        try { return await call(q, model); } catch (error) {
          if (!model) return ask(q, 'backup');
          throw error;
        }
      }`),
      undefined,
    );
    assert.equal(
      onceOf(`async function ask(q: string, model?: string): Promise<string> {
        try { return await call(q, model); } catch (error) {
          return ask(q, 'backup');
        }
      }`),
      undefined,
      'no guard at all',
    );
  });
});
