import { fixTests } from './support/fix-tester';

fixTests('fix: Add a fallback', [
  {
    name: 'OpenAI: the statement again with a cheaper model, after a logged warning',
    ruleId: 'no-fallback',
    fix: 'add-fallback',
    safe: false,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  try {
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] });
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    console.error('answer failed', error);
    throw new Error('The assistant is unavailable', { cause: error });
  }
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  try {
    let completion;
    try {
      completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] });
    } catch (error) {
      console.warn({
        event: 'model_fallback',
        operation: 'chat.completions.create',
        model: 'gpt-4o',
        fallbackModel: 'gpt-4o-mini',
        error: error instanceof Error ? error.name : String(error),
        status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      });
      completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
    }
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    console.error('answer failed', error);
    throw new Error('The assistant is unavailable', { cause: error });
  }
}
`,
  },
  {
    name: 'uses the configured fallback model',
    ruleId: 'unhandled-model-error',
    fix: 'add-fallback',
    config: { fallbackModel: 'claude-sonnet-4-5' },
    code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

async function main(): Promise<void> {
  const message = await anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
  console.log(message.id);
}

main();
`,
    output: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

async function main(): Promise<void> {
  let message;
  try {
    message = await anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
  } catch (error) {
    console.warn({
      event: 'model_fallback',
      operation: 'messages.create',
      model: 'claude-haiku-4-5',
      fallbackModel: 'claude-sonnet-4-5',
      error: error instanceof Error ? error.name : String(error),
      status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
    });
    message = await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
  }
  console.log(message.id);
}

main();
`,
  },
  {
    name: "Vercel AI SDK: the provider's fallback model inside openai(...)",
    ruleId: 'no-fallback',
    fix: 'add-fallback',
    code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  try {
    const { text } = await generateText({ model: openai('gpt-4o'), prompt: body });
    return text;
  } catch (error) {
    console.error(error);
    throw new Error('The assistant is unavailable', { cause: error });
  }
}
`,
    output: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  try {
    let text;
    try {
      ({ text } = await generateText({ model: openai('gpt-4o'), prompt: body }));
    } catch (error) {
      console.warn({
        event: 'model_fallback',
        operation: 'generateText',
        model: 'gpt-4o',
        fallbackModel: 'gpt-4o-mini',
        error: error instanceof Error ? error.name : String(error),
        status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      });
      ({ text } = await generateText({ model: openai('gpt-4o-mini'), prompt: body }));
    }
    return text;
  } catch (error) {
    console.error(error);
    throw new Error('The assistant is unavailable', { cause: error });
  }
}
`,
  },
  {
    name: 'Google: the same call with gemini-2.5-flash-lite',
    ruleId: 'no-fallback',
    fix: 'add-fallback',
    code: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  try {
    const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: name });
    return response.text ?? '';
  } catch (error) {
    console.error(error);
    throw new Error('The assistant is unavailable', { cause: error });
  }
}
`,
    output: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  try {
    let response;
    try {
      response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: name });
    } catch (error) {
      console.warn({
        event: 'model_fallback',
        operation: 'models.generateContent',
        model: 'gemini-2.5-flash',
        fallbackModel: 'gemini-2.5-flash-lite',
        error: error instanceof Error ? error.name : String(error),
        status: typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined,
      });
      response = await ai.models.generateContent({ model: 'gemini-2.5-flash-lite', contents: name });
    }
    return response.text ?? '';
  } catch (error) {
    console.error(error);
    throw new Error('The assistant is unavailable', { cause: error });
  }
}
`,
  },
  {
    name: 'no fix when the model is not a literal in the call',
    ruleId: 'no-fallback',
    fix: 'add-fallback',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string, model: string): Promise<string> {
  try {
    const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: question }] });
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    console.error(error);
    throw new Error('The assistant is unavailable', { cause: error });
  }
}
`,
    output: null,
  },
  {
    name: 'not offered for an embedding: the fallback models write text, not vectors',
    ruleId: 'no-fallback',
    fix: 'add-fallback',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function embed(input: string): Promise<number[]> {
  try {
    const response = await client.embeddings.create({ model: 'text-embedding-3-small', input });
    return response.data[0].embedding;
  } catch (error) {
    console.error('embedding failed', error);
    throw new Error('Search is unavailable', { cause: error });
  }
}
`,
    output: null,
  },
  {
    name: 'not offered in a settled batch: a catch around Promise.allSettled never runs',
    ruleId: 'no-fallback',
    fix: 'add-fallback',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answerAll(questions: string[]): Promise<string[]> {
  const results = await Promise.allSettled(
    questions.map((question) =>
      client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }),
    ),
  );
  const answers: string[] = [];
  for (const result of results) {
    if (result.status === 'rejected') {
      console.error('question failed', result.reason);
      continue;
    }
    answers.push(result.value.choices[0]?.message.content ?? '');
  }
  return answers;
}
`,
    output: null,
  },
  {
    name: 'not offered where a chained .catch settles the failure: a catch around the statement never runs',
    ruleId: 'no-fallback',
    fix: 'add-fallback',
    code: `import OpenAI from 'openai';

const client = new OpenAI({ timeout: 20_000 });

export async function answerRoute(question: string): Promise<Response> {
  const completion = await client.chat.completions
    .create({ model: 'gpt-4o-mini', max_completion_tokens: 300, messages: [{ role: 'user', content: question }] })
    .catch((error: unknown) => {
      console.error('answer failed', error);
      return null;
    });
  if (!completion) return new Response('The assistant is unavailable', { status: 503 });
  return Response.json({ answer: completion.choices[0]?.message.content ?? '' });
}
`,
    output: null,
  },
]);
