import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

interface InjectionGrammar {
  scopeName: string;
  injectionSelector: string;
  repository: { annotation: { match: string; captures: Record<string, { name: string }> } };
}

const grammar: InjectionGrammar = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'syntaxes', 'ai-decision.injection.tmLanguage.json'), 'utf8'),
);
// The pattern uses only syntax that Oniguruma and JavaScript read alike.
const pattern = new RegExp(grammar.repository.annotation.match);

function scopes(comment: string): Record<string, string> {
  const match = pattern.exec(comment);
  assert.ok(match, comment);
  const found: Record<string, string> = {};
  for (const [group, capture] of Object.entries(grammar.repository.annotation.captures)) {
    const text = match[Number(group)];
    if (text !== undefined && text !== '') found[capture.name.split(' ').pop() ?? capture.name] = text;
  }
  return found;
}

describe('grammar: @ai-decision in comments', () => {
  it('injects into line and block comments only', () => {
    assert.equal(grammar.injectionSelector, 'L:comment.line.double-slash, L:comment.block');
  });

  it('scopes the tag, the facet, the text and the owner', () => {
    const found = scopes(' @ai-decision retry: the queue redelivers 5 times (owner: platform)');
    assert.equal(found['keyword.other.ai-decision'], '@ai-decision');
    assert.equal(found['entity.name.type.ai-decision.facet'], 'retry');
    assert.equal(found['string.unquoted.ai-decision.text']?.trim(), 'the queue redelivers 5 times');
    assert.equal(found['entity.name.tag.ai-decision.owner'], 'platform');
  });

  it('also scopes unknown facets, a missing text and the end of a block comment', () => {
    assert.equal(scopes('@ai-decision vibes: fine')['entity.name.type.ai-decision.facet'], 'vibes');
    assert.equal(scopes('@ai-decision fallback:')['entity.name.type.ai-decision.facet'], 'fallback');
    assert.equal(scopes('@ai-decision timeout: 20 s */')['string.unquoted.ai-decision.text']?.trim(), '20 s');
  });
});
