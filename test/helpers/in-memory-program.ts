import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';

/** A program over source texts held in memory, by file name (no lib, no disk). */
export function inMemoryProgram(files: Readonly<Record<string, string>>): ts.Program {
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, noLib: true };
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (name, version) =>
    files[name] === undefined ? undefined : ts.createSourceFile(name, files[name], version, true);
  host.fileExists = (name) => files[name] !== undefined;
  host.readFile = (name) => files[name];
  host.directoryExists = (name) => Object.keys(files).some((file) => file.startsWith(`${name.replace(/\/$/, '')}/`));
  return ts.createProgram({ rootNames: Object.keys(files), options, host });
}

/** The first node of a kind whose text is `text`; fails the test when there is none. */
export function findNode<T extends ts.Node>(file: ts.SourceFile, test: (node: ts.Node) => node is T, text: string): T {
  let found: T | undefined;
  const visit = (node: ts.Node): void => {
    if (!found && test(node) && node.getText() === text) found = node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  assert.ok(found, `no ${text}`);
  return found;
}
