// The floor of any audit built on the TypeScript 6 syntax tree that ts-morph bundles: reading,
// parsing and binding the files the audit's program holds, and nothing else (no program, no
// checker, no analysis). The audit cannot be faster or smaller than this on the same files.
//
//   node test/bench/parse-floor.mjs <list.json>
//
// list.json is what parse-floor-list.ts writes: { files, kinds, options, texts } (the program's
// files, the script kind the audit parses each with, the compiler options, and the texts of the
// standard declarations, which the audit holds in memory). Plain JavaScript so that it runs with `node` directly (no tsx start-up in the
// measured time). Parsed as the audit parses (JSDoc for types only, the file's script kind) and
// bound by the compiler's own binder, as the audit binds each file before building its program.
// Prints one JSON line: { files, bound, ms }, where ms counts from after the compiler is loaded:
// the process's start-up (which the CLI shortens with V8's code cache) is left out of the floor.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';

// The compiler alone, as the CLI's bundle loads it (src/core/compiler.mjs), not ts-morph's wrapper.
const ts = createRequire(import.meta.url)('@ts-morph/common/dist/typescript.js');

const started = performance.now();
const list = JSON.parse(fs.readFileSync(process.argv[2] ?? '', 'utf8'));
const options = list.options;
const languageVersion = options.target ?? ts.ScriptTarget.ES2022;
// The binder is internal, but the bundle exports it (the audit's program host uses it the same way).
const bind = ts.bindSourceFile;
const kept = [];
let bound = 0;
for (const [index, file] of list.files.entries()) {
  const text = list.texts?.[file] ?? fs.readFileSync(file, 'utf8');
  const sourceFile = ts.createSourceFile(
    file,
    text,
    { languageVersion, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo },
    false,
    list.kinds[index],
  );
  // Declaration files too: the checker binds every file of the program when it is made.
  if (bind) {
    bind(sourceFile, options);
    bound++;
  }
  kept.push(sourceFile);
}
console.log(JSON.stringify({ files: kept.length, bound, ms: Math.round(performance.now() - started) }));
