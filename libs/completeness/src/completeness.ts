import type { CompletenessDto, ValuesMap } from '@sigma/contracts';
import { buildPlan, type CompletenessPlan, type PlanInput } from './plan';

export interface CompletenessInput extends PlanInput {
  entityId: string;
  values: ValuesMap;
}

/**
 * Scores a record against a state's required attributes (docs/product-decisions.md "Completeness"):
 * an attribute without dimensions has one global slot; one with dimensions has a slot per
 * combination of its dimensions' segments, and the global value fills none of those.
 * A slot is filled by a non-empty value of exactly that scope. Attributes hidden by their
 * guard count neither as filled nor as missing. Unknown aliases are ignored.
 *
 * Builds the plan for this one call; scoring many records, build it once (`buildPlan`, or the
 * service's plan cache) and use `scoreRecord`.
 */
export function computeCompleteness(input: CompletenessInput): CompletenessDto {
  return scoreRecord(buildPlan(input), input.entityId, input.values);
}

/** One record's score against a compiled plan; `missing` lists attributes in the state's order, slots in grid order. */
export function scoreRecord(plan: CompletenessPlan, entityId: string, values: ValuesMap): CompletenessDto {
  const { filled, total } = plan.score(values);
  return {
    entityId,
    lifecycleStateId: plan.lifecycleStateId,
    filled,
    total,
    percentage: percentageOf(filled, total),
    missing: plan.missingOfLast(total - filled),
  };
}

/** round(100 * filled / total); 100 when nothing is required. */
export function percentageOf(filled: number, total: number): number {
  return total === 0 ? 100 : Math.round((100 * filled) / total);
}
