import { logger } from '../lib/logger.js';
import { draftReply } from '../drafts/draft-reply.js';
import { classifyTicket } from '../tickets/classify.js';
import { assessEscalation } from '../tickets/escalation.js';
import { summarizeTicket, type Ticket } from '../tickets/summarize.js';

export interface JsonRequest<T> {
  body: T;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export async function handleNewTicket(request: JsonRequest<Ticket>): Promise<JsonResponse> {
  const ticket = request.body;
  try {
    const summary = await summarizeTicket(ticket);
    const queue = await classifyTicket(summary);
    const escalation = await assessEscalation(ticket);
    logger.info({ ticketId: ticket.id, queue, escalate: escalation.escalate }, 'ticket triaged');
    return { status: 201, body: { ticketId: ticket.id, queue, summary, escalation } };
  } catch (error) {
    logger.error({ ticketId: ticket.id, err: String(error) }, 'ticket intake failed');
    return { status: 500, body: { error: 'ticket_intake_failed' } };
  }
}

export async function handleDraftRequest(request: JsonRequest<Ticket>): Promise<JsonResponse> {
  const draft = await draftReply(request.body);
  return { status: 200, body: { ticketId: request.body.id, draft } };
}
