import fc from 'fast-check';
import type { AttributeDto, ValuesMap } from '@sigma/contracts';
import { computeCompleteness, type CompletenessInput } from './completeness';
import { slotGrid } from './plan';
import { attribute, segments } from '../test/support/completeness-fixtures';


const apparel = [
  attribute('product-name', ['dim-language']),
  attribute('sku'),
  attribute('price', ['dim-market']),
  attribute('garment-type', [], { dataType: 'select', rules: { options: ['shirt', 'jacket', 'trousers'] } }),
  attribute('sleeve-length', [], { guard: { attributeAlias: 'garment-type', operator: 'in', value: ['shirt', 'jacket'] } }),
  attribute('tagline', ['dim-language', 'dim-market']),
];

function input(requiredAliases: string[], values: ValuesMap, attributes = apparel): CompletenessInput {
  return {
    entityId: 'ent-1',
    lifecycleStateId: 'state-x',
    attributes: new Map(attributes.map((a) => [a.alias, a])),
    segmentsByDimension: segments,
    requiredAliases,
    values,
  };
}

describe('computeCompleteness', () => {
  it('gives a global attribute one slot, filled by a global value', () => {
    expect(computeCompleteness(input(['sku'], { sku: [{ scope: {}, value: 'A-1' }] }))).toEqual({
      entityId: 'ent-1',
      lifecycleStateId: 'state-x',
      filled: 1,
      total: 1,
      percentage: 100,
      missing: [],
    });
  });

  it('gives a dimensioned attribute a slot per segment, which the global value does not fill', () => {
    const result = computeCompleteness(
      input(['product-name'], { 'product-name': [{ scope: {}, value: 'Shirt' }, { scope: { 'dim-language': 'seg-da' }, value: 'Skjorte' }] }),
    );
    expect(result).toMatchObject({ filled: 1, total: 2, percentage: 50 });
    expect(result.missing).toEqual([{ attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' } }]);
  });

  it('uses the cartesian product of several dimensions', () => {
    const result = computeCompleteness(
      input(['tagline'], { tagline: [{ scope: { 'dim-market': 'seg-de', 'dim-language': 'seg-de' }, value: 'Hallo' }] }),
    );
    expect(result).toMatchObject({ filled: 1, total: 4, percentage: 25 });
    expect(result.missing).toEqual([
      { attributeAlias: 'tagline', scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' } },
      { attributeAlias: 'tagline', scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-de' } },
      { attributeAlias: 'tagline', scope: { 'dim-language': 'seg-de', 'dim-market': 'seg-dk' } },
    ]);
  });

  it.each([null, '', []])('treats %p as empty', (empty) => {
    const result = computeCompleteness(input(['sku'], { sku: [{ scope: {}, value: empty }] }));
    expect(result).toMatchObject({ filled: 0, total: 1, missing: [{ attributeAlias: 'sku', scope: {} }] });
  });

  it('counts false and 0 as filled', () => {
    const attributes = [attribute('flag', [], { dataType: 'boolean' }), attribute('stock', [], { dataType: 'integer' })];
    const result = computeCompleteness(
      input(['flag', 'stock'], { flag: [{ scope: {}, value: false }], stock: [{ scope: {}, value: 0 }] }, attributes),
    );
    expect(result).toMatchObject({ filled: 2, total: 2, percentage: 100 });
  });

  it('skips a guarded attribute that is hidden, counting it neither filled nor missing', () => {
    const trousers = { 'garment-type': [{ scope: {}, value: 'trousers' }] };
    expect(computeCompleteness(input(['sleeve-length'], trousers))).toMatchObject({ filled: 0, total: 0, percentage: 100, missing: [] });
    const noType = computeCompleteness(input(['sleeve-length'], {}));
    expect(noType.total).toBe(0);
  });

  it('requires a guarded attribute once the guard holds', () => {
    const shirt = { 'garment-type': [{ scope: {}, value: 'shirt' }] };
    expect(computeCompleteness(input(['sleeve-length'], shirt))).toMatchObject({ total: 1, missing: [{ attributeAlias: 'sleeve-length', scope: {} }] });
  });

  it.each([
    [{ attributeAlias: 'garment-type', operator: 'equals', value: 'shirt' }, 'shirt', true],
    [{ attributeAlias: 'garment-type', operator: 'equals', value: 'shirt' }, 'jacket', false],
    [{ attributeAlias: 'garment-type', operator: 'notEquals', value: 'shirt' }, 'jacket', true],
    [{ attributeAlias: 'garment-type', operator: 'exists' }, 'jacket', true],
    [{ attributeAlias: 'garment-type', operator: 'exists' }, '', false],
    [{ attributeAlias: 'garment-type', operator: 'in', value: ['a', 'b'] }, ['x', 'b'], true],
  ] as const)('evaluates guard %j on value %j as visible=%p', (guard, value, visible) => {
    const attributes = [attribute('garment-type'), attribute('guarded', [], { guard: { ...guard } as AttributeDto['guard'] })];
    const result = computeCompleteness(input(['guarded'], { 'garment-type': [{ scope: {}, value }] }, attributes));
    expect(result.total).toBe(visible ? 1 : 0);
  });

  it('rounds the percentage and is 100 when nothing is required', () => {
    const twoOfThree = computeCompleteness(
      input(['product-name', 'sku'], { sku: [{ scope: {}, value: 'X' }], 'product-name': [{ scope: { 'dim-language': 'seg-da' }, value: 'x' }] }),
    );
    expect(twoOfThree.percentage).toBe(67);
    expect(computeCompleteness(input([], {})).percentage).toBe(100);
  });

  it('ignores aliases that are not attributes of the schema and counts repeated aliases once', () => {
    expect(computeCompleteness(input(['ghost', 'sku', 'sku'], {})).total).toBe(1);
  });

  it('fills no slot from a scope with an extra dimension or an unknown segment', () => {
    const result = computeCompleteness(
      input(['product-name'], {
        'product-name': [
          { scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' }, value: 'x' },
          { scope: { 'dim-language': 'seg-xx' }, value: 'y' },
        ],
      }),
    );
    expect(result).toMatchObject({ filled: 0, total: 2 });
  });

  it('matches scopes regardless of key order', () => {
    const result = computeCompleteness(
      input(['tagline'], {
        tagline: [
          { scope: { 'dim-market': 'seg-dk', 'dim-language': 'seg-da' }, value: 'a' },
          { scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-de' }, value: 'b' },
        ],
      }),
    );
    expect(result.filled).toBe(2);
  });
});

describe('slotGrid', () => {
  it('is the global scope for no dimensions and the product otherwise', () => {
    expect(slotGrid([], segments).scopes).toEqual([{}]);
    expect(slotGrid(['dim-language', 'dim-market'], segments).scopes).toHaveLength(4);
  });
});

describe('computeCompleteness properties', () => {
  const languageSegments = ['seg-da', 'seg-de'];
  const scopedValue = fc.record({
    scope: fc.oneof(fc.constant({}), fc.constantFrom(...languageSegments).map((seg) => ({ 'dim-language': seg }))),
    value: fc.oneof(fc.constant(null), fc.constant(''), fc.string(), fc.integer()),
  });
  const valuesArb = fc.record({
    'product-name': fc.array(scopedValue, { maxLength: 4 }),
    sku: fc.array(scopedValue.map((v) => ({ ...v, scope: {} })), { maxLength: 1 }),
    'garment-type': fc.array(fc.record({ scope: fc.constant({}), value: fc.constantFrom('shirt', 'jacket', 'trousers', '') }), { maxLength: 1 }),
    'sleeve-length': fc.array(scopedValue.map((v) => ({ ...v, scope: {} })), { maxLength: 1 }),
  }) as fc.Arbitrary<ValuesMap>;
  const required = fc.subarray(['product-name', 'sku', 'garment-type', 'sleeve-length', 'tagline', 'price']);

  it('keeps filled <= total, 0 <= percentage <= 100, and missing = total - filled', () => {
    fc.assert(
      fc.property(required, valuesArb, (aliases, values) => {
        const result = computeCompleteness(input(aliases, values));
        expect(result.filled).toBeLessThanOrEqual(result.total);
        expect(result.percentage).toBeGreaterThanOrEqual(0);
        expect(result.percentage).toBeLessThanOrEqual(100);
        expect(result.missing).toHaveLength(result.total - result.filled);
      }),
    );
  });

  it('never lowers filled when a non-empty value is added to an empty slot', () => {
    fc.assert(
      fc.property(required, valuesArb, fc.constantFrom(...languageSegments), fc.string({ minLength: 1 }), (aliases, values, seg, text) => {
        const before = computeCompleteness(input(aliases, values));
        const scope = { 'dim-language': seg };
        const others = (values['product-name'] ?? []).filter((v) => (v.scope as Record<string, string>)['dim-language'] !== seg);
        const after = computeCompleteness(input(aliases, { ...values, 'product-name': [...others, { scope, value: text }] }));
        expect(after.filled).toBeGreaterThanOrEqual(before.filled);
      }),
    );
  });

  it('never lists a hidden guarded attribute as missing', () => {
    fc.assert(
      fc.property(required, valuesArb, (aliases, values) => {
        const type = values['garment-type']?.[0]?.value;
        const visible = type === 'shirt' || type === 'jacket';
        const result = computeCompleteness(input(aliases, values));
        if (!visible) expect(result.missing.some((slot) => slot.attributeAlias === 'sleeve-length')).toBe(false);
      }),
    );
  });
});
