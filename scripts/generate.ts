/**
 * `npm run generate`: writes the files generated from code (scripts/generated.ts lists them).
 * `--check` writes nothing and exits 1 when one of them is out of date (`npm run lint` runs it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedFiles, REPO, staleFiles } from './generated';

if (process.argv.includes('--check')) {
  const stale = staleFiles();
  for (const file of stale) console.error(`${file.path} is out of date: run \`npm run generate\` and commit it`);
  if (stale.length === 0) console.log(`${generatedFiles().length} generated files are up to date`);
  process.exitCode = stale.length === 0 ? 0 : 1;
} else {
  for (const file of generatedFiles()) {
    const absolute = path.join(REPO, file.path);
    const unchanged = fs.existsSync(absolute) && fs.readFileSync(absolute, 'utf8') === file.text;
    if (!unchanged) fs.writeFileSync(absolute, file.text);
    console.log(`${unchanged ? 'unchanged' : 'wrote'} ${file.path}`);
  }
}
