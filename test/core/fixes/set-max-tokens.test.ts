import { fixTests } from './support/fix-tester';

fixTests('fix: Set max tokens', [
  {
    name: 'OpenAI chat: max_completion_tokens',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    title: 'Set a maximum of 4096 output tokens',
    safe: true,
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function answer(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }]
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
    max_completion_tokens: 4096
  });
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
  {
    name: 'OpenAI responses: max_output_tokens',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function reply(body: string): Promise<string> {
  const response = await client.responses.create({ model: 'gpt-4.1-mini', input: body });
  return response.output_text;
}
`,
    output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function reply(body: string): Promise<string> {
  const response = await client.responses.create({ model: 'gpt-4.1-mini', input: body, max_output_tokens: 4096 });
  return response.output_text;
}
`,
  },
  {
    name: 'Groq: max_completion_tokens',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    code: `import Groq from 'groq-sdk';

const groq = new Groq();

export async function intent(text: string): Promise<string> {
  const completion = await groq.chat.completions.create({ model: 'llama-3.1-8b-instant', messages: [{ role: 'user', content: text }] });
  return completion.choices[0]?.message.content ?? '';
}
`,
    output: `import Groq from 'groq-sdk';

const groq = new Groq();

export async function intent(text: string): Promise<string> {
  const completion = await groq.chat.completions.create({ model: 'llama-3.1-8b-instant', messages: [{ role: 'user', content: text }], max_completion_tokens: 4096 });
  return completion.choices[0]?.message.content ?? '';
}
`,
  },
  {
    name: 'Vercel AI SDK: maxOutputTokens',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    code: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: body });
  return text;
}
`,
    output: `import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

export async function title(body: string): Promise<string> {
  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: body, maxOutputTokens: 4096 });
  return text;
}
`,
  },
  {
    name: 'LangChain: maxTokens where the model is constructed',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    code: `import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini' });

export async function answer(question: string): Promise<string> {
  const reply = await model.invoke(question);
  return reply.text;
}
`,
    output: `import { ChatOpenAI } from '@langchain/openai';

const model = new ChatOpenAI({ model: 'gpt-4o-mini', maxTokens: 4096 });

export async function answer(question: string): Promise<string> {
  const reply = await model.invoke(question);
  return reply.text;
}
`,
  },
  {
    name: 'Google: config.maxOutputTokens',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    code: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: name, config: { temperature: 0.2 } });
  return response.text ?? '';
}
`,
    output: `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({});

export async function describe(name: string): Promise<string> {
  const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: name, config: { temperature: 0.2, maxOutputTokens: 4096 } });
  return response.text ?? '';
}
`,
  },
  {
    name: 'Mistral: maxTokens',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    code: `import { Mistral } from '@mistralai/mistralai';

const mistral = new Mistral();

export async function translate(text: string): Promise<string> {
  const response = await mistral.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: text }] });
  const content = response.choices[0]?.message.content;
  return typeof content === 'string' ? content : '';
}
`,
    output: `import { Mistral } from '@mistralai/mistralai';

const mistral = new Mistral();

export async function translate(text: string): Promise<string> {
  const response = await mistral.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: text }], maxTokens: 4096 });
  const content = response.choices[0]?.message.content;
  return typeof content === 'string' ? content : '';
}
`,
  },
  {
    name: 'Cohere: maxTokens',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    code: `import { CohereClientV2 } from 'cohere-ai';

const cohere = new CohereClientV2({});

export async function answer(question: string): Promise<string> {
  const response = await cohere.chat({ model: 'command-a-03-2025', messages: [{ role: 'user', content: question }] });
  return response.message.content?.[0]?.text ?? '';
}
`,
    output: `import { CohereClientV2 } from 'cohere-ai';

const cohere = new CohereClientV2({});

export async function answer(question: string): Promise<string> {
  const response = await cohere.chat({ model: 'command-a-03-2025', messages: [{ role: 'user', content: question }], maxTokens: 4096 });
  return response.message.content?.[0]?.text ?? '';
}
`,
  },
  {
    name: 'Bedrock Converse: inferenceConfig.maxTokens in the command input',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    code: `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

const bedrock = new BedrockRuntimeClient({});

export async function summarize(text: string): Promise<string> {
  const response = await bedrock.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text }] }] }));
  return response.output?.message?.content?.[0]?.text ?? '';
}
`,
    output: `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

const bedrock = new BedrockRuntimeClient({});

export async function summarize(text: string): Promise<string> {
  const response = await bedrock.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text }] }], inferenceConfig: { maxTokens: 4096 } }));
  return response.output?.message?.content?.[0]?.text ?? '';
}
`,
  },
  {
    name: 'Ollama: options.num_predict',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    code: `import ollama from 'ollama';

export async function local(prompt: string): Promise<string> {
  const response = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: prompt }] });
  return response.message.content;
}
`,
    output: `import ollama from 'ollama';

export async function local(prompt: string): Promise<string> {
  const response = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: prompt }], options: { num_predict: 4096 } });
  return response.message.content;
}
`,
  },
  {
    name: 'Bedrock InvokeModel: no fix, the limit is inside the provider JSON body',
    ruleId: 'unbounded-output-tokens',
    fix: 'set-max-tokens',
    code: `import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';

const bedrock = new BedrockRuntimeClient({});

export async function raw(prompt: string): Promise<string> {
  const response = await bedrock.send(new InvokeModelCommand({ modelId: 'amazon.nova-lite-v1:0', body: JSON.stringify({ prompt }) }));
  return new TextDecoder().decode(response.body);
}
`,
    output: null,
  },
]);
