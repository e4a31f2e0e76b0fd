import { fixTests } from './support/fix-tester';

/** What the idle-timeout fix adds beside `timeout: { chunkMs }` on these streams (a stall calls `onAbort`, not `onError`). */
const LOGGED_ABORT = `    onAbort: ({ steps }) => {
      console.warn({
        event: 'model_stream_aborted',
        operation: 'streamText',
        model: 'gpt-4o-mini',
        reason: 'no chunk for 30 s, or cancelled',
        steps: steps.length,
      });
    },
`;

fixTests('fix: Add timeout', [
  {
    name: 'OpenAI: adds the request options argument with a numeric timeout',
    ruleId: 'implicit-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    safe: true,
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
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
  }, { timeout: 30000 });
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
  {
    name: 'OpenAI stream: an abort signal (the numeric timeout stops at the headers), a total deadline, so not safe',
    ruleId: 'missing-timeout',
    fix: 'add-timeout',
    title: 'Abort the whole stream after 30 s',
    safe: false,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function tell(topic: string, write: (text: string) => void): Promise<void> {
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: topic }] });
  for await (const chunk of stream) write(chunk.choices[0]?.delta.content ?? '');
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function tell(topic: string, write: (text: string) => void): Promise<void> {
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: topic }] }, { signal: AbortSignal.timeout(30000) });
  for await (const chunk of stream) write(chunk.choices[0]?.delta.content ?? '');
}
`,
  },
  {
    name: 'Anthropic: merges into the request options object the call already has',
    ruleId: 'implicit-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function classify(text: string): Promise<string> {
  const message = await anthropic.messages.create(
    { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: text }] },
    { maxRetries: 1 },
  );
  return message.content[0]?.type === 'text' ? message.content[0].text : '';
}
`,
    output: `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function classify(text: string): Promise<string> {
  const message = await anthropic.messages.create(
    { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: text }] },
    { maxRetries: 1, timeout: 30000 },
  );
  return message.content[0]?.type === 'text' ? message.content[0].text : '';
}
`,
  },
  {
    name: 'Groq: uses the configured duration',
    ruleId: 'implicit-timeout',
    fix: 'add-timeout',
    title: 'Add a 10 s timeout',
    config: { defaultTimeoutMs: 10_000 },
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
  const completion = await groq.chat.completions.create({ model: 'llama-3.1-8b-instant', max_completion_tokens: 5, messages: [{ role: 'user', content: text }] }, { timeout: 10000 });
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
  {
    name: 'Vercel AI SDK: abortSignal with AbortSignal.timeout in the options, following the file (numeric separators)',
    ruleId: 'missing-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    maxOutputTokens: 1_000,
    prompt: body,
  });
  return text;
}
`,
    output: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    maxOutputTokens: 1_000,
    prompt: body,
    abortSignal: AbortSignal.timeout(30_000),
  });
  return text;
}
`,
  },
  {
    name: 'LangChain: the per-call config argument of invoke',
    ruleId: 'implicit-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini', maxTokens: 200 });

export async function answer(question: string): Promise<string> {
  const reply = await model.invoke(question);
  return reply.text;
}
`,
    output: `import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini', maxTokens: 200 });

export async function answer(question: string): Promise<string> {
  const reply = await model.invoke(question, { timeout: 30000 });
  return reply.text;
}
`,
  },
  {
    name: 'Google: creates config.abortSignal when the call has no config',
    ruleId: 'missing-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: name });
  return response.text ?? '';
}
`,
    output: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: name, config: { abortSignal: AbortSignal.timeout(30000) } });
  return response.text ?? '';
}
`,
  },
  {
    name: 'Google: merges into the existing config',
    ruleId: 'missing-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: name,
    config: {
      maxOutputTokens: 200,
    },
  });
  return response.text ?? '';
}
`,
    output: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: name,
    config: {
      maxOutputTokens: 200,
      abortSignal: AbortSignal.timeout(30000),
    },
  });
  return response.text ?? '';
}
`,
  },
  {
    name: 'Mistral: timeoutMs in the request options',
    ruleId: 'implicit-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `import { Mistral } from '@mistralai/mistralai';

const mistral = new Mistral();

export async function translate(text: string): Promise<string> {
  const response = await mistral.chat.complete({ model: 'mistral-small-latest', maxTokens: 100, messages: [{ role: 'user', content: text }] });
  const content = response.choices[0]?.message.content;
  return typeof content === 'string' ? content : '';
}
`,
    output: `import { Mistral } from '@mistralai/mistralai';

const mistral = new Mistral();

export async function translate(text: string): Promise<string> {
  const response = await mistral.chat.complete({ model: 'mistral-small-latest', maxTokens: 100, messages: [{ role: 'user', content: text }] }, { timeoutMs: 30000 });
  const content = response.choices[0]?.message.content;
  return typeof content === 'string' ? content : '';
}
`,
  },
  {
    name: 'Cohere: timeoutInSeconds, in seconds',
    ruleId: 'implicit-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
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
  const response = await cohere.chat({ model: 'command-a-03-2025', maxTokens: 100, messages: [{ role: 'user', content: question }] }, { timeoutInSeconds: 30 });
  return response.message.content?.[0]?.text ?? '';
}
`,
  },
  {
    name: "Bedrock: abortSignal in send's options",
    ruleId: 'missing-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

const bedrock = new BedrockRuntimeClient({});

export async function summarize(text: string): Promise<string> {
  const response = await bedrock.send(
    new ConverseCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: [{ text }] }], inferenceConfig: { maxTokens: 100 } }),
  );
  return response.output?.message?.content?.[0]?.text ?? '';
}
`,
    output: `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

const bedrock = new BedrockRuntimeClient({});

export async function summarize(text: string): Promise<string> {
  const response = await bedrock.send(
    new ConverseCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: [{ text }] }], inferenceConfig: { maxTokens: 100 } }),
    { abortSignal: AbortSignal.timeout(30000) },
  );
  return response.output?.message?.content?.[0]?.text ?? '';
}
`,
  },
  {
    name: 'fetch: signal in the init object',
    ruleId: 'missing-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `export async function complete(prompt: string): Promise<unknown> {
  const response = await fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] }),
  });
  return response.json();
}
`,
    output: `export async function complete(prompt: string): Promise<unknown> {
  const response = await fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] }),
    signal: AbortSignal.timeout(30000),
  });
  return response.json();
}
`,
  },
  {
    name: 'Ollama: no fix, the SDK takes no per-request signal',
    ruleId: 'missing-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `import ollama from 'ollama';

export async function local(prompt: string): Promise<string> {
  const response = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: prompt }], options: { num_predict: 100 } });
  return response.message.content;
}
`,
    output: null,
  },
  {
    name: 'no fix when the request options are a variable: its object may be shared',
    ruleId: 'implicit-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `import OpenAI from 'openai';

const client = new OpenAI();
const requestOptions = { maxRetries: 1 };

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }, requestOptions);
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: null,
  },
  {
    name: 'no fix when the options object spreads another: it may set the timeout',
    ruleId: 'missing-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

const defaults = { maxOutputTokens: 100 };

export async function title(body: string): Promise<string> {
  const { text } = await generateText({ ...defaults, model: openai('gpt-4o-mini'), prompt: body });
  return text;
}
`,
    output: null,
  },
  {
    name: 'follows a file written with tabs, double quotes and no semicolons',
    ruleId: 'implicit-timeout',
    fix: 'add-timeout',
    title: 'Add a 30 s timeout',
    code: `import OpenAI from "openai"

const client = new OpenAI()

export async function answer(question: string): Promise<string> {
\tconst completion = await client.chat.completions.create({
\t\tmodel: "gpt-4o-mini",
\t\tmessages: [{ role: "user", content: question }]
\t}, {
\t\tmaxRetries: 1
\t})
\treturn completion.choices[0]?.message.content ?? ""
}
`,
    output: `import OpenAI from "openai"

const client = new OpenAI()

export async function answer(question: string): Promise<string> {
\tconst completion = await client.chat.completions.create({
\t\tmodel: "gpt-4o-mini",
\t\tmessages: [{ role: "user", content: question }]
\t}, {
\t\tmaxRetries: 1,
\t\ttimeout: 30000
\t})
\treturn completion.choices[0]?.message.content ?? ""
}
`,
  },
  {
    name: 'AI SDK stream: the idle timeout between chunks comes first, not safe (a long pause is cut off)',
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle',
    title: 'Abort the stream when no chunk arrives for 30 s (timeout: { chunkMs: 30000 }), logged in onAbort',
    safe: false,
    code: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function chat(prompt: string): Response {
  const result = streamText({
    model: openai('gpt-4o-mini'),
    prompt,
    onError: ({ error }) => console.error('chat stream failed', error),
  });
  return result.toTextStreamResponse();
}
`,
    output: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function chat(prompt: string): Response {
  const result = streamText({
    model: openai('gpt-4o-mini'),
    prompt,
    onError: ({ error }) => console.error('chat stream failed', error),
    timeout: { chunkMs: 30000 },
${LOGGED_ABORT}  });
  return result.toTextStreamResponse();
}
`,
  },
  {
    name: 'AI SDK stream under a cancellation signal: the idle timeout goes beside it',
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle',
    safe: false,
    code: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function chat(prompt: string, signal: AbortSignal): Response {
  const result = streamText({
    model: openai('gpt-4o-mini'),
    prompt,
    abortSignal: signal,
    onError: ({ error }) => console.error('chat stream failed', error),
  });
  return result.toTextStreamResponse();
}
`,
    output: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function chat(prompt: string, signal: AbortSignal): Response {
  const result = streamText({
    model: openai('gpt-4o-mini'),
    prompt,
    abortSignal: signal,
    onError: ({ error }) => console.error('chat stream failed', error),
    timeout: { chunkMs: 30000 },
${LOGGED_ABORT}  });
  return result.toTextStreamResponse();
}
`,
  },
  {
    name: 'AI SDK stream that already handles onAbort: only the idle timeout is added',
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle',
    title: 'Abort the stream when no chunk arrives for 30 s (timeout: { chunkMs: 30000 })',
    safe: false,
    code: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function chat(prompt: string, onStop: () => void): Response {
  const result = streamText({
    model: openai('gpt-4o-mini'),
    prompt,
    onError: ({ error }) => console.error('chat stream failed', error),
    onAbort: () => onStop(),
  });
  return result.toTextStreamResponse();
}
`,
    output: `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export function chat(prompt: string, onStop: () => void): Response {
  const result = streamText({
    model: openai('gpt-4o-mini'),
    prompt,
    onError: ({ error }) => console.error('chat stream failed', error),
    onAbort: () => onStop(),
    timeout: { chunkMs: 30000 },
  });
  return result.toTextStreamResponse();
}
`,
  },
  {
    name: 'AI SDK streamObject ignores its timeout: no idle timeout is offered',
    ruleId: 'missing-timeout',
    fix: 'add-timeout:stream-idle',
    code: `import { openai } from '@ai-sdk/openai';
import { streamObject } from 'ai';
import { z } from 'zod';

export function outline(topic: string) {
  return streamObject({
    model: openai('gpt-4o-mini'),
    schema: z.object({ sections: z.array(z.string()) }),
    prompt: topic,
    onError: ({ error }) => console.error('outline stream failed', error),
  });
}
`,
    output: null,
  },
]);
