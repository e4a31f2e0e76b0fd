import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { PathAliases } from '../../../src/core/workspace/path-aliases';

const ROOT = path.resolve('/project');

/** The aliases of a tsconfig, parsed by the compiler as the audit parses the workspace's own. */
function aliasesOf(compilerOptions: Record<string, unknown>): PathAliases | undefined {
  const parsed = ts.parseJsonConfigFileContent(
    { compilerOptions },
    ts.sys,
    ROOT,
    undefined,
    path.join(ROOT, 'tsconfig.json'),
  );
  return PathAliases.of(parsed.options);
}

describe('workspace/path-aliases', () => {
  it('resolves targets from the tsconfig folder, or from baseUrl when there is one', () => {
    assert.deepEqual(aliasesOf({ paths: { '@/*': ['./src/*'] } })?.resolve('@/lib/llm'), [
      path.join(ROOT, 'src/lib/llm'),
    ]);
    assert.deepEqual(aliasesOf({ baseUrl: './app', paths: { '@/*': ['src/*'] } })?.resolve('@/lib/llm'), [
      path.join(ROOT, 'app/src/lib/llm'),
    ]);
  });

  it('prefers an exact pattern, then the longest prefix, and keeps every target of the pattern', () => {
    const aliases = aliasesOf({
      paths: {
        '@app/*': ['./src/*'],
        '@app/core/*': ['./src/core/*', './generated/core/*'],
        '@app/config': ['./config/index.ts'],
      },
    });
    assert.deepEqual(aliases?.resolve('@app/core/model'), [
      path.join(ROOT, 'src/core/model'),
      path.join(ROOT, 'generated/core/model'),
    ]);
    assert.deepEqual(aliases?.resolve('@app/config'), [path.join(ROOT, 'config/index.ts')]);
    assert.deepEqual(aliases?.resolve('@app/ui/button'), [path.join(ROOT, 'src/ui/button')]);
  });

  it('matches nothing outside its patterns, and is absent without paths', () => {
    assert.equal(aliasesOf({ paths: { '@/*': ['./src/*'] } })?.resolve('openai'), undefined);
    assert.equal(aliasesOf({ strict: true }), undefined);
  });
});
