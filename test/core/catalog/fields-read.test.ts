/**
 * A catalogue field that nothing reads is a fact the analyser ignores while the catalogue claims it
 * (the `generateObject` timeout the facet read although the catalogue said it was ignored). Every
 * key written in a catalogue entry must be read somewhere in src/ outside the catalogue's data
 * files: as a property access, a destructured name, or a key given as a string to `recipe(...)`,
 * an element access or `includes(...)`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { CATALOG } from '../../../src/core/catalog/index';

const SRC = path.resolve(__dirname, '..', '..', '..', 'src');
const CATALOG_DIR = path.join(SRC, 'core', 'catalog');
/** Objects whose keys are names (client classes), not fields. */
const NAME_MAPS = new Set(['defaultMsByClient', 'derivedOnlyBy']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) return sourceFiles(full);
    return item.name.endsWith('.ts') ? [full] : [];
  });
}

/** Catalogue files that only hold data (an entry, a shared recipe), or the schema. */
function isDataFile(file: string): boolean {
  if (path.dirname(file) !== CATALOG_DIR) return false;
  const text = fs.readFileSync(file, 'utf8');
  return (
    path.basename(file) === 'types.ts' || /: SdkCatalogEntry<|export function stainless|RETRY_LIBRARIES/.test(text)
  );
}

function fieldsWritten(): Map<string, string> {
  const fields = new Map<string, string>();
  const visit = (value: unknown, where: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item) => visit(item, where));
      return;
    }
    if (typeof value !== 'object' || value === null || value instanceof RegExp) return;
    for (const [key, child] of Object.entries(value)) {
      if (!fields.has(key)) fields.set(key, `${where}.${key}`);
      if (!NAME_MAPS.has(key)) visit(child, `${where}.${key}`);
    }
  };
  for (const entry of CATALOG) visit(entry, entry.id);
  return fields;
}

/** `recipe(call, 'timeout')`, `fixes['maxTokens']`, `ignores.includes('timeout')`: a key named by a string. */
function isKeyArgument(node: ts.StringLiteral): boolean {
  const parent = node.parent;
  if (ts.isElementAccessExpression(parent)) return parent.argumentExpression === node;
  if (!ts.isCallExpression(parent) && !ts.isConditionalExpression(parent)) return false;
  const call = ts.isCallExpression(parent) ? parent : ts.isCallExpression(parent.parent) ? parent.parent : undefined;
  const callee = call?.expression.getText() ?? '';
  return /(?:^|\.)(?:recipe|recipeFor|includes)$/.test(callee);
}

function namesRead(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) names.add(node.name.text);
      else if (ts.isStringLiteral(node) && isKeyArgument(node)) names.add(node.text);
      else if (ts.isBindingElement(node)) {
        const name = node.propertyName ?? node.name;
        if (ts.isIdentifier(name)) names.add(name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return names;
}

describe('catalogue: every field is read', () => {
  const readers = sourceFiles(SRC).filter((file) => !isDataFile(file));
  const read = namesRead(readers);
  const written = fieldsWritten();

  it(`reads each of the ${written.size} keys the catalogue entries write`, () => {
    const unread = [...written].filter(([key]) => !read.has(key)).map(([, where]) => where);
    assert.deepEqual(unread, [], `catalogue fields nothing in src/ reads: ${unread.join(', ')}`);
  });

  it('the check can fail: a key no reader names is reported', () => {
    assert.equal(read.has('aFieldNobodyReads'), false);
    assert.ok(written.has('defaultRetries') && read.has('defaultRetries'));
  });
});
