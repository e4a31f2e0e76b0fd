import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { headerPath, unifiedDiff } from '../../src/cli/diff';

/** Applies a unified diff made by `unifiedDiff` (one file) to `before`: the round trip must give `after`. */
function patch(before: string, diff: string): string {
  const lines = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let cursor = 0;
  let finalNewline = before === '' || before.endsWith('\n');
  const body = diff.split('\n').slice(2);
  for (let index = 0; index < body.length; index++) {
    const line = body[index];
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(line);
    if (header) {
      const start = Number(header[1]) - (header[2] === '0' ? 0 : 1);
      while (cursor < start) out.push(lines[cursor++]);
      continue;
    }
    if (line === '\\ No newline at end of file') {
      if (body[index - 1]?.startsWith('+') || body[index - 1]?.startsWith(' ')) finalNewline = false;
      continue;
    }
    if (line.startsWith(' ')) {
      out.push(lines[cursor++]);
      finalNewline = true;
    } else if (line.startsWith('-')) cursor++;
    else if (line.startsWith('+')) {
      out.push(line.slice(1));
      finalNewline = true;
    }
  }
  while (cursor < lines.length) out.push(lines[cursor++]);
  return out.length === 0 ? '' : `${out.join('\n')}${finalNewline ? '\n' : ''}`;
}

describe('unifiedDiff (what --fix-dry-run prints)', () => {
  it('prints git-style headers and a hunk with three lines of context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n') + '\n';
    const after = before.replace('e\n', 'E\n');
    assert.equal(
      unifiedDiff('src/x.ts', before, after),
      ['--- a/src/x.ts', '+++ b/src/x.ts', '@@ -2,7 +2,7 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h', ''].join(
        '\n',
      ),
    );
  });

  it('shows a new file against /dev/null', () => {
    assert.equal(
      unifiedDiff('src/ai/call-model.ts', '', 'one\ntwo\n', { created: true }),
      ['--- /dev/null', '+++ b/src/ai/call-model.ts', '@@ -0,0 +1,2 @@', '+one', '+two', ''].join('\n'),
    );
  });

  it('prints nothing for identical texts', () => {
    assert.equal(unifiedDiff('x', 'same\n', 'same\n'), '');
  });

  it('round-trips random edits, and matches diff -u where it is installed', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const hasDiff = spawnSync('diff', ['--version']).status === 0;
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'oa-diff-'));
    try {
      for (let round = 0; round < 150; round++) {
        const before = Array.from({ length: Math.floor(random() * 30) }, () => `line ${Math.floor(random() * 8)}`);
        const after = [...before];
        for (let change = 0; change < 1 + Math.floor(random() * 4); change++) {
          const at = Math.floor(random() * (after.length + 1));
          if (random() < 0.4) after.splice(at, 1);
          else if (random() < 0.7) after.splice(at, 0, `new ${round}.${change}`);
          else if (at < after.length) after[at] = `changed ${round}.${change}`;
        }
        const beforeText = before.length ? `${before.join('\n')}\n` : '';
        const afterText = after.length ? `${after.join('\n')}${random() < 0.2 ? '' : '\n'}` : '';
        const diff = unifiedDiff('f.txt', beforeText, afterText);
        if (beforeText === afterText) continue;
        assert.equal(patch(beforeText, diff), afterText, `round ${round}:\n${diff}`);
        if (hasDiff) {
          fs.writeFileSync(path.join(folder, 'a'), beforeText);
          fs.writeFileSync(path.join(folder, 'b'), afterText);
          const reference = spawnSync('diff', ['-u', 'a', 'b'], { cwd: folder, encoding: 'utf8' })
            .stdout.split('\n')
            .slice(2)
            .join('\n');
          const ours = diff.split('\n').slice(2).join('\n');
          // Both are minimal; they may choose different but equally short alignments. Compare sizes.
          const count = (text: string, sign: string): number =>
            text.split('\n').filter((line) => line.startsWith(sign)).length;
          assert.equal(
            count(ours, '+') + count(ours, '-'),
            count(reference, '+') + count(reference, '-'),
            `round ${round}: not minimal`,
          );
        }
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('writes file names as git does: a tab after a name with a space, C quotes for special characters', () => {
    assert.equal(headerPath('a/', 'src/chat.ts'), 'a/src/chat.ts');
    assert.equal(headerPath('a/', 'src/my chat.ts'), 'a/src/my chat.ts\t');
    assert.equal(headerPath('b/', 'src/na\u00efve "x".ts'), '"b/src/na\\303\\257ve \\"x\\".ts"\t');
    assert.equal(headerPath('a/', 'src/back\\slash.ts'), '"a/src/back\\\\slash.ts"');
  });

  // GNU patch cuts an unquoted name at its first space: without the tab it finds no file.
  for (const [tool, args] of [
    ['patch', ['-p1', '--batch']],
    ['git', ['apply', '-']],
  ] as const) {
    it(`gives diffs that ${tool} applies for names with spaces, quotes and non-ASCII characters`, function () {
      if (spawnSync(tool, ['--version']).status !== 0) this.skip();
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'oa-diff-names-'));
      try {
        for (const name of ['my chat.ts', 'na\u00efve.ts', 'say "hi".ts']) {
          fs.writeFileSync(path.join(folder, name), 'one\ntwo\n');
          const diff = unifiedDiff(name, 'one\ntwo\n', 'one\n2\n');
          const applied = spawnSync(tool, args, { cwd: folder, input: diff, encoding: 'utf8' });
          assert.equal(
            applied.status,
            0,
            `${tool} for ${JSON.stringify(name)}: ${applied.stdout}${applied.stderr}\n${diff}`,
          );
          assert.equal(fs.readFileSync(path.join(folder, name), 'utf8'), 'one\n2\n');
        }
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
