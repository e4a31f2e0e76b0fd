import OpenAI from 'openai';
import { isRetryable, sleep } from './retry-helpers.js';

// The loops below own retrying, so the SDK must not retry on its own.
const openai = new OpenAI({ maxRetries: 0, timeout: 15_000 });

export async function classifyWithBackoff(text: string): Promise<string> {
  const maxAttempts = 4;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    try {
      const completion = await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        max_completion_tokens: 5,
        messages: [
          { role: 'system', content: 'Classify as spam or ham. Reply with one word.' },
          { role: 'user', content: text },
        ],
      });
      return completion.choices[0]?.message.content?.trim() ?? 'ham';
    } catch (error) {
      if (!isRetryable(error) || attempt === maxAttempts - 1) {
        throw new Error(`spam classification failed after ${attempt + 1} attempt(s)`, { cause: error });
      }
      await sleep(2 ** attempt * 100);
    }
  }
  throw new Error('unreachable: the loop returns or throws');
}

export async function extractKeywords(text: string): Promise<string[]> {
  while (true) {
    try {
      const completion = await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        max_completion_tokens: 50,
        messages: [{ role: 'user', content: `List the keywords of this text, comma-separated:\n${text}` }],
      });
      return (completion.choices[0]?.message.content ?? '').split(',').map((keyword) => keyword.trim());
    } catch (error) {
      console.warn('keyword extraction failed, retrying', error);
    }
  }
}
