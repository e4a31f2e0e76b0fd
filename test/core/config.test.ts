import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { z } from 'zod';
import {
  ConfigError,
  configJsonSchema,
  configJsonSchemaText,
  DEFAULT_CONFIG,
  effectiveSeverity,
  loadConfig,
  parseConfig,
  parseConfigText,
  ruleSetting,
  type AuditConfig,
} from '../../src/core/config';
import { createRule, type RuleDefinition } from '../../src/core/rules/define-rule';
import { RULES as REAL_RULES } from '../../src/core/rules/index';

/** A registry of two rules, so the tests do not depend on which rules exist yet. */
const amplification = createRule({
  id: 'retry-amplification',
  meta: {
    description: 'Nested retry layers must not multiply into too many attempts.',
    facet: 'retry',
    defaultSeverity: 'warning',
    messages: { amplified: 'Up to {{worstCase}} attempts.' },
    options: z.object({ threshold: z.number().int().min(2) }),
    defaultOptions: { threshold: 10 },
  },
});
const unbounded = createRule({
  id: 'unbounded-retry',
  meta: {
    description: 'Retry layers around model calls must have a reachable bound.',
    facet: 'retry',
    defaultSeverity: 'error',
    messages: { noBound: 'No bound.' },
  },
});
const RULES: RuleDefinition[] = [amplification, unbounded];

const FILE = '.orchestration-audit.json';

function parse(text: string): AuditConfig {
  return parseConfigText(text, FILE, RULES);
}

/** Asserts the exact error a person would read, key and position included. */
function assertConfigError(
  text: string,
  expected: { key: string; problem: string | RegExp; line?: number; column?: number },
): ConfigError {
  let caught: unknown;
  try {
    parse(text);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${String(caught)}`);
  assert.equal(caught.file, FILE);
  assert.equal(caught.key, expected.key);
  if (typeof expected.problem === 'string') assert.equal(caught.problem, expected.problem);
  else assert.match(caught.problem, expected.problem);
  if (expected.line !== undefined) {
    assert.equal(caught.line, expected.line, 'line');
    assert.equal(caught.column, expected.column, 'column');
  }
  return caught;
}

describe('config', () => {
  describe('valid files', () => {
    it('gives the defaults for an empty object', () => {
      assert.deepEqual(parse('{}'), DEFAULT_CONFIG);
    });

    it('accepts every documented key and merges it over the defaults', () => {
      const config = parse(
        JSON.stringify({
          $schema: './node_modules/orchestration-audit/schemas/orchestration-audit.schema.json',
          rules: { 'unbounded-retry': 'warning', 'retry-amplification': ['error', { threshold: 20 }] },
          exclude: ['src/generated/**', '**/*.fixture.ts'],
          ignoreTests: false,
          maxFileBytes: 5_000_000,
          fallbackModel: 'gpt-4o-mini',
          defaultTimeoutMs: 20_000,
          helperModulePath: './lib/ai/call-model.ts',
          sdkTypes: true,
          models: [
            { module: '@acme/llm', export: 'complete', retries: 2, timeoutMs: 30_000, maxTokens: 'maxTokens' },
            { module: '@acme/llm', export: 'streamChat', streaming: true },
          ],
        }),
      );
      assert.deepEqual(config, {
        rules: {
          'retry-amplification': { severity: 'error', options: { threshold: 20 } },
          'unbounded-retry': { severity: 'warning', options: {} },
        },
        exclude: ['src/generated/**', '**/*.fixture.ts'],
        ignoreTests: false,
        maxFileBytes: 5_000_000,
        fallbackModel: 'gpt-4o-mini',
        defaultTimeoutMs: 20_000,
        helperModulePath: 'lib/ai/call-model.ts',
        sdkTypes: true,
        models: [
          { module: '@acme/llm', export: 'complete', retries: 2, timeoutMs: 30_000, maxTokens: 'maxTokens' },
          { module: '@acme/llm', export: 'streamChat', streaming: true },
        ],
      });
    });

    it("fills a rule's default options under a bare severity or a one-element tuple", () => {
      assert.deepEqual(parse('{ "rules": { "retry-amplification": "off" } }').rules['retry-amplification'], {
        severity: 'off',
        options: { threshold: 10 },
      });
      assert.deepEqual(parse('{ "rules": { "retry-amplification": ["info"] } }').rules['retry-amplification'], {
        severity: 'info',
        options: { threshold: 10 },
      });
    });

    it('reports the effective severity: the user setting, else the rule default, null when off', () => {
      const config = parse('{ "rules": { "unbounded-retry": "off" } }');
      assert.equal(effectiveSeverity(config, unbounded), null);
      assert.equal(effectiveSeverity(config, amplification), 'warning');
      assert.deepEqual(ruleSetting(config, amplification), { severity: 'warning', options: { threshold: 10 } });
    });

    it('ignores a byte-order mark written by some editors', () => {
      assert.equal(parse('\ufeff{ "ignoreTests": false }').ignoreTests, false);
    });

    it('keeps the caps themselves valid (50 MB, 1 h)', () => {
      const config = parse('{ "maxFileBytes": 52428800, "defaultTimeoutMs": 3600000 }');
      assert.equal(config.maxFileBytes, 52_428_800);
      assert.equal(config.defaultTimeoutMs, 3_600_000);
    });

    it('accepts a parsed value directly (parseConfig) without positions', () => {
      assert.equal(parseConfig({ ignoreTests: false }, RULES).ignoreTests, false);
      assert.throws(
        () => parseConfig({ ignoreTests: 'no' }, RULES),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.message, '.orchestration-audit.json: ignoreTests: expected true or false, got "no"');
          assert.equal(error.line, undefined);
          return true;
        },
      );
    });
  });

  describe('malformed JSON points at a line and column', () => {
    it('a trailing comma in an object', () => {
      const error = assertConfigError('{\n  "ignoreTests": true,\n}', {
        key: '',
        problem:
          'malformed JSON: expected a property name in double quotes, found character "}" (trailing commas are not allowed)',
        line: 3,
        column: 1,
      });
      assert.equal(
        error.message,
        '.orchestration-audit.json:3:1: malformed JSON: expected a property name in double quotes, found character "}" (trailing commas are not allowed)',
      );
      assert.ok(error.cause instanceof Error, 'the syntax error is kept as the cause');
    });

    it('a missing value', () => {
      assertConfigError('{\n  "rules": {\n    "unbounded-retry": \n  }\n}', {
        key: '',
        problem: 'malformed JSON: expected a value, found character "}"',
        line: 4,
        column: 3,
      });
    });

    it('a comment', () => {
      assertConfigError('{\n  // no comments in JSON\n}', {
        key: '',
        problem:
          'malformed JSON: expected a property name in double quotes, found comment (comments are not allowed in JSON)',
        line: 2,
        column: 3,
      });
    });

    it('an unterminated string', () => {
      assertConfigError('{ "fallbackModel": "gpt-4o', {
        key: '',
        problem: 'malformed JSON: unterminated string',
        line: 1,
        column: 20,
      });
    });

    it('a missing closing brace', () => {
      assertConfigError('{ "ignoreTests": true', {
        key: '',
        problem: "malformed JSON: expected ',' or '}' after a property value, found end of file",
        line: 1,
        column: 22,
      });
    });

    it('text after the value', () => {
      assertConfigError('{}\n{}', {
        key: '',
        problem: 'malformed JSON: unexpected character "{" after the end of the JSON value',
        line: 2,
        column: 1,
      });
    });

    it('a duplicate key, which JSON.parse would silently resolve', () => {
      assertConfigError('{\n  "ignoreTests": true,\n  "ignoreTests": false\n}', {
        key: '',
        problem: 'malformed JSON: duplicate key "ignoreTests"',
        line: 3,
        column: 3,
      });
    });

    it('an empty file', () => {
      assertConfigError('  \n', { key: '', problem: 'the file is empty (write {} to use the defaults)' });
    });

    it('nesting deep enough to overflow a naive parser', () => {
      assertConfigError(`{ "exclude": ${'['.repeat(10_000)}`, {
        key: '',
        problem: 'malformed JSON: nested deeper than 64 levels',
      });
    });
  });

  describe('wrong values name the key and what was expected', () => {
    it('an unknown severity (the message of the issue)', () => {
      const error = assertConfigError('{\n  "rules": {\n    "unbounded-retry": "warn"\n  }\n}', {
        key: 'rules.unbounded-retry',
        problem: 'expected one of "error", "warning", "info", "off"',
        line: 3,
        column: 24,
      });
      assert.equal(
        error.message,
        '.orchestration-audit.json:3:24: rules.unbounded-retry: expected one of "error", "warning", "info", "off"',
      );
    });

    it('a rule entry that is neither a severity nor a tuple', () => {
      assertConfigError('{ "rules": { "unbounded-retry": 2 } }', {
        key: 'rules.unbounded-retry',
        problem: 'expected a severity ("error", "warning", "info", "off") or [severity, options], got 2',
      });
    });

    it('a wrong severity inside a tuple', () => {
      assertConfigError('{ "rules": { "retry-amplification": ["loud", { "threshold": 5 }] } }', {
        key: 'rules.retry-amplification.0',
        problem: 'expected one of "error", "warning", "info", "off"',
        line: 1,
        column: 38,
      });
    });

    it('a tuple that is too long or empty', () => {
      assertConfigError('{ "rules": { "retry-amplification": ["warning", {}, 3] } }', {
        key: 'rules.retry-amplification',
        problem: 'must have at most 2 items',
      });
      assertConfigError('{ "rules": { "retry-amplification": [] } }', {
        key: 'rules.retry-amplification',
        problem: 'must not be empty',
      });
    });

    it('wrong types for the top-level keys', () => {
      assertConfigError('{ "ignoreTests": "yes" }', {
        key: 'ignoreTests',
        problem: 'expected true or false, got "yes"',
        line: 1,
        column: 18,
      });
      assertConfigError('{ "exclude": "dist/**" }', { key: 'exclude', problem: 'expected an array, got "dist/**"' });
      assertConfigError('{ "exclude": ["ok/**", 3] }', {
        key: 'exclude.1',
        problem: 'expected a string, got 3',
        line: 1,
        column: 24,
      });
      assertConfigError('{ "maxFileBytes": "2MB" }', { key: 'maxFileBytes', problem: 'expected a number, got "2MB"' });
      assertConfigError('{ "defaultTimeoutMs": 1.5 }', {
        key: 'defaultTimeoutMs',
        problem: 'expected an integer, got 1.5',
      });
      assertConfigError('{ "fallbackModel": null }', { key: 'fallbackModel', problem: 'expected a string, got null' });
      assertConfigError('{ "rules": [] }', { key: 'rules', problem: 'expected an object, got an array' });
      assertConfigError('[]', { key: '', problem: 'expected an object, got an array', line: 1, column: 1 });
    });

    it('empty strings where a value is needed', () => {
      assertConfigError('{ "fallbackModel": "" }', { key: 'fallbackModel', problem: 'must not be empty' });
      assertConfigError('{ "exclude": [""] }', { key: 'exclude.0', problem: 'must not be empty' });
    });
  });

  describe('declared model functions (models)', () => {
    it('a missing module or export names the entry', () => {
      assertConfigError('{ "models": [{ "export": "complete" }] }', {
        key: 'models.0.module',
        problem: /required|expected a string/,
      });
      assertConfigError('{ "models": [{ "module": "@acme/llm" }] }', {
        key: 'models.0.export',
        problem: /required|expected a string/,
      });
    });

    it('a relative module is not a package', () => {
      assertConfigError('{ "models": [{ "module": "./llm", "export": "complete" }] }', {
        key: 'models.0.module',
        problem: 'must be a package name (e.g. "@acme/llm"), not a relative or absolute path',
      });
    });

    it('an export that is not an identifier', () => {
      assertConfigError('{ "models": [{ "module": "@acme/llm", "export": "llm.complete" }] }', {
        key: 'models.0.export',
        problem: 'must be the name of an exported function, e.g. "complete"',
      });
    });

    it('retries and timeouts are bounded integers', () => {
      assertConfigError('{ "models": [{ "module": "@acme/llm", "export": "complete", "retries": -1 }] }', {
        key: 'models.0.retries',
        problem: 'must be at least 0',
      });
      assertConfigError('{ "models": [{ "module": "@acme/llm", "export": "complete", "timeoutMs": 1.5 }] }', {
        key: 'models.0.timeoutMs',
        problem: 'expected an integer, got 1.5',
      });
    });

    it('an unknown key in an entry, with its position', () => {
      assertConfigError('{ "models": [{ "module": "@acme/llm", "export": "complete", "retry": 2 }] }', {
        key: 'models.0.retry',
        problem: /^unknown key "retry"/,
        line: 1,
        column: 61,
      });
    });
  });

  describe('unknown keys and rule ids', () => {
    it('an unknown top-level key, with a suggestion', () => {
      assertConfigError('{\n  "ignoreTest": true\n}', {
        key: 'ignoreTest',
        problem: 'unknown key "ignoreTest" (did you mean "ignoreTests"?)',
        line: 2,
        column: 3,
      });
    });

    it('an unknown top-level key without a near match lists the allowed keys', () => {
      assertConfigError('{ "plugins": [] }', {
        key: 'plugins',
        problem:
          'unknown key "plugins" (allowed keys: $schema, rules, exclude, ignoreTests, maxFileBytes, fallbackModel, defaultTimeoutMs, helperModulePath, models, sdkTypes)',
      });
    });

    it('a "__proto__" key stays an ordinary unknown key', () => {
      assertConfigError('{ "__proto__": { "ignoreTests": false } }', {
        key: '__proto__',
        problem: /^unknown key "__proto__"/,
      });
    });

    it('an unknown rule id, with a suggestion', () => {
      assertConfigError('{\n  "rules": {\n    "unbound-retry": "off"\n  }\n}', {
        key: 'rules.unbound-retry',
        problem: 'unknown rule id "unbound-retry" (did you mean "unbounded-retry"?)',
        line: 3,
        column: 5,
      });
    });

    it('an unknown rule id with no near match', () => {
      assertConfigError('{ "rules": { "no-console": "off" } }', {
        key: 'rules.no-console',
        problem: 'unknown rule id "no-console"',
      });
    });
  });

  describe("rule options are validated with the rule's own schema", () => {
    it('a value out of range', () => {
      assertConfigError('{\n  "rules": {\n    "retry-amplification": ["warning", { "threshold": 1 }]\n  }\n}', {
        key: 'rules.retry-amplification.1.threshold',
        problem: 'must be at least 2',
        line: 3,
        column: 55,
      });
    });

    it('a misspelt option name is an error, not silently ignored', () => {
      assertConfigError('{ "rules": { "retry-amplification": ["warning", { "treshold": 5 }] } }', {
        key: 'rules.retry-amplification.1.treshold',
        problem: 'unknown key "treshold" (did you mean "threshold"?)',
        line: 1,
        column: 51,
      });
    });

    it("options left out are filled from the rule's defaults", () => {
      assert.deepEqual(parse('{ "rules": { "retry-amplification": ["warning", {}] } }').rules['retry-amplification'], {
        severity: 'warning',
        options: { threshold: 10 },
      });
    });

    it('a required option that has no default', () => {
      const { id: _id, docsUrl: _docsUrl, ...meta } = amplification.meta;
      const strict = createRule({ id: 'strict-rule', meta: { ...meta, defaultOptions: undefined } });
      assert.throws(
        () => parseConfigText('{ "rules": { "strict-rule": ["warning", {}] } }', FILE, [strict]),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.key, 'rules.strict-rule.1.threshold');
          assert.equal(error.problem, 'is required (a number)');
          assert.equal(error.column, 41, 'points at the options object');
          return true;
        },
      );
    });

    it('options for a rule that takes none', () => {
      assertConfigError('{ "rules": { "unbounded-retry": ["error", { "max": 3 }] } }', {
        key: 'rules.unbounded-retry.1.max',
        problem: 'unknown key "max"',
      });
    });
  });

  describe('numbers are capped', () => {
    it('a number beyond double precision', () => {
      assertConfigError('{ "maxFileBytes": 1e400 }', {
        key: 'maxFileBytes',
        problem: 'is too large to be represented as a number',
        line: 1,
        column: 19,
      });
    });

    it('integers beyond the caps', () => {
      assertConfigError('{ "maxFileBytes": 52428801 }', { key: 'maxFileBytes', problem: 'must be at most 52428800' });
      assertConfigError('{ "maxFileBytes": 9007199254740993 }', {
        key: 'maxFileBytes',
        problem: /^(is too large to be an exact integer|must be at most 52428800)$/,
      });
      assertConfigError('{ "defaultTimeoutMs": 3600001 }', {
        key: 'defaultTimeoutMs',
        problem: 'must be at most 3600000',
      });
    });

    it('zero and negative numbers', () => {
      assertConfigError('{ "maxFileBytes": 0 }', { key: 'maxFileBytes', problem: 'must be greater than 0' });
      assertConfigError('{ "defaultTimeoutMs": -5 }', {
        key: 'defaultTimeoutMs',
        problem: 'is in milliseconds and must be at least 1000 (1 s); for 30 seconds write 30000',
      });
    });

    it('a defaultTimeoutMs below one second, as seconds written for milliseconds, naming the unit', () => {
      assertConfigError('{ "defaultTimeoutMs": 30 }', {
        key: 'defaultTimeoutMs',
        problem: 'is in milliseconds and must be at least 1000 (1 s); for 30 seconds write 30000',
      });
      assert.equal(parse('{ "defaultTimeoutMs": 1000 }').defaultTimeoutMs, 1000);
    });
  });

  describe('helperModulePath stays inside the root', () => {
    for (const [value, problem] of [
      ['../shared/call-model.ts', 'must stay inside the project root (no ".." escape)'],
      ['src/../../call-model.ts', 'must stay inside the project root (no ".." escape)'],
      ['src\\..\\..\\call-model.ts', 'must stay inside the project root (no ".." escape)'],
      ['/etc/call-model.ts', 'must be a path relative to the project root, not an absolute path'],
      ['C:\\tools\\call-model.ts', 'must be a path relative to the project root, not an absolute path'],
      ['\\\\server\\share\\call-model.ts', 'must be a path relative to the project root, not an absolute path'],
      ['src/ai/', 'must name a file, not a folder'],
      ['.', 'must name a file, not a folder'],
      ['', 'must not be empty'],
    ] as const) {
      it(`refuses ${JSON.stringify(value)}`, () => {
        assertConfigError(JSON.stringify({ helperModulePath: value }), { key: 'helperModulePath', problem });
      });
    }

    it('normalises a harmless path inside the root', () => {
      assert.equal(parse('{ "helperModulePath": "src/x/../ai/helper.ts" }').helperModulePath, 'src/ai/helper.ts');
    });

    it('refuses absolute exclude globs, which could never match', () => {
      assertConfigError('{ "exclude": ["/home/me/project/dist/**"] }', {
        key: 'exclude.0',
        problem: 'globs are relative to the project root; absolute paths never match',
      });
    });
  });

  describe('the real rule registry', () => {
    it('every rule can be turned off, and accepts its own default options written out', () => {
      const off = Object.fromEntries(REAL_RULES.map((rule) => [rule.meta.id, 'off']));
      const config = parseConfig({ rules: off });
      for (const rule of REAL_RULES) assert.equal(config.rules[rule.meta.id]?.severity, 'off', rule.meta.id);
      const explicit = Object.fromEntries(
        REAL_RULES.map((rule) => [rule.meta.id, [rule.meta.defaultSeverity, rule.meta.defaultOptions ?? {}]]),
      );
      const same = parseConfig({ rules: explicit });
      for (const rule of REAL_RULES)
        assert.deepEqual(same.rules[rule.meta.id], {
          severity: rule.meta.defaultSeverity,
          options: rule.meta.defaultOptions ?? {},
        });
    });
  });

  describe('loadConfig', () => {
    let root: string;
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'oa-config-'));
    });
    afterEach(() => {
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('gives the defaults and no file when the root has no config', () => {
      const { config, file } = loadConfig(root, undefined, RULES);
      assert.equal(file, null);
      assert.deepEqual(config, DEFAULT_CONFIG);
      config.exclude.push('mutated');
      assert.deepEqual(DEFAULT_CONFIG.exclude, [], 'callers get a copy of the defaults');
    });

    it('reads <root>/.orchestration-audit.json', () => {
      fs.writeFileSync(path.join(root, FILE), '{ "rules": { "unbounded-retry": "warning" } }');
      const { config, file } = loadConfig(root, undefined, RULES);
      assert.equal(file, path.join(root, FILE));
      assert.equal(config.rules['unbounded-retry']?.severity, 'warning');
    });

    it('reads an explicit path, which wins over the root file', () => {
      fs.writeFileSync(path.join(root, FILE), '{ "ignoreTests": true }');
      fs.writeFileSync(path.join(root, 'ci.json'), '{ "ignoreTests": false }');
      const { config, file } = loadConfig(root, path.join(root, 'ci.json'), RULES);
      assert.equal(file, path.join(root, 'ci.json'));
      assert.equal(config.ignoreTests, false);
    });

    it('refuses an explicit path that does not exist', () => {
      assert.throws(
        () => loadConfig(root, path.join(root, 'missing.json'), RULES),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.message, 'missing.json: config file not found');
          assert.ok(error.cause instanceof Error);
          return true;
        },
      );
    });

    it('refuses a folder given as the config', () => {
      fs.mkdirSync(path.join(root, 'conf'));
      assert.throws(() => loadConfig(root, path.join(root, 'conf'), RULES), /conf: is not a file/);
    });

    it('names the file relative to the root, with line and column', () => {
      fs.writeFileSync(path.join(root, FILE), '{\n  "rules": {\n    "unbounded-retry": "warn"\n  }\n}\n');
      assert.throws(() => loadConfig(root, undefined, RULES), {
        name: 'ConfigError',
        message:
          '.orchestration-audit.json:3:24: rules.unbounded-retry: expected one of "error", "warning", "info", "off"',
      });
    });
  });

  describe('JSON Schema', () => {
    it('is a valid draft-07 schema that accepts and refuses what parseConfig does', () => {
      const ajv = new Ajv({ strict: false, allErrors: true });
      const validate = ajv.compile(configJsonSchema(RULES));
      assert.equal(
        validate({
          rules: { 'retry-amplification': ['error', { threshold: 20 }], 'unbounded-retry': 'off' },
          ignoreTests: false,
        }),
        true,
      );
      assert.equal(validate({ rules: { 'unbounded-retry': 'warn' } }), false);
      assert.equal(validate({ rules: { 'no-such-rule': 'off' } }), false);
      assert.equal(validate({ rules: { 'retry-amplification': ['warning', { treshold: 5 }] } }), false);
      assert.equal(validate({ maxFileBytes: 60_000_000 }), false);
      assert.equal(validate({ unknown: true }), false);
    });

    it('lists each rule with its severity enum and description', () => {
      const schema = configJsonSchema(RULES);
      const rules = (
        schema.properties as Record<
          string,
          { properties: Record<string, { description: string; anyOf: { enum?: string[] }[] }> }
        >
      ).rules;
      assert.deepEqual(Object.keys(rules.properties), ['retry-amplification', 'unbounded-retry']);
      const entry = rules.properties['unbounded-retry'];
      assert.deepEqual(entry.anyOf[0].enum, ['error', 'warning', 'info', 'off']);
      assert.match(
        entry.description,
        /^Retry layers around model calls must have a reachable bound\. Default: error\./,
      );
    });

    it('the committed schemas/orchestration-audit.schema.json matches the code (run `npm run generate`)', () => {
      const committed = fs.readFileSync(
        path.join(__dirname, '..', '..', 'schemas', 'orchestration-audit.schema.json'),
        'utf8',
      );
      assert.equal(
        committed,
        configJsonSchemaText(),
        'schemas/orchestration-audit.schema.json is stale: run `npm run generate` and commit it',
      );
    });
  });
});
