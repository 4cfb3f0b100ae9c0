import type { ScopedValue, ValueChange, ValuesMap } from '@sigma/contracts';
import { jsonEqual } from './deep-equal';
import { scopeKey } from './scope';

/**
 * The per-scope changes between two versions of the named attributes: a value that appears
 * has oldValue null, one that goes has newValue null, an equal one is not a change.
 */
export function diffValues(before: ValuesMap, after: ValuesMap, aliases: Iterable<string>): ValueChange[] {
  const changes: ValueChange[] = [];
  for (const alias of aliases) {
    const old = byScope(before[alias] ?? []);
    const next = byScope(after[alias] ?? []);
    for (const [key, entry] of next) {
      const previous = old.get(key);
      if (!previous || !jsonEqual(previous.value, entry.value))
        changes.push({ attributeAlias: alias, scope: entry.scope, oldValue: previous?.value ?? null, newValue: entry.value });
    }
    for (const [key, entry] of old) {
      if (!next.has(key)) changes.push({ attributeAlias: alias, scope: entry.scope, oldValue: entry.value, newValue: null });
    }
  }
  return changes;
}

function byScope(values: ScopedValue[]): Map<string, ScopedValue> {
  return new Map(values.map((entry) => [scopeKey(entry.scope), entry]));
}
