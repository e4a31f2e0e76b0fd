import * as assert from 'node:assert/strict';
import { compileGlob, matchesAny } from '../../../src/core/workspace/glob';

/** Exclude globs are matched against `/`-separated paths relative to the audited root. */
function matches(pattern: string, relativePath: string): boolean {
  return compileGlob(pattern).test(relativePath);
}

function check(pattern: string, yes: string[], no: string[]): void {
  for (const file of yes) assert.equal(matches(pattern, file), true, `${pattern} should match ${file}`);
  for (const file of no) assert.equal(matches(pattern, file), false, `${pattern} should not match ${file}`);
}

describe('workspace/glob', () => {
  it('`*` matches within one path segment only', () => {
    check('src/*.ts', ['src/a.ts', 'src/.hidden.ts'], ['src/lib/a.ts', 'a.ts', 'src/a.tsx', 'other/src/a.ts']);
  });

  it('`?` matches one character but not a slash', () => {
    check('src/v?.ts', ['src/v1.ts'], ['src/v10.ts', 'src/v/.ts']);
  });

  it('`**/` matches any number of folders, including none', () => {
    check('src/**/*.gen.ts', ['src/a.gen.ts', 'src/x/a.gen.ts', 'src/x/y/z/a.gen.ts'], ['lib/a.gen.ts', 'src/a.ts']);
    check('**/generated/**', ['generated/a.ts', 'src/generated/a.ts', 'a/b/generated/c/d.ts'], ['src/generator/a.ts']);
  });

  it('a trailing `/**` covers everything under the folder, and not a folder that only starts with its name', () => {
    check('src/legacy/**', ['src/legacy/a.ts', 'src/legacy/x/y.ts'], ['src/legacy-v2/a.ts', 'src/legacyx.ts']);
  });

  it('`{a,b}` matches either alternative', () => {
    check(
      'src/{generated,vendor}/**',
      ['src/generated/a.ts', 'src/vendor/x/b.js'],
      ['src/other/a.ts', 'src/generatedx/a.ts'],
    );
    check('**/*.{gen,generated}.ts', ['a.gen.ts', 'x/y/a.generated.ts'], ['a.ts', 'a.gen.js']);
  });

  it('alternatives inside braces are globs too: `{*.gen.ts,*.min.js}`', () => {
    check('{*.gen.ts,*.min.js}', ['a.gen.ts', 'src/deep/b.min.js'], ['a.ts', 'a.min.ts']);
  });

  it('a name without a slash matches at any depth, like .gitignore', () => {
    check('fixtures', ['fixtures', 'fixtures/a.ts', 'test/fixtures/a.ts'], ['fixturesx/a.ts', 'my-fixtures/a.ts']);
    check('*.generated.ts', ['a.generated.ts', 'src/deep/a.generated.ts'], ['a.generated.tsx']);
  });

  it('a folder pattern excludes everything below it', () => {
    check(
      'src/generated',
      ['src/generated', 'src/generated/a.ts', 'src/generated/x/y.ts'],
      ['src/generated-old/a.ts', 'lib/src/generated/a.ts'],
    );
  });

  it('a trailing slash marks a folder but does not anchor it (`generated/` matches at any depth)', () => {
    check('generated/', ['generated/a.ts', 'src/generated/a.ts'], ['generatedx/a.ts']);
  });

  it('a pattern with a slash in the middle is anchored at the root; `./` and backslashes are normalised', () => {
    check('src/gen', ['src/gen/a.ts'], ['lib/src/gen/a.ts']);
    check('./src/gen/**', ['src/gen/a.ts'], ['x/src/gen/a.ts']);
    check('src\\gen\\**', ['src/gen/a.ts'], ['src/other/a.ts']);
  });

  it('regular-expression characters in a pattern are literal', () => {
    check('src/a+b (copy).ts', ['src/a+b (copy).ts'], ['src/aab (copy).ts', 'src/a+b copy.ts']);
    check('src/$x.ts', ['src/$x.ts'], ['src/x.ts']);
  });

  it('matchesAny is true when any pattern matches', () => {
    const patterns = ['dist-*', '**/*.gen.ts'].map(compileGlob);
    assert.equal(matchesAny('dist-old/a.ts', patterns), true);
    assert.equal(matchesAny('src/a.gen.ts', patterns), true);
    assert.equal(matchesAny('src/a.ts', patterns), false);
    assert.equal(matchesAny('src/a.ts', []), false);
  });

  it('a pattern that backtracks catastrophically as a regular expression is matched in one pass', () => {
    // Twelve stars: more than a minute as a backtracking regular expression (issue 13, input 6).
    const pattern = '*a*a*a*a*a*a*a*a*a*a*a*ab';
    const path = `src/${'a'.repeat(2_000)}.ts`;
    const matcher = compileGlob(pattern);
    let matched = true;
    for (let run = 0; run < 20; run++) matched = matcher.test(path);
    assert.equal(matched, false);
    check(pattern, ['src/aaaaaaaaaaaab', `x/${'a'.repeat(40)}b/c.ts`], ['src/aaaaaaaaaaab', 'aaaaaa/aaaaaaab']);
  });

  it('the `?` and `*` of different alternatives do not leak into each other', () => {
    check('{a?c,x*z}.ts', ['abc.ts', 'xz.ts', 'xyyz.ts'], ['ac.ts', 'a/c.ts', 'xa/z.ts']);
  });
});
