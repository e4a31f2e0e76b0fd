import OpenAI from 'openai';

const openai = new OpenAI();

/** No try here: the route that calls it answers for its failures. */
export async function summarize(text: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 300,
    messages: [{ role: 'user', content: `Summarise in three sentences:\n${text}` }],
  });
  return completion.choices[0]?.message.content ?? '';
}
