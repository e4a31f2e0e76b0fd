import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { decodeSource, formatBytes, looksMinified, readSourceFile } from '../../../src/core/workspace/read';
import { RUNNING_AS_ROOT, TempWorkspaces } from './temp-workspace';

const CODE = "import OpenAI from 'openai';\n\nexport const client = new OpenAI();\n";

describe('workspace/read', () => {
  const temp = new TempWorkspaces();
  let dir: string;
  before(() => {
    dir = temp.make('outside', {}, 'oa-read-');
  });
  after(() => temp.cleanUp());

  function file(name: string, content: string | Buffer): string {
    const target = path.join(dir, name);
    fs.writeFileSync(target, content);
    return target;
  }

  it('reads an ordinary source file as is', () => {
    assert.deepEqual(readSourceFile(file('ok.ts', CODE), DEFAULT_CONFIG.maxFileBytes), { ok: true, text: CODE });
  });

  describe('size limit', () => {
    it('skips a 5 MB generated file under the default 2 MB limit, naming both sizes', () => {
      const big = file('big.ts', 'export const x = 1;\n'.repeat((5 * 1024 * 1024) / 20));
      assert.equal(fs.statSync(big).size, 5 * 1024 * 1024);
      assert.deepEqual(readSourceFile(big, DEFAULT_CONFIG.maxFileBytes), {
        ok: false,
        reason: 'larger than 2 MB (5.2 MB)',
      });
    });

    it('uses the configured limit, in kB below a megabyte', () => {
      const target = file('medium.ts', 'x'.repeat(5000));
      assert.deepEqual(readSourceFile(target, 1000), { ok: false, reason: 'larger than 1 kB (5 kB)' });
      assert.deepEqual(readSourceFile(target, 300), { ok: false, reason: 'larger than 300 B (5 kB)' });
    });

    it('gives exact byte counts when rounding would show the two sizes alike', () => {
      const target = file('just-over.ts', 'x'.repeat(2001));
      assert.deepEqual(readSourceFile(target, 2000), { ok: false, reason: 'larger than 2,000 bytes (2,001 bytes)' });
    });

    it('reads a file exactly at the limit', () => {
      const target = file('at-limit.ts', 'x'.repeat(2000));
      assert.equal(readSourceFile(target, 2000).ok, true);
    });

    it('formats sizes in decimal units, as maxFileBytes is written', () => {
      assert.equal(formatBytes(2_000_000), '2 MB');
      assert.equal(formatBytes(5_242_880), '5.2 MB');
      assert.equal(formatBytes(1_500), '1.5 kB');
      assert.equal(formatBytes(999), '999 B');
    });
  });

  describe('content that is not source', () => {
    it('skips a binary file with a .ts name (NUL bytes)', () => {
      const png = Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
      ]);
      assert.deepEqual(readSourceFile(file('logo.ts', png), DEFAULT_CONFIG.maxFileBytes), {
        ok: false,
        reason: 'binary content (NUL bytes)',
      });
    });

    it('skips a file that is not UTF-8 (Latin-1), and one with a truncated multi-byte sequence', () => {
      const latin1 = Buffer.from("// Résumé des appels\nimport OpenAI from 'openai';\n", 'latin1');
      assert.deepEqual(readSourceFile(file('latin1.ts', latin1), DEFAULT_CONFIG.maxFileBytes), {
        ok: false,
        reason: 'not valid UTF-8',
      });
      const truncated = Buffer.concat([Buffer.from('const s = "'), Buffer.from([0xe2, 0x82])]);
      assert.deepEqual(decodeSource(truncated), { ok: false, reason: 'not valid UTF-8' });
    });

    it('reads valid multi-byte UTF-8 (accents, CJK, emoji)', () => {
      const text = "const greeting = 'Grüße, 你好 👋';\n";
      assert.deepEqual(decodeSource(Buffer.from(text, 'utf8')), { ok: true, text });
    });

    it('skips a minified bundle (mostly very long lines)', () => {
      const bundle = `!function(){${"var a=require('openai');a.chat.completions.create({model:'m'});".repeat(400)}}();\n`;
      assert.deepEqual(readSourceFile(file('bundle.js', bundle), DEFAULT_CONFIG.maxFileBytes), {
        ok: false,
        reason: 'minified or generated (very long lines)',
      });
    });

    it('reads hand-written code with one long line in it (an inline data URL)', () => {
      const text = `${'export const line = 1;\n'.repeat(600)}export const logo = 'data:image/png;base64,${'A'.repeat(6000)}';\n`;
      assert.equal(looksMinified(text), false);
      assert.equal(decodeSource(Buffer.from(text)).ok, true);
    });

    it('skips a file nested more than 1000 brackets deep, stray closing brackets before it or not', () => {
      const deep = (levels: number) =>
        `${')]}'.repeat(50)}export const x = ${'['.repeat(levels)}${']'.repeat(levels)};\n`;
      assert.equal(decodeSource(Buffer.from(deep(1000))).ok, true);
      assert.deepEqual(decodeSource(Buffer.from(deep(1001))), {
        ok: false,
        reason: 'nested more than 1000 levels deep (generated code?)',
      });
      // Characters beyond ASCII are not brackets.
      assert.equal(decodeSource(Buffer.from(`const s = '${'（'.repeat(2000)}';\n`)).ok, true);
    });

    it('does not call a short file minified, whatever its line length', () => {
      assert.equal(looksMinified('x'.repeat(4000)), false);
    });
  });

  describe('encodings and line endings', () => {
    it('keeps a UTF-8 byte-order mark, so offsets match the file as Node reads it', () => {
      const target = file('bom.ts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CODE)]));
      const read = readSourceFile(target, DEFAULT_CONFIG.maxFileBytes);
      assert.ok(read.ok);
      assert.equal(read.text, fs.readFileSync(target, 'utf8'));
      assert.equal(read.text.charCodeAt(0), 0xfeff);
      assert.equal(read.text.indexOf('new OpenAI'), fs.readFileSync(target, 'utf8').indexOf('new OpenAI'));
    });

    it('keeps CRLF line endings', () => {
      const crlf = CODE.replace(/\n/g, '\r\n');
      const read = readSourceFile(file('crlf.ts', crlf), DEFAULT_CONFIG.maxFileBytes);
      assert.deepEqual(read, { ok: true, text: crlf });
    });

    it('reads an empty file', () => {
      assert.deepEqual(readSourceFile(file('empty.ts', ''), DEFAULT_CONFIG.maxFileBytes), { ok: true, text: '' });
    });
  });

  describe('files that cannot be read', () => {
    it('a file that disappeared', () => {
      assert.deepEqual(readSourceFile(path.join(dir, 'gone.ts'), DEFAULT_CONFIG.maxFileBytes), {
        ok: false,
        reason: 'cannot read: no such file or folder',
      });
    });

    it('a folder named like a source file', () => {
      fs.mkdirSync(path.join(dir, 'folder.ts'));
      assert.deepEqual(readSourceFile(path.join(dir, 'folder.ts'), DEFAULT_CONFIG.maxFileBytes), {
        ok: false,
        reason: 'cannot read: is a folder',
      });
    });

    it('a named pipe and a device are not read (the read would block, or never end)', function () {
      const pipe = path.join(dir, 'pipe.ts');
      if (spawnSync('mkfifo', [pipe]).status !== 0) this.skip();
      assert.deepEqual(readSourceFile(pipe, DEFAULT_CONFIG.maxFileBytes), {
        ok: false,
        reason: 'not a regular file (a named pipe)',
      });
      assert.deepEqual(readSourceFile('/dev/zero', DEFAULT_CONFIG.maxFileBytes), {
        ok: false,
        reason: 'not a regular file (a device)',
      });
    });

    it(`a file without read permission${RUNNING_AS_ROOT ? ' (skipped: running as root, which reads any file whatever its mode)' : ''}`, function () {
      if (RUNNING_AS_ROOT) this.skip();
      const target = file('locked.ts', CODE);
      fs.chmodSync(target, 0o000);
      try {
        assert.deepEqual(readSourceFile(target, DEFAULT_CONFIG.maxFileBytes), {
          ok: false,
          reason: 'cannot read: permission denied',
        });
      } finally {
        fs.chmodSync(target, 0o644);
      }
    });
  });
});
