import { openai } from '../clients.js';

export interface Ticket {
  id: string;
  customerEmail: string;
  subject: string;
  body: string;
}

export interface TicketSummary {
  problem: string;
  product: string;
  sentiment: 'calm' | 'frustrated' | 'angry';
  customerAsks: string[];
}

const SUMMARY_INSTRUCTIONS =
  'Summarise the support ticket as JSON with the keys problem, product, ' +
  'sentiment ("calm" | "frustrated" | "angry") and customerAsks (an array of strings).';

export async function summarizeTicket(ticket: Ticket): Promise<TicketSummary> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o',
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: SUMMARY_INSTRUCTIONS },
      { role: 'user', content: `${ticket.subject}\n\n${ticket.body}` },
    ],
  });
  return JSON.parse(completion.choices[0]?.message.content ?? '{}') as TicketSummary;
}
