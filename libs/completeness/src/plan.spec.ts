import fc from 'fast-check';
import { type AttributeGuard, type CompletenessDto, type MissingSlot, scopeKey, type ValuesMap } from '@sigma/contracts';
import { computeCompleteness, scoreRecord } from './completeness';
import { compileGuard } from './guard';
import { buildPlan, type PlanInput, planKey } from './plan';
import { PlanCache } from './plan-cache';
import { attribute, segments } from '../test/support/completeness-fixtures';


const apparel = [
  attribute('product-name', ['dim-language']),
  attribute('sku'),
  attribute('price', ['dim-market']),
  attribute('garment-type', [], { dataType: 'select' }),
  attribute('sleeve-length', [], { guard: { attributeAlias: 'garment-type', operator: 'in', value: ['shirt', 'jacket'] } }),
  attribute('tagline', ['dim-language', 'dim-market']),
  attribute('colour', ['dim-colour']),
];
const ALIASES = [...apparel.map((a) => a.alias), 'ghost'];

const planInput = (requiredAliases: string[], attributes = apparel, segmentsByDimension = segments): PlanInput => ({
  lifecycleStateId: 'state-x',
  attributes: new Map(attributes.map((a) => [a.alias, a])),
  segmentsByDimension,
  requiredAliases,
});

/** The rule of docs/product-decisions.md written the obvious way: every slot scope, compared by canonical text. */
function oracle(input: PlanInput, values: ValuesMap): CompletenessDto {
  const missing: MissingSlot[] = [];
  let filled = 0;
  let total = 0;
  for (const alias of new Set(input.requiredAliases)) {
    const definition = input.attributes.get(alias);
    if (!definition || !referenceGuard(definition.guard, values)) continue;
    let scopes: Record<string, string>[] = [{}];
    for (const dimensionId of definition.dimensionIds) {
      scopes = scopes.flatMap((scope) => (input.segmentsByDimension.get(dimensionId) ?? []).map((segment) => ({ ...scope, [dimensionId]: segment })));
    }
    for (const scope of scopes) {
      total++;
      const held = (values[alias] ?? []).some((entry) => scopeKey(entry.scope) === scopeKey(scope) && !isEmpty(entry.value));
      if (held) filled++;
      else missing.push({ attributeAlias: alias, scope });
    }
  }
  return { entityId: 'ent-1', lifecycleStateId: input.lifecycleStateId, filled, total, percentage: total === 0 ? 100 : Math.round((100 * filled) / total), missing };
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** guard.ts as it was before guards were compiled. */
function referenceGuard(guard: AttributeGuard | undefined, values: ValuesMap): boolean {
  if (!guard) return true;
  const subject = values[guard.attributeAlias]?.find((entry) => Object.keys(entry.scope).length === 0)?.value;
  switch (guard.operator) {
    case 'exists':
      return !isEmpty(subject);
    case 'equals':
      return !isEmpty(subject) && same(subject, guard.value);
    case 'notEquals':
      return !same(subject, guard.value);
    case 'in': {
      const allowed = Array.isArray(guard.value) ? guard.value : [guard.value];
      return (Array.isArray(subject) ? subject : [subject]).some((item) => !isEmpty(item) && allowed.some((option) => same(item, option)));
    }
    default:
      return false;
  }
}

const scopeArb = fc.oneof(
  fc.constant({}),
  fc.record({ 'dim-language': fc.constantFrom('seg-da', 'seg-de', 'seg-xx') }),
  fc.record({ 'dim-market': fc.constantFrom('seg-dk', 'seg-de') }),
  fc.record({ 'dim-market': fc.constantFrom('seg-dk', 'seg-de'), 'dim-language': fc.constantFrom('seg-da', 'seg-de') }),
  fc.record({ 'dim-language': fc.constantFrom('seg-da', 'seg-de'), 'dim-market': fc.constantFrom('seg-dk', 'seg-de') }),
  fc.record({ 'dim-colour': fc.constant('red') }),
) as fc.Arbitrary<Record<string, string>>;
const valueArb = fc.oneof(fc.constant(null), fc.constant(''), fc.constant([]), fc.constantFrom('shirt', 'jacket', 'trousers'), fc.integer(), fc.constant(false));
const valuesArb = fc.dictionary(fc.constantFrom(...ALIASES), fc.array(fc.record({ scope: scopeArb, value: valueArb }), { maxLength: 5 })) as fc.Arbitrary<ValuesMap>;
const requiredArb = fc.array(fc.constantFrom(...ALIASES), { maxLength: 10 });

describe('CompletenessPlan', () => {
  it('scores exactly as the obvious implementation, missing list in order, for any required list and values', () => {
    fc.assert(
      fc.property(requiredArb, valuesArb, (required, values) => {
        expect(computeCompleteness({ ...planInput(required), entityId: 'ent-1', values })).toEqual(oracle(planInput(required), values));
      }),
      { numRuns: 500 },
    );
  });

  it('gives every record of a sequence scored with one plan the same result as a fresh plan (no state leaks between records)', () => {
    fc.assert(
      fc.property(requiredArb, fc.array(valuesArb, { minLength: 2, maxLength: 6 }), (required, records) => {
        const plan = buildPlan(planInput(required));
        for (const values of records) expect(scoreRecord(plan, 'ent-1', values)).toEqual(oracle(planInput(required), values));
      }),
      { numRuns: 200 },
    );
  });

  it('shares frozen missing-slot entries between results, so one caller cannot change another result', () => {
    const plan = buildPlan(planInput(['product-name', 'sku']));
    const first = scoreRecord(plan, 'ent-1', {});
    const second = scoreRecord(plan, 'ent-2', {});
    expect(second.missing[0]).toBe(first.missing[0]);
    expect(Object.isFrozen(first.missing[0])).toBe(true);
    expect(Object.isFrozen(first.missing[0].scope)).toBe(true);
    expect(first.missing).not.toBe(second.missing);
  });

  it('numbers slots attribute by attribute and finds a slot from its number', () => {
    const plan = buildPlan(planInput(['tagline', 'ghost', 'colour', 'sku', 'tagline']));
    expect(plan.attributes.map((a) => [a.alias, a.offset, a.slots])).toEqual([
      ['tagline', 0, 4],
      ['colour', 4, 0],
      ['sku', 4, 1],
    ]);
    expect(plan.slotCount).toBe(5);
    expect(plan.slotAt(3)).toEqual({ attributeAlias: 'tagline', scope: { 'dim-language': 'seg-de', 'dim-market': 'seg-de' } });
    expect(plan.slotAt(4)).toEqual({ attributeAlias: 'sku', scope: {} });
  });

  it('counts the missing slots of the record scored last, skipping hidden attributes', () => {
    const plan = buildPlan(planInput(['sku', 'sleeve-length', 'product-name']));
    const counts = new Uint32Array(plan.slotCount);
    plan.score({ 'garment-type': [{ scope: {}, value: 'trousers' }], 'product-name': [{ scope: { 'dim-language': 'seg-da' }, value: 'x' }] });
    plan.countMissingOfLast(counts);
    plan.score({ 'garment-type': [{ scope: {}, value: 'shirt' }], sku: [{ scope: {}, value: 'A' }] });
    plan.countMissingOfLast(counts);
    // Slots: sku, sleeve-length, product-name da, product-name de.
    expect([...counts]).toEqual([1, 1, 1, 2]);
  });
});

describe('compileGuard', () => {
  const guardArb = fc.record({
    attributeAlias: fc.constant('garment-type'),
    operator: fc.constantFrom('equals', 'notEquals', 'in', 'exists', 'bogus'),
    value: fc.oneof(fc.constant(undefined), valueArb, fc.array(valueArb, { maxLength: 3 })),
  }) as fc.Arbitrary<AttributeGuard>;
  const subjectArb = fc.array(fc.record({ scope: scopeArb, value: fc.oneof(valueArb, fc.array(valueArb, { maxLength: 3 })) }), { maxLength: 3 });

  it('decides visibility exactly as the uncompiled guard did', () => {
    fc.assert(
      fc.property(guardArb, subjectArb, (guard, entries) => {
        const values: ValuesMap = { 'garment-type': entries };
        expect(compileGuard(guard)?.(values) ?? true).toBe(referenceGuard(guard, values));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('planKey and PlanCache', () => {
  it('changes the key with anything the plan depends on, and only then', () => {
    const base = planKey(planInput(['product-name', 'sleeve-length']));
    expect(planKey(planInput(['product-name', 'sleeve-length']))).toBe(base);
    const guardChanged = apparel.map((a) => (a.alias === 'sleeve-length' ? { ...a, guard: { attributeAlias: 'garment-type', operator: 'exists' as const } } : a));
    const dimensionsChanged = apparel.map((a) => (a.alias === 'product-name' ? { ...a, dimensionIds: ['dim-market'] } : a));
    const otherAttributeChanged = apparel.map((a) => (a.alias === 'sku' ? { ...a, name: 'Stock keeping unit' } : a));
    const moreSegments = new Map([...segments, ['dim-language', ['seg-da', 'seg-de', 'seg-sv']]]);
    expect(planKey(planInput(['product-name', 'sleeve-length'], guardChanged))).not.toBe(base);
    expect(planKey(planInput(['product-name', 'sleeve-length'], dimensionsChanged))).not.toBe(base);
    expect(planKey(planInput(['product-name', 'sleeve-length'], apparel, moreSegments))).not.toBe(base);
    expect(planKey(planInput(['sleeve-length', 'product-name']))).not.toBe(base);
    expect(planKey({ ...planInput(['product-name', 'sleeve-length']), lifecycleStateId: 'state-y' })).not.toBe(base);
    expect(planKey(planInput(['product-name', 'sleeve-length'], otherAttributeChanged))).toBe(base);
  });

  it('reuses a plan while its inputs are unchanged and evicts the least recently used', () => {
    const cache = new PlanCache(2);
    const a = cache.get(planInput(['sku']));
    expect(cache.get(planInput(['sku']))).toBe(a);
    const b = cache.get(planInput(['price']));
    cache.get(planInput(['sku']));
    cache.get(planInput(['tagline']));
    expect(cache.size).toBe(2);
    expect(cache.get(planInput(['sku']))).toBe(a);
    expect(cache.get(planInput(['price']))).not.toBe(b);
  });
});
