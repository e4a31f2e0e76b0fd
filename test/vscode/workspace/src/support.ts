import OpenAI from 'openai';

const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

export interface Ticket {
  id: string;
  subject: string;
  body: string;
}

export async function summarizeTicket(ticket: Ticket): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 300,
    messages: [
      { role: 'system', content: 'Summarise the support ticket in at most three sentences.' },
      { role: 'user', content: `${ticket.subject}\n\n${ticket.body}` },
    ],
  });
  return completion.choices[0]?.message.content ?? '';
}

export async function draftReply(ticket: Ticket): Promise<string> {
  const response = await openai.responses.create({
    model: 'gpt-4.1-mini',
    instructions: 'Draft a short, polite reply to the customer. Do not promise refunds.',
    input: ticket.body,
  });
  return response.output_text;
}

export async function embedTicket(ticket: Ticket): Promise<number[]> {
  const result = await openai.embeddings.create({
    model: 'text-embedding-3-small',
    input: `${ticket.subject}\n${ticket.body}`,
  });
  return result.data[0]?.embedding ?? [];
}

export async function streamReply(ticket: Ticket, write: (chunk: string) => void): Promise<void> {
  const stream = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    stream: true,
    messages: [
      { role: 'system', content: 'You are a friendly support agent.' },
      { role: 'user', content: ticket.body },
    ],
  });
  for await (const chunk of stream) {
    write(chunk.choices[0]?.delta.content ?? '');
  }
}
