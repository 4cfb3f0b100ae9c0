import { type Scope, scopeKey, type ValuesMap } from '@sigma/contracts';
import { jsonEqual } from './deep-equal';

/** The value an attribute holds in exactly this scope (key order ignored); null when it holds none there. */
export function valueAt(values: ValuesMap, attributeAlias: string, scope: Scope = {}): unknown {
  const key = scopeKey(scope);
  return values[attributeAlias]?.find((entry) => scopeKey(entry.scope) === key)?.value ?? null;
}

/**
 * A change that gives `oldValue` expects it to be the value it replaces; when the record holds
 * something else (JSON-equal, object key order ignored) the change is stale: flagged when a set is
 * read and refused as a conflict at apply. Without `oldValue` a change is never stale.
 */
export function isStale(oldValue: unknown, current: unknown): boolean {
  return oldValue !== undefined && !jsonEqual(current, oldValue);
}
