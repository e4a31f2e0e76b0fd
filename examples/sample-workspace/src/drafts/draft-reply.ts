import pRetry from 'p-retry';
import { anthropic } from '../clients.js';
import type { Ticket } from '../tickets/summarize.js';

const REPLY_GUIDELINES = [
  'You write replies for the Acme helpdesk.',
  'Be warm and concise, never promise refunds, and end with a clear next step.',
].join(' ');

export async function draftReply(ticket: Ticket): Promise<string> {
  const message = await pRetry(
    () =>
      anthropic.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 800,
        system: REPLY_GUIDELINES,
        messages: [{ role: 'user', content: `Customer wrote:\n${ticket.body}\n\nDraft the reply.` }],
      }),
    { retries: 4 },
  );
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}
