import { ruleTester } from '../../helpers/rule-tester';

ruleTester.run('invalid-decision-annotation', {
  valid: [
    {
      name: 'does not report annotations with known facets and text',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  // @ai-decision retry: the job queue redelivers failed jobs, so the SDK must not retry (owner: platform)
  // @ai-decision timeout: 20 s - the widget shows a canned reply after that
  const completion = await client.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Summarize: ' + text }] },
    { maxRetries: 0, timeout: 20_000 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report an annotation on the enclosing function',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

/**
 * @ai-decision fallback: none; the form shows "try again later" when this fails
 */
export async function summarize(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
    {
      name: 'does not report the routing facet',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  // @ai-decision routing: short texts go to the mini model to save cost
  const completion = await client.chat.completions.create({
    model: text.length < 2_000 ? 'gpt-4o-mini' : 'gpt-4o',
    messages: [{ role: 'user', content: 'Summarize: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    },
  ],
  invalid: [
    {
      name: 'reports a misspelled facet, naming it',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  // @ai-decision retries: the job queue redelivers failed jobs, so the SDK must not retry
  const completion = await client.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Summarize: ' + text }] },
    { maxRetries: 0 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [{ messageId: 'unknownFacet', line: 6, column: 6, data: { facet: 'retries' } }],
      output: null,
    },
    {
      name: 'reports an annotation with no decision text',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  // @ai-decision timeout:
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [{ messageId: 'emptyText', line: 6, column: 6, data: { facet: 'timeout' } }],
      output: null,
    },
    {
      name: 'reports an annotation that names no facet',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  // @ai-decision: the SDK default retries are fine here
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [{ messageId: 'missingFacet', line: 6, column: 6 }],
      output: null,
    },
    {
      name: 'reports an annotation without the colon after its facet',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  // @ai-decision retry the job queue redelivers failed jobs
  const completion = await client.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Summarize: ' + text }] },
    { maxRetries: 0 },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [{ messageId: 'missingColon', line: 6, column: 6, endLine: 6, endColumn: 61, data: { facet: 'retry' } }],
      output: null,
    },
    {
      name: 'reports a placeholder text (TODO, the snippet placeholder) as no decision, and the finding stays open',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  // @ai-decision retry: TODO describe the decision (owner: )
  // @ai-decision timeout: describe the decision and why (owner: team)
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        { messageId: 'placeholderText', line: 6, column: 6, data: { facet: 'retry' } },
        { messageId: 'placeholderText', line: 7, column: 6, data: { facet: 'timeout' } },
      ],
      output: null,
    },
    {
      name: 'reports each invalid annotation of a block and leaves the valid one alone',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  // @ai-decision validation: plain text shown to the reader, no parsing
  // @ai-decision cache: answers are cached for an hour
  // @ai-decision cost:
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarize: ' + text }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
      errors: [
        { messageId: 'unknownFacet', line: 7, column: 6, data: { facet: 'cache' } },
        { messageId: 'emptyText', line: 8, column: 6, data: { facet: 'cost' } },
      ],
      output: null,
    },
  ],
});
