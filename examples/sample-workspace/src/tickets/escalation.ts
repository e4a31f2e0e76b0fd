import { z } from 'zod';
import { openai } from '../clients.js';
import { logger } from '../lib/logger.js';
import type { Ticket } from './summarize.js';

const Escalation = z.object({
  escalate: z.boolean(),
  priority: z.enum(['p1', 'p2', 'p3']),
  reason: z.string().max(200),
});
export type Escalation = z.infer<typeof Escalation>;

/** When the model cannot decide, a person looks at the ticket. */
const NEEDS_HUMAN_REVIEW: Escalation = {
  escalate: true,
  priority: 'p2',
  reason: 'automatic assessment unavailable; queued for human review',
};

// @ai-decision retry: one SDK retry at most; intake must answer within a minute, so no outer retry (owner: support-platform)
// @ai-decision timeout: 15 s per attempt, 30 s worst case (owner: support-platform)
// @ai-decision fallback: on any failure the ticket is escalated for human review at p2 (owner: support-lead)
export async function assessEscalation(ticket: Ticket): Promise<Escalation> {
  const started = Date.now();
  try {
    const completion = await openai.chat.completions.create(
      {
        model: 'gpt-4o-mini',
        max_completion_tokens: 150,
        response_format: { type: 'json_object' },
        messages: [
          {
            role: 'system',
            content:
              'Decide if this ticket needs escalation. Reply with JSON: ' +
              '{"escalate": boolean, "priority": "p1" | "p2" | "p3", "reason": string}.',
          },
          { role: 'user', content: `${ticket.subject}\n\n${ticket.body}` },
        ],
      },
      { timeout: 15_000, maxRetries: 1 },
    );
    const choice = completion.choices[0];
    if (choice === undefined || choice.finish_reason !== 'stop') {
      throw new Error(`escalation output incomplete (finish_reason: ${choice?.finish_reason ?? 'none'})`);
    }
    const escalation = Escalation.parse(JSON.parse(choice.message.content ?? ''));
    logger.info(
      { ticketId: ticket.id, model: completion.model, latencyMs: Date.now() - started, usage: completion.usage },
      'escalation assessed',
    );
    return escalation;
  } catch (error) {
    logger.warn(
      { ticketId: ticket.id, err: String(error), latencyMs: Date.now() - started },
      'escalation assessment failed; escalating for human review',
    );
    return NEEDS_HUMAN_REVIEW;
  }
}
