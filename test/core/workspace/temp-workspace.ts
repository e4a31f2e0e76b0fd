import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Throwaway workspaces for the bad-input tests.
 *
 * - `outside`: in the OS temp folder, where no SDK package resolves (recognition by syntax only).
 * - `inRepo`: under `<repository>/.cache/test-workspaces` (git-ignored through `.cache/`), where
 *   imports resolve from the repository's `node_modules` by walking up, so SDK types resolve.
 */
export const REPO = path.resolve(__dirname, '..', '..', '..');
export const OPENAI_FIXTURE = path.join(REPO, 'test', 'fixtures', 'openai-basic');
export const IN_REPO_BASE = path.join(REPO, '.cache', 'test-workspaces');

/** The model calls of test/fixtures/openai-basic, as `file:line operation`. */
export const OPENAI_FIXTURE_CALLS = [
  'src/support.ts:12 chat.completions.create',
  'src/support.ts:24 responses.create',
  'src/support.ts:33 embeddings.create',
  'src/support.ts:41 chat.completions.create',
];

export type FileContent = string | Buffer | { symlink: string };

export class TempWorkspaces {
  private readonly made: string[] = [];

  /** A fresh folder; `where` decides whether SDK packages resolve from it. */
  make(where: 'outside' | 'inRepo', files: Record<string, FileContent> = {}, prefix = 'oa-bad-'): string {
    const base = where === 'inRepo' ? IN_REPO_BASE : os.tmpdir();
    fs.mkdirSync(base, { recursive: true });
    const dir = fs.mkdtempSync(path.join(base, prefix));
    this.made.push(dir);
    write(dir, files);
    return dir;
  }

  /** A copy of test/fixtures/openai-basic (src/support.ts with four calls, tsconfig.json) plus `files`. */
  fixtureCopy(where: 'outside' | 'inRepo', files: Record<string, FileContent> = {}): string {
    const dir = this.make(where);
    fs.cpSync(OPENAI_FIXTURE, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'expect.json'));
    write(dir, files);
    return dir;
  }

  cleanUp(): void {
    for (const dir of this.made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function write(dir: string, files: Record<string, FileContent>): void {
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) fs.symlinkSync(content.symlink, target);
    else fs.writeFileSync(target, content);
  }
}

/** Root runs (containers, CI) can read files whatever their mode: permission cases cannot fail there. */
export const RUNNING_AS_ROOT = process.getuid?.() === 0;
