/**
 * Writes what an audit of a repository parses into its program (files, their script kinds, the
 * compiler options and the texts of the standard declarations it holds in memory), for
 * parse-floor.mjs to parse and bind alone (see real-run.ts):
 *
 *   node --import tsx test/bench/parse-floor-list.ts <repository> <list.json>
 *
 * The audit's default configuration, as the benchmark's CLI runs use (the repositories have none).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisSession } from '../../src/core/session';
import { scriptKindOf } from '../../src/core/workspace/script-kind';
import { standardLibraryText } from '../../src/core/workspace/standard-library';

async function main(): Promise<void> {
  const [repo, out] = process.argv.slice(2);
  if (!repo || !out) throw new Error('usage: parse-floor-list.ts <repository> <list.json>');
  const session = new AnalysisSession({ root: path.resolve(repo) });
  await session.load({ fixes: false });
  const { files, options } = session.programFiles();
  // Each file's script kind as the audit's parser takes it, so the floor parses it the same way;
  // the texts of the standard declarations, which the audit holds in memory, not on disk.
  const texts = Object.fromEntries(
    files.flatMap((file) => {
      const text = standardLibraryText(file);
      return text === undefined ? [] : [[file, text]];
    }),
  );
  fs.writeFileSync(out, JSON.stringify({ files, kinds: files.map(scriptKindOf), options, texts }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
