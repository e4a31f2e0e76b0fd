import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('unchecked-truncation', {
  valid: [
    {
      name: 'does not report parsed output of an API outside the catalogue, recognised by its peers (no finish field to read)',
      files: {
        'src/engine.ts': `export interface Engine {
  reply(prompt: string): Promise<string[]>;
}
`,
        'src/openai-engine.ts': `import OpenAI from 'openai';
import type { Engine } from './engine';

const client = new OpenAI();

export class OpenAIEngine implements Engine {
  async reply(prompt: string): Promise<string[]> {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
    return [completion.choices[0]?.message.content ?? ''];
  }
}
`,
        'src/anthropic-engine.ts': `import Anthropic from '@anthropic-ai/sdk';
import type { Engine } from './engine';

const client = new Anthropic();

export class AnthropicEngine implements Engine {
  async reply(prompt: string): Promise<string[]> {
    const message = await client.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 300, messages: [{ role: 'user', content: prompt }] });
    return message.content.flatMap((block) => (block.type === 'text' ? [block.text] : []));
  }
}
`,
      },
      code: `import type { Engine } from './engine';

export class FlowEngine implements Engine {
  constructor(private readonly url: string) {}

  async reply(prompt: string): Promise<string[]> {
    const response = await fetch(this.url, { method: 'POST', body: JSON.stringify({ question: prompt }) });
    const data = JSON.parse(await response.text()) as { answers: string[] };
    return data.answers;
  }
}
`,
    },
    {
      name: 'does not report a parsed embeddings response: vectors have no finish reason',
      code: `export async function embed(text: string): Promise<number[]> {
  const response = await fetch('https://api.openai.com/v1/embeddings', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: \`Bearer \${process.env.OPENAI_API_KEY ?? ''}\` },
    body: JSON.stringify({ model: 'text-embedding-3-small', input: text }),
    signal: AbortSignal.timeout(10_000),
  });
  const data = JSON.parse(await response.text()) as { data: { embedding: number[] }[] };
  return data.data[0]?.embedding ?? [];
}
`,
    },
    {
      name: 'does not report text only checked for being there (a presence check is no structure to cut off)',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function suggestTitle(notes: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 30,
    messages: [{ role: 'user', content: 'Suggest a title for: ' + notes }],
  });
  const title = completion.choices[0]?.message.content;
  if (!title) throw new Error('no title');
  return title.trim();
}
`,
    },
    {
      name: 'does not report free text whose type is narrowed with typeof (it is not structured output)',
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
      name: 'does not report structured output used after checking finish_reason',
      code: `import OpenAI from 'openai';
import { z } from 'zod';

const Keywords = z.object({ keywords: z.array(z.string()) });
const client = new OpenAI();

export async function extractKeywords(article: string): Promise<string[]> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 200,
    response_format: { type: 'json_object' },
    messages: [{ role: 'user', content: 'Return {"keywords": string[]} for: ' + article }],
  });
  const choice = completion.choices[0];
  if (choice?.finish_reason !== 'stop') {
    throw new Error('keyword extraction incomplete: ' + (choice?.finish_reason ?? 'no choice'));
  }
  return Keywords.parse(JSON.parse(choice.message.content ?? '{}')).keywords;
}
`,
    },
    {
      name: 'does not report an Anthropic tool input used after checking stop_reason',
      code: `import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';

const Triage = z.object({ category: z.enum(['billing', 'bug', 'other']), urgent: z.boolean() });
const anthropic = new Anthropic();

export async function triage(ticket: string): Promise<z.infer<typeof Triage>> {
  const message = await anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 256,
    tools: [{ name: 'triage', input_schema: { type: 'object', properties: {} } }],
    tool_choice: { type: 'tool', name: 'triage' },
    messages: [{ role: 'user', content: ticket }],
  });
  if (message.stop_reason === 'max_tokens') {
    throw new Error('triage was cut off at the token limit');
  }
  const toolUse = message.content.find((block) => block.type === 'tool_use');
  return Triage.parse(toolUse?.input);
}
`,
    },
    {
      name: 'does not report plain text shown to a person',
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
  ],
  invalid: [
    {
      name: 'reports parsed output whose fields are checked for presence without looking at finish_reason',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function extractTags(article: string): Promise<string[]> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 200,
    messages: [{ role: 'user', content: 'Return {"tags": string[]} for: ' + article }],
  });
  const parsed = JSON.parse(completion.choices[0]?.message.content ?? '{}');
  if (!parsed.tags) throw new Error('no tags');
  return parsed.tags;
}
`,
      errors: [
        {
          messageId: 'truncationUnchecked',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 58,
          data: { callName: 'chat.completions.create' },
        },
      ],
      output: null,
    },
    {
      name: 'reports schema-checked output used without looking at finish_reason',
      code: `import OpenAI from 'openai';
import { z } from 'zod';

const Keywords = z.object({ keywords: z.array(z.string()) });
const client = new OpenAI();

export async function extractKeywords(article: string): Promise<string[]> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 200,
    response_format: { type: 'json_object' },
    messages: [{ role: 'user', content: 'Return {"keywords": string[]} for: ' + article }],
  });
  return Keywords.parse(JSON.parse(completion.choices[0]?.message.content ?? '{}')).keywords;
}
`,
      errors: [
        {
          messageId: 'truncationUnchecked',
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 58,
          data: { callName: 'chat.completions.create' },
        },
      ],
      output: null,
    },
    {
      name: 'reports JSON.parse of output whose finish reason is never read',
      code: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function extractTags(article: string): Promise<string[]> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: 'Return a JSON array of tags for: ' + article,
    config: { responseMimeType: 'application/json', maxOutputTokens: 256 },
  });
  const tags: string[] = JSON.parse(response.text ?? '[]');
  return tags;
}
`,
      errors: [{ messageId: 'truncationUnchecked', line: 6, column: 26, endLine: 6, endColumn: 51 }],
      output: null,
    },
  ],
});
