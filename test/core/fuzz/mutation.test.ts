import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { AnalysisSession, type AuditResult } from '../../../src/core/index';
import { REPORTERS } from '../../../src/report/index';

/**
 * Mutation fuzzing of the analyser: every fixture file, mutated by seeded random edits (deleted,
 * duplicated and inserted tokens, truncation, unbalanced brackets, random characters, very long
 * lines), analysed the way the editor does after each keystroke. No exception may escape, every
 * analysis must end within a bound, and the output must stay valid against the JSON contract.
 *
 * OA_FUZZ_CASES sets the number of mutations per fixture file (default 40: about 2 500 cases).
 */
const CASES_PER_FILE = Number(process.env.OA_FUZZ_CASES ?? 40);
const SEED = Number(process.env.OA_FUZZ_SEED ?? 20261125);
/** Far above a normal re-analysis (tens of ms): only a hang or a runaway loop gets near it. */
const BOUND_MS = 10_000;

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');
const SCHEMA = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', '..', 'schemas', 'audit-result.schema.json'), 'utf8'),
);

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  '.',
  '=>',
  'await ',
  'async ',
  'try {',
  '} catch (e) {',
  'return ',
  'new ',
  "'",
  '"',
  '`',
  '${',
  '/*',
  '*/',
  '//',
  '\n',
  'as ',
  '<T>',
  'function ',
  'class ',
  '@ai-decision retry: ',
  '?.',
  '!',
  '...',
];

/** mulberry32: small, fast and deterministic, so a failing case can be replayed from its seed. */
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

type Mutation = (text: string, next: () => number) => string;

const pick = (next: () => number, length: number): number => Math.floor(next() * length);

const MUTATIONS: Record<string, Mutation> = {
  deleteSlice: (text, next) => {
    const start = pick(next, text.length);
    return text.slice(0, start) + text.slice(start + 1 + pick(next, 40));
  },
  duplicateSlice: (text, next) => {
    const start = pick(next, text.length);
    const slice = text.slice(start, start + 1 + pick(next, 120));
    return text.slice(0, start) + slice + slice + text.slice(start + slice.length);
  },
  insertToken: (text, next) => {
    const at = pick(next, text.length);
    return text.slice(0, at) + TOKENS[pick(next, TOKENS.length)] + text.slice(at);
  },
  truncate: (text, next) => text.slice(0, pick(next, text.length)),
  unbalance: (text, next) => {
    const at = pick(next, text.length);
    return text.slice(0, at) + '{'.repeat(1 + pick(next, 30)) + text.slice(at);
  },
  randomCharacters: (text, next) => {
    const at = pick(next, text.length);
    let noise = '';
    for (let index = 0; index < 1 + pick(next, 20); index++) noise += String.fromCharCode(1 + pick(next, 0xd7ff));
    return text.slice(0, at) + noise + text.slice(at);
  },
  longLine: (text, next) => {
    const at = pick(next, text.length);
    return `${text.slice(0, at)}const padding = '${'x'.repeat(20_000 + pick(next, 20_000))}';\n${text.slice(at)}`;
  },
  swapLines: (text, next) => {
    const lines = text.split('\n');
    const a = pick(next, lines.length);
    const b = pick(next, lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join('\n');
  },
};

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  const visit = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(?:ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(full);
    }
  };
  visit(path.join(dir, 'src'));
  return found;
}

describe('mutation fuzzing of the analyser', function () {
  this.timeout(0);
  const validate = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(SCHEMA);
  let total = 0;
  const byMutation = new Map<string, number>();

  after(() => {
    const counts = [...byMutation].map(([name, count]) => `${name} ${count}`).join(', ');
    console.log(`      mutation fuzzing: ${total} mutated files analysed (seed ${SEED}; ${counts})`);
  });

  for (const fixture of fs.readdirSync(FIXTURES).filter((name) => fs.existsSync(path.join(FIXTURES, name, 'src')))) {
    it(`survives ${CASES_PER_FILE} mutations of each file of ${fixture}`, async () => {
      const root = path.join(FIXTURES, fixture);
      const session = new AnalysisSession({ root });
      await session.load();
      const next = random(SEED ^ hash(fixture));
      const names = Object.keys(MUTATIONS);
      for (const file of sourceFiles(root)) {
        const original = fs.readFileSync(file, 'utf8');
        let text = original;
        for (let index = 0; index < CASES_PER_FILE; index++) {
          // Half the cases pile mutations on the previous text (as typing does), half start afresh.
          if (next() < 0.5) text = original;
          const name = names[pick(next, names.length)];
          text = MUTATIONS[name](text, next);
          const started = performance.now();
          let analyses;
          try {
            analyses = session.update(file, text);
          } catch (error) {
            assert.fail(`${name} #${index} of ${path.relative(FIXTURES, file)} threw: ${(error as Error).stack}`);
          }
          const ms = performance.now() - started;
          assert.ok(ms < BOUND_MS, `${name} #${index} of ${path.relative(FIXTURES, file)} took ${Math.round(ms)} ms`);
          const result: AuditResult = {
            root,
            profiles: analyses.flatMap((analysis) => analysis.profiles),
            findings: analyses.flatMap((analysis) => analysis.findings),
            stats: {
              filesScanned: 1,
              filesParsed: 1,
              ms: Math.round(ms),
              callsBySdk: {},
              skipped: analyses
                .filter((analysis) => analysis.skipped)
                .map((analysis) => ({ file: analysis.file, reason: analysis.skipped ?? '' })),
            },
          };
          const json = JSON.parse(REPORTERS.json(result, { root, toolVersion: '0.0.0-fuzz' }));
          assert.ok(
            validate(json),
            `${name} #${index} of ${path.relative(FIXTURES, file)}: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
          );
          total++;
          byMutation.set(name, (byMutation.get(name) ?? 0) + 1);
        }
        session.update(file, original);
      }
    });
  }
});

function hash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 16777619);
  return value >>> 0;
}
