import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('unvalidated-output', {
  valid: [
    {
      name: 'does not report an answer tested against the values allowed before it is used',
      code: `import OpenAI from 'openai';

const client = new OpenAI();
const LABELS = ['bug', 'feature', 'question'] as const;
type Label = (typeof LABELS)[number];

export async function label(issue: string): Promise<Label | 'other'> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 5,
    messages: [{ role: 'user', content: 'Label this issue: ' + issue }],
  });
  const answer = completion.choices[0]?.message.content?.trim() ?? '';
  return LABELS.includes(answer as Label) ? (answer as Label) : 'other';
}
`,
    },
    {
      name: 'does not report an answer a set of allowed values rules out before it is used',
      code: `import OpenAI from 'openai';

const client = new OpenAI();
const ALLOWED = new Set(['yes', 'no']);

export async function decide(question: string): Promise<boolean> {
  const response = await client.responses.create({ model: 'gpt-4o-mini', max_output_tokens: 5, input: question });
  const answer = response.output_text.trim().toLowerCase();
  if (!ALLOWED.has(answer)) throw new Error('unexpected answer: ' + answer);
  return answer === 'yes';
}
`,
    },
    {
      name: 'does not report embedding vectors cast to a type: they hold no answer to trust blindly',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function embedAll(texts: string[]): Promise<number[][]> {
  const response = await client.embeddings.create({ model: 'text-embedding-3-small', input: texts });
  const rows = response.data as { embedding: number[] }[];
  return rows.map((row) => row.embedding);
}
`,
    },
    {
      name: 'does not report free text whose type is narrowed with typeof before it is returned',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function translate(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 600,
    messages: [{ role: 'user', content: 'Translate into French: ' + text }],
  });
  const content = completion.choices[0]?.message.content;
  return typeof content === 'string' ? content : '';
}
`,
    },
    {
      name: 'does not report JSON output checked with a zod schema',
      code: `import OpenAI from 'openai';
import { z } from 'zod';

const TicketTriage = z.object({ category: z.enum(['billing', 'bug', 'other']), urgent: z.boolean() });
const client = new OpenAI();

export async function triage(ticket: string): Promise<z.infer<typeof TicketTriage>> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    response_format: { type: 'json_object' },
    messages: [{ role: 'user', content: 'Triage as JSON {category, urgent}: ' + ticket }],
  });
  return TicketTriage.parse(JSON.parse(completion.choices[0]?.message.content ?? '{}'));
}
`,
    },
    {
      name: "does not report the OpenAI structured-output helper's parsed result",
      code: `import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';

const TicketTriage = z.object({ category: z.enum(['billing', 'bug', 'other']), urgent: z.boolean() });
const client = new OpenAI();

export async function triage(ticket: string): Promise<z.infer<typeof TicketTriage> | null> {
  const completion = await client.chat.completions.parse({
    model: 'gpt-4o-mini',
    response_format: zodResponseFormat(TicketTriage, 'triage'),
    messages: [{ role: 'user', content: ticket }],
  });
  return completion.choices[0]?.message.parsed ?? null;
}
`,
    },
    {
      name: 'does not report generateObject with a schema',
      code: `import { openai } from '@ai-sdk/openai';
import { generateObject } from 'ai';
import { z } from 'zod';

export async function triage(ticket: string) {
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    schema: z.object({ category: z.enum(['billing', 'bug', 'other']), urgent: z.boolean() }),
    prompt: 'Triage this ticket: ' + ticket,
  });
  return object;
}
`,
    },
    {
      name: 'does not report plain text returned for a person to read',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report embeddings',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function embed(text: string): Promise<number[]> {
  const response = await client.embeddings.create({ model: 'text-embedding-3-small', input: text });
  return response.data[0]?.embedding ?? [];
}
`,
    },
    {
      name: "does not report text read from an Anthropic content block after checking the block's type",
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function suggestTitle(article: string): Promise<string> {
  const message = await anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 64,
    messages: [{ role: 'user', content: 'Suggest a title for: ' + article }],
  });
  const block = message.content[0];
  return block?.type === 'text' ? block.text : '';
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports JSON.parse of the content with no schema check, at the parse',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function triage(ticket: string): Promise<{ category: string; urgent: boolean }> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    response_format: { type: 'json_object' },
    messages: [{ role: 'user', content: 'Triage as JSON {category, urgent}: ' + ticket }],
  });
  const triage = JSON.parse(completion.choices[0]?.message.content ?? '{}');
  return { category: triage.category, urgent: triage.urgent === true };
}
`,
      errors: [
        {
          messageId: 'jsonParseOnly',
          line: 11,
          column: 18,
          endLine: 11,
          endColumn: 76,
          data: { callName: 'chat.completions.create' },
        },
      ],
      output: null,
    },
    {
      name: 'reports a tool input cast to an interface, at the cast',
      code: `import Anthropic from '@anthropic-ai/sdk';

interface TicketTriage {
  category: 'billing' | 'bug' | 'other';
  urgent: boolean;
}

const anthropic = new Anthropic();

export async function triage(ticket: string): Promise<TicketTriage | undefined> {
  const message = await anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 256,
    tools: [
      {
        name: 'triage',
        description: 'Record the triage of a support ticket',
        input_schema: {
          type: 'object',
          properties: { category: { type: 'string', enum: ['billing', 'bug', 'other'] }, urgent: { type: 'boolean' } },
          required: ['category', 'urgent'],
        },
      },
    ],
    tool_choice: { type: 'tool', name: 'triage' },
    messages: [{ role: 'user', content: ticket }],
  });
  const toolUse = message.content.find((block) => block.type === 'tool_use');
  return toolUse?.input as TicketTriage | undefined;
}
`,
      errors: [
        {
          messageId: 'castOnly',
          line: 29,
          column: 10,
          endLine: 29,
          endColumn: 52,
          data: { callName: 'messages.create', castTo: 'TicketTriage | undefined' },
        },
      ],
      output: `import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';

interface TicketTriage {
  category: 'billing' | 'bug' | 'other';
  urgent: boolean;
}

const anthropic = new Anthropic();

const OutputSchema = z.object({
  category: z.enum(['billing', 'bug', 'other']),
  urgent: z.boolean(),
}).optional();

export async function triage(ticket: string): Promise<TicketTriage | undefined> {
  const message = await anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 256,
    tools: [
      {
        name: 'triage',
        description: 'Record the triage of a support ticket',
        input_schema: {
          type: 'object',
          properties: { category: { type: 'string', enum: ['billing', 'bug', 'other'] }, urgent: { type: 'boolean' } },
          required: ['category', 'urgent'],
        },
      },
    ],
    tool_choice: { type: 'tool', name: 'triage' },
    messages: [{ role: 'user', content: ticket }],
  });
  const toolUse = message.content.find((block) => block.type === 'tool_use');
  return OutputSchema.parse(toolUse?.input);
}
`,
    },
    {
      name: 'reports Google JSON-mode output parsed without a check',
      code: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function extractTags(article: string): Promise<string[]> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: 'Return a JSON array of tags for: ' + article,
    config: { responseMimeType: 'application/json' },
  });
  const tags: string[] = JSON.parse(response.text ?? '[]');
  return tags;
}
`,
      errors: [{ messageId: 'jsonParseOnly', line: 11, column: 26, endLine: 11, endColumn: 59 }],
      output: `import { GoogleGenAI } from '@google/genai';
import { z } from 'zod';

const ai = new GoogleGenAI({});

const OutputSchema = z.array(z.string());

export async function extractTags(article: string): Promise<string[]> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: 'Return a JSON array of tags for: ' + article,
    config: { responseMimeType: 'application/json' },
  });
  const tags: string[] = OutputSchema.parse(JSON.parse(response.text ?? '[]'));
  return tags;
}
`,
    },
    {
      name: 'reports a classification whose raw text decides an action',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

async function issueRefund(orderId: string): Promise<void> {
  console.info('refund issued', { orderId });
}

export async function handleComplaint(orderId: string, complaint: string): Promise<void> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Answer refund or no-refund for this complaint: ' + complaint }],
  });
  if (completion.choices[0]?.message.content === 'refund') {
    await issueRefund(orderId);
  }
}
`,
      errors: [
        {
          messageId: 'usedUnchecked',
          line: 10,
          column: 28,
          endLine: 10,
          endColumn: 58,
          data: { callName: 'chat.completions.create' },
        },
      ],
      output: null,
    },
    {
      name: "reports a function call's arguments used as data with no check",
      code: `import { GoogleGenAI, Type } from '@google/genai';

const ai = new GoogleGenAI({});

async function sendEmail(to: string, body: string): Promise<void> {
  console.info('sending email', { to, length: body.length });
}

export async function followUp(thread: string): Promise<void> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: 'Write a follow-up email for this thread: ' + thread,
    config: {
      tools: [
        {
          functionDeclarations: [
            {
              name: 'send_email',
              parameters: {
                type: Type.OBJECT,
                properties: { to: { type: Type.STRING }, body: { type: Type.STRING } },
              },
            },
          ],
        },
      ],
    },
  });
  const args = response.functionCalls?.[0]?.args;
  await sendEmail(String(args?.to), String(args?.body));
}
`,
      errors: [{ messageId: 'usedUnchecked', line: 10, column: 26, endLine: 10, endColumn: 51 }],
      output: null,
    },
  ],
});
