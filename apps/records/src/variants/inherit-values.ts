import { type ResolvedScopedValue, type ResolvedValuesMap, scopeKey, type ValuesMap } from '@sigma/contracts';

export interface Ancestor {
  id: string;
  values: ValuesMap;
}

/**
 * A variant's values with what it inherits from its parent chain (nearest ancestor first). Per
 * attribute and scope the nearest value wins: the variant's own, else its parent's, else the
 * grandparent's... Inherited entries carry `inherited: true` and the `inheritedFrom` record id.
 * Attributes in `notInherited` (unique ones such as `sku`, which identify one record) never inherit.
 * The variant's own values come first, then inherited ones in the ancestors' stored order.
 */
export function resolveInheritedValues(own: ValuesMap, ancestors: readonly Ancestor[], notInherited: ReadonlySet<string> = new Set()): ResolvedValuesMap {
  const resolved: ResolvedValuesMap = {};
  const taken = new Map<string, Set<string>>();
  const add = (alias: string, entry: ResolvedScopedValue) => {
    const scopes = taken.get(alias) ?? new Set<string>();
    const key = scopeKey(entry.scope);
    if (scopes.has(key)) return;
    scopes.add(key);
    taken.set(alias, scopes);
    (resolved[alias] ??= []).push(entry);
  };
  for (const [alias, scoped] of Object.entries(own)) for (const entry of scoped) add(alias, { scope: entry.scope, value: entry.value });
  for (const ancestor of ancestors) {
    for (const [alias, scoped] of Object.entries(ancestor.values)) {
      if (notInherited.has(alias)) continue;
      for (const entry of scoped) add(alias, { scope: entry.scope, value: entry.value, inherited: true, inheritedFrom: ancestor.id });
    }
  }
  return resolved;
}
