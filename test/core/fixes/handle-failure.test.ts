import { fixTests } from './support/fix-tester';

fixTests('fix: Handle and log the failure', [
  {
    name: 'OpenAI: wraps the statement; the const used later is declared before the try',
    ruleId: 'unhandled-model-error',
    fix: 'handle-failure:rethrow',
    safe: false,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

async function tagTopics(text: string): Promise<string[]> {
  // Topics for the sidebar.
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: \`Topics of:\\n\${text}\` }],
  }); // one call per article
  return (completion.choices[0]?.message.content ?? '').split(',');
}

tagTopics('news').then(console.log);
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

async function tagTopics(text: string): Promise<string[]> {
  let completion;
  const startedAt = Date.now();
  // Topics for the sidebar.
  try {
    completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: \`Topics of:\\n\${text}\` }],
    }); // one call per article
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      durationMs: Date.now() - startedAt,
    });
    throw error;
  }
  return (completion.choices[0]?.message.content ?? '').split(',');
}

tagTopics('news').then(console.log);
`,
  },
  {
    name: "Anthropic: a returned call gets its await, and the project's pino-style logger is used",
    ruleId: 'unhandled-model-error',
    fix: 'handle-failure:rethrow',
    files: {
      'src/logger.ts': `export const logger = {
  error: (fields: Record<string, unknown>, message: string): void => console.error(JSON.stringify({ ...fields, message })),
};
`,
    },
    code: `import Anthropic from '@anthropic-ai/sdk';
import { logger } from './logger';

const anthropic = new Anthropic();

async function draft(topic: string) {
  return anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: topic }] });
}

draft('x').then(console.log);
`,
    output: `import Anthropic from '@anthropic-ai/sdk';
import { logger } from './logger';

const anthropic = new Anthropic();

async function draft(topic: string) {
  const startedAt = Date.now();
  try {
    return await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: topic }] });
  } catch (error) {
    logger.error({
      event: 'model_call_failed',
      operation: 'messages.create',
      model: 'claude-haiku-4-5',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      durationMs: Date.now() - startedAt,
    }, 'messages.create failed');
    throw error;
  }
}

draft('x').then(console.log);
`,
  },
  {
    name: 'Vercel AI SDK in JavaScript: destructured names hoisted, no type syntax',
    ruleId: 'unhandled-model-error',
    fix: 'handle-failure:rethrow',
    file: 'src/case.js',
    code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

async function main() {
  const { text, usage } = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Hello' });
  console.log(text, usage);
}

main();
`,
    output: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

async function main() {
  let text, usage;
  const startedAt = Date.now();
  try {
    ({ text, usage } = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Hello' }));
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'generateText',
      model: 'gpt-4o-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      durationMs: Date.now() - startedAt,
    });
    throw error;
  }
  console.log(text, usage);
}

main();
`,
  },
  {
    name: 'swallowed: logs in the empty catch and keeps the recovery',
    ruleId: 'swallowed-model-error',
    fix: 'handle-failure:log-swallowed',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function hobbies(bio: string): Promise<string[]> {
  let interests: string[] = [];
  try {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: bio }] });
    interests = (completion.choices[0]?.message.content ?? '').split(',');
  } catch (error) {}
  return interests;
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function hobbies(bio: string): Promise<string[]> {
  let interests: string[] = [];
  try {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: bio }] });
    interests = (completion.choices[0]?.message.content ?? '').split(',');
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
    });
  }
  return interests;
}
`,
  },
  {
    name: 'swallowed: names the error of a binding-less catch and logs before the default',
    ruleId: 'swallowed-model-error',
    fix: 'handle-failure:log-swallowed',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function replies(message: string): Promise<string[]> {
  try {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: message }] });
    return (completion.choices[0]?.message.content ?? '').split('\\n');
  } catch {
    return ['Thanks!'];
  }
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function replies(message: string): Promise<string[]> {
  try {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: message }] });
    return (completion.choices[0]?.message.content ?? '').split('\\n');
  } catch (error) {
    console.error({
      event: 'model_call_failed',
      operation: 'chat.completions.create',
      model: 'gpt-4o-mini',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
    });
    return ['Thanks!'];
  }
}
`,
  },
]);
