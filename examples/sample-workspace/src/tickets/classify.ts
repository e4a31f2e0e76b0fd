import { groq } from '../clients.js';
import type { TicketSummary } from './summarize.js';

export const QUEUES = ['billing', 'technical', 'account', 'feedback'] as const;
export type Queue = (typeof QUEUES)[number];

export async function classifyTicket(summary: TicketSummary): Promise<Queue> {
  const completion = await groq.chat.completions.create({
    model: 'llama-3.1-8b-instant',
    temperature: 0,
    max_tokens: 5,
    messages: [
      { role: 'system', content: `Route the ticket to one queue: ${QUEUES.join(', ')}. Reply with the queue name only.` },
      {
        role: 'user',
        content: `Problem: ${summary.problem}\nProduct: ${summary.product}\nCustomer asks: ${summary.customerAsks.join('; ')}`,
      },
    ],
  });
  const label = completion.choices[0]?.message.content?.trim() ?? '';
  return QUEUES.find((queue) => queue === label) ?? 'technical';
}
