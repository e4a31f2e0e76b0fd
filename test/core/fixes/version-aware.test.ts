/**
 * Fixes write the option names of the SDK version the workspace installs (issue: `maxOutputTokens`
 * written into `ai@4` calls, `max_completion_tokens` for `openai@4.24`, a second argument for a
 * one-argument `sendMessageStream`). Each workspace here declares its version in `package.json`
 * (and pins it in a lockfile); the SDK typings still resolve from the repository.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { applyFixes } from '../../../src/core/fixes/apply';
import { auditSources } from '../../../src/core/index';
import type { AuditResult, Fix } from '../../../src/core/index';
import { REPO, TempWorkspaces } from '../workspace/temp-workspace';

const workspaces = new TempWorkspaces();
after(() => workspaces.cleanUp());

function workspace(dependencies: Record<string, string>, locked: Record<string, string> = {}): string {
  const lock = {
    lockfileVersion: 3,
    packages: Object.fromEntries(Object.entries(locked).map(([pkg, version]) => [`node_modules/${pkg}`, { version }])),
  };
  return workspaces.make('inRepo', {
    'package.json': JSON.stringify({ name: 'app', private: true, dependencies }),
    ...(Object.keys(locked).length ? { 'package-lock.json': JSON.stringify(lock) } : {}),
  });
}

async function fixOf(
  root: string,
  code: string,
  kind: string,
): Promise<{ result: AuditResult; fix?: Fix; output?: string }> {
  const result = await auditSources({ 'src/case.ts': code }, { root });
  const fixes = result.findings.flatMap((finding) => finding.fixes ?? []);
  // An exact id first: `add-timeout` is the id of one recipe and the kind of several.
  const fix = fixes.find((candidate) => candidate.id === kind) ?? fixes.find((candidate) => candidate.kind === kind);
  if (!fix) return { result };
  const file = path.join(root, 'src/case.ts');
  const applied = applyFixes([fix], (name) => (name === file ? code : undefined));
  return { result, fix, output: applied.files[0]?.after };
}

const AI_CALL = `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(text: string): Promise<string> {
  const { text: result } = await generateText({ model: openai('gpt-4o-mini'), prompt: text });
  return result;
}
`;

const OPENAI_CALL = `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  return completion.choices[0]?.message.content ?? '';
}
`;

describe('fixes follow the installed SDK version', function () {
  this.timeout(120_000);

  it('ai@4: the token limit is maxTokens (ai 4 ignores maxOutputTokens), and the profile says which version', async () => {
    const root = workspace({ ai: '^4.3.0', '@ai-sdk/openai': '^1.3.0' }, { ai: '4.3.16' });
    const { result, output } = await fixOf(root, AI_CALL, 'set-max-tokens');
    assert.deepEqual(result.profiles[0]?.call.sdkVersion, { package: 'ai', version: '4.3.16', source: 'lockfile' });
    assert.match(output ?? '', /generateText\(\{ model: openai\('gpt-4o-mini'\), prompt: text, maxTokens: 4096 \}\)/);
  });

  it('ai@5 and later: maxOutputTokens (no lockfile: the copy in node_modules, the repository one)', async () => {
    // A range the repository's copy satisfies (a copy of another major is not the package's).
    const root = workspace({ ai: '>=5.0.0' });
    const { result, output } = await fixOf(root, AI_CALL, 'set-max-tokens');
    const installed = (JSON.parse(fs.readFileSync(require.resolve('ai/package.json'), 'utf8')) as { version: string })
      .version;
    assert.deepEqual(result.profiles[0]?.call.sdkVersion, {
      package: 'ai',
      version: installed,
      source: 'node_modules',
    });
    assert.match(output ?? '', /prompt: text, maxOutputTokens: 4096 \}\)/);
  });

  it('openai before 4.60: max_tokens (max_completion_tokens does not exist there)', async () => {
    const root = workspace({ openai: '^4.24.0' }, { openai: '4.24.7' });
    const { output } = await fixOf(root, OPENAI_CALL, 'set-max-tokens');
    assert.match(output ?? '', /messages: \[\{ role: 'user', content: question \}\], max_tokens: 4096 \}/);
  });

  it('openai 4.24, installed: the fixed call type-checks against that version', async () => {
    // node_modules/openai is the real openai@4.24.7 (the `openai-v4` devDependency).
    const root = workspace({ openai: '4.24.7' });
    fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
    fs.symlinkSync(path.join(REPO, 'node_modules', 'openai-v4'), path.join(root, 'node_modules', 'openai'));
    const { result, output } = await fixOf(root, OPENAI_CALL, 'set-max-tokens');
    assert.deepEqual(result.profiles[0]?.call.sdkVersion, {
      package: 'openai',
      version: '4.24.7',
      source: 'node_modules',
    });
    const file = path.join(root, 'src', 'case.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, output ?? '');
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    assert.deepEqual(errors, []);
    assert.match(output ?? '', /max_tokens: 4096/);
    // The name the current SDK would get is an error there: the check can fail.
    fs.writeFileSync(file, (output ?? '').replace('max_tokens', 'max_completion_tokens'));
    const wrong = ts.createProgram([file], program.getCompilerOptions());
    assert.ok(ts.getPreEmitDiagnostics(wrong).length > 0);
  });

  it('openai 4.60 and later: max_completion_tokens', async () => {
    const root = workspace({ openai: '~4.60.0' });
    const { output } = await fixOf(root, OPENAI_CALL, 'set-max-tokens');
    assert.match(output ?? '', /max_completion_tokens: 4096 \}/);
  });

  describe('OpenAI structured outputs: the parse method the version has', () => {
    const code = `import OpenAI from 'openai';
import { z } from 'zod';

const openai = new OpenAI();

interface TicketLabel {
  queue: string;
  urgent: boolean;
}

export async function label(ticket: string): Promise<TicketLabel> {
  const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Label the ticket.' }, { role: 'user', content: ticket }] });
  return JSON.parse(reply.choices[0]?.message.content ?? '{}') as TicketLabel;
}
`;
    it('4.x from 4.55: beta.chat.completions.parse (chat.completions.parse is 5.0 and later)', async () => {
      const root = workspace({ openai: '^4.70.0' }, { openai: '4.70.2' });
      const { fix, output } = await fixOf(root, code, 'validate-output:structured-outputs');
      assert.match(
        fix?.title ?? '',
        /OpenAI structured outputs \(beta\.chat\.completions\.parse \+ zodResponseFormat\)/,
      );
      assert.match(output ?? '', /await openai\.beta\.chat\.completions\.parse\(\{ model: 'gpt-4o-mini'/);
      assert.match(output ?? '', /response_format: zodResponseFormat\(TicketLabelSchema, 'ticket_label'\)/);
    });
    it('before 4.55 (no zodResponseFormat): not offered, the zod schema fix is', async () => {
      const root = workspace({ openai: '^4.24.0' }, { openai: '4.24.7' });
      assert.equal((await fixOf(root, code, 'validate-output:structured-outputs')).fix, undefined);
      assert.ok((await fixOf(root, code, 'validate-output:zod')).fix);
    });
  });

  describe('@google/generative-ai: a per-call timeout only where the call takes request options', () => {
    const code = `import { GoogleGenerativeAI } from '@google/generative-ai';

const model = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? '').getGenerativeModel({ model: 'gemini-1.5-flash' });

export async function tell(topic: string): Promise<string> {
  const result = await model.generateContent('Tell me about ' + topic);
  return result.response.text();
}
`;
    it('0.11 (one argument): no timeout fix is offered', async () => {
      const root = workspace({ '@google/generative-ai': '0.11.4' });
      const { result, fix } = await fixOf(root, code, 'add-timeout');
      assert.ok(result.findings.some((finding) => finding.ruleId === 'missing-timeout'));
      assert.equal(fix, undefined);
    });
    it('0.21: { timeout } as the second argument', async () => {
      const root = workspace({ '@google/generative-ai': '^0.21.0' });
      const { output } = await fixOf(root, code, 'add-timeout');
      assert.match(output ?? '', /model\.generateContent\('Tell me about ' \+ topic, \{ timeout: 30000 \}\)/);
    });
  });

  describe('Firebase AI Logic: per-call { timeout, signal } from firebase 12.8.0', () => {
    const code = `import { initializeApp } from 'firebase/app';
import { getAI, getGenerativeModel } from 'firebase/ai';

const model = getGenerativeModel(getAI(initializeApp({ projectId: 'demo' })), { model: 'gemini-2.5-flash' });

export async function describe(item: string): Promise<string> {
  const result = await model.generateContent('Describe ' + item);
  return result.response.text();
}
`;
    it('12.7: no timeout fix (the timeout is the model factory option only)', async () => {
      const root = workspace({ firebase: '12.7.0' });
      const { result, fix } = await fixOf(root, code, 'add-timeout');
      assert.equal(result.profiles[0]?.timeout.source, 'sdk-default');
      assert.equal(fix, undefined);
    });
    it('12.8: { signal } as the second argument (a per-call timeout would replace the model one)', async () => {
      const root = workspace({ firebase: '^12.8.0' });
      const { output } = await fixOf(root, code, 'add-timeout');
      assert.match(
        output ?? '',
        /model\.generateContent\('Describe ' \+ item, \{ signal: AbortSignal\.timeout\(30000\) \}\)/,
      );
    });
    it('a signal given per call is the timeout the profile reads', async () => {
      const root = workspace({ firebase: '^12.8.0' });
      const withSignal = code.replace(
        "generateContent('Describe ' + item)",
        "generateContent('Describe ' + item, { signal: AbortSignal.timeout(20_000) })",
      );
      const result = await auditSources({ 'src/case.ts': withSignal }, { root });
      assert.deepEqual([result.profiles[0]?.timeout.source, result.profiles[0]?.timeout.ms], ['explicit', 20000]);
    });
  });

  describe("Mistral's default timeout is the installed release's", () => {
    const code = `import { Mistral } from '@mistralai/mistralai';

const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY ?? '' });

export async function translate(text: string): Promise<string> {
  const result = await mistral.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: text }] });
  const content = result.choices?.[0]?.message?.content;
  return typeof content === 'string' ? content : '';
}
`;
    // funcs/chatComplete.ts of each published release: `|| -1` (no timer), `|| 30000`, `|| 60000`, `|| 300000`.
    for (const [version, source, ms] of [
      ['2.1.2', 'none', undefined],
      ['2.2.0', 'sdk-default', 30_000],
      ['2.2.6', 'sdk-default', 60_000],
      ['2.3.0', 'sdk-default', 300_000],
    ] as const) {
      it(`${version}: ${ms === undefined ? 'no timeout at all' : `${ms / 1000} s for the whole call`}`, async () => {
        const root = workspace({ '@mistralai/mistralai': version }, { '@mistralai/mistralai': version });
        const result = await auditSources({ 'src/case.ts': code }, { root });
        const timeout = result.profiles[0]?.timeout;
        assert.deepEqual([timeout?.source, timeout?.ms], [source, ms]);
        assert.equal(
          result.findings.some((finding) => finding.ruleId === 'missing-timeout'),
          source === 'none',
        );
      });
    }
    it('a workspace that does not say: the current release (5 min)', async () => {
      const root = workspaces.make('outside', {});
      const result = await auditSources({ 'src/case.ts': code }, { root });
      assert.equal(result.profiles[0]?.timeout.ms, 300_000);
    });
  });

  it('a workspace that does not say keeps the current names and reports no version', async () => {
    const root = workspaces.make('outside', {});
    const result = await auditSources({ 'src/case.ts': AI_CALL }, { root });
    assert.equal(result.profiles[0]?.call.sdkVersion, undefined);
  });
});
