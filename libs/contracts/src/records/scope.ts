import type { Scope, ScopedValue } from './records';

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

/**
 * Writes one change into an attribute's scoped values, in place, as a record write does: the value
 * of that scope is replaced where it stood (or appended), and a null newValue clears it. Returns
 * the value the scope held before (null when none).
 */
export function setScopedValue(list: ScopedValue[], scope: Scope, newValue: unknown): unknown {
  const normalized = normalizeScope(scope);
  const key = scopeKey(normalized);
  const index = list.findIndex((entry) => scopeKey(entry.scope) === key);
  const previous = index >= 0 ? list[index].value : null;
  if (index >= 0) list.splice(index, 1);
  if (newValue !== null) list.splice(index >= 0 ? index : list.length, 0, { scope: normalized, value: newValue });
  return previous;
}
