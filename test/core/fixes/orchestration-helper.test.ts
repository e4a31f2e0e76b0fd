import { HELPER_MODULE_SOURCE } from '../../../src/core/fixes/helper-source';
import { fixTests } from './support/fix-tester';

fixTests('fix: Create orchestration helper (and route the call through it)', [
  {
    name: 'OpenAI: writes src/ai/call-model.ts and routes the call with its signal and the SDK retries off',
    ruleId: 'implicit-timeout',
    fix: 'orchestration-helper',
    safe: false,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 300,
    messages: [{ role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import OpenAI from 'openai';
import { callModel } from './ai/call-model';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await callModel({ operation: 'chat.completions.create', model: 'gpt-4o-mini', timeoutMs: 30000, maxAttempts: 3 }, ({ signal }) => client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 300,
    messages: [{ role: 'user', content: question }],
  }, { signal, maxRetries: 0 }));
  return completion.choices[0]?.message.content ?? '';
}
`,
    otherOutputs: { 'src/ai/call-model.ts': HELPER_MODULE_SOURCE },
  },
  {
    name: 'Vercel AI SDK: abortSignal and maxRetries in the options; a configured helper path',
    ruleId: 'missing-timeout',
    fix: 'orchestration-helper',
    config: { helperModulePath: 'lib/llm/call-model.ts' },
    code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), maxOutputTokens: 20, prompt: body });
  return text;
}
`,
    output: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';
import { callModel } from '../lib/llm/call-model';

export async function title(body: string): Promise<string> {
  const { text } = await callModel({ operation: 'generateText', model: 'gpt-4o-mini', timeoutMs: 30000, maxAttempts: 3 }, ({ signal }) => generateText({ model: openai('gpt-4o-mini'), maxOutputTokens: 20, prompt: body, abortSignal: signal, maxRetries: 0 }));
  return text;
}
`,
    otherOutputs: { 'lib/llm/call-model.ts': HELPER_MODULE_SOURCE },
  },
  {
    name: 'Google: config.abortSignal (no SDK retries to turn off)',
    ruleId: 'missing-timeout',
    fix: 'orchestration-helper',
    code: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: name, config: { maxOutputTokens: 200 } });
  return response.text ?? '';
}
`,
    output: `import { GoogleGenAI } from '@google/genai';
import { callModel } from './ai/call-model';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  const response = await callModel({ operation: 'models.generateContent', model: 'gemini-2.5-flash', timeoutMs: 30000, maxAttempts: 3 }, ({ signal }) => ai.models.generateContent({ model: 'gemini-2.5-flash', contents: name, config: { maxOutputTokens: 200, abortSignal: signal } }));
  return response.text ?? '';
}
`,
  },
  {
    name: 'no routing for Ollama: no per-request signal to pass',
    ruleId: 'missing-timeout',
    fix: 'orchestration-helper',
    code: `import ollama from 'ollama';

export async function local(prompt: string): Promise<string> {
  const response = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: prompt }], options: { num_predict: 100 } });
  return response.message.content;
}
`,
    output: null,
  },
  {
    name: 'not offered where the call awaits inside it (the await cannot move into the callback)',
    ruleId: 'missing-timeout',
    fix: 'orchestration-helper',
    code: `export async function complete(apiKey: () => Promise<string>, body: string): Promise<unknown> {
  const response = await fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    headers: { Authorization: \`Bearer \${await apiKey()}\` },
    body,
  });
  return response.json();
}
`,
    output: null,
  },
  {
    name: 'not offered where the call reads a member the code narrowed (a callback forgets the narrowing)',
    ruleId: 'implicit-timeout',
    fix: 'orchestration-helper',
    code: `import OpenAI from 'openai';

export class Summarizer {
  private session?: { client: OpenAI };

  async summarize(text: string): Promise<string> {
    if (!this.session) this.session = { client: new OpenAI({ maxRetries: 0 }) };
    const completion = await this.session.client.chat.completions.create({
      model: 'gpt-4o-mini',
      max_completion_tokens: 300,
      messages: [{ role: 'user', content: text }],
    });
    return completion.choices[0]?.message.content ?? '';
  }
}
`,
    output: null,
  },
]);
