import type { AttributeDto, ValuesMap } from '@sigma/contracts';
import { percentageOf } from './completeness';
import type { CompletenessPlan } from './plan';
import type { PlanCache } from './plan-cache';
import { cachedSlotKey } from './slot-key';

/** One workflow state's rule: the aliases a record must fill (every slot) to be complete in it. */
export interface StateRequirement {
  id: string;
  requiredAttributes: readonly string[];
}

/** What every state's plan of one schema is compiled against. */
export interface ScoringContext {
  /** The schema's attributes, by alias. */
  attributes: ReadonlyMap<string, AttributeDto>;
  /** Dimension id -> its segment ids, in any order: these scores count slots and never list them. */
  segmentsByDimension: ReadonlyMap<string, Iterable<string>>;
}

/** A record's completeness for one state, as stored and searched. */
export interface StateScore {
  stateId: string;
  filled: number;
  total: number;
  /** round(100 * filled / total), 100 when nothing is required (as every completeness answer). */
  percentage: number;
  /** Every slot filled: not the same as percentage 100, which 199 of 200 slots also rounds to. */
  complete: boolean;
  /** The missing slots as `slotKey`s, in the plan's order: what the schema report counts per slot. */
  missing: string[];
}

/** The plans of every state, from the cache when nothing they depend on changed. */
export function statePlans(cache: PlanCache, states: readonly StateRequirement[], context: ScoringContext): CompletenessPlan[] {
  // Sorted: the same segments always make the same cache key, whatever order they were read in.
  const segmentsByDimension = new Map([...context.segmentsByDimension].map(([dimensionId, segments]) => [dimensionId, [...segments].sort()]));
  return states.map((state) =>
    cache.get({ lifecycleStateId: state.id, attributes: context.attributes, segmentsByDimension, requiredAliases: state.requiredAttributes }),
  );
}

/** The record's score in every state of the plans, in their order. */
export function scoreStates(plans: readonly CompletenessPlan[], values: ValuesMap): StateScore[] {
  return plans.map((plan) => {
    const { filled, total } = plan.score(values);
    const missing = filled === total ? [] : plan.missingOfLast(total - filled).map(cachedSlotKey);
    return { stateId: plan.lifecycleStateId, filled, total, percentage: percentageOf(filled, total), complete: filled === total, missing };
  });
}
