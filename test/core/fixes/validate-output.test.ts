import * as assert from 'node:assert/strict';
import { auditSources } from '../../../src/core/index';
import { fixTests } from './support/fix-tester';

const PLAN = `import OpenAI from 'openai';

const openai = new OpenAI();

interface Plan {
  title: string;
  audience?: string;
  sections: string[];
  tone: 'formal' | 'casual';
  notes: { page: number; text: string | null }[];
}

export async function plan(topic: string): Promise<Plan> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    response_format: { type: 'json_object' },
    messages: [{ role: 'user', content: topic }],
  });
  const result = JSON.parse(completion.choices[0]?.message.content ?? '{}') as Plan;
  return result;
}
`;

fixTests('fix: Validate the output', [
  {
    name: 'zod: a schema mirroring the cast type replaces the cast, zod imported',
    ruleId: 'unvalidated-output',
    fix: 'validate-output:zod',
    safe: false,
    code: PLAN,
    output: `import OpenAI from 'openai';
import { z } from 'zod';

const openai = new OpenAI();

interface Plan {
  title: string;
  audience?: string;
  sections: string[];
  tone: 'formal' | 'casual';
  notes: { page: number; text: string | null }[];
}

const PlanSchema: z.ZodType<Plan> = z.object({
  title: z.string(),
  audience: z.string().optional(),
  sections: z.array(z.string()),
  tone: z.enum(['formal', 'casual']),
  notes: z.array(z.object({
    page: z.number(),
    text: z.string().nullable(),
  })),
});

export async function plan(topic: string): Promise<Plan> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    response_format: { type: 'json_object' },
    messages: [{ role: 'user', content: topic }],
  });
  const result = PlanSchema.parse(JSON.parse(completion.choices[0]?.message.content ?? '{}'));
  return result;
}
`,
  },
  {
    name: 'structured outputs: no variant when a field is optional (OpenAI rejects optional fields)',
    ruleId: 'unvalidated-output',
    fix: 'validate-output:structured-outputs',
    code: PLAN,
    output: null,
  },
  {
    name: 'structured outputs: chat.completions.parse with zodResponseFormat, the use reads message.parsed',
    ruleId: 'unvalidated-output',
    fix: 'validate-output:structured-outputs',
    code: `import OpenAI from 'openai';
import { z } from 'zod';

const openai = new OpenAI();

type Verdict = { spam: boolean; reason: string };

export async function judge(text: string): Promise<boolean> {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });
  const verdict = JSON.parse(completion.choices[0]?.message.content ?? '{}') as Verdict;
  return verdict.spam;
}
`,
    output: `import OpenAI from 'openai';
import { z } from 'zod';
import { zodResponseFormat } from 'openai/helpers/zod';

const openai = new OpenAI();

type Verdict = { spam: boolean; reason: string };

const VerdictSchema: z.ZodType<Verdict> = z.object({
  spam: z.boolean(),
  reason: z.string(),
});

export async function judge(text: string): Promise<boolean> {
  const completion = await openai.chat.completions.parse({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }], response_format: zodResponseFormat(VerdictSchema, 'verdict') });
  const verdict = VerdictSchema.parse(completion.choices[0]?.message.parsed);
  return verdict.spam;
}
`,
  },
  {
    name: 'fetch: the cast of response.json() becomes a parse',
    ruleId: 'unvalidated-output',
    fix: 'validate-output:zod',
    code: `interface Completion {
  choices: { message: { content: string | null }; finish_reason: string }[];
}

export async function headline(text: string): Promise<string> {
  const response = await fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: text }] }),
    signal: AbortSignal.timeout(10_000),
  });
  const data = (await response.json()) as Completion;
  return data.choices[0]?.message.content ?? text;
}
`,
    output: `import { z } from 'zod';

interface Completion {
  choices: { message: { content: string | null }; finish_reason: string }[];
}

const CompletionSchema: z.ZodType<Completion> = z.object({
  choices: z.array(z.object({
    message: z.object({
      content: z.string().nullable(),
    }),
    finish_reason: z.string(),
  })),
});

export async function headline(text: string): Promise<string> {
  const response = await fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: text }] }),
    signal: AbortSignal.timeout(10_000),
  });
  const data = CompletionSchema.parse(await response.json());
  return data.choices[0]?.message.content ?? text;
}
`,
  },
  {
    name: 'no zod fix for a type zod cannot mirror exactly (a method)',
    ruleId: 'unvalidated-output',
    fix: 'validate-output:zod',
    code: `import OpenAI from 'openai';

const openai = new OpenAI();

interface Plan {
  title: string;
  render(): string;
}

export async function plan(topic: string): Promise<string> {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: topic }] });
  const result = JSON.parse(completion.choices[0]?.message.content ?? '{}') as Plan;
  return result.title;
}
`,
    output: null,
  },
]);

describe('fix: Validate the output, for a call fed by two unchecked calls', () => {
  it("each unchecked-chain finding's fix validates its own upstream call", async () => {
    const code = `import OpenAI from 'openai';

const openai = new OpenAI();

interface Facts {
  items: string[];
}

interface Angle {
  title: string;
}

export async function brief(topic: string): Promise<string> {
  const factsReply = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    response_format: { type: 'json_object' },
    messages: [{ role: 'user', content: 'List facts about ' + topic }],
  });
  const facts = JSON.parse(factsReply.choices[0]?.message.content ?? '{}') as Facts;
  const angleReply = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    response_format: { type: 'json_object' },
    messages: [{ role: 'user', content: 'Suggest an angle on ' + topic }],
  });
  const angle = JSON.parse(angleReply.choices[0]?.message.content ?? '{}') as Angle;
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Write a brief from ' + facts.items.join(', ') + ' titled ' + angle.title }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`;
    const result = await auditSources({ 'src/brief.ts': code });
    const chained = result.findings.filter((finding) => finding.ruleId === 'unchecked-chain');
    assert.deepEqual(
      chained.map((finding) => finding.data.place),
      ['line 14', 'line 20'],
    );
    const lineOf = (offset: number): number => code.slice(0, offset).split('\n').length;
    // Each finding's fix edits the parse of its own upstream call's output (line 19 or 25).
    const edited = chained.map((finding) => {
      const fix = finding.fixes.find((candidate) => candidate.kind === 'validate-output');
      assert.ok(fix, `${String(finding.data.place)}: a validate-output fix`);
      return fix.edits.filter((edit) => edit.file.endsWith('brief.ts')).map((edit) => lineOf(edit.start));
    });
    assert.ok(edited[0].includes(19) && !edited[0].includes(25), `line 14's fix edits ${edited[0].join(', ')}`);
    assert.ok(edited[1].includes(25) && !edited[1].includes(19), `line 20's fix edits ${edited[1].join(', ')}`);
  });
});
