import type { AttributeDto, AttributeGuard } from '@sigma/contracts';
import { findGuardCycle, validateGuards } from './validate-guards';

const base = (): AttributeDto[] => [
  { alias: 'garment-type', name: 'Garment Type', dataType: 'select', dimensionIds: [], rules: { options: ['shirt', 'jacket'] } },
  { alias: 'tags', name: 'Tags', dataType: 'multiselect', dimensionIds: [], rules: { options: ['eco', 'sale'] } },
  { alias: 'weight', name: 'Weight', dataType: 'number', dimensionIds: [], rules: {} },
  { alias: 'material', name: 'Material', dataType: 'text', dimensionIds: [], rules: {} },
];

const guarded = (guard: AttributeGuard): AttributeDto[] => {
  const list = base();
  list[3] = { ...list[3], guard };
  return list;
};

const rules = (guard: AttributeGuard) => validateGuards(guarded(guard)).map((issue) => `${issue.field}:${issue.rule}`);

describe('validateGuards', () => {
  it.each<AttributeGuard>([
    { attributeAlias: 'garment-type', operator: 'in', value: ['shirt', 'jacket'] },
    { attributeAlias: 'garment-type', operator: 'equals', value: 'shirt' },
    { attributeAlias: 'garment-type', operator: 'notEquals', value: 'jacket' },
    { attributeAlias: 'garment-type', operator: 'exists' },
    { attributeAlias: 'tags', operator: 'in', value: ['eco'] },
    { attributeAlias: 'tags', operator: 'equals', value: ['eco', 'sale'] },
    { attributeAlias: 'weight', operator: 'equals', value: 1.5 },
    { attributeAlias: 'weight', operator: 'in', value: [1, 2] },
  ])('accepts %j', (guard) => {
    expect(validateGuards(guarded(guard))).toEqual([]);
  });

  it('names the target when it is not an attribute of the schema, or the attribute itself', () => {
    expect(rules({ attributeAlias: 'colour', operator: 'exists' })).toEqual(['attributes[3].guard.attributeAlias:guard-target']);
    expect(rules({ attributeAlias: 'material', operator: 'exists' })).toEqual(['attributes[3].guard.attributeAlias:guard-target']);
  });

  it('rejects an unknown operator', () => {
    expect(rules({ attributeAlias: 'garment-type', operator: 'like' as never, value: 'x' })).toEqual(['attributes[3].guard.operator:guard-operator']);
  });

  it('wants an array for in, no value for exists, a value for equals', () => {
    expect(rules({ attributeAlias: 'garment-type', operator: 'in', value: 'shirt' })).toEqual(['attributes[3].guard.value:guard-value']);
    expect(rules({ attributeAlias: 'garment-type', operator: 'in', value: [] })).toEqual(['attributes[3].guard.value:guard-value']);
    expect(rules({ attributeAlias: 'garment-type', operator: 'exists', value: 'shirt' })).toEqual(['attributes[3].guard.value:guard-value']);
    expect(rules({ attributeAlias: 'garment-type', operator: 'equals' })).toEqual(['attributes[3].guard.value:guard-value']);
  });

  it('wants values the target could hold', () => {
    expect(rules({ attributeAlias: 'garment-type', operator: 'in', value: ['shirt', 'dress'] })).toEqual(['attributes[3].guard.value:guard-value']);
    expect(rules({ attributeAlias: 'tags', operator: 'in', value: ['vintage'] })).toEqual(['attributes[3].guard.value:guard-value']);
    expect(rules({ attributeAlias: 'weight', operator: 'equals', value: 'heavy' })).toEqual(['attributes[3].guard.value:guard-value']);
  });

  it('carries the guarded attribute\'s alias', () => {
    expect(validateGuards(guarded({ attributeAlias: 'colour', operator: 'exists' }))[0].attributeAlias).toBe('material');
  });

  it('rejects guards that form a cycle', () => {
    const list = base();
    list[0] = { ...list[0], guard: { attributeAlias: 'material', operator: 'exists' } };
    list[3] = { ...list[3], guard: { attributeAlias: 'garment-type', operator: 'equals', value: 'shirt' } };
    expect(validateGuards(list).map((issue) => issue.rule)).toEqual(['guard-cycle']);
  });
});

describe('findGuardCycle', () => {
  const attribute = (alias: string, target?: string): AttributeDto => ({
    alias,
    name: alias,
    dataType: 'text',
    dimensionIds: [],
    rules: {},
    ...(target && { guard: { attributeAlias: target, operator: 'exists' as const } }),
  });

  it('finds a -> b -> c -> a and ignores chains', () => {
    expect(findGuardCycle([attribute('a', 'b'), attribute('b', 'c'), attribute('c', 'a')])).toEqual(['a', 'b', 'c', 'a']);
    expect(findGuardCycle([attribute('a', 'b'), attribute('b', 'c'), attribute('c')])).toBeUndefined();
  });
});
