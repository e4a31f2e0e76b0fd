import type { Random } from './random';

/**
 * The shapes of model-call files in generated workspaces. Each recipe is a whole file modelled on
 * one fixture in test/fixtures (same SDK call shapes, same typings), with names, prompts and
 * options varied by the seed. Every recipe exports at least one `(input: string) => Promise<string>`
 * function so that ordinary files elsewhere can call it (caller analysis then has work to do).
 */

export interface ClientsModuleInfo {
  /** Import specifier target (workspace-relative path of the module, with extension). */
  file: string;
  openai: string;
  groq: string;
}

export interface RecipeContext {
  rnd: Random;
  /** PascalCase base name unique in the workspace (`DraftInvoice`). */
  base: string;
  /** Words for prompts (`draft invoice`). */
  words: string;
  /** Import specifiers of the shared lib modules, relative to this file. */
  lib: { logger: string; observe: string };
  /** For `clients-consumer`: the clients module and its specifier relative to this file. */
  clients?: { info: ClientsModuleInfo; specifier: string };
}

export interface RecipeOutput {
  text: string;
  /** Exported `(input: string) => Promise<string>` functions other files may call. */
  callerFns: string[];
  /** Model calls written (what the audit should report, roughly). */
  calls: number;
  /** Set by `clients-module`: what it exports. */
  clientNames?: { openai: string; groq: string };
}

export type RecipeName =
  | 'openai-basic'
  | 'anthropic-basic'
  | 'client-as-parameter'
  | 'class-field'
  | 'parameter-property'
  | 'clients-module'
  | 'clients-consumer'
  | 'wrapped-client'
  | 'p-retry'
  | 'cockatiel'
  | 'retry-loop'
  | 'vercel-ai'
  | 'vercel-stream'
  | 'langchain'
  | 'langchain-retry'
  | 'google'
  | 'bedrock'
  | 'mistral'
  | 'groq'
  | 'cohere'
  | 'ollama'
  | 'raw-http'
  | 'fallback-logging'
  | 'json-chain'
  | 'annotated';

/** Relative weights: OpenAI-shaped code dominates real workspaces. */
export const RECIPE_WEIGHTS: Record<RecipeName, number> = {
  'openai-basic': 8,
  'anthropic-basic': 4,
  'client-as-parameter': 4,
  'class-field': 4,
  'parameter-property': 3,
  'clients-module': 3,
  'clients-consumer': 5,
  'wrapped-client': 3,
  'p-retry': 3,
  cockatiel: 2,
  'retry-loop': 3,
  'vercel-ai': 5,
  'vercel-stream': 3,
  langchain: 4,
  'langchain-retry': 2,
  google: 3,
  bedrock: 2,
  mistral: 2,
  groq: 2,
  cohere: 2,
  ollama: 2,
  'raw-http': 3,
  'fallback-logging': 3,
  'json-chain': 2,
  annotated: 2,
};

const OPENAI_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4.1'];
const ANTHROPIC_MODELS = ['claude-haiku-4-5', 'claude-sonnet-4-5'];
const TASKS = [
  'Summarise the text in three sentences.',
  'Classify the text as urgent, normal or low priority. Reply with one word.',
  'Extract the key facts as a bullet list.',
  'Rewrite the text in plain, friendly English.',
  'Suggest a short title for the text.',
  'List the action items mentioned in the text.',
  'Translate the text into French.',
  'Answer the question using only the text.',
];

function tokens(rnd: Random): number {
  return rnd.pick([20, 60, 100, 200, 300, 500, 800]);
}

function q(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function renderRecipe(name: RecipeName, ctx: RecipeContext): RecipeOutput {
  return RECIPES[name](ctx);
}

const RECIPES: Record<RecipeName, (ctx: RecipeContext) => RecipeOutput> = {
  'openai-basic': ({ rnd, base, words }) => {
    const clientOptions = rnd.pick([
      '',
      '{ apiKey: process.env.OPENAI_API_KEY }',
      '{ maxRetries: 1 }',
      '{ timeout: 30_000 }',
    ]);
    const withResponses = rnd.chance(0.5);
    const withEmbeddings = rnd.chance(0.5);
    const withStream = rnd.chance(0.5);
    const callerFns = [`summarize${base}`];
    let calls = 1;
    let text = `import OpenAI from 'openai';

const openai = new OpenAI(${clientOptions});

export interface ${base}Input {
  id: string;
  subject: string;
  body: string;
}

export async function summarize${base}(text: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: ${q(rnd.pick(OPENAI_MODELS))},
    max_completion_tokens: ${tokens(rnd)},
    messages: [
      { role: 'system', content: ${q(`${rnd.pick(TASKS)} The text is a ${words}.`)} },
      { role: 'user', content: text },
    ],
  });
  return completion.choices[0]?.message.content ?? '';
}
`;
    if (withResponses) {
      callerFns.push(`draftReplyFor${base}`);
      calls++;
      text += `
export async function draftReplyFor${base}(body: string): Promise<string> {
  const response = await openai.responses.create({
    model: ${q(rnd.pick(OPENAI_MODELS))},
    instructions: ${q(`Draft a short, polite reply about this ${words}. Do not promise refunds.`)},
    input: body,
  });
  return response.output_text;
}
`;
    }
    if (withEmbeddings) {
      calls++;
      text += `
export async function embed${base}(input: ${base}Input): Promise<number[]> {
  const result = await openai.embeddings.create({
    model: 'text-embedding-3-small',
    input: \`\${input.subject}\\n\${input.body}\`,
  });
  return result.data[0]?.embedding ?? [];
}
`;
    }
    if (withStream) {
      calls++;
      text += `
export async function stream${base}(input: ${base}Input, write: (chunk: string) => void): Promise<void> {
  const stream = await openai.chat.completions.create({
    model: ${q(rnd.pick(OPENAI_MODELS))},
    stream: true,
    messages: [
      { role: 'system', content: ${q(`You help people with their ${words}.`)} },
      { role: 'user', content: input.body },
    ],
  });
  for await (const chunk of stream) {
    write(chunk.choices[0]?.delta.content ?? '');
  }
}
`;
    }
    return { text, callerFns, calls };
  },

  'anthropic-basic': ({ rnd, base, words }) => {
    const withStream = rnd.chance(0.6);
    const callerFns = [`classify${base}`];
    let text = `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic(${rnd.pick(['', '{ apiKey: process.env.ANTHROPIC_API_KEY }', '{ maxRetries: 4 }'])});

export type ${base}Sentiment = 'positive' | 'neutral' | 'negative';

function to${base}Sentiment(word: string): ${base}Sentiment {
  return word === 'positive' || word === 'negative' ? word : 'neutral';
}

export async function classify${base}(feedback: string): Promise<string> {
  const message = await anthropic.messages.create({
    model: ${q(rnd.pick(ANTHROPIC_MODELS))},
    max_tokens: 8,
    system: ${q(`Reply with exactly one word: positive, neutral or negative. The text is a ${words}.`)},
    messages: [{ role: 'user', content: feedback }],
  });
  const first = message.content[0];
  const word = first?.type === 'text' ? first.text.trim().toLowerCase() : '';
  return to${base}Sentiment(word);
}
`;
    if (withStream) {
      callerFns.push(`answer${base}`);
      text += `
export async function stream${base}Answer(question: string, onText: (text: string) => void): Promise<string> {
  const stream = anthropic.messages.stream({
    model: ${q(rnd.pick(ANTHROPIC_MODELS))},
    max_tokens: ${rnd.pick([512, 1024, 2048])},
    messages: [{ role: 'user', content: question }],
  });
  stream.on('text', onText);
  const final = await stream.finalMessage();
  return final.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

export async function answer${base}(question: string): Promise<string> {
  return stream${base}Answer(question, () => undefined);
}
`;
    }
    return { text, callerFns, calls: withStream ? 2 : 1 };
  },

  'client-as-parameter': ({ rnd, base, words }) => {
    const text = `import OpenAI from 'openai';

export async function summarize${base}With(llm: OpenAI, text: string): Promise<string> {
  const completion = await llm.chat.completions.create({
    model: ${q(rnd.pick(OPENAI_MODELS))},
    max_completion_tokens: ${tokens(rnd)},
    messages: [
      { role: 'system', content: ${q(`Summarise the ${words} for an executive in three bullet points.`)} },
      { role: 'user', content: text },
    ],
  });
  return completion.choices[0]?.message.content ?? '';
}

export interface ${base}LabelDeps {
  gateway: OpenAI;
  labels: readonly string[];
}

export async function label${base}(deps: ${base}LabelDeps, text: string): Promise<string> {
  const completion = await deps.gateway.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 5,
    messages: [
      { role: 'system', content: \`Pick one label from: \${deps.labels.join(', ')}. Reply with the label only.\` },
      { role: 'user', content: text },
    ],
  });
  return completion.choices[0]?.message.content?.trim() ?? 'unlabelled';
}

export const embed${base}With = async ({ vectors }: { vectors: OpenAI }, text: string): Promise<number[]> => {
  const result = await vectors.embeddings.create({ model: 'text-embedding-3-small', input: text });
  return result.data[0]?.embedding ?? [];
};

export interface ${base}Document {
  id: string;
  text: string;
}

export async function process${base}Batch(documents: ${base}Document[]): Promise<number> {
  const llm = new OpenAI();
  let processed = 0;
  for (const document of documents) {
    try {
      const summary = await summarize${base}With(llm, document.text);
      const label = await label${base}({ gateway: llm, labels: ['contract', 'invoice', 'other'] }, document.text);
      const vector = await embed${base}With({ vectors: llm }, summary);
      console.error(JSON.stringify({ event: '${base}.processed', id: document.id, label, dimensions: vector.length }));
      processed += 1;
    } catch (error) {
      console.error(JSON.stringify({ event: '${base}.failed', id: document.id, error: String(error) }));
    }
  }
  return processed;
}

export async function summarize${base}(text: string): Promise<string> {
  return summarize${base}With(new OpenAI(), text);
}
`;
    return { text, callerFns: [`summarize${base}`], calls: 3 };
  },

  'class-field': ({ rnd, base, words }) => {
    const text = `import Anthropic from '@anthropic-ai/sdk';

export class ${base}TriageService {
  private readonly client = new Anthropic({ maxRetries: ${rnd.range(0, 3)}, timeout: ${rnd.pick(['10_000', '30_000', '60_000'])} });

  async categorize(ticket: string): Promise<string> {
    const message = await this.client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 10,
      system: ${q(`Reply with one category for this ${words}: billing, bug, account or other.`)},
      messages: [{ role: 'user', content: ticket }],
    });
    const first = message.content[0];
    return first?.type === 'text' ? first.text.trim() : 'other';
  }
}

export class ${base}ReplyDrafter {
  private readonly writer: Anthropic;

  constructor(apiKey: string) {
    this.writer = new Anthropic({ apiKey });
  }

  async draft(ticket: string, tone: 'formal' | 'friendly'): Promise<string> {
    const message = await this.writer.messages.create({
      model: ${q(rnd.pick(ANTHROPIC_MODELS))},
      max_tokens: ${tokens(rnd)},
      messages: [{ role: 'user', content: \`Draft a \${tone} reply to this ${words}:\\n\${ticket}\` }],
    });
    return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  }
}

const triage = new ${base}TriageService();
const drafter = new ${base}ReplyDrafter(process.env.ANTHROPIC_API_KEY ?? '');

export async function categorize${base}(ticket: string): Promise<string> {
  return triage.categorize(ticket);
}

export async function draft${base}Reply(ticket: string): Promise<string> {
  return drafter.draft(ticket, ${q(rnd.pick(['formal', 'friendly']))});
}
`;
    return { text, callerFns: [`categorize${base}`, `draft${base}Reply`], calls: 2 };
  },

  'parameter-property': ({ rnd, base, words }) => {
    const text = `import Anthropic from '@anthropic-ai/sdk';

export class ${base}Answerer {
  constructor(
    private readonly llm: Anthropic,
    private readonly articles: Map<string, string>,
  ) {}

  async answer(question: string): Promise<string> {
    const context = [...this.articles.values()].join('\\n---\\n');
    const message = await this.llm.messages.create({
      model: ${q(rnd.pick(ANTHROPIC_MODELS))},
      max_tokens: ${tokens(rnd)},
      system: \`Answer only from these ${words} notes:\\n\${context}\`,
      messages: [{ role: 'user', content: question }],
    });
    const first = message.content[0];
    return first?.type === 'text' ? first.text : '';
  }
}

const answerer = new ${base}Answerer(new Anthropic(), new Map([['intro', ${q(`How ${words} records work.`)}]]));

export async function answer${base}Question(question: string): Promise<string> {
  return answerer.answer(question);
}
`;
    return { text, callerFns: [`answer${base}Question`], calls: 1 };
  },

  'clients-module': ({ rnd, base }) => {
    const openaiName = `${lowerFirst(base)}Llm`;
    const groqName = `${lowerFirst(base)}FastModel`;
    const text = `import OpenAI from 'openai';
import Groq from 'groq-sdk';

/** The configured clients of the ${base} area: product code imports these, never the SDKs. */
export const ${openaiName} = new OpenAI({ timeout: ${rnd.pick(['45_000', '20_000', '90_000'])}, maxRetries: ${rnd.range(0, 3)} });

const groqClient = new Groq({ apiKey: process.env.GROQ_API_KEY });
export { groqClient as ${groqName} };

export function describe${base}Clients(): string {
  return \`openai timeout \${${openaiName}.timeout} ms\`;
}
`;
    return { text, callerFns: [], calls: 0, clientNames: { openai: openaiName, groq: groqName } };
  },

  'clients-consumer': ({ rnd, base, words, clients }) => {
    if (!clients) throw new Error('clients-consumer needs a clients module');
    const { openai, groq } = clients.info;
    const renamed = rnd.chance(0.5);
    const local = renamed ? 'llm' : openai;
    const text = `import { ${renamed ? `${openai} as llm` : openai}, ${groq} } from '${clients.specifier}';

export async function suggest${base}Completions(prefix: string): Promise<string> {
  const completion = await ${groq}.chat.completions.create({
    model: 'llama-3.1-8b-instant',
    max_tokens: 60,
    messages: [{ role: 'user', content: \`Suggest three ${words} search queries starting with "\${prefix}", one per line.\` }],
  });
  return (completion.choices[0]?.message.content ?? '').split('\\n').filter((line) => line.trim() !== '').join('\\n');
}

export async function rewrite${base}Query(query: string): Promise<string> {
  const completion = await ${local}.chat.completions.create({
    model: ${q(rnd.pick(OPENAI_MODELS))},
    max_completion_tokens: 40,
    messages: [{ role: 'user', content: \`Rewrite this search query to be more specific: \${query}\` }],
  });
  return completion.choices[0]?.message.content?.trim() ?? query;
}
`;
    return { text, callerFns: [`suggest${base}Completions`, `rewrite${base}Query`], calls: 2 };
  },

  'wrapped-client': ({ rnd, base, words, lib }) => {
    const text = `import OpenAI from 'openai';
import { observe } from '${lib.observe}';

const openai = observe(new OpenAI({ maxRetries: ${rnd.range(0, 2)} }), { traceName: '${lowerFirst(base)}' });

/** The ${words} area's one way to ask the model for text. */
export async function complete${base}(prompt: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: ${q(rnd.pick(OPENAI_MODELS))},
    max_completion_tokens: ${tokens(rnd)},
    messages: [{ role: 'user', content: prompt }],
  });
  return completion.choices[0]?.message.content ?? '';
}

export async function suggest${base}Tags(article: string): Promise<string> {
  try {
    const raw = await complete${base}(\`List five tags for this ${words}, comma-separated:\\n\${article}\`);
    return raw
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== '')
      .join(', ');
  } catch (error) {
    console.error('tag suggestion failed', error);
    throw new Error('Could not suggest tags', { cause: error });
  }
}
`;
    return { text, callerFns: [`complete${base}`, `suggest${base}Tags`], calls: 1 };
  },

  'p-retry': ({ rnd, base, words }) => {
    const text = `import OpenAI from 'openai';
import pRetry from 'p-retry';

const openai = new OpenAI();

function ${lowerFirst(base)}Lines(items: string[]): string {
  return items.map((item) => \`- \${item}\`).join('\\n');
}

export async function generate${base}Notes(input: string): Promise<string> {
  const completion = await pRetry(
    () =>
      openai.chat.completions.create({
        model: ${q(rnd.pick(OPENAI_MODELS))},
        max_completion_tokens: ${tokens(rnd)},
        messages: [
          { role: 'system', content: ${q(`Write customer-facing notes about this ${words}.`)} },
          { role: 'user', content: ${lowerFirst(base)}Lines(input.split('\\n')) },
        ],
      }),
    {
      retries: ${rnd.range(2, 6)},
      onFailedAttempt: ({ error, attemptNumber }) => {
        console.warn(\`${words} notes attempt \${attemptNumber} failed: \${error.message}\`);
      },
    },
  );
  return completion.choices[0]?.message.content ?? '';
}

function is${base}Retryable(error: unknown): boolean {
  return error instanceof OpenAI.APIError && (error.status === 429 || (error.status ?? 0) >= 500);
}

export async function generate${base}Title(input: string): Promise<string> {
  const completion = await pRetry(
    () =>
      openai.chat.completions.create(
        {
          model: 'gpt-4o-mini',
          max_completion_tokens: 20,
          messages: [{ role: 'user', content: \`Give this ${words} a short title:\\n\${input}\` }],
        },
        { maxRetries: 0 },
      ),
    { retries: 3, shouldRetry: ({ error }) => is${base}Retryable(error) },
  );
  return completion.choices[0]?.message.content?.trim() ?? 'Untitled';
}

export async function translate${base}(notes: string): Promise<string> {
  const completion = await pRetry(() =>
    openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_completion_tokens: ${tokens(rnd)},
      messages: [{ role: 'user', content: \`Translate into ${rnd.pick(['French', 'German', 'Spanish'])}:\\n\${notes}\` }],
    }),
  );
  return completion.choices[0]?.message.content ?? notes;
}
`;
    return { text, callerFns: [`generate${base}Notes`, `generate${base}Title`, `translate${base}`], calls: 3 };
  },

  cockatiel: ({ rnd, base, words }) => {
    const text = `import OpenAI from 'openai';
import { ExponentialBackoff, TimeoutStrategy, handleAll, handleWhen, retry, timeout, wrap } from 'cockatiel';

const openai = new OpenAI();

const retryThreeTimes = retry(handleAll, { maxAttempts: ${rnd.range(1, 4)}, backoff: new ExponentialBackoff() });
const retryUntilItWorks = retry(handleAll, { backoff: new ExponentialBackoff() });

function isTransient(error: Error): boolean {
  return error instanceof OpenAI.APIConnectionError || (error instanceof OpenAI.APIError && error.status === 429);
}

const transientRetryWithTimeout = wrap(
  retry(handleWhen(isTransient), { maxAttempts: 1, backoff: new ExponentialBackoff() }),
  timeout(${rnd.pick(['5_000', '10_000', '20_000'])}, TimeoutStrategy.Aggressive),
);

export async function describe${base}Violation(post: string): Promise<string> {
  const completion = await retryThreeTimes.execute(() =>
    openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_completion_tokens: 100,
      messages: [{ role: 'user', content: \`Explain which rule this ${words} breaks, if any:\\n\${post}\` }],
    }),
  );
  return completion.choices[0]?.message.content ?? '';
}

export async function suggest${base}Rewrite(post: string): Promise<string> {
  const completion = await retryUntilItWorks.execute(() =>
    openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_completion_tokens: 300,
      messages: [{ role: 'user', content: \`Rewrite this ${words} so it follows the rules:\\n\${post}\` }],
    }),
  );
  return completion.choices[0]?.message.content ?? post;
}

export async function flag${base}Severity(post: string): Promise<string> {
  const completion = await transientRetryWithTimeout.execute(({ signal }) =>
    openai.chat.completions.create(
      {
        model: 'gpt-4o-mini',
        max_completion_tokens: 5,
        messages: [{ role: 'user', content: \`Rate the severity of this ${words} as none, low or high:\\n\${post}\` }],
      },
      { signal, maxRetries: 0 },
    ),
  );
  return completion.choices[0]?.message.content?.trim() ?? 'none';
}
`;
    return { text, callerFns: [`describe${base}Violation`, `suggest${base}Rewrite`, `flag${base}Severity`], calls: 3 };
  },

  'retry-loop': ({ rnd, base, words }) => {
    const text = `import OpenAI from 'openai';

const openai = new OpenAI({ maxRetries: 0, timeout: ${rnd.pick(['15_000', '30_000'])} });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isRetryable(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionError) return true;
  if (error instanceof OpenAI.APIError) {
    return error.status === 429 || (error.status !== undefined && error.status >= 500);
  }
  return false;
}

export async function classify${base}WithBackoff(text: string): Promise<string> {
  const maxAttempts = ${rnd.range(2, 6)};
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    try {
      const completion = await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        max_completion_tokens: 5,
        messages: [
          { role: 'system', content: ${q(`Classify the ${words} as spam or ham. Reply with one word.`)} },
          { role: 'user', content: text },
        ],
      });
      return completion.choices[0]?.message.content?.trim() ?? 'ham';
    } catch (error) {
      if (!isRetryable(error) || attempt === maxAttempts - 1) {
        throw new Error(\`classification failed after \${attempt + 1} attempt(s)\`, { cause: error });
      }
      await sleep(2 ** attempt * 100);
    }
  }
  throw new Error('unreachable: the loop returns or throws');
}

export async function extract${base}Keywords(text: string): Promise<string> {
  while (true) {
    try {
      const completion = await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        max_completion_tokens: 50,
        messages: [{ role: 'user', content: \`List the keywords of this ${words}, comma-separated:\\n\${text}\` }],
      });
      return (completion.choices[0]?.message.content ?? '').split(',').map((keyword) => keyword.trim()).join(',');
    } catch (error) {
      console.warn('keyword extraction failed, retrying', error);
    }
  }
}
`;
    return { text, callerFns: [`classify${base}WithBackoff`, `extract${base}Keywords`], calls: 2 };
  },

  'vercel-ai': ({ rnd, base, words }) => {
    const text = `import { embed, generateObject, generateText } from 'ai';
import { openai } from '@ai-sdk/openai';
import { z } from 'zod';

const ${base}Triage = z.object({
  category: z.enum(['billing', 'bug', 'account', 'other']),
  urgency: z.number().int().min(1).max(5),
  summary: z.string().max(280),
});
export type ${base}Triage = z.infer<typeof ${base}Triage>;

export async function write${base}Title(body: string): Promise<string> {
  const { text } = await generateText({
    model: openai(${q(rnd.pick(OPENAI_MODELS))}),
    maxOutputTokens: ${tokens(rnd)},
    prompt: \`Write a title of at most eight words for this ${words}:\\n\${body}\`,
  });
  return text.trim();
}

export async function triage${base}(body: string): Promise<${base}Triage> {
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    schema: ${base}Triage,
    prompt: \`Triage this ${words}:\\n\${body}\`,
  });
  return object;
}

export async function triage${base}Summary(body: string): Promise<string> {
  const triage = await triage${base}(body);
  return \`\${triage.category} (\${triage.urgency}): \${triage.summary}\`;
}

export async function embed${base}(body: string): Promise<number[]> {
  const { embedding } = await embed({
    model: openai.embedding('text-embedding-3-small'),
    value: body,
  });
  return embedding;
}
`;
    return { text, callerFns: [`write${base}Title`, `triage${base}Summary`], calls: 3 };
  },

  'vercel-stream': ({ rnd, base, words }) => {
    const withOnError = rnd.chance(0.5);
    const text = `import { streamText, type ModelMessage } from 'ai';
import { openai } from '@ai-sdk/openai';

interface ${base}ChatBody {
  messages: ModelMessage[];
}

export async function post${base}Chat(request: Request): Promise<Response> {
  try {
    const body = (await request.json()) as ${base}ChatBody;
    const result = streamText({
      model: openai(${q(rnd.pick(OPENAI_MODELS))}),
      system: ${q(`You are the in-app assistant for ${words} questions.`)},
      messages: body.messages,
      maxOutputTokens: ${tokens(rnd)},${
        withOnError
          ? `
      onError: ({ error }) => {
        console.error(JSON.stringify({ route: '/${lowerFirst(base)}', event: 'stream_error', error: String(error) }));
      },`
          : ''
      }
    });
    return result.toTextStreamResponse();
  } catch (error) {
    console.error('chat route failed', error);
    return new Response('Something went wrong', { status: 500 });
  }
}

export async function explain${base}(question: string): Promise<string> {
  const result = streamText({
    model: openai('gpt-4o-mini'),
    prompt: question,
  });
  return await result.text;
}
`;
    return { text, callerFns: [`explain${base}`], calls: 2 };
  },

  langchain: ({ rnd, base, words }) => {
    const model = `${lowerFirst(base)}ChatModel`;
    const text = `import { ChatOpenAI } from '@langchain/openai';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { z } from 'zod';

export const ${model} = new ChatOpenAI({
  model: ${q(rnd.pick(OPENAI_MODELS))},
  temperature: ${rnd.pick(['0', '0.2', '0.7'])},
});

export async function answer${base}Faq(question: string): Promise<string> {
  const reply = await ${model}.invoke([
    ['system', ${q(`You answer questions about ${words}s. Be brief.`)}],
    ['human', question],
  ]);
  return reply.text;
}

const ${lowerFirst(base)}Prompt = ChatPromptTemplate.fromMessages([
  ['system', 'Summarise these notes for {audience} in five bullet points.'],
  ['human', '{notes}'],
]);
const ${lowerFirst(base)}Chain = ${lowerFirst(base)}Prompt.pipe(${model}).pipe(new StringOutputParser());

export async function summarize${base}Notes(notes: string): Promise<string> {
  return await ${lowerFirst(base)}Chain.invoke({ notes, audience: ${q(rnd.pick(['engineers', 'customers', 'executives']))} });
}

const ${base}Contact = z.object({
  name: z.string(),
  email: z.string().nullable(),
  company: z.string().nullable(),
});
export type ${base}Contact = z.infer<typeof ${base}Contact>;

const ${lowerFirst(base)}Extractor = ${model}.withStructuredOutput(${base}Contact);

export async function extract${base}Contact(emailBody: string): Promise<string> {
  const contact = await ${lowerFirst(base)}Extractor.invoke(\`Extract the sender's contact details from this email:\\n\${emailBody}\`);
  return \`\${contact.name} <\${contact.email ?? 'unknown'}>\`;
}
`;
    return { text, callerFns: [`answer${base}Faq`, `summarize${base}Notes`, `extract${base}Contact`], calls: 3 };
  },

  'langchain-retry': ({ rnd, base }) => {
    const text = `import { ChatOpenAI } from '@langchain/openai';

const primary = new ChatOpenAI({ model: 'gpt-4o', timeout: ${rnd.pick(['20_000', '30_000'])}, maxTokens: 500 });
const backup = new ChatOpenAI({ model: 'gpt-4o-mini', timeout: 10_000, maxRetries: 1, maxTokens: 500 });

const stubbornModel = primary.withRetry({ stopAfterAttempt: ${rnd.range(2, 4)} });

export async function answer${base}Persistently(question: string): Promise<string> {
  const reply = await stubbornModel.invoke(question);
  return reply.text;
}

const modelWithBackup = primary.withFallbacks([backup]);

export async function answer${base}WithBackup(question: string): Promise<string> {
  const reply = await modelWithBackup.invoke(question);
  return reply.text;
}
`;
    return { text, callerFns: [`answer${base}Persistently`, `answer${base}WithBackup`], calls: 2 };
  },

  google: ({ rnd, base, words }) => {
    const withChat = rnd.chance(0.5);
    let text = `import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });

export async function describe${base}(details: string): Promise<string> {
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: \`Write a two-sentence description of this ${words}: \${details}\`,
    config: { maxOutputTokens: ${tokens(rnd)}, temperature: 0.4 },
  });
  return response.text ?? '';
}

export async function stream${base}Guide(category: string, write: (text: string) => void): Promise<void> {
  const stream = await ai.models.generateContentStream({
    model: 'gemini-2.5-flash',
    contents: \`Write a short guide to \${category}.\`,
  });
  for await (const chunk of stream) {
    write(chunk.text ?? '');
  }
}
`;
    const callerFns = [`describe${base}`];
    if (withChat) {
      callerFns.push(`interview${base}`);
      text += `
export async function interview${base}(questionList: string): Promise<string> {
  const chat = ai.chats.create({
    model: 'gemini-2.5-flash',
    config: { systemInstruction: ${q(`You role-play a busy customer evaluating our ${words} feature.`)} },
  });
  const answers: string[] = [];
  for (const question of questionList.split('\\n')) {
    const reply = await chat.sendMessage({ message: question });
    answers.push(reply.text ?? '');
  }
  return answers.join('\\n');
}
`;
    }
    return { text, callerFns, calls: withChat ? 3 : 2 };
  },

  bedrock: ({ rnd, base, words }) => {
    const text = `import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';

const bedrock = new BedrockRuntimeClient({ region: process.env.AWS_REGION ?? 'eu-west-1' });

export async function summarize${base}Contract(contractText: string): Promise<string> {
  const response = await bedrock.send(
    new ConverseCommand({
      modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      system: [{ text: ${q(`Summarise the ${words} for a non-lawyer. List obligations and deadlines.`)} }],
      messages: [{ role: 'user', content: [{ text: contractText }] }],
      inferenceConfig: { maxTokens: ${tokens(rnd)}, temperature: 0.2 },
    }),
  );
  return response.output?.message?.content?.[0]?.text ?? '';
}

interface ${base}TitanResponse {
  results: { outputText: string; completionReason: string }[];
}

export async function rate${base}Risk(clause: string): Promise<string> {
  const response = await bedrock.send(
    new InvokeModelCommand({
      modelId: 'amazon.titan-text-express-v1',
      contentType: 'application/json',
      accept: 'application/json',
      body: JSON.stringify({
        inputText: \`Rate the risk of this clause as low, medium or high:\\n\${clause}\`,
        textGenerationConfig: { maxTokenCount: 20, temperature: 0 },
      }),
    }),
  );
  const payload = JSON.parse(new TextDecoder().decode(response.body)) as ${base}TitanResponse;
  return payload.results[0]?.outputText.trim() ?? 'unknown';
}
`;
    return { text, callerFns: [`summarize${base}Contract`, `rate${base}Risk`], calls: 2 };
  },

  mistral: ({ rnd, base, words }) => {
    const text = `import { Mistral } from '@mistralai/mistralai';

const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY ?? '' });

export async function translate${base}(text: string): Promise<string> {
  const result = await mistral.chat.complete({
    model: 'mistral-small-latest',
    maxTokens: ${tokens(rnd)},
    messages: [
      { role: 'system', content: ${q(`Translate the ${words} into ${rnd.pick(['French', 'German', 'Italian'])}. Keep the formatting.`)} },
      { role: 'user', content: text },
    ],
  });
  const content = result.choices?.[0]?.message?.content;
  return typeof content === 'string' ? content : '';
}

export async function stream${base}Glossary(term: string, write: (text: string) => void): Promise<void> {
  const stream = await mistral.chat.stream({
    model: 'mistral-small-latest',
    messages: [{ role: 'user', content: \`Explain the term "\${term}" for a glossary.\` }],
  });
  for await (const event of stream) {
    const delta = event.data.choices[0]?.delta.content;
    if (typeof delta === 'string') write(delta);
  }
}
`;
    return { text, callerFns: [`translate${base}`], calls: 2 };
  },

  groq: ({ rnd, base, words }) => {
    const text = `import Groq from 'groq-sdk';

const groq = new Groq({ apiKey: process.env.GROQ_API_KEY });

const ${base.toUpperCase()}_INTENTS = ['status', 'refund', 'cancel', 'other'] as const;
export type ${base}Intent = (typeof ${base.toUpperCase()}_INTENTS)[number];

function to${base}Intent(label: string): ${base}Intent {
  return ${base.toUpperCase()}_INTENTS.find((intent) => intent === label) ?? 'other';
}

export async function detect${base}Intent(utterance: string): Promise<string> {
  const completion = await groq.chat.completions.create({
    model: 'llama-3.1-8b-instant',
    temperature: 0,
    max_tokens: 10,
    messages: [
      { role: 'system', content: \`Classify the ${words} message as one of: \${${base.toUpperCase()}_INTENTS.join(', ')}. Reply with the label only.\` },
      { role: 'user', content: utterance },
    ],
  });
  return to${base}Intent(completion.choices[0]?.message.content?.trim() ?? '');
}

export async function stream${base}Suggestion(utterance: string, write: (text: string) => void): Promise<void> {
  const stream = await groq.chat.completions.create({
    model: 'llama-3.3-70b-versatile',
    stream: true,
    messages: [{ role: 'user', content: \`Suggest a helpful next step for: \${utterance}\` }],
  });
  for await (const chunk of stream) {
    write(chunk.choices[0]?.delta.content ?? '');
  }
}
`;
    void rnd;
    return { text, callerFns: [`detect${base}Intent`], calls: 2 };
  },

  cohere: ({ rnd, base, words }) => {
    const text = `import { CohereClientV2 } from 'cohere-ai';

const cohere = new CohereClientV2({ token: process.env.COHERE_API_KEY });

export interface ${base}Article {
  id: string;
  title: string;
  body: string;
}

const ${lowerFirst(base)}Articles: ${base}Article[] = [{ id: '1', title: ${q(`About ${words}s`)}, body: 'See the handbook.' }];

export async function answer${base}FromArticles(question: string): Promise<string> {
  const response = await cohere.chat({
    model: 'command-a-03-2025',
    maxTokens: ${tokens(rnd)},
    messages: [{ role: 'user', content: question }],
    documents: ${lowerFirst(base)}Articles.map((article) => ({ id: article.id, data: { title: article.title, snippet: article.body } })),
  });
  const first = response.message.content?.[0];
  return first?.type === 'text' ? first.text : '';
}

export async function stream${base}Answer(question: string, write: (text: string) => void): Promise<void> {
  const stream = await cohere.chatStream({
    model: 'command-a-03-2025',
    messages: [{ role: 'user', content: question }],
  });
  for await (const event of stream) {
    if (event.type === 'content-delta') {
      write(event.delta?.message?.content?.text ?? '');
    }
  }
}
`;
    return { text, callerFns: [`answer${base}FromArticles`], calls: 2 };
  },

  ollama: ({ rnd, base, words }) => {
    const text = `import ollama, { Ollama } from 'ollama';

const codeModelHost = new Ollama({ host: process.env.OLLAMA_HOST ?? 'http://127.0.0.1:11434' });

export async function suggest${base}CommitMessage(diff: string): Promise<string> {
  const response = await ollama.chat({
    model: 'llama3.2',
    messages: [
      { role: 'system', content: ${q(`Write a conventional commit message for the ${words} diff.`)} },
      { role: 'user', content: diff },
    ],
  });
  return response.message.content.trim();
}

export async function complete${base}Code(prefix: string): Promise<string> {
  const response = await codeModelHost.generate({
    model: 'qwen2.5-coder:7b',
    prompt: prefix,
    options: { num_predict: ${tokens(rnd)}, temperature: 0.1 },
  });
  return response.response ?? '';
}
`;
    return { text, callerFns: [`suggest${base}CommitMessage`, `complete${base}Code`], calls: 2 };
  },

  'raw-http': ({ rnd, base, words }) => {
    const constant = `${base.toUpperCase()}_MESSAGES_URL`;
    const text = `const ${constant} = 'https://api.anthropic.com/v1/messages';

interface ${base}ChatCompletionResponse {
  choices: { message: { content: string | null }; finish_reason: string }[];
}

interface ${base}MessagesResponse {
  content: { type: string; text?: string }[];
  stop_reason: string;
}

export async function rewrite${base}Headline(headline: string): Promise<string> {
  const response = await fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: \`Bearer \${process.env.OPENAI_API_KEY}\`,
    },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      max_tokens: 60,
      messages: [
        { role: 'system', content: ${q(`Rewrite the ${words} headline to be clear and under 70 characters.`)} },
        { role: 'user', content: headline },
      ],
    }),${rnd.chance(0.5) ? `\n    signal: AbortSignal.timeout(${rnd.pick([5000, 8000, 15000])}),` : ''}
  });
  if (!response.ok) {
    throw new Error(\`OpenAI returned HTTP \${response.status}\`);
  }
  const data = (await response.json()) as ${base}ChatCompletionResponse;
  return data.choices[0]?.message.content?.trim() ?? headline;
}

export async function write${base}Teaser(article: string): Promise<string> {
  const response = await fetch(${constant}, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': process.env.ANTHROPIC_API_KEY ?? '',
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify({
      model: 'claude-haiku-4-5',
      max_tokens: 120,
      messages: [{ role: 'user', content: \`Write a one-line teaser for this ${words}:\\n\${article}\` }],
    }),
  });
  const data = (await response.json()) as ${base}MessagesResponse;
  return data.content.find((block) => block.type === 'text')?.text ?? '';
}

export async function post${base}ToWebhook(text: string): Promise<void> {
  await fetch('https://hooks.example.com/services/T000/B000/XXXX', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, model: 'announcement' }),
  });
}
`;
    return { text, callerFns: [`rewrite${base}Headline`, `write${base}Teaser`], calls: 2 };
  },

  'fallback-logging': ({ rnd, base, words, lib }) => {
    const text = `import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { fallback, handleAll } from 'cockatiel';
import { logger } from '${lib.logger}';

const openai = new OpenAI({ timeout: ${rnd.pick(['20_000', '30_000'])} });
const anthropic = new Anthropic({ timeout: 20_000 });

const CANNED_ANSWER = ${q(`Thanks for reaching out about your ${words}! We will reply within one business day.`)};

export async function answer${base}WithModelFallback(question: string): Promise<string> {
  try {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o',
      max_completion_tokens: 500,
      messages: [{ role: 'user', content: question }],
    });
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    logger.warn({ err: String(error), fallbackModel: 'claude-haiku-4-5' }, 'primary model failed; using fallback model');
    const message = await anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 500,
      messages: [{ role: 'user', content: question }],
    });
    const first = message.content[0];
    return first?.type === 'text' ? first.text : CANNED_ANSWER;
  }
}

export async function answer${base}OrCanned(question: string): Promise<string> {
  try {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_completion_tokens: 500,
      messages: [{ role: 'user', content: question }],
    });
    return completion.choices[0]?.message.content ?? CANNED_ANSWER;
  } catch (error) {
    logger.error({ err: String(error) }, 'answer failed; sending the canned reply');
    return CANNED_ANSWER;
  }
}

const cannedOnFailure = fallback(handleAll, CANNED_ANSWER);

export async function answer${base}WithPolicy(question: string): Promise<string> {
  return cannedOnFailure.execute(async () => {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_completion_tokens: 500,
      messages: [{ role: 'user', content: question }],
    });
    return completion.choices[0]?.message.content ?? CANNED_ANSWER;
  });
}

export async function summarize${base}Silently(text: string): Promise<string> {
  let summary = '';
  try {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_completion_tokens: 200,
      messages: [{ role: 'user', content: \`Summarise:\\n\${text}\` }],
    });
    summary = completion.choices[0]?.message.content ?? '';
  } catch (error) {}
  return summary;
}
`;
    return {
      text,
      callerFns: [
        `answer${base}WithModelFallback`,
        `answer${base}OrCanned`,
        `answer${base}WithPolicy`,
        `summarize${base}Silently`,
      ],
      calls: 5,
    };
  },

  'json-chain': ({ base, words }) => {
    const text = `import OpenAI from 'openai';
import { z } from 'zod';

const openai = new OpenAI();

interface ${base}Plan {
  title: string;
  audience: string;
  sections: string[];
}

const ${base.toUpperCase()}_PLAN_INSTRUCTIONS =
  'Plan a ${words} article. Reply with JSON: {"title": string, "audience": string, "sections": string[]}.';

export async function write${base}Article(topic: string): Promise<string> {
  const planCompletion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: ${base.toUpperCase()}_PLAN_INSTRUCTIONS },
      { role: 'user', content: topic },
    ],
  });
  const plan = JSON.parse(planCompletion.choices[0]?.message.content ?? '{}') as ${base}Plan;

  const draft = await openai.chat.completions.create({
    model: 'gpt-4o',
    max_completion_tokens: 2000,
    messages: [
      {
        role: 'user',
        content: \`Write "\${plan.title}" for \${plan.audience}. Sections: \${plan.sections.join('; ')}.\`,
      },
    ],
  });
  return draft.choices[0]?.message.content ?? '';
}

const ${base}PlanSchema = z.object({
  title: z.string().min(1),
  audience: z.string().min(1),
  sections: z.array(z.string()).min(1).max(8),
});

export async function write${base}ArticleChecked(topic: string): Promise<string> {
  const planCompletion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 500,
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: ${base.toUpperCase()}_PLAN_INSTRUCTIONS },
      { role: 'user', content: topic },
    ],
  });
  const choice = planCompletion.choices[0];
  if (choice === undefined || choice.finish_reason !== 'stop') {
    throw new Error(\`plan incomplete (finish_reason: \${choice?.finish_reason ?? 'none'})\`);
  }
  const plan = ${base}PlanSchema.parse(JSON.parse(choice.message.content ?? '{}'));
  return plan.sections.join('\\n');
}
`;
    return { text, callerFns: [`write${base}Article`, `write${base}ArticleChecked`], calls: 3 };
  },

  annotated: ({ rnd, base, words }) => {
    const owner = rnd.pick(['platform', 'data-team', 'support-eng']);
    const text = `import OpenAI from 'openai';

const openai = new OpenAI();

export async function answer${base}InWidget(question: string): Promise<string> {
  // @ai-decision retry: the job queue redelivers up to 5 times; the SDK must not retry (owner: ${owner})
  // @ai-decision timeout: 20 s - the widget shows a canned reply after that (owner: ${owner})
  const completion = await openai.chat.completions.create(
    {
      model: 'gpt-4o-mini',
      max_completion_tokens: ${tokens(rnd)},
      messages: [{ role: 'user', content: question }],
    },
    { maxRetries: 0, timeout: 20_000 },
  );
  return completion.choices[0]?.message.content ?? '';
}

// @ai-decision retry: the SDK default (3 attempts) is fine for the nightly batch (owner: ${owner})
export async function label${base}ForBatch(row: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 5,
    messages: [{ role: 'user', content: \`Label this ${words} row as valid or invalid: \${row}\` }],
  });
  return completion.choices[0]?.message.content?.trim() ?? 'invalid';
}
`;
    return { text, callerFns: [`answer${base}InWidget`, `label${base}ForBatch`], calls: 2 };
  },
};

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
