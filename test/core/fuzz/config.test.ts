import * as assert from 'node:assert/strict';
import { ConfigError, parseConfigText } from '../../../src/core/config';
import { RULES } from '../../../src/core/rules/index';

/**
 * Config fuzzing: random edits of a valid `.orchestration-audit.json` (malformed JSON, wrong
 * types, unknown keys and rule ids, huge and negative numbers, deep nesting) either parse to a
 * config or throw one ConfigError that names the file, the key and the problem. Nothing else may
 * escape: no TypeError from a half-read value, no stack overflow, no silent default.
 */
const CASES = Number(process.env.OA_CONFIG_FUZZ_CASES ?? 3000);
const SEED = 424242;

const VALID = JSON.stringify(
  {
    rules: {
      'implicit-retry-policy': 'off',
      'retry-amplification': ['error', { threshold: 6 }],
      'missing-timeout': 'warning',
    },
    exclude: ['src/generated/**'],
    ignoreTests: true,
    maxFileBytes: 2000000,
    fallbackModel: 'gpt-4o-mini',
    defaultTimeoutMs: 30000,
    helperModulePath: 'src/ai/call-model.ts',
  },
  null,
  2,
);

const VALUES = [
  'null',
  'true',
  'false',
  '0',
  '-1',
  '1e308',
  '-1e308',
  '9007199254740993',
  '""',
  '"off"',
  '"error"',
  '"../../etc/x"',
  '"/abs"',
  '[]',
  '{}',
  '[1,2]',
  '{"a":1}',
  '"\\u0000"',
  '1.5',
  'NaN',
  'Infinity',
  `"${'x'.repeat(10_000)}"`,
  '['.repeat(5_000) + ']'.repeat(5_000),
];
const KEYS = [
  'rules',
  'exclude',
  'ignoreTests',
  'maxFileBytes',
  'fallbackModel',
  'defaultTimeoutMs',
  'helperModulePath',
  'unknownKey',
  '$schema',
  '__proto__',
  'constructor',
  'retry-amplification',
  'no-such-rule',
  ...RULES.map((rule) => rule.meta.id),
];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('config fuzzing', function () {
  this.timeout(120_000);

  it(`every one of ${CASES} mutated config files parses or fails with one ConfigError naming the key`, () => {
    const next = random(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    let accepted = 0;
    let rejected = 0;
    for (let index = 0; index < CASES; index++) {
      let text = VALID;
      const edits = 1 + Math.floor(next() * 3);
      for (let edit = 0; edit < edits; edit++) {
        const kind = Math.floor(next() * 5);
        if (kind === 0) {
          // Replace a value after a colon.
          const colons = [...text.matchAll(/: /g)].map((match) => match.index ?? 0);
          const at = pick(colons);
          const end = text.slice(at + 2).search(/[,\n}\]]/);
          text = `${text.slice(0, at + 2)}${pick(VALUES)}${text.slice(at + 2 + Math.max(end, 0))}`;
        } else if (kind === 1) {
          // Add a key somewhere an object starts.
          const braces = [...text.matchAll(/\{/g)].map((match) => match.index ?? 0);
          const at = pick(braces);
          text = `${text.slice(0, at + 1)}"${pick(KEYS)}": ${pick(VALUES)},${text.slice(at + 1)}`;
        } else if (kind === 2) {
          // Break the JSON: delete or insert a character.
          const at = Math.floor(next() * text.length);
          text =
            next() < 0.5
              ? text.slice(0, at) + text.slice(at + 1)
              : text.slice(0, at) + pick(['{', '}', '"', ',', ':', '[', ']', '\u0000', '\\']) + text.slice(at);
        } else if (kind === 3) {
          text = text.slice(0, Math.floor(next() * text.length));
        } else {
          text = text.replace(/"rules": \{/, `"rules": { "${pick(KEYS)}": ${pick(VALUES)},`);
        }
      }
      try {
        parseConfigText(text, '.orchestration-audit.json');
        accepted++;
      } catch (error) {
        assert.ok(
          error instanceof ConfigError,
          `case ${index} threw ${(error as Error)?.name}: ${(error as Error)?.message}\n${text.slice(0, 400)}`,
        );
        assert.equal(error.file, '.orchestration-audit.json');
        assert.ok(error.problem.length > 0, `case ${index}: an empty problem`);
        assert.ok(
          !/undefined|\[object Object\]/.test(error.message),
          `case ${index}: unhelpful message ${error.message}`,
        );
        assert.ok(error.message.length < 2_000, `case ${index}: a message of ${error.message.length} characters`);
        rejected++;
      }
    }
    console.log(`      config fuzzing: ${CASES} cases, ${accepted} accepted, ${rejected} rejected with a ConfigError`);
    assert.ok(rejected > CASES / 2, 'most mutations must be rejected: the fuzzing is not reaching the validator');
  });
});
