import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { memberUrlValues, urlParameters, urlValues } from '../../src/core/http-url';
import { memberValues } from '../../src/core/object-members';
import { findNode, inMemoryProgram } from '../helpers/in-memory-program';

/**
 * A transport that takes its request as one options object: the URL is a member of what its caller
 * passes, built in literals, spreads, helper returns and members of members.
 */
const SOURCE = `
const HOST = 'https://api.openai.com';

function access(path: string) {
  if (path.startsWith('/v1/')) return { url: HOST + path, headers: {} };
  return { url: 'https://api.anthropic.com' + path, headers: {} };
}

function dispatch(path: string) {
  return { request: { ...access(path), method: 'POST', body: {} }, label: 'chat' };
}

export function send(config: { url: string; method?: string }) {
  const { url, method = 'GET' } = config;
  return [url, method, config.url];
}

export function sendParts({ url }: { url: string }) {
  return url;
}

export function forward(options: { url: string }, signal: AbortSignal) {
  return send({ ...options, method: 'POST' });
}

const spreadOver = { ...access('/v1/embeddings'), url: 'https://example.com/own' };
const made = dispatch('/v1/chat/completions');
const destructured = access('/v1/moderations');
const { url: renamed } = access('/v1/responses');
const unknownObject = JSON.parse('{}');
const probes = [made.request.url, renamed, spreadOver.url, unknownObject.url];
send({ url: destructured.url });
`;

function program(): { checker: ts.TypeChecker; file: ts.SourceFile } {
  const created = inMemoryProgram({ '/w/transport.ts': SOURCE });
  return { checker: created.getTypeChecker(), file: created.getSourceFile('/w/transport.ts')! };
}

const find = findNode;

describe('object members', () => {
  const { checker, file } = program();
  const probes = find(
    file,
    ts.isArrayLiteralExpression,
    '[made.request.url, renamed, spreadOver.url, unknownObject.url]',
  );
  const [memberOfMember, renamedBinding, overridden, unknownMember] = probes.elements;

  it('reads a member of a member through the function that builds the object and a spread of a helper return', () => {
    assert.deepEqual(urlValues(memberOfMember, checker), [
      'https://api.openai.com/v1/chat/completions',
      'https://api.anthropic.com/v1/chat/completions',
    ]);
  });

  it('reads a renamed destructured member from the helper return it destructures', () => {
    assert.deepEqual(urlValues(renamedBinding, checker), [
      'https://api.openai.com/v1/responses',
      'https://api.anthropic.com/v1/responses',
    ]);
  });

  it('takes the property written after a spread over the spread', () => {
    assert.deepEqual(urlValues(overridden, checker), ['https://example.com/own']);
  });

  it('says unknown for a member of an object it cannot read', () => {
    assert.deepEqual(urlValues(unknownMember, checker), ['*']);
  });

  it('reads a member of an object literal argument; a member the object lacks has no values', () => {
    const call = find(file, ts.isCallExpression, 'send({ url: destructured.url })');
    assert.deepEqual(memberUrlValues(call.arguments[0], 'url', checker), [
      'https://api.openai.com/v1/moderations',
      'https://api.anthropic.com/v1/moderations',
    ]);
    const members = memberValues(call.arguments[0], 'method', {
      checker,
      bindings: new Map(),
      steps: { count: 0, max: 100 },
    });
    assert.deepEqual(members, { values: [], unknown: false });
  });

  it('finds the options parameter a URL is a member of: destructured, accessed, or a destructured parameter', () => {
    const describe = (sources: ReturnType<typeof urlParameters>): string[] =>
      sources.map((source) => `${source.parameter.name.getText()}.${source.member ?? ''}`);
    const send = find(file, ts.isArrayLiteralExpression, '[url, method, config.url]');
    assert.deepEqual(describe(urlParameters(send.elements[0], checker)), ['config.url']);
    assert.deepEqual(describe(urlParameters(send.elements[2], checker)), ['config.url']);
    const parts = find(file, ts.isReturnStatement, 'return url;');
    assert.deepEqual(describe(urlParameters(parts.expression, checker)), ['{ url }.url']);
  });

  it('follows a member through an options object a caller spreads into its own call', () => {
    const forwarded = find(file, ts.isObjectLiteralExpression, "{ ...options, method: 'POST' }");
    const sources = urlParameters(forwarded, checker, 'url');
    assert.deepEqual(
      sources.map((source) => `${source.parameter.name.getText()}.${source.member}`),
      ['options.url'],
    );
  });
});
