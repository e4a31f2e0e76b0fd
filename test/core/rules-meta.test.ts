/**
 * Keeps the rule catalogue honest: every rule has a doc page and a test file, the doc agrees with
 * the rule's meta, and the doc's examples are run through the analyser.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { docsUrl, formatMessage } from '../../src/core/rules/define-rule';
import { RULES } from '../../src/core/rules/index';
import { runRule } from '../helpers/rule-tester';

const rulesDir = path.resolve(__dirname, '../../src/core/rules');
const rulesTestDir = path.resolve(__dirname, 'rules');

const KEBAB_CASE = /^[a-z]+(?:-[a-z]+)*$/;
const CAMEL_CASE = /^[a-z][a-zA-Z]*$/;
const REQUIRED_SECTIONS = [
  '## Why it matters',
  '## Examples',
  '### Incorrect',
  '### Correct',
  '## Options',
  '## When not to use it',
];

function readDoc(ruleId: string): string {
  return readFileSync(path.join(rulesDir, `${ruleId}.md`), 'utf8');
}

/** The single ```ts block under a `### <heading>` section. */
function exampleUnder(doc: string, heading: 'Incorrect' | 'Correct'): string {
  const section = doc.split(`### ${heading}\n`)[1]?.split(/\n#{2,3} /)[0] ?? '';
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
  assert.equal(blocks.length, 1, `### ${heading} holds exactly one \`\`\`ts block`);
  return blocks[0];
}

/** Placeholders a message template uses, e.g. `{{attempts}}`. */
function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]);
}

describe('rule catalogue', () => {
  it('has unique kebab-case ids', () => {
    const ids = RULES.map((rule) => rule.meta.id);
    assert.deepEqual(
      ids.filter((id) => !KEBAB_CASE.test(id)),
      [],
    );
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
  });

  for (const rule of RULES) {
    const { id } = rule.meta;
    describe(id, () => {
      it('has one check that matches its facet', () => {
        const checks = [
          rule.checkCall !== undefined,
          rule.checkAnnotations !== undefined,
          rule.checkSuppressions !== undefined,
        ].filter(Boolean);
        assert.equal(checks.length, 1, 'exactly one of checkCall / checkAnnotations / checkSuppressions');
        assert.equal(rule.checkCall === undefined, rule.meta.facet === 'documentation');
      });

      it('builds its docsUrl with docsUrl(id)', () => {
        assert.equal(rule.meta.docsUrl, docsUrl(id));
      });

      it('has camelCase message ids and templates that fill when given their data', () => {
        for (const [messageId, template] of Object.entries(rule.meta.messages)) {
          assert.match(messageId, CAMEL_CASE, `message id ${messageId}`);
          const data = Object.fromEntries(placeholdersOf(template).map((name) => [name, 'x']));
          assert.doesNotMatch(formatMessage(template, data), /\{\{/, `message ${messageId}`);
        }
      });

      it('reports only message ids it declares, with all their placeholders', () => {
        const source = readFileSync(path.join(rulesDir, `${id}.ts`), 'utf8');
        const used = [...source.matchAll(/messageId:\s*'(\w+)'/g)].map((match) => match[1]);
        const declared = Object.keys(rule.meta.messages);
        assert.deepEqual(
          used.filter((messageId) => !declared.includes(messageId)),
          [],
          'undeclared message ids',
        );
        // Messages reported through a computed id (unvalidated-output) are checked by its tests.
        assert.ok(used.length > 0 || /messageId[,\s]/.test(source), 'reports at least one message');
      });

      it('has defaults that satisfy its options schema', () => {
        assert.equal(rule.meta.options === undefined, rule.meta.defaultOptions === undefined);
        if (rule.meta.options) rule.meta.options.parse(rule.meta.defaultOptions);
      });

      it('has a test file that expects every message it declares', () => {
        const testFile = path.join(rulesTestDir, `${id}.test.ts`);
        assert.ok(existsSync(testFile), `test/core/rules/${id}.test.ts`);
        const tests = readFileSync(testFile, 'utf8');
        const untested = Object.keys(rule.meta.messages).filter(
          (messageId) => !tests.includes(`messageId: '${messageId}'`),
        );
        assert.deepEqual(untested, [], 'messages no invalid case expects');
      });

      it('has a doc page whose title and first paragraph match the meta', () => {
        const lines = readDoc(id).split('\n');
        assert.equal(lines[0], `# ${id}`);
        assert.equal(lines[1], '');
        assert.equal(lines[2], rule.meta.description);
        assert.equal(lines[3], '');
      });

      it('has the doc sections in order and mentions how to document the decision', () => {
        const doc = readDoc(id);
        const positions = REQUIRED_SECTIONS.map((heading) => doc.indexOf(`\n${heading}\n`));
        assert.ok(
          !positions.includes(-1),
          `missing sections: ${REQUIRED_SECTIONS.filter((_, i) => positions[i] === -1).join(', ')}`,
        );
        assert.deepEqual(
          [...positions].sort((a, b) => a - b),
          positions,
          'sections out of order',
        );
        assert.match(doc, /@ai-decision/);
        const optionsSection = doc.split('\n## Options\n')[1]?.split('\n## ')[0] ?? '';
        for (const option of Object.keys(rule.meta.defaultOptions ?? {})) {
          assert.ok(optionsSection.includes(`\`${option}\``), `option ${option} is documented`);
        }
      });

      it('reports its incorrect example', async () => {
        const { findings } = await runRule(rule, exampleUnder(readDoc(id), 'Incorrect'));
        assert.ok(findings.length > 0, `the Incorrect example yields no ${id} finding`);
      });

      it('does not report its correct example', async () => {
        const { result, findings } = await runRule(rule, exampleUnder(readDoc(id), 'Correct'));
        assert.ok(result.profiles.length > 0, 'the analyser recognised no model call in the Correct example');
        assert.deepEqual(
          findings.map((finding) => `${finding.span.line}:${finding.span.column} ${finding.message}`),
          [],
          `the Correct example yields ${id} findings`,
        );
      });
    });
  }
});
