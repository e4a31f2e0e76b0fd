import { offer } from '../offer';
import type { Fix } from '../../types';
import { type FixSite, siteOfCall } from '../context';
import { structuredOutputFix, structuredRecipe } from './structured-output';
import { schemaFix, validationPlan } from './validation-plan';

/**
 * Validate the output (`unvalidated-output`, `unchecked-chain`).
 * - zod: a schema mirroring the type the output is cast to (`as Plan`) or declared as
 *   (`const plan: Plan = JSON.parse(...)`), and `PlanSchema.parse(...)` in place of the unchecked
 *   use. Fields come from the type, so the parsed value has the same shape and later code
 *   type-checks as before.
 * - the SDK's structured outputs (the catalogue's `structuredFix`; OpenAI `chat.completions`): the
 *   call becomes `chat.completions.parse` with `response_format: zodResponseFormat(PlanSchema,
 *   'plan')`, and the use reads `message.parsed`.
 * Offered only when `zod` resolves from the file.
 */
export function validateOutput(site: FixSite): Fix[] {
  const target = site.finding.ruleId === 'unchecked-chain' ? upstreamSite(site) : site;
  if (!target) return [];
  const plan = validationPlan(target);
  if (!plan) return [];
  const fixes: Fix[] = [];
  const upstream = target !== site ? ` of the upstream ${target.call.shape.name} call` : '';
  const zodFix = schemaFix(target, plan, `${plan.schemaName}.parse(${plan.valueText})`);
  if (zodFix)
    fixes.push(
      offer('validate-output:zod', {
        title: `Validate the output${upstream} with a zod schema (${plan.schemaName}.parse)`,
        safe: false,
        edits: zodFix,
      }),
    );
  const structured = structuredOutputFix(target, plan);
  const recipe = structuredRecipe(target.call);
  if (structured && recipe)
    fixes.push(
      offer('validate-output:structured-outputs', {
        title: `Validate the output${upstream} with ${target.call.entry.displayName} structured outputs (${recipe.target.name} + ${recipe.recipe.helper.name})`,
        safe: false,
        edits: structured,
      }),
    );
  return fixes;
}

/** For `unchecked-chain`: the upstream call whose output reaches this call unchecked (the finding's own). */
function upstreamSite(site: FixSite): FixSite | undefined {
  const upstreamId = site.finding.data.upstreamId;
  if (typeof upstreamId !== 'string') return undefined;
  const call = site.facets.calls.find((candidate) => site.facets.idOf(candidate) === upstreamId);
  const profile = site.profileOf(upstreamId);
  if (!call || !profile) return undefined;
  return siteOfCall(site, call, profile);
}
