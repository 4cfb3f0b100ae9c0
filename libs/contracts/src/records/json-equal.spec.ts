import fc from 'fast-check';
import { jsonEqual } from './json-equal';

/** The same JSON value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reverseKeys(item)]));
  }
  return value;
}

describe('jsonEqual', () => {
  it.each([
    [1, 1],
    ['a', 'a'],
    [true, true],
    [null, null],
    [[], []],
    [{}, {}],
    [[1, [2, { a: 3 }]], [1, [2, { a: 3 }]]],
    [{ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }],
  ])('%j equals %j', (a, b) => {
    expect(jsonEqual(a, b)).toBe(true);
  });

  it.each([
    [1, '1'],
    [0, false],
    ['', null],
    [null, {}],
    [{}, null],
    [[], {}],
    [{}, []],
    [[1, 2], [2, 1]],
    [[1, 2], [1, 2, 3]],
    [{ a: 1 }, { a: 1, b: 2 }],
    [{ a: 1, b: 2 }, { a: 1 }],
    [{ a: 1 }, { b: 1 }],
    [{ a: { b: [1] } }, { a: { b: [2] } }],
    [['shirt'], 'shirt'],
  ])('%j differs from %j', (a, b) => {
    expect(jsonEqual(a, b)).toBe(false);
  });

  it('does not mistake a missing key for one holding undefined', () => {
    expect(jsonEqual({ a: undefined }, { b: undefined })).toBe(false);
  });

  it('is reflexive on deep copies and ignores key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = JSON.parse(JSON.stringify(value)) as unknown;
        expect(jsonEqual(value, copy)).toBe(true);
        expect(jsonEqual(value, reverseKeys(copy))).toBe(true);
      }),
    );
  });

  it('is symmetric and agrees with comparing canonical JSON (property)', () => {
    const canonical = (value: unknown): string => JSON.stringify(value, (_, item: unknown) =>
      item !== null && typeof item === 'object' && !Array.isArray(item)
        ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : item,
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => {
        expect(jsonEqual(a, b)).toBe(jsonEqual(b, a));
        expect(jsonEqual(a, b)).toBe(canonical(a) === canonical(b));
      }),
    );
  });
});
