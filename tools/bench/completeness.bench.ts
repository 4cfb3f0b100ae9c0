import { performance } from 'node:perf_hooks';
import { type AttributeDto, scopeKey, type ValuesMap } from '@sigma/contracts';
import { computeCompleteness } from '../../apps/workflow/src/completeness/completeness';

/**
 * Completeness of one record with 500 required attributes x 24 slots (language 4 x market 3 x channel 2),
 * half the slots filled, against a raw baseline in the same run: probing the same 12,000 precomputed
 * slot keys in a Set (the least work any implementation must do).
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

export function runCompletenessBench(iterations = 2000) {
  const attributes: AttributeDto[] = Array.from({ length: 500 }, (_, i) => ({
    alias: `attr-${i}`,
    name: `Attribute ${i}`,
    dataType: 'text',
    dimensionIds,
    rules: {},
  }));
  const scopes = slotScopes();
  const values: ValuesMap = {};
  for (const attribute of attributes) values[attribute.alias] = scopes.filter((_, i) => i % 2 === 0).map((scope) => ({ scope, value: 'x' }));
  const input = {
    entityId: 'ent-bench',
    lifecycleStateId: 'state-bench',
    attributes: new Map(attributes.map((a) => [a.alias, a])),
    segmentsByDimension: dimensions,
    requiredAliases: attributes.map((a) => a.alias),
    values,
  };

  const filledKeys = new Set(Object.entries(values).flatMap(([alias, list]) => list.map((v) => `${alias}|${scopeKey(v.scope)}`)));
  const probeKeys = attributes.flatMap((a) => scopes.map((scope) => `${a.alias}|${scopeKey(scope)}`));
  const baseline = () => {
    let filled = 0;
    for (const key of probeKeys) if (filledKeys.has(key)) filled++;
    return filled;
  };

  const time = (fn: () => unknown) => {
    for (let i = 0; i < Math.min(200, iterations); i++) fn(); // warm-up
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    return ((performance.now() - start) * 1000) / iterations;
  };
  const result = computeCompleteness(input);
  if (result.total !== 12000 || result.filled !== 6000) throw new Error(`unexpected score ${result.filled}/${result.total}`);
  const baselineUs = time(baseline);
  const completenessUs = time(() => computeCompleteness(input));
  return { case: 'completeness-500x24', completenessUs, baselineUs, ratio: completenessUs / baselineUs, targetUs: 1000 };
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  const r = runCompletenessBench(quick ? 200 : 2000);
  console.log(
    `completeness 500 attrs x 24 slots: ${r.completenessUs.toFixed(0)} µs/record (target ≤ ${r.targetUs} µs); ` +
      `raw Set-probe baseline ${r.baselineUs.toFixed(0)} µs; ratio ${r.ratio.toFixed(2)}x`,
  );
}
