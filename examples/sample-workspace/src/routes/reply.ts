import { streamText, type ModelMessage } from 'ai';
import { openai } from '@ai-sdk/openai';

interface ReplyRequestBody {
  messages: ModelMessage[];
}

/** Live chat widget: streams the assistant's answer to the customer. */
export async function POST(request: Request): Promise<Response> {
  const { messages } = (await request.json()) as ReplyRequestBody;
  const result = streamText({
    model: openai('gpt-4o-mini'),
    system: 'You are the Acme helpdesk assistant. Answer briefly and link to help articles when you can.',
    messages,
  });
  return result.toTextStreamResponse();
}
