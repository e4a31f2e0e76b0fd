import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { editedFunction, editsOnlyComment, signatureText } from '../../src/core/edit-scope';

/** What an edit of one file changes for the types other files see (see src/core/edit-scope.ts). */
const parse = (text: string, name = 'file.ts'): ts.SourceFile =>
  ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);

const BASE = `// Summaries.
import { load } from './load';

export async function summarise(text: string): Promise<string> {
  // trim first
  const input = text.trim();
  return load(input);
}

export function pick() {
  return load('x');
}

export class Worker {
  constructor(private readonly name: string) {
    this.count = 0;
  }
  count: number;
}
`;

function edited(before: string, after: string, name = 'file.ts'): ReturnType<typeof editedFunction> {
  return editedFunction(parse(before, name), parse(after, name));
}

describe('edit-scope: edits that keep the types other files see', () => {
  it('a change inside one comment, without a line break, keeps them', () => {
    assert.equal(editsOnlyComment(parse(BASE), parse(BASE.replace('// Summaries.', '// Summaries of texts.'))), true);
    assert.equal(editsOnlyComment(parse(BASE), parse(BASE.replace('// trim first', '// trim it first'))), true);
    assert.equal(editsOnlyComment(parse(BASE), parse(BASE.replace('// trim first', '// trim\nfirst'))), false);
    // A comment and the code after it.
    assert.equal(
      editsOnlyComment(parse(BASE), parse(BASE.replace('// trim first\n  const', '// trim first\n  let'))),
      false,
    );
    assert.equal(editsOnlyComment(parse(BASE), parse(BASE.replace('text.trim()', 'text.trimEnd()'))), false);
    // A directive is a comment that changes what the program holds.
    const directive = `/// <reference types="node" />\n${BASE}`;
    assert.equal(editsOnlyComment(parse(directive), parse(directive.replace('"node"', '"nodes"'))), false);
    assert.equal(
      editsOnlyComment(parse(BASE, 'a.js'), parse(BASE.replace('// trim first', '// trim it'), 'a.js')),
      false,
    );
  });

  it('finds the outermost function whose body holds the change', () => {
    const annotated = edited(BASE, BASE.replace('text.trim()', 'text.trimEnd()'));
    assert.equal(annotated?.before.name?.getText(), 'summarise');
    assert.equal(annotated?.after.name?.getText(), 'summarise');
    assert.equal(annotated?.inferred, false);
    const inferred = edited(BASE, BASE.replace("load('x')", "load('y')"));
    assert.equal(inferred?.before.name?.getText(), 'pick');
    assert.equal(inferred?.inferred, true);
    // A nested arrow's body belongs to the function around it.
    const nested = BASE.replace(
      '  const input = text.trim();',
      '  const input = [text].map((t) => {\n    return t;\n  })[0];',
    );
    assert.equal(edited(nested, nested.replace('return t;', 'return t.trim();'))?.before.name?.getText(), 'summarise');
  });

  it('an edit outside a body, in a constructor or a JavaScript file, or of a body declaring a type, is not one', () => {
    assert.equal(edited(BASE, BASE.replace('(text: string)', '(text: string, more = 1)')), undefined);
    assert.equal(edited(BASE, BASE.replace('Promise<string>', 'Promise<unknown>')), undefined);
    assert.equal(edited(BASE, BASE.replace('this.count = 0', 'this.count = 1')), undefined);
    assert.equal(edited(BASE, BASE.replace("load('x')", "load('y')"), 'a.js'), undefined);
    const local = BASE.replace("return load('x');", 'class Local {}\n  return new Local();');
    assert.equal(edited(local, local.replace('class Local {}', 'class Local { a = 1 }')), undefined);
    // A change spanning two functions.
    assert.equal(
      edited(BASE, BASE.replace(/return load\(input\);[\s\S]*return load\('x'\)/, "return load('x')")),
      undefined,
    );
  });

  it('prints an inferred signature; one that names a type by `typeof` is not compared', () => {
    const text = `export function pick() { return 1; }\nclass Local {}\nexport function make() { return Local; }\n`;
    const host = ts.createCompilerHost({});
    const sourceFile = parse(text);
    const program = ts.createProgram({
      rootNames: ['file.ts'],
      options: { noLib: true },
      host: {
        ...host,
        getSourceFile: (name) => (name === 'file.ts' ? sourceFile : undefined),
        fileExists: (name) => name === 'file.ts',
      },
    });
    const checker = program.getTypeChecker();
    const [pick, , make] = sourceFile.statements as unknown as ts.FunctionDeclaration[];
    assert.equal(signatureText(checker, pick), '(): number');
    assert.equal(signatureText(checker, make), undefined);
  });
  it('tells apart two return types of one name by the files declaring them', () => {
    const texts: Record<string, string> = {
      '/a.ts': 'export interface Result { ok: boolean }\n',
      '/b.ts': 'export interface Result { ok: boolean }\n',
      '/file.ts':
        "import * as a from './a';\nimport * as b from './b';\n" +
        'export function first(): a.Result { return { ok: true }; }\n' +
        'export function second(): b.Result { return { ok: true }; }\n' +
        'export function viaFirst() { return first(); }\n' +
        'interface Box<T> { value: T }\n' +
        'export function viaSecond() { const box: Box<b.Result> = { value: second() }; return box; }\n',
    };
    const files = new Map(Object.entries(texts).map(([name, text]) => [name, parse(text, name)]));
    const host = ts.createCompilerHost({});
    const program = ts.createProgram({
      rootNames: [...files.keys()],
      options: { noLib: true },
      host: {
        ...host,
        getCurrentDirectory: () => '/',
        getSourceFile: (name) => files.get(name),
        fileExists: (name) => files.has(name),
      },
    });
    const checker = program.getTypeChecker();
    const [, , , , viaFirst, , viaSecond] = (files.get('/file.ts') as ts.SourceFile)
      .statements as unknown as ts.FunctionDeclaration[];
    assert.equal(signatureText(checker, viaFirst), '(): Result from /a.ts');
    assert.equal(signatureText(checker, viaSecond), '(): Box<Result> from /b.ts, /file.ts');
  });
});
