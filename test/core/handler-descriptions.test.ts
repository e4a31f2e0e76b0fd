import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { describeHandler } from '../../src/core/facets/handlers';
import { inMemoryProgram } from '../helpers/in-memory-program';

/**
 * describeHandler is asked about the same catch clauses by every facet and every call whose error
 * reaches them. Outside an editor session (the CLI's one program) each clause is described once
 * per checker; without a checker, once per parse. A new program (another checker) reads the
 * helper it hands the error to again.
 */
const HELPER = `export function report(error: unknown): void {
  console.error('failed', error);
}
`;
const HELPER_RETHROWING = `export function report(error: unknown): void {
  throw new Error('failed', { cause: error });
}
`;
const CALLER = `import { report } from './helper';

export async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    report(error);
  }
}
`;

function programOf(helper: string): ts.Program {
  return inMemoryProgram({ '/w/helper.ts': helper, '/w/caller.ts': CALLER });
}

function catchBlock(program: ts.Program): ts.Block {
  let block: ts.Block | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCatchClause(node)) block = node.block;
    ts.forEachChild(node, visit);
  };
  visit(program.getSourceFile('/w/caller.ts') as ts.SourceFile);
  assert.ok(block);
  return block;
}

describe('describeHandler: each handler described once', () => {
  it('gives the same description for the same clause and checker, reading the helper it calls', () => {
    const program = programOf(HELPER);
    const checker = program.getTypeChecker();
    const block = catchBlock(program);
    const first = describeHandler(block, 'error', checker);
    assert.equal(first.logs, true, 'the helper logs the error');
    assert.equal(first.rethrows, false);
    assert.equal(describeHandler(block, 'error', checker), first, 'described once');
    assert.notEqual(describeHandler(block, 'cause', checker), first, 'another error name is another question');
  });

  it('reads the helper again in another program', () => {
    const logging = programOf(HELPER);
    describeHandler(catchBlock(logging), 'error', logging.getTypeChecker());
    const rethrowing = programOf(HELPER_RETHROWING);
    const described = describeHandler(catchBlock(rethrowing), 'error', rethrowing.getTypeChecker());
    assert.equal(described.rethrows, true);
    assert.equal(described.logs, false);
  });

  it('without a checker, reads the syntax alone, once per parse', () => {
    const block = catchBlock(programOf(HELPER));
    const alone = describeHandler(block, 'error');
    assert.equal(alone.logs, false, 'the helper is not read without a checker');
    assert.equal(describeHandler(block, 'error'), alone);
  });
});
