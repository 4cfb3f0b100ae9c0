import type { Scope } from './records';

/** Canonical text of a scope: key order does not matter, `''` is global. */
export function scopeKey(scope: Scope): string {
  return Object.keys(scope)
    .sort()
    .map((dimensionId) => `${dimensionId}=${scope[dimensionId]}`)
    .join('|');
}

/** Same scope with keys sorted, so stored and returned scopes are stable. */
export function normalizeScope(scope: Scope): Scope {
  const out: Scope = {};
  for (const key of Object.keys(scope).sort()) out[key] = scope[key];
  return out;
}

export function isGlobalScope(scope: Scope): boolean {
  return Object.keys(scope).length === 0;
}

/** How unique values compare, in records' index and in a change set alike: by their JSON text ("1" and 1 differ). */
export function uniqueValueKey(value: unknown): string {
  return JSON.stringify(value);
}
