import { performance } from 'node:perf_hooks';
import { type AttributeDto, scopeKey, type ValuesMap } from '@sigma/contracts';
import { computeCompleteness, scoreRecord } from '../../apps/workflow/src/completeness/completeness';
import { buildPlan, type PlanInput } from '../../apps/workflow/src/completeness/plan';
import { PlanCache } from '../../apps/workflow/src/completeness/plan-cache';

/**
 * Completeness of one record with 500 required attributes x 24 slots (language 4 x market 3 x channel 2),
 * half the slots filled, against a raw baseline in the same run: probing the same 12,000 precomputed
 * slot keys in a Set (the least work any implementation must do).
 *
 * Measured the way the workflow service scores: the record's values come parsed from JSON (as off
 * NATS), and the state's plan is compiled once and reused (re-scoring a schema scores every record
 * with one plan; a single record finds its plan in the service's cache). Also measured: the cache
 * lookup (key from the schema, state and dimensions), and a cold call that builds the plan for the
 * one record.
 */
const dimensions = new Map<string, string[]>([
  ['dim-language', ['da', 'de', 'en', 'sv']],
  ['dim-market', ['dk', 'de', 'se']],
  ['dim-channel', ['web', 'store']],
]);
const dimensionIds = [...dimensions.keys()];

function slotScopes(): Record<string, string>[] {
  let scopes: Record<string, string>[] = [{}];
  for (const [dimensionId, segments] of dimensions) scopes = scopes.flatMap((s) => segments.map((seg) => ({ ...s, [dimensionId]: seg })));
  return scopes;
}

export interface CompletenessBenchResult {
  case: string;
  /** Per record, the plan reused (wall clock, mean over the iterations). */
  completenessUs: number;
  /** The same loop in CPU time of this process (what the machine's other load cannot add to). */
  completenessCpuUs: number;
  /** Per record through the service's plan cache (plan key + lookup + scoring). */
  cachedUs: number;
  /** One record with the plan built for it (a cache miss). */
  coldUs: number;
  baselineUs: number;
  ratio: number;
  targetUs: number;
  iterations: number;
}

export function runCompletenessBench(iterations = 2000): CompletenessBenchResult {
  const attributes: AttributeDto[] = Array.from({ length: 500 }, (_, i) => ({
    alias: `attr-${i}`,
    name: `Attribute ${i}`,
    dataType: 'text',
    dimensionIds,
    rules: {},
  }));
  const scopes = slotScopes();
  const built: ValuesMap = {};
  for (const attribute of attributes) built[attribute.alias] = scopes.filter((_, i) => i % 2 === 0).map((scope) => ({ scope, value: 'x' }));
  const values = JSON.parse(JSON.stringify(built)) as ValuesMap;
  const planInput: PlanInput = {
    lifecycleStateId: 'state-bench',
    attributes: new Map(attributes.map((a) => [a.alias, a])),
    segmentsByDimension: dimensions,
    requiredAliases: attributes.map((a) => a.alias),
  };
  const input = { ...planInput, entityId: 'ent-bench', values };

  const filledKeys = new Set(Object.entries(values).flatMap(([alias, list]) => list.map((v) => `${alias}|${scopeKey(v.scope)}`)));
  const probeKeys = attributes.flatMap((a) => scopes.map((scope) => `${a.alias}|${scopeKey(scope)}`));
  const baseline = () => {
    let filled = 0;
    for (const key of probeKeys) if (filledKeys.has(key)) filled++;
    return filled;
  };

  const time = (fn: () => unknown, n = iterations) => {
    for (let i = 0; i < Math.min(200, n); i++) fn(); // warm-up
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < n; i++) fn();
    const wallUs = ((performance.now() - start) * 1000) / n;
    const used = process.cpuUsage(cpu);
    return { wallUs, cpuUs: (used.user + used.system) / n };
  };
  const plan = buildPlan(planInput);
  const cache = new PlanCache();
  for (const result of [computeCompleteness(input), scoreRecord(plan, 'ent-bench', values), scoreRecord(cache.get(planInput), 'ent-bench', values)]) {
    if (result.total !== 12000 || result.filled !== 6000 || result.missing.length !== 6000) throw new Error(`unexpected score ${result.filled}/${result.total}`);
  }
  const baselineUs = time(baseline).wallUs;
  const reused = time(() => scoreRecord(plan, 'ent-bench', values));
  const cachedUs = time(() => scoreRecord(cache.get(planInput), 'ent-bench', values)).wallUs;
  const coldUs = time(() => computeCompleteness(input), Math.max(20, Math.floor(iterations / 4))).wallUs;
  return {
    case: 'completeness-500x24',
    completenessUs: reused.wallUs,
    completenessCpuUs: reused.cpuUs,
    cachedUs,
    coldUs,
    baselineUs,
    ratio: reused.wallUs / baselineUs,
    targetUs: 1000,
    iterations,
  };
}

export function completenessLine(r: CompletenessBenchResult): string {
  return (
    `completeness 500 attrs x 24 slots: ${r.completenessUs.toFixed(0)} µs/record with the plan reused (CPU ${r.completenessCpuUs.toFixed(0)} µs; target ≤ ${r.targetUs} µs); ` +
    `through the plan cache ${r.cachedUs.toFixed(0)} µs; cold, plan built for the one record ${r.coldUs.toFixed(0)} µs; ` +
    `raw Set-probe baseline ${r.baselineUs.toFixed(0)} µs; ratio ${r.ratio.toFixed(2)}x`
  );
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  console.log(completenessLine(runCompletenessBench(quick ? 200 : 2000)));
}
