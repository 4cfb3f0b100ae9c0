import { buildPlan, type CompletenessPlan, type PlanInput, planKey } from './plan';

/**
 * Compiled plans by everything they depend on (`planKey`: the state's required aliases, those
 * attributes' dimensions and guards, the dimensions' segments), least recently used evicted. A
 * changed schema, workflow or dimension gives a new key, so a stale plan is never used.
 */
export class PlanCache {
  private readonly plans = new Map<string, CompletenessPlan>();

  constructor(private readonly capacity = 64) {}

  get(input: PlanInput): CompletenessPlan {
    const key = planKey(input);
    let plan = this.plans.get(key);
    if (plan) {
      this.plans.delete(key);
    } else {
      plan = buildPlan(input);
      if (this.plans.size >= this.capacity) this.plans.delete(this.plans.keys().next().value as string);
    }
    this.plans.set(key, plan);
    return plan;
  }

  get size(): number {
    return this.plans.size;
  }
}
