import OpenAI from 'openai';

const client = new OpenAI();

/** @param {string} text */
export async function summarize(text) {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 200,
    messages: [{ role: 'user', content: `Summarise:\n${text}` }],
  });
  return completion.choices[0]?.message.content ?? '';
}
