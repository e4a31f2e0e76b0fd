import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { memberUrlValues, urlValues } from '../../src/core/http-url';
import { findNode, inMemoryProgram } from '../helpers/in-memory-program';

/**
 * A base class that builds its request from methods its subclasses override or implement: what
 * such a call returns is what any of the methods that may run returns.
 */
const SOURCE = `
abstract class Engine {
  abstract path(): string;
  host(): string { return 'https://gateway.example.com'; }
  request() { return { url: 'https://gateway.example.com/' + this.path() }; }
  probes() { return [this.host() + this.path(), this.request().url]; }
}

class Hosted extends Engine {
  path() { return '/v1/chat/completions'; }
  host() { return 'https://api.openai.com'; }
  pinned() { return super.host(); }
}

class Nested extends Hosted {
  path() { return '/v1/responses'; }
}

class Unrelated {
  path() { return '/health'; }
}

interface Endpoint { url(): string }
class Messages implements Endpoint { url() { return 'https://api.anthropic.com/v1/messages'; } }
declare const endpoint: Endpoint;
const viaInterface = endpoint.url();
`;

function program(): { checker: ts.TypeChecker; file: ts.SourceFile } {
  const created = inMemoryProgram({ '/w/engines.ts': SOURCE });
  return { checker: created.getTypeChecker(), file: created.getSourceFile('/w/engines.ts')! };
}

const find = findNode;

/** The file's class methods by name, as the name index gives them. */
function methodsIn(file: ts.SourceFile): (name: string) => ts.MethodDeclaration[] {
  return (name) => {
    const methods: ts.MethodDeclaration[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isMethodDeclaration(node) && ts.isClassLike(node.parent) && node.name.getText() === name)
        methods.push(node);
      ts.forEachChild(node, visit);
    };
    visit(file);
    return methods;
  };
}

describe('method overrides in URL reading', () => {
  const { checker, file } = program();
  const reader = { checker, methodsNamed: methodsIn(file) };
  const [joined, member] = find(
    file,
    ts.isArrayLiteralExpression,
    '[this.host() + this.path(), this.request().url]',
  ).elements;

  it('reads every override of a method called on this, a subclass of a subclass included', () => {
    assert.deepEqual(urlValues(joined, reader).sort(), [
      'https://api.openai.com/v1/chat/completions',
      'https://api.openai.com/v1/responses',
      'https://gateway.example.com/v1/chat/completions',
      'https://gateway.example.com/v1/responses',
    ]);
  });

  it('leaves an abstract method unknown without the workspace methods, and reads a base body alone', () => {
    assert.deepEqual(urlValues(joined, checker), ['https://gateway.example.com*']);
  });

  it('reads a member of an object a method returns, its URL through the overrides', () => {
    assert.deepEqual(memberUrlValues(find(file, ts.isCallExpression, 'this.request()'), 'url', reader).sort(), [
      'https://gateway.example.com//v1/chat/completions',
      'https://gateway.example.com//v1/responses',
    ]);
    assert.deepEqual(urlValues(member, reader).sort(), [
      'https://gateway.example.com//v1/chat/completions',
      'https://gateway.example.com//v1/responses',
    ]);
  });

  it('reads the base method alone for super, and an interface method through its implementations', () => {
    const pinned = find(file, ts.isCallExpression, 'super.host()');
    assert.deepEqual(urlValues(pinned, reader), ['https://gateway.example.com']);
    const viaInterface = find(file, ts.isCallExpression, 'endpoint.url()');
    assert.deepEqual(urlValues(viaInterface, reader), ['https://api.anthropic.com/v1/messages']);
    assert.deepEqual(urlValues(viaInterface, checker), ['*']);
  });
});
