import OpenAI from 'openai';

const openai = new OpenAI();

export async function answerInWidget(question: string): Promise<string> {
  // @ai-decision retry: the job queue redelivers up to 5 times; the SDK must not retry (owner: platform)
  // @ai-decision timeout: 20 s - the support widget shows a canned reply after that (owner: platform)
  const completion = await openai.chat.completions.create(
    {
      model: 'gpt-4o-mini',
      max_completion_tokens: 300,
      messages: [{ role: 'user', content: question }],
    },
    { maxRetries: 0, timeout: 20_000 },
  );
  return completion.choices[0]?.message.content ?? '';
}

// @ai-decision retry: the SDK default (3 attempts) is fine for the nightly batch; the runner re-runs failed rows (owner: data-team)
export async function labelForBatch(row: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 5,
    messages: [{ role: 'user', content: `Label this row as valid or invalid: ${row}` }],
  });
  return completion.choices[0]?.message.content?.trim() ?? 'invalid';
}

export async function moodOfTheDay(): Promise<string> {
  // @ai-decision vibes: this one just feels fine
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 10,
    messages: [{ role: 'user', content: 'Describe the mood of a sunny Monday in one word.' }],
  });
  return completion.choices[0]?.message.content ?? '';
}

export async function greet(name: string): Promise<string> {
  // @ai-decision fallback:
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 30,
    messages: [{ role: 'user', content: `Write a one-line greeting for ${name}.` }],
  });
  return completion.choices[0]?.message.content ?? `Hello, ${name}!`;
}
