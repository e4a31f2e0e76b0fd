// The TypeScript 6 checker that ts-morph bundles, doing what `tsc --noEmit -p <dir>` does:
// read the tsconfig, create the program, collect the pre-emit diagnostics.
//
//   node test/bench/ts6-check.mjs <dir-with-tsconfig>
//
// Plain JavaScript so that it runs with `node` directly (no tsx start-up in the measured time).
// ts-morph ships the lib .d.ts files inside @ts-morph/common (in memory, under
// /node_modules/typescript/lib), not on disk, so the compiler host serves them from there, exactly
// as ts-morph's own projects do.
// Prints one JSON line: { version, files, diagnostics, ms }.
import * as path from 'node:path';
import { getLibFiles, libFolderInMemoryPath } from '@ts-morph/common';
import { ts } from 'ts-morph';

const started = performance.now();
const dir = path.resolve(process.argv[2] ?? '.');
const configPath = path.join(dir, 'tsconfig.json');
const host = {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  },
};
const parsed = ts.getParsedCommandLineOfConfigFile(configPath, undefined, host);
if (!parsed) throw new Error(`cannot read ${configPath}`);
const libs = new Map(getLibFiles().map((file) => [`${libFolderInMemoryPath}/${file.fileName}`, file.text]));
const compilerHost = ts.createCompilerHost(parsed.options);
const { fileExists, readFile, getSourceFile, directoryExists } = compilerHost;
compilerHost.getDefaultLibLocation = () => libFolderInMemoryPath;
compilerHost.getDefaultLibFileName = (options) => `${libFolderInMemoryPath}/${ts.getDefaultLibFileName(options)}`;
compilerHost.fileExists = (file) => libs.has(file) || fileExists.call(compilerHost, file);
compilerHost.readFile = (file) => libs.get(file) ?? readFile.call(compilerHost, file);
compilerHost.directoryExists = (dir) =>
  dir === libFolderInMemoryPath || (directoryExists ? directoryExists.call(compilerHost, dir) : true);
compilerHost.getSourceFile = (file, languageVersion, onError, shouldCreate) => {
  const lib = libs.get(file);
  if (lib !== undefined) return ts.createSourceFile(file, lib, languageVersion);
  return getSourceFile.call(compilerHost, file, languageVersion, onError, shouldCreate);
};
const program = ts.createProgram({
  rootNames: parsed.fileNames,
  options: parsed.options,
  projectReferences: parsed.projectReferences,
  host: compilerHost,
});
const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
for (const diagnostic of diagnostics.slice(0, 10)) {
  process.stderr.write(
    `${ts.formatDiagnostic(diagnostic, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' })}`,
  );
}
process.stdout.write(
  `${JSON.stringify({ version: ts.version, files: program.getSourceFiles().length, diagnostics: diagnostics.length, ms: Math.round(performance.now() - started) })}\n`,
);
process.exitCode = diagnostics.length > 0 ? 1 : 0;
