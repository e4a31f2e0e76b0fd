import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { applyEdits } from '../../../src/core/fixes/apply';
import { setArgumentOption } from '../../../src/core/fixes/edits/call-argument';
import { commentLineAbove } from '../../../src/core/fixes/edits/comment-line';
import { ensureImport } from '../../../src/core/fixes/edits/imports';
import { setObjectOption } from '../../../src/core/fixes/edits/object-option';
import { wrapEdits, wrappableStatement } from '../../../src/core/fixes/edits/wrap-statement';
import { formatNumber, quote, styleOf } from '../../../src/core/fixes/style';
import { freshName } from '../../../src/core/fixes/text';
import type { TextEdit } from '../../../src/core/types';

/** Parses `code` as a file, finds the first node `pick` accepts. */
function parse(code: string, file = '/project/src/case.ts'): ts.SourceFile {
  return ts.createSourceFile(
    file,
    code,
    ts.ScriptTarget.Latest,
    true,
    /\.js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS,
  );
}

function find<T extends ts.Node>(sourceFile: ts.SourceFile, test: (node: ts.Node) => node is T, index = 0): T {
  const found: T[] = [];
  const visit = (node: ts.Node): void => {
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  assert.ok(found[index], 'node not found');
  return found[index];
}

function apply(code: string, edits: readonly TextEdit[] | undefined): string {
  assert.ok(edits, 'no edits');
  return applyEdits(
    code,
    edits.map((item, editIndex) => ({ ...item, fixIndex: 0, editIndex })),
  );
}

const lastCall = (sourceFile: ts.SourceFile): ts.CallExpression => find(sourceFile, ts.isCallExpression);

describe('fix edit builders', () => {
  describe('file style', () => {
    it('reads two-space indentation, single quotes, semicolons and trailing commas', () => {
      const style = styleOf(parse(`import a from 'a';\n\nconst x = {\n  a: 1,\n  b: 'two',\n};\n`));
      assert.deepEqual(
        {
          indentUnit: style.indentUnit,
          quote: style.quote,
          semicolons: style.semicolons,
          trailingCommas: style.trailingCommas,
        },
        { indentUnit: '  ', quote: "'", semicolons: true, trailingCommas: true },
      );
    });
    it('reads tabs, double quotes, no semicolons and no trailing commas', () => {
      const style = styleOf(
        parse(`import a from "a"\n\nconst x = {\n\ta: 1,\n\tb: "two"\n}\nfunction f() {\n\treturn "x"\n}\n`),
      );
      assert.deepEqual(
        {
          indentUnit: style.indentUnit,
          quote: style.quote,
          semicolons: style.semicolons,
          trailingCommas: style.trailingCommas,
        },
        { indentUnit: '\t', quote: '"', semicolons: false, trailingCommas: false },
      );
    });
    it('reads four-space indentation and ignores block-comment continuation lines', () => {
      assert.equal(
        styleOf(parse(`/**\n * doc\n */\nfunction f() {\n    if (x) {\n        return 1;\n    }\n}\n`)).indentUnit,
        '    ',
      );
    });
    it('keeps CRLF line ends and numeric separators when the file uses them', () => {
      const style = styleOf(parse(`const a = 10_000;\r\nconst b = 2;\r\n`));
      assert.equal(style.newline, '\r\n');
      assert.equal(formatNumber(30000, style), '30_000');
      assert.equal(formatNumber(30000, styleOf(parse('const a = 1;\n'))), '30000');
    });
    it('quotes in the file style, escaping', () => {
      assert.equal(quote("it's", styleOf(parse(`const a = 'x';`))), "'it\\'s'");
      assert.equal(quote('say "hi"', styleOf(parse(`const a = "x";`))), '"say \\"hi\\""');
    });
    it('knows JavaScript files take no type syntax', () => {
      assert.equal(styleOf(parse('const a = 1;', '/p/a.js')).typescript, false);
      assert.equal(styleOf(parse('const a = 1;', '/p/a.ts')).typescript, true);
    });
  });

  describe('setObjectOption (insert or merge an option)', () => {
    const set = (code: string, optionPath: string[], value = 'V'): string => {
      const sourceFile = parse(code);
      return apply(
        code,
        setObjectOption(find(sourceFile, ts.isObjectLiteralExpression), optionPath, value, styleOf(sourceFile)),
      );
    };
    it('adds to a one-line object on its line', () => {
      assert.equal(set(`f({ a: 1 });`, ['b']), `f({ a: 1, b: V });`);
    });
    it('fills an empty object', () => {
      assert.equal(set(`f({});`, ['b']), `f({ b: V });`);
    });
    it('adds a line to a multi-line object, with its trailing comma', () => {
      assert.equal(set(`f({\n  a: 1,\n});`, ['b']), `f({\n  a: 1,\n  b: V,\n});`);
    });
    it('adds a line to a multi-line object without a trailing comma, without adding one', () => {
      assert.equal(set(`f({\n  a: 1\n});`, ['b']), `f({\n  a: 1,\n  b: V\n});`);
    });
    it('keeps a comment after the last property on its line', () => {
      assert.equal(set(`f({\n  a: 1 // why\n});`, ['b']), `f({\n  a: 1, // why\n  b: V\n});`);
      assert.equal(set(`f({\n  a: 1, // why\n});`, ['b']), `f({\n  a: 1, // why\n  b: V,\n});`);
    });
    it('creates the nested objects of a path', () => {
      assert.equal(set(`f({ a: 1 });`, ['config', 'abortSignal']), `f({ a: 1, config: { abortSignal: V } });`);
    });
    it('merges into a nested object that exists', () => {
      assert.equal(
        set(`f({ config: { x: 1 } });`, ['config', 'abortSignal']),
        `f({ config: { x: 1, abortSignal: V } });`,
      );
    });
    it('writes the shorthand when the value is a variable of the same name', () => {
      assert.equal(set(`f({ a: 1 });`, ['signal'], 'signal'), `f({ a: 1, signal });`);
    });
    it('offers nothing when the option is already written, or may come from a spread, a computed key or a variable', () => {
      const none = (code: string, optionPath: string[]): void => {
        const sourceFile = parse(code);
        assert.equal(
          setObjectOption(find(sourceFile, ts.isObjectLiteralExpression), optionPath, 'V', styleOf(sourceFile)),
          undefined,
          code,
        );
      };
      none(`f({ b: 2 });`, ['b']);
      none(`f({ ...base, a: 1 });`, ['b']);
      none(`f({ [key]: 1 });`, ['b']);
      none(`f({ config });`, ['config', 'x']);
      none(`f({ config: shared });`, ['config', 'x']);
    });
    it('replaces a written value when asked to', () => {
      const code = `f({ maxRetries: 3 });`;
      const sourceFile = parse(code);
      assert.equal(
        apply(
          code,
          setObjectOption(find(sourceFile, ts.isObjectLiteralExpression), ['maxRetries'], '0', styleOf(sourceFile), {
            replace: true,
          }),
        ),
        `f({ maxRetries: 0 });`,
      );
    });
  });

  describe('setArgumentOption (the request-options argument)', () => {
    const set = (code: string, index: number): string | undefined => {
      const sourceFile = parse(code);
      const edits = setArgumentOption(lastCall(sourceFile), index, ['timeout'], '30000', styleOf(sourceFile));
      return edits && apply(code, edits);
    };
    it('adds the argument after the last one', () => {
      assert.equal(set(`create({ model });`, 1), `create({ model }, { timeout: 30000 });`);
    });
    it('adds it on its own line when the arguments are one per line', () => {
      assert.equal(set(`create(\n  { model },\n);`, 1), `create(\n  { model },\n  { timeout: 30000 },\n);`);
    });
    it('merges into the argument that exists', () => {
      assert.equal(
        set(`create({ model }, { maxRetries: 0 });`, 1),
        `create({ model }, { maxRetries: 0, timeout: 30000 });`,
      );
    });
    it('offers nothing for an identifier, a spread argument or a missing earlier argument', () => {
      assert.equal(set(`create({ model }, options);`, 1), undefined);
      assert.equal(set(`create(...args);`, 1), undefined);
      assert.equal(set(`create();`, 1), undefined);
    });
  });

  describe('ensureImport', () => {
    const add = (code: string, module = 'zod', name = 'z', file?: string): string => {
      const sourceFile = parse(code, file);
      const result = ensureImport(
        sourceFile,
        { module, name, namespaceProvides: module === 'zod' },
        styleOf(sourceFile),
      );
      assert.ok(result);
      return apply(code, result.edits);
    };
    it('writes a new import after the last one', () => {
      assert.equal(
        add(`import OpenAI from 'openai';\n\nconst a = 1;\n`),
        `import OpenAI from 'openai';\nimport { z } from 'zod';\n\nconst a = 1;\n`,
      );
    });
    it('adds the name to an existing import of the module', () => {
      assert.equal(
        add(`import { retry } from 'cockatiel';\n`, 'cockatiel', 'handleWhen'),
        `import { retry, handleWhen } from 'cockatiel';\n`,
      );
    });
    it('reuses an import that already brings the name (also as a namespace)', () => {
      const code = `import * as zod from 'zod';\n`;
      const sourceFile = parse(code);
      assert.deepEqual(
        ensureImport(sourceFile, { module: 'zod', name: 'z', namespaceProvides: true }, styleOf(sourceFile)),
        { local: 'zod', edits: [] },
      );
    });
    it('aliases the name when the file already uses it', () => {
      assert.equal(
        add(`import a from 'a';\nconst z = 1;\n`),
        `import a from 'a';\nimport { z as z2 } from 'zod';\nconst z = 1;\n`,
      );
    });
    it('goes after a header comment in a file with no import', () => {
      assert.equal(
        add(`// Copyright header\n\n/** Doc of f. */\nexport function f() {}\n`),
        `// Copyright header\n\nimport { z } from 'zod';\n\n/** Doc of f. */\nexport function f() {}\n`,
      );
    });
    it('writes none in Deno code, which imports by URL or npm: (a bare specifier would not load)', () => {
      for (const code of [
        `import OpenAI from 'npm:openai@4.20.0';\n`,
        `import Anthropic from 'https://esm.sh/@anthropic-ai/sdk@0.24.0';\n`,
      ]) {
        const sourceFile = parse(code);
        assert.equal(ensureImport(sourceFile, { module: 'zod', name: 'z' }, styleOf(sourceFile)), undefined);
      }
    });
    it('uses require in a CommonJS script', () => {
      assert.equal(
        add(`const OpenAI = require('openai');\n\nmain();\n`, 'zod', 'z', '/p/a.js'),
        `const OpenAI = require('openai');\nconst { z } = require('zod');\n\nmain();\n`,
      );
    });
  });

  describe('wrappableStatement + wrapEdits (try/catch around the smallest statement)', () => {
    const wrap = (code: string, file?: string): string | undefined => {
      const sourceFile = parse(code, file);
      const style = styleOf(sourceFile);
      const call = find(
        sourceFile,
        (node): node is ts.CallExpression => ts.isCallExpression(node) && node.expression.getText() === 'client.create',
      );
      const wrappable = wrappableStatement(call, style, { requireAwait: true });
      return (
        wrappable &&
        apply(
          code,
          wrapEdits(wrappable, { catchName: 'error', catchLines: (inner) => [`${inner}throw error;`] }, style),
        )
      );
    };
    it('keeps a template literal spanning lines exactly as it was', () => {
      const code = `async function f() {\n  await client.create(\`line one\nline two\`);\n}\n`;
      assert.equal(
        wrap(code),
        `async function f() {\n  try {\n    await client.create(\`line one\nline two\`);\n  } catch (error) {\n    throw error;\n  }\n}\n`,
      );
    });
    it('declares a const used later before the try and assigns it inside', () => {
      const code = `async function f() {\n  const answer = await client.create();\n  return answer;\n}\n`;
      assert.equal(
        wrap(code),
        `async function f() {\n  let answer;\n  try {\n    answer = await client.create();\n  } catch (error) {\n    throw error;\n  }\n  return answer;\n}\n`,
      );
    });
    it('keeps a type annotation on the moved declaration', () => {
      const code = `async function f() {\n  const answer: string = await client.create();\n  return answer;\n}\n`;
      assert.match(wrap(code)!, /let answer: string;\n/);
    });
    it('keeps the const inside the try when nothing reads it later', () => {
      const code = `async function f() {\n  const answer = await client.create();\n}\n`;
      assert.match(wrap(code)!, /try \{\n {4}const answer = await client\.create\(\);/);
    });
    it('offers nothing when a later closure reads the binding (its type could not be inferred)', () => {
      assert.equal(
        wrap(`async function f() {\n  const answer = await client.create();\n  return () => answer;\n}\n`),
        undefined,
      );
    });
    it('offers nothing when the call is not awaited there (its failure surfaces elsewhere)', () => {
      assert.equal(wrap(`async function f() {\n  const pending = client.create();\n  return pending;\n}\n`), undefined);
    });
    it('adds the await a returned call needs for the catch to see its failure', () => {
      assert.equal(
        wrap(`async function f() {\n  return client.create();\n}\n`),
        `async function f() {\n  try {\n    return await client.create();\n  } catch (error) {\n    throw error;\n  }\n}\n`,
      );
    });
    it('guards a destructuring assignment that starts a line in a file without semicolons', () => {
      const code = `async function f() {\n  const { a } = await client.create()\n  return a\n}\n`;
      assert.match(wrap(code)!, /\n {4};\(\{ a \} = await client\.create\(\)\)\n/);
    });
  });

  describe('commentLineAbove', () => {
    it("inserts a line with the statement's indentation", () => {
      const code = `function f() {\n    call();\n}\n`;
      const sourceFile = parse(code);
      const statement = find(sourceFile, ts.isExpressionStatement);
      assert.equal(
        apply(code, [commentLineAbove(statement, 'note', styleOf(sourceFile))!]),
        `function f() {\n    // note\n    call();\n}\n`,
      );
    });
    it('offers nothing when code precedes the statement on its line', () => {
      const sourceFile = parse(`a(); b();`);
      assert.equal(
        commentLineAbove(find(sourceFile, ts.isExpressionStatement, 1), 'note', styleOf(sourceFile)),
        undefined,
      );
    });
  });

  it('freshName avoids every identifier of the file', () => {
    const sourceFile = parse(`const startedAt = 1; function g(startedAt2: number) {}`);
    assert.equal(freshName('startedAt', sourceFile), 'startedAt3');
    assert.equal(freshName('other', sourceFile), 'other');
  });
});
