import fc from 'fast-check';
import type { Scope } from '@sigma/contracts';
import { isGlobalScope, normalizeScope, scopeKey } from './scope';

/** Stable ids as the workspace chooses them (`dim-language`, `seg-da`). */
const stableId = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
const scopeArb = fc.dictionary(stableId, stableId, { maxKeys: 5 });

/** The same scope with its keys inserted in another order. */
function reordered(scope: Scope, order: number[]): Scope {
  const keys = Object.keys(scope);
  const out: Scope = {};
  for (const index of order.map((n) => n % Math.max(keys.length, 1))) if (keys[index] !== undefined) out[keys[index]] = scope[keys[index]];
  for (const key of keys.reverse()) if (!(key in out)) out[key] = scope[key];
  return out;
}

describe('scopeKey', () => {
  it('is empty for the global scope', () => {
    expect(scopeKey({})).toBe('');
  });

  it('names each dimension and its segment', () => {
    expect(scopeKey({ 'dim-language': 'seg-da' })).toBe('dim-language=seg-da');
  });

  it('ignores key order', () => {
    expect(scopeKey({ 'dim-market': 'seg-dk', 'dim-language': 'seg-da' })).toBe(scopeKey({ 'dim-language': 'seg-da', 'dim-market': 'seg-dk' }));
  });

  it('tells apart the same segment id in two dimensions (seg-de is German and Germany)', () => {
    expect(scopeKey({ 'dim-language': 'seg-de' })).not.toBe(scopeKey({ 'dim-market': 'seg-de' }));
  });

  it('is independent of key order (property)', () => {
    fc.assert(
      fc.property(scopeArb, fc.array(fc.nat(), { maxLength: 8 }), (scope, order) => {
        const other = reordered(scope, order);
        expect(other).toEqual(scope);
        expect(scopeKey(other)).toBe(scopeKey(scope));
      }),
    );
  });

  it('gives different scopes of stable ids different keys (property)', () => {
    fc.assert(
      fc.property(scopeArb, scopeArb, (a, b) => {
        const same = JSON.stringify(normalizeScope(a)) === JSON.stringify(normalizeScope(b));
        expect(scopeKey(a) === scopeKey(b)).toBe(same);
      }),
    );
  });
});

describe('normalizeScope', () => {
  it('sorts the keys and keeps every pair', () => {
    const normalized = normalizeScope({ 'dim-market': 'seg-dk', 'dim-language': 'seg-da' });
    expect(Object.keys(normalized)).toEqual(['dim-language', 'dim-market']);
    expect(normalized).toEqual({ 'dim-language': 'seg-da', 'dim-market': 'seg-dk' });
  });

  it('returns a copy, leaving the input as it was', () => {
    const input = { b: 'x', a: 'y' };
    const normalized = normalizeScope(input);
    expect(normalized).not.toBe(input);
    expect(Object.keys(input)).toEqual(['b', 'a']);
  });

  it('is idempotent, order-independent and keeps the scope key (property)', () => {
    fc.assert(
      fc.property(scopeArb, fc.array(fc.nat(), { maxLength: 8 }), (scope, order) => {
        const normalized = normalizeScope(scope);
        expect(normalized).toEqual(scope);
        expect(Object.keys(normalized)).toEqual(Object.keys(scope).sort());
        expect(normalizeScope(normalized)).toEqual(normalized);
        expect(JSON.stringify(normalizeScope(reordered(scope, order)))).toBe(JSON.stringify(normalized));
        expect(scopeKey(normalized)).toBe(scopeKey(scope));
      }),
    );
  });
});

describe('isGlobalScope', () => {
  it('is true only for {}', () => {
    expect(isGlobalScope({})).toBe(true);
    expect(isGlobalScope({ 'dim-language': 'seg-da' })).toBe(false);
  });
});
