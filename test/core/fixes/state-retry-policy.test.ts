import { fixTests } from './support/fix-tester';

fixTests('fix: State retry policy', [
  {
    name: 'OpenAI: states the SDK default (2 retries) on the request',
    ruleId: 'implicit-retry-policy',
    fix: 'state-retry-policy',
    safe: true,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }, { maxRetries: 2 });
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
  {
    name: 'Anthropic: merges maxRetries into the existing request options',
    ruleId: 'implicit-retry-policy',
    fix: 'state-retry-policy',
    code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function classify(text: string): Promise<string> {
  const message = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: text }] }, {
    timeout: 20_000,
  });
  return message.content[0]?.type === 'text' ? message.content[0].text : '';
}
`,
    output: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function classify(text: string): Promise<string> {
  const message = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: text }] }, {
    timeout: 20_000,
    maxRetries: 2,
  });
  return message.content[0]?.type === 'text' ? message.content[0].text : '';
}
`,
  },
  {
    name: 'Groq: the request option',
    ruleId: 'implicit-retry-policy',
    fix: 'state-retry-policy',
    code: `import Groq from 'groq-sdk';

const groq = new Groq();

export async function intent(text: string): Promise<string> {
  const completion = await groq.chat.completions.create({ model: 'llama-3.1-8b-instant', max_completion_tokens: 5, messages: [{ role: 'user', content: text }] });
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import Groq from 'groq-sdk';

const groq = new Groq();

export async function intent(text: string): Promise<string> {
  const completion = await groq.chat.completions.create({ model: 'llama-3.1-8b-instant', max_completion_tokens: 5, messages: [{ role: 'user', content: text }] }, { maxRetries: 2 });
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
  {
    name: 'Vercel AI SDK: maxRetries in the call options',
    ruleId: 'implicit-retry-policy',
    fix: 'state-retry-policy',
    code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), maxOutputTokens: 20, abortSignal: AbortSignal.timeout(10_000), prompt: body });
  return text;
}
`,
    output: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), maxOutputTokens: 20, abortSignal: AbortSignal.timeout(10_000), prompt: body, maxRetries: 2 });
  return text;
}
`,
  },
  {
    name: "LangChain: the model's constructor option, where the model is built",
    ruleId: 'implicit-retry-policy',
    fix: 'state-retry-policy',
    code: `import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({
  model: 'gpt-4o-mini',
  maxTokens: 200,
});

export async function answer(question: string): Promise<string> {
  const reply = await model.invoke(question);
  return reply.text;
}
`,
    output: `import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({
  model: 'gpt-4o-mini',
  maxTokens: 200,
  maxRetries: 6,
});

export async function answer(question: string): Promise<string> {
  const reply = await model.invoke(question);
  return reply.text;
}
`,
  },
  {
    name: 'Cohere: maxRetries in the request options',
    ruleId: 'implicit-retry-policy',
    fix: 'state-retry-policy',
    code: `import { CohereClientV2 } from 'cohere-ai';

const cohere = new CohereClientV2({});

export async function answer(question: string): Promise<string> {
  const response = await cohere.chat({ model: 'command-a-03-2025', maxTokens: 100, messages: [{ role: 'user', content: question }] });
  return response.message.content?.[0]?.text ?? '';
}
`,
    output: `import { CohereClientV2 } from 'cohere-ai';

const cohere = new CohereClientV2({});

export async function answer(question: string): Promise<string> {
  const response = await cohere.chat({ model: 'command-a-03-2025', maxTokens: 100, messages: [{ role: 'user', content: question }] }, { maxRetries: 2 });
  return response.message.content?.[0]?.text ?? '';
}
`,
  },
  {
    name: 'Bedrock: maxAttempts (attempts, not retries) where the client is constructed',
    ruleId: 'implicit-retry-policy',
    fix: 'state-retry-policy',
    code: `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

const bedrock = new BedrockRuntimeClient({ region: 'eu-west-1' });

export async function summarize(text: string): Promise<string> {
  const response = await bedrock.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text }] }] }), {
    abortSignal: AbortSignal.timeout(20_000),
  });
  return response.output?.message?.content?.[0]?.text ?? '';
}
`,
    output: `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

const bedrock = new BedrockRuntimeClient({ region: 'eu-west-1', maxAttempts: 3 });

export async function summarize(text: string): Promise<string> {
  const response = await bedrock.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text }] }] }), {
    abortSignal: AbortSignal.timeout(20_000),
  });
  return response.output?.message?.content?.[0]?.text ?? '';
}
`,
  },
  {
    name: 'retry amplification: turns the SDK retries off under p-retry',
    ruleId: 'retry-amplification',
    fix: 'state-retry-policy:sdk-retries-off',
    safe: true,
    code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ timeout: 20_000 });

export async function notes(commits: string): Promise<string> {
  const completion = await pRetry(
    () =>
      client.chat.completions.create({
        model: 'gpt-4o',
        max_completion_tokens: 800,
        messages: [{ role: 'user', content: commits }],
      }),
    { retries: 5, shouldRetry: ({ error }) => error.name !== 'AbortError' },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI({ timeout: 20_000 });

export async function notes(commits: string): Promise<string> {
  const completion = await pRetry(
    () =>
      client.chat.completions.create({
        model: 'gpt-4o',
        max_completion_tokens: 800,
        messages: [{ role: 'user', content: commits }],
      }, { maxRetries: 0 }),
    { retries: 5, shouldRetry: ({ error }) => error.name !== 'AbortError' },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
  {
    name: 'retry amplification: replaces an explicit SDK retry count with 0',
    ruleId: 'retry-amplification',
    fix: 'state-retry-policy:sdk-retries-off',
    code: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function notes(commits: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o', max_completion_tokens: 800, messages: [{ role: 'user', content: commits }] }, { maxRetries: 3, timeout: 20_000 }),
    { retries: 4, shouldRetry: ({ error }) => error.name !== 'AbortError' },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import OpenAI from 'openai';
import pRetry from 'p-retry';

const client = new OpenAI();

export async function notes(commits: string): Promise<string> {
  const completion = await pRetry(
    () => client.chat.completions.create({ model: 'gpt-4o', max_completion_tokens: 800, messages: [{ role: 'user', content: commits }] }, { maxRetries: 0, timeout: 20_000 }),
    { retries: 4, shouldRetry: ({ error }) => error.name !== 'AbortError' },
  );
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
]);
