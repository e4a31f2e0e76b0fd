import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('unchecked-chain', {
  valid: [
    {
      name: 'does not report a chain whose intermediate output is schema-checked',
      code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';
import { z } from 'zod';

const TicketSummary = z.object({ product: z.string().max(100), problem: z.string().max(500) });

export async function draftReply(ticket: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: 'Summarize as JSON {"product": string, "problem": string}: ' + ticket,
  });
  const summary = TicketSummary.parse(JSON.parse(text));
  const { text: reply } = await generateText({
    model: openai('gpt-4o'),
    prompt: 'Write a reply about ' + summary.product + '. The problem: ' + summary.problem,
  });
  return reply;
}
`,
      calls: 2,
    },
    {
      name: 'does not report two calls whose outputs never meet',
      code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function describe(product: string): Promise<string[]> {
  const { text: tagline } = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Tagline for ' + product });
  const { text: summary } = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Summary of ' + product });
  return [tagline, summary];
}
`,
      calls: 2,
    },
    {
      name: 'does not report a single call',
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
      name: "reports a summary fed unchecked into the next call's prompt",
      code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function draftReply(ticket: string): Promise<string> {
  const { text: summary } = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: 'Summarize this support ticket: ' + ticket,
  });
  const { text: reply } = await generateText({
    model: openai('gpt-4o'),
    prompt: 'Write a reply to a customer whose ticket is summarized as: ' + summary,
  });
  return reply;
}
`,
      calls: 2,
      errors: [
        {
          messageId: 'uncheckedUpstream',
          line: 9,
          column: 33,
          endLine: 9,
          endColumn: 45,
          data: { callName: 'generateText', upstream: 'generateText', place: 'line 5' },
        },
      ],
      output: null,
    },
    {
      name: "reports a helper's model output passed into another call's messages",
      code: `import OpenAI from 'openai';

const client = new OpenAI();

async function outline(topic: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Outline an article about ' + topic }],
  });
  return completion.choices[0]?.message.content ?? '';
}

export async function article(topic: string): Promise<string> {
  const plan = await outline(topic);
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Write the article following this outline:\\n' + plan }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
      calls: 2,
      errors: [
        {
          messageId: 'uncheckedUpstream',
          line: 15,
          column: 28,
          endLine: 15,
          endColumn: 58,
          data: { upstream: 'chat.completions.create', place: 'line 6' },
        },
      ],
      output: null,
    },
    {
      name: 'reports each unchecked link of a three-step chain',
      code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function research(question: string): Promise<unknown> {
  const plan = await anthropic.messages.create({
    model: 'claude-haiku-4-5',
    max_tokens: 512,
    messages: [{ role: 'user', content: 'Plan how to research: ' + question }],
  });
  const findings = await anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 2048,
    messages: [{ role: 'user', content: 'Research following this plan: ' + JSON.stringify(plan.content) }],
  });
  return anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'Write a report from: ' + JSON.stringify(findings.content) }],
  });
}
`,
      calls: 3,
      errors: [
        { messageId: 'uncheckedUpstream', line: 11, column: 26, endLine: 11, endColumn: 51, data: { place: 'line 6' } },
        {
          messageId: 'uncheckedUpstream',
          line: 16,
          column: 10,
          endLine: 16,
          endColumn: 35,
          data: { place: 'line 11' },
        },
      ],
      output: null,
    },
  ],
});
