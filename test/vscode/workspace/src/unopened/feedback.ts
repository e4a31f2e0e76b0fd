import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export type Sentiment = 'positive' | 'neutral' | 'negative';

export async function classifyFeedback(feedback: string): Promise<Sentiment> {
  const message = await anthropic.messages.create({
    model: 'claude-haiku-4-5',
    max_tokens: 8,
    system: 'Reply with exactly one word: positive, neutral or negative.',
    messages: [{ role: 'user', content: feedback }],
  });
  const first = message.content[0];
  const word = first?.type === 'text' ? first.text.trim().toLowerCase() : '';
  return word === 'positive' || word === 'negative' ? word : 'neutral';
}
