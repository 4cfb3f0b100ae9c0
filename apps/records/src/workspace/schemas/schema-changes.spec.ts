import type { AttributeDto } from '@sigma/contracts';
import { findAttributeConflicts, needsUsageCheck, planAttributeChanges, usageKey } from './schema-changes';

const attribute = (alias: string, overrides: Partial<AttributeDto> = {}): AttributeDto => ({
  alias,
  name: alias,
  dataType: 'text',
  dimensionIds: [],
  rules: {},
  ...overrides,
});

const current = [
  attribute('product-name', { dimensionIds: ['dim-language'] }),
  attribute('sku', { rules: { unique: true } }),
  attribute('price', { dataType: 'number', dimensionIds: ['dim-market'] }),
  attribute('material'),
];

describe('planAttributeChanges', () => {
  it('sees nothing risky in renames, new rules, reordering and new attributes', () => {
    const next = [attribute('material', { name: 'Fabric', rules: { maxLength: 50 } }), ...current.slice(0, 3), attribute('colour')];
    const plan = planAttributeChanges(current, next);
    expect(plan).toEqual({ removed: [], retyped: [], droppedDimensions: [], uniqueAdded: [], uniqueRemoved: [] });
    expect(needsUsageCheck(plan)).toBe(false);
  });

  it('lists removed attributes, type changes and dropped dimensions with their new index', () => {
    const next = [attribute('product-name'), attribute('price', { dataType: 'integer', dimensionIds: ['dim-market'] })];
    const plan = planAttributeChanges(current, next);
    expect(plan.removed).toEqual(['sku', 'material']);
    expect(plan.retyped).toEqual([{ alias: 'price', index: 1, from: 'number', to: 'integer' }]);
    expect(plan.droppedDimensions).toEqual([{ alias: 'product-name', index: 0, dimensionId: 'dim-language' }]);
    expect(plan.uniqueRemoved).toEqual(['sku']);
    expect(needsUsageCheck(plan)).toBe(true);
  });

  it('tracks unique turned on and off', () => {
    const next = [current[0], attribute('sku'), current[2], attribute('material', { rules: { unique: true } }), attribute('gtin', { rules: { unique: true } })];
    const plan = planAttributeChanges(current, next);
    expect(plan.uniqueAdded).toEqual(['material', 'gtin']);
    expect(plan.uniqueRemoved).toEqual(['sku']);
  });
});

describe('findAttributeConflicts', () => {
  const plan = planAttributeChanges(current, [attribute('product-name'), attribute('price', { dataType: 'integer', dimensionIds: ['dim-market'] })]);

  it('refuses only the changes records hold values for, naming alias and record count', () => {
    const usage = {
      valuesByAlias: new Map([['sku', 4], ['price', 2]]),
      scopedValues: new Map([[usageKey('product-name', 'dim-language'), 3]]),
    };
    expect(findAttributeConflicts(plan, usage)).toEqual([
      expect.objectContaining({ field: 'attributes', rule: 'attribute-in-use', attributeAlias: 'sku', recordCount: 4 }),
      expect.objectContaining({ field: 'attributes[1].dataType', rule: 'data-type-in-use', attributeAlias: 'price', recordCount: 2 }),
      expect.objectContaining({
        field: 'attributes[0].dimensionIds',
        rule: 'dimension-in-use',
        attributeAlias: 'product-name',
        dimensionId: 'dim-language',
        recordCount: 3,
      }),
    ]);
  });

  it('allows every change nobody holds values for', () => {
    expect(findAttributeConflicts(plan, { valuesByAlias: new Map(), scopedValues: new Map() })).toEqual([]);
  });
});
