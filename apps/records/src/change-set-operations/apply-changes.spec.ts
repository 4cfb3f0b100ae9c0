import { DomainError, ErrorCodes, type ValuesMap } from '@sigma/contracts';
import { applyChanges, valuesOfCreate } from './apply-changes';

const da = { 'dim-language': 'seg-da' };
const de = { 'dim-language': 'seg-de' };

const current = (): ValuesMap => ({
  'product-name': [
    { scope: {}, value: 'Classic Oxford Shirt' },
    { scope: da, value: 'Klassisk Oxford-skjorte' },
  ],
  'short-description': [{ scope: {}, value: 'A classic shirt.' }],
  price: [
    { scope: {}, value: 79.99 },
    { scope: { 'dim-market': 'seg-dk' }, value: 599 },
  ],
  material: [{ scope: {}, value: '100% cotton' }],
  tags: [{ scope: {}, value: ['a', 'b'] }],
});

function conflictOf(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a conflict');
}

describe('applyChanges', () => {
  it('sets an existing scoped value in place and returns only the touched attributes', () => {
    const next = applyChanges(current(), [{ attributeAlias: 'short-description', newValue: 'Timeless Oxford weave' }]);
    expect(next).toEqual({ 'short-description': [{ scope: {}, value: 'Timeless Oxford weave' }] });
  });

  it('keeps the other scopes of the attribute and their order', () => {
    const next = applyChanges(current(), [{ attributeAlias: 'product-name', scope: {}, newValue: 'Oxford Shirt' }]);
    expect(next['product-name']).toEqual([
      { scope: {}, value: 'Oxford Shirt' },
      { scope: da, value: 'Klassisk Oxford-skjorte' },
    ]);
  });

  it('inserts a value for a scope that has none, after the existing ones', () => {
    const next = applyChanges(current(), [{ attributeAlias: 'product-name', scope: de, newValue: 'Klassisches Oxford-Hemd' }]);
    expect(next['product-name']).toEqual([
      { scope: {}, value: 'Classic Oxford Shirt' },
      { scope: da, value: 'Klassisk Oxford-skjorte' },
      { scope: de, value: 'Klassisches Oxford-Hemd' },
    ]);
  });

  it('inserts a value of an attribute that has no values at all', () => {
    expect(applyChanges(current(), [{ attributeAlias: 'long-description', newValue: 'Long text' }])).toEqual({
      'long-description': [{ scope: {}, value: 'Long text' }],
    });
  });

  it('clears a scope with null, leaving the other scopes', () => {
    const next = applyChanges(current(), [{ attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, newValue: null }]);
    expect(next.price).toEqual([{ scope: {}, value: 79.99 }]);
  });

  it('clearing the only value leaves an empty list; clearing an absent scope changes nothing', () => {
    expect(applyChanges(current(), [{ attributeAlias: 'material', newValue: null }])).toEqual({ material: [] });
    expect(applyChanges(current(), [{ attributeAlias: 'product-name', scope: de, newValue: null }])['product-name']).toEqual(current()['product-name']);
  });

  it('treats a missing scope as global and matches scopes regardless of key order', () => {
    const values: ValuesMap = { price: [{ scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' }, value: 1 }] };
    const next = applyChanges(values, [{ attributeAlias: 'price', scope: { 'dim-market': 'seg-dk', 'dim-language': 'seg-da' }, newValue: 2 }]);
    expect(next.price).toHaveLength(1);
    expect(next.price[0].value).toBe(2);
    expect(Object.keys(next.price[0].scope)).toEqual(['dim-language', 'dim-market']);
  });

  it('does not mutate the current values', () => {
    const values = current();
    const before = JSON.parse(JSON.stringify(values));
    applyChanges(values, [
      { attributeAlias: 'product-name', scope: da, newValue: null },
      { attributeAlias: 'price', newValue: 1 },
    ]);
    expect(values).toEqual(before);
  });

  it('applies a change whose oldValue equals the current value (deep equality for arrays)', () => {
    expect(applyChanges(current(), [{ attributeAlias: 'short-description', oldValue: 'A classic shirt.', newValue: 'New' }])).toEqual({
      'short-description': [{ scope: {}, value: 'New' }],
    });
    expect(applyChanges(current(), [{ attributeAlias: 'tags', oldValue: ['a', 'b'], newValue: ['c'] }])).toEqual({ tags: [{ scope: {}, value: ['c'] }] });
  });

  it('is a conflict when the oldValue is stale, naming the attribute and giving expected and actual', () => {
    const error = conflictOf(() => applyChanges(current(), [{ attributeAlias: 'short-description', oldValue: 'Something else', newValue: 'New' }]));
    expect(error.code).toBe(ErrorCodes.conflict);
    expect(error.message).toContain('short-description');
    expect(error.details).toEqual([{ attributeAlias: 'short-description', scope: {}, expected: 'Something else', actual: 'A classic shirt.' }]);
  });

  it('names the scope of a conflicting scoped change', () => {
    const error = conflictOf(() => applyChanges(current(), [{ attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, oldValue: 500, newValue: 650 }]));
    expect(error.message).toContain('seg-dk');
    expect(error.details).toEqual([{ attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, expected: 500, actual: 599 }]);
  });

  it('an array oldValue in a different order is a conflict', () => {
    expect(() => applyChanges(current(), [{ attributeAlias: 'tags', oldValue: ['b', 'a'], newValue: [] }])).toThrow(DomainError);
  });

  it('oldValue null matches an absent value (a proposal to fill an empty scope)', () => {
    expect(applyChanges(current(), [{ attributeAlias: 'product-name', scope: de, oldValue: null, newValue: 'Hemd' }])['product-name']).toHaveLength(3);
    expect(applyChanges(current(), [{ attributeAlias: 'long-description', oldValue: null, newValue: 'Text' }])).toEqual({
      'long-description': [{ scope: {}, value: 'Text' }],
    });
  });

  it('oldValue null is a conflict when a value exists', () => {
    const error = conflictOf(() => applyChanges(current(), [{ attributeAlias: 'material', oldValue: null, newValue: 'Linen' }]));
    expect(error.details).toEqual([{ attributeAlias: 'material', scope: {}, expected: null, actual: '100% cotton' }]);
  });

  it('an oldValue is a conflict when the value is absent', () => {
    const error = conflictOf(() => applyChanges(current(), [{ attributeAlias: 'long-description', oldValue: 'Old text', newValue: 'Text' }]));
    expect(error.details).toEqual([{ attributeAlias: 'long-description', scope: {}, expected: 'Old text', actual: null }]);
  });

  it('an absent oldValue never conflicts', () => {
    expect(() => applyChanges(current(), [{ attributeAlias: 'material', newValue: 'Linen' }])).not.toThrow();
    expect(() => applyChanges(current(), [{ attributeAlias: 'long-description', newValue: 'Text' }])).not.toThrow();
  });

  it('one stale change fails the whole operation, listing every conflict', () => {
    const error = conflictOf(() =>
      applyChanges(current(), [
        { attributeAlias: 'short-description', oldValue: 'A classic shirt.', newValue: 'OK' },
        { attributeAlias: 'material', oldValue: 'Wool', newValue: 'Linen' },
        { attributeAlias: 'price', oldValue: 1, newValue: 2 },
      ]),
    );
    expect((error.details as { attributeAlias: string }[]).map((conflict) => conflict.attributeAlias)).toEqual(['material', 'price']);
  });

  it('applies several changes to one attribute in different scopes (set, insert and clear together)', () => {
    const next = applyChanges(current(), [
      { attributeAlias: 'product-name', scope: {}, oldValue: 'Classic Oxford Shirt', newValue: 'Oxford Shirt' },
      { attributeAlias: 'product-name', scope: de, oldValue: null, newValue: 'Oxford-Hemd' },
      { attributeAlias: 'product-name', scope: da, oldValue: 'Klassisk Oxford-skjorte', newValue: null },
    ]);
    expect(next).toEqual({
      'product-name': [
        { scope: {}, value: 'Oxford Shirt' },
        { scope: de, value: 'Oxford-Hemd' },
      ],
    });
  });

  it('applies changes to several attributes at once', () => {
    const next = applyChanges(current(), [
      { attributeAlias: 'short-description', newValue: 'S' },
      { attributeAlias: 'price', scope: { 'dim-market': 'seg-de' }, newValue: 80 },
    ]);
    expect(Object.keys(next).sort()).toEqual(['price', 'short-description']);
    expect(next.price).toEqual([
      { scope: {}, value: 79.99 },
      { scope: { 'dim-market': 'seg-dk' }, value: 599 },
      { scope: { 'dim-market': 'seg-de' }, value: 80 },
    ]);
  });

  it('a later change of the same scope builds on the earlier one', () => {
    const next = applyChanges(current(), [
      { attributeAlias: 'material', newValue: 'Linen' },
      { attributeAlias: 'material', oldValue: 'Linen', newValue: 'Linen blend' },
    ]);
    expect(next).toEqual({ material: [{ scope: {}, value: 'Linen blend' }] });
  });
});

describe('valuesOfCreate', () => {
  it('groups the changes by attribute, one scoped value each, global when no scope', () => {
    expect(
      valuesOfCreate([
        { attributeAlias: 'sku', newValue: 'NEW-001' },
        { attributeAlias: 'product-name', scope: {}, newValue: 'New shirt' },
        { attributeAlias: 'product-name', scope: da, newValue: 'Ny skjorte' },
        { attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, newValue: 100 },
      ]),
    ).toEqual({
      sku: [{ scope: {}, value: 'NEW-001' }],
      'product-name': [
        { scope: {}, value: 'New shirt' },
        { scope: da, value: 'Ny skjorte' },
      ],
      price: [{ scope: { 'dim-market': 'seg-dk' }, value: 100 }],
    });
  });

  it('leaves out null values, and attributes with only null values', () => {
    expect(
      valuesOfCreate([
        { attributeAlias: 'sku', newValue: 'NEW-002' },
        { attributeAlias: 'material', newValue: null },
        { attributeAlias: 'product-name', scope: da, newValue: null },
        { attributeAlias: 'product-name', newValue: 'Kept' },
      ]),
    ).toEqual({ sku: [{ scope: {}, value: 'NEW-002' }], 'product-name': [{ scope: {}, value: 'Kept' }] });
  });

  it('ignores oldValue and keeps falsy non-null values', () => {
    expect(
      valuesOfCreate([
        { attributeAlias: 'price', oldValue: 5, newValue: 0 },
        { attributeAlias: 'flag', newValue: false },
        { attributeAlias: 'note', newValue: '' },
      ]),
    ).toEqual({ price: [{ scope: {}, value: 0 }], flag: [{ scope: {}, value: false }], note: [{ scope: {}, value: '' }] });
  });

  it('is empty for no changes', () => {
    expect(valuesOfCreate([])).toEqual({});
  });
});
