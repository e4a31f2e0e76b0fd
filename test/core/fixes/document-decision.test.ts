import { fixTests } from './support/fix-tester';

fixTests('fix: Document this decision', [
  {
    name: "an @ai-decision comment for the finding's facet above the statement, with its indentation",
    ruleId: 'implicit-retry-policy',
    fix: 'document-decision',
    title: 'Document this retry decision',
    safe: false,
    documents: true,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  if (question) {
    // Short answers only.
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 50, messages: [{ role: 'user', content: question }] }, { timeout: 10_000 });
    return completion.choices[0]?.message.content ?? '';
  }
  return '';
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  if (question) {
    // Short answers only.
    // @ai-decision retry: TODO describe the decision (owner: )
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 50, messages: [{ role: 'user', content: question }] }, { timeout: 10_000 });
    return completion.choices[0]?.message.content ?? '';
  }
  return '';
}
`,
  },
  {
    name: 'inside a callback: above the statement that holds the callback',
    ruleId: 'implicit-timeout',
    fix: 'document-decision',
    title: 'Document this timeout decision',
    documents: true,
    code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0 });

export async function notes(commits: string): Promise<string> {
  const completion = await pRetry(() => client.chat.completions.create({ model: 'gpt-4o', max_completion_tokens: 800, messages: [{ role: 'user', content: commits }] }), { retries: 2, shouldRetry: ({ error }) => error.name !== 'AbortError' });
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ maxRetries: 0 });

export async function notes(commits: string): Promise<string> {
  // @ai-decision timeout: TODO describe the decision (owner: )
  const completion = await pRetry(() => client.chat.completions.create({ model: 'gpt-4o', max_completion_tokens: 800, messages: [{ role: 'user', content: commits }] }), { retries: 2, shouldRetry: ({ error }) => error.name !== 'AbortError' });
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
]);
