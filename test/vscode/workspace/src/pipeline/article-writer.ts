import OpenAI from 'openai';
import { z } from 'zod';

const openai = new OpenAI();

interface Plan {
  title: string;
  audience: string;
  sections: string[];
}

const PLAN_INSTRUCTIONS =
  'Plan a blog article. Reply with JSON: {"title": string, "audience": string, "sections": string[]}.';

export async function writeArticle(topic: string): Promise<string> {
  const planCompletion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: PLAN_INSTRUCTIONS },
      { role: 'user', content: topic },
    ],
  });
  const plan = JSON.parse(planCompletion.choices[0]?.message.content ?? '{}') as Plan;

  const draft = await openai.chat.completions.create({
    model: 'gpt-4o',
    max_completion_tokens: 2000,
    messages: [
      {
        role: 'user',
        content: `Write "${plan.title}" for ${plan.audience}. Sections: ${plan.sections.join('; ')}.`,
      },
    ],
  });
  return draft.choices[0]?.message.content ?? '';
}

const PlanSchema = z.object({
  title: z.string().min(1),
  audience: z.string().min(1),
  sections: z.array(z.string()).min(1).max(8),
});

export async function writeArticleChecked(topic: string): Promise<string> {
  const planCompletion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_completion_tokens: 500,
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: PLAN_INSTRUCTIONS },
      { role: 'user', content: topic },
    ],
  });
  const choice = planCompletion.choices[0];
  if (choice === undefined || choice.finish_reason !== 'stop') {
    throw new Error(`article plan incomplete (finish_reason: ${choice?.finish_reason ?? 'none'})`);
  }
  const plan = PlanSchema.parse(JSON.parse(choice.message.content ?? '{}'));

  const draft = await openai.chat.completions.create({
    model: 'gpt-4o',
    max_completion_tokens: 2000,
    messages: [
      {
        role: 'user',
        content: `Write "${plan.title}" for ${plan.audience}. Sections: ${plan.sections.join('; ')}.`,
      },
    ],
  });
  return draft.choices[0]?.message.content ?? '';
}
