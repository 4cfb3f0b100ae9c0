import fc from 'fast-check';
import type { Scope, ScopedValue, ValueChange, ValuesMap } from '@sigma/contracts';
import { diffValues } from './diff-values';
import { scopeKey } from './scope';

const da = { 'dim-language': 'seg-da' };
const de = { 'dim-language': 'seg-de' };
const dk = { 'dim-market': 'seg-dk' };

const before: ValuesMap = {
  'product-name': [
    { scope: {}, value: 'Coastal Windbreaker' },
    { scope: da, value: 'Kyst Vindjakke' },
  ],
  sku: [{ scope: {}, value: 'CW-001' }],
  price: [
    { scope: {}, value: 129.99 },
    { scope: dk, value: 969 },
  ],
};

describe('diffValues', () => {
  it('lists a changed scope with its old and new value', () => {
    const after = { ...before, sku: [{ scope: {}, value: 'CW-002' }] };
    expect(diffValues(before, after, ['sku'])).toEqual([{ attributeAlias: 'sku', scope: {}, oldValue: 'CW-001', newValue: 'CW-002' }]);
  });

  it('reports the PUT price example of the API document as one change per scope', () => {
    const after: ValuesMap = {
      ...before,
      price: [
        { scope: {}, value: 149.99 },
        { scope: dk, value: 1099 },
        { scope: { 'dim-market': 'seg-de' }, value: 159.99 },
      ],
    };
    expect(diffValues(before, after, ['price'])).toEqual([
      { attributeAlias: 'price', scope: {}, oldValue: 129.99, newValue: 149.99 },
      { attributeAlias: 'price', scope: dk, oldValue: 969, newValue: 1099 },
      { attributeAlias: 'price', scope: { 'dim-market': 'seg-de' }, oldValue: null, newValue: 159.99 },
    ]);
  });

  it('gives a new scope oldValue null and a removed scope newValue null', () => {
    const after: ValuesMap = {
      'product-name': [
        { scope: {}, value: 'Coastal Windbreaker' },
        { scope: de, value: 'Kuesten Windjacke' },
      ],
    };
    expect(diffValues(before, after, ['product-name'])).toEqual([
      { attributeAlias: 'product-name', scope: de, oldValue: null, newValue: 'Kuesten Windjacke' },
      { attributeAlias: 'product-name', scope: da, oldValue: 'Kyst Vindjakke', newValue: null },
    ]);
  });

  it('treats an attribute missing on either side as having no values', () => {
    expect(diffValues({}, { material: [{ scope: {}, value: 'Cotton' }] }, ['material'])).toEqual([
      { attributeAlias: 'material', scope: {}, oldValue: null, newValue: 'Cotton' },
    ]);
    expect(diffValues(before, {}, ['sku'])).toEqual([{ attributeAlias: 'sku', scope: {}, oldValue: 'CW-001', newValue: null }]);
    expect(diffValues({}, {}, ['sku'])).toEqual([]);
  });

  it('looks only at the aliases it is given', () => {
    const after = { sku: [{ scope: {}, value: 'CW-009' }] };
    expect(diffValues(before, after, ['price'])).toEqual([
      { attributeAlias: 'price', scope: {}, oldValue: 129.99, newValue: null },
      { attributeAlias: 'price', scope: dk, oldValue: 969, newValue: null },
    ]);
    expect(diffValues(before, after, [])).toEqual([]);
  });

  it('matches scopes regardless of key order', () => {
    const a: ValuesMap = { x: [{ scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' }, value: 'v' }] };
    const b: ValuesMap = { x: [{ scope: { 'dim-market': 'seg-dk', 'dim-language': 'seg-da' }, value: 'v' }] };
    expect(diffValues(a, b, ['x'])).toEqual([]);
  });

  it('compares values structurally: equal objects and arrays are no change, reordered arrays are', () => {
    const a: ValuesMap = { tags: [{ scope: {}, value: ['cotton', 'linen'] }], spec: [{ scope: {}, value: { w: 1, h: 2 } }] };
    const same: ValuesMap = { tags: [{ scope: {}, value: ['cotton', 'linen'] }], spec: [{ scope: {}, value: { h: 2, w: 1 } }] };
    expect(diffValues(a, same, ['tags', 'spec'])).toEqual([]);
    const reordered: ValuesMap = { ...same, tags: [{ scope: {}, value: ['linen', 'cotton'] }] };
    expect(diffValues(a, reordered, ['tags', 'spec'])).toEqual([
      { attributeAlias: 'tags', scope: {}, oldValue: ['cotton', 'linen'], newValue: ['linen', 'cotton'] },
    ]);
  });

  it('tells falsy values from absent ones', () => {
    const a: ValuesMap = { flag: [{ scope: {}, value: false }], n: [{ scope: {}, value: 0 }] };
    const b: ValuesMap = { flag: [{ scope: {}, value: true }], n: [{ scope: {}, value: '' }] };
    expect(diffValues(a, b, ['flag', 'n'])).toEqual([
      { attributeAlias: 'flag', scope: {}, oldValue: false, newValue: true },
      { attributeAlias: 'n', scope: {}, oldValue: 0, newValue: '' },
    ]);
    expect(diffValues({}, a, ['flag'])).toEqual([{ attributeAlias: 'flag', scope: {}, oldValue: null, newValue: false }]);
  });
});

describe('diffValues (properties)', () => {
  const aliases = ['product-name', 'sku', 'price', 'material', 'tags'];
  const scopes: Scope[] = [{}, da, de, dk, { 'dim-market': 'seg-de' }, { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' }];
  /** Stored values are never null: a null clears its scope before anything is stored. */
  const storedValue = fc.jsonValue({ maxDepth: 2 }).filter((value) => value !== null);
  const scopedValues: fc.Arbitrary<ScopedValue[]> = fc
    .uniqueArray(fc.constantFrom(...scopes), { selector: scopeKey, maxLength: scopes.length })
    .chain((chosen) => fc.tuple(...chosen.map((scope) => storedValue.map((value) => ({ scope, value })))));
  const valuesMap: fc.Arbitrary<ValuesMap> = fc.dictionary(fc.constantFrom(...aliases), scopedValues, { maxKeys: aliases.length });
  const key = (change: ValueChange) => `${change.attributeAlias}\u0000${scopeKey(change.scope)}`;

  it('diffValues(a, a) is empty', () => {
    fc.assert(
      fc.property(valuesMap, (a) => {
        expect(diffValues(a, a, aliases)).toEqual([]);
        expect(diffValues(a, JSON.parse(JSON.stringify(a)) as ValuesMap, aliases)).toEqual([]);
      }),
    );
  });

  it('diff of {} -> x lists every scoped value of x once, with oldValue null', () => {
    fc.assert(
      fc.property(valuesMap, (x) => {
        const changes = diffValues({}, x, Object.keys(x));
        const expected = Object.entries(x).flatMap(([alias, list]) =>
          list.map((entry) => ({ attributeAlias: alias, scope: entry.scope, oldValue: null, newValue: entry.value })),
        );
        expect(changes).toEqual(expected);
      }),
    );
  });

  it('diff of x -> {} lists every scoped value of x with newValue null', () => {
    fc.assert(
      fc.property(valuesMap, (x) => {
        const changes = diffValues(x, {}, Object.keys(x));
        expect(changes).toHaveLength(Object.values(x).reduce((sum, list) => sum + list.length, 0));
        expect(changes.every((change) => change.newValue === null && change.oldValue !== null)).toBe(true);
      }),
    );
  });

  it('diff(b, a) is diff(a, b) with old and new swapped, one change per alias and scope', () => {
    fc.assert(
      fc.property(valuesMap, valuesMap, (a, b) => {
        const forward = diffValues(a, b, aliases);
        const backward = diffValues(b, a, aliases);
        expect(new Set(forward.map(key)).size).toBe(forward.length);
        const swapped = new Map(backward.map((change) => [key(change), { ...change, oldValue: change.newValue, newValue: change.oldValue }]));
        expect(new Map(forward.map((change) => [key(change), change]))).toEqual(swapped);
      }),
    );
  });

  it('replaying the changes onto a turns it into b', () => {
    fc.assert(
      fc.property(valuesMap, valuesMap, (a, b) => {
        const state = new Map<string, unknown>();
        for (const [alias, list] of Object.entries(a)) for (const entry of list) state.set(`${alias}\u0000${scopeKey(entry.scope)}`, entry.value);
        for (const change of diffValues(a, b, aliases)) {
          if (change.newValue === null) state.delete(key(change));
          else state.set(key(change), change.newValue);
        }
        const target = new Map<string, unknown>();
        for (const [alias, list] of Object.entries(b)) for (const entry of list) target.set(`${alias}\u0000${scopeKey(entry.scope)}`, entry.value);
        expect(state).toEqual(target);
      }),
    );
  });
});
