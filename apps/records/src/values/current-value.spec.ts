import type { ValuesMap } from '@sigma/contracts';
import { isStale, valueAt } from './current-value';

const values: ValuesMap = {
  price: [
    { scope: {}, value: 100 },
    { scope: { 'dim-market': 'seg-dk' }, value: 899 },
  ],
  'product-name': [{ scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' }, value: 'Skjorte' }],
  tags: [{ scope: {}, value: [{ a: 1, b: [1, 2] }] }],
};

describe('valueAt', () => {
  it('reads the value of exactly the scope, global included', () => {
    expect(valueAt(values, 'price', {})).toBe(100);
    expect(valueAt(values, 'price', { 'dim-market': 'seg-dk' })).toBe(899);
  });

  it('ignores the key order of the scope', () => {
    expect(valueAt(values, 'product-name', { 'dim-market': 'seg-dk', 'dim-language': 'seg-da' })).toBe('Skjorte');
  });

  it('is null for a scope or attribute without a value (the global value does not stand in)', () => {
    expect(valueAt(values, 'price', { 'dim-market': 'seg-de' })).toBeNull();
    expect(valueAt(values, 'material')).toBeNull();
    expect(valueAt({}, 'price')).toBeNull();
  });
});

describe('isStale', () => {
  it('is never stale without an oldValue', () => {
    expect(isStale(undefined, 'anything')).toBe(false);
  });

  it('compares JSON values structurally, object key order ignored', () => {
    expect(isStale([{ b: [1, 2], a: 1 }], valueAt(values, 'tags'))).toBe(false);
    expect(isStale([{ a: 1, b: [2, 1] }], valueAt(values, 'tags'))).toBe(true);
  });

  it('tells a value from another of another type ("1" vs 1) and from no value', () => {
    expect(isStale('100', 100)).toBe(true);
    expect(isStale(100, 100)).toBe(false);
    expect(isStale(null, null)).toBe(false);
    expect(isStale(null, 'Linen')).toBe(true);
    expect(isStale('Linen', null)).toBe(true);
  });
});
