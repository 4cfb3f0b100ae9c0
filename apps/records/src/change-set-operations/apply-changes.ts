import { DomainError, ErrorCodes, normalizeScope, type RecordOperation, type ScopedValue, setScopedValue, type ValuesMap } from '@sigma/contracts';
import { isStale } from '../values/current-value';

/**
 * The new scoped values of each attribute an update operation touches, built on the current
 * values: each change sets (or, with null, clears) one scope. A change carrying `oldValue` that
 * no longer equals the current value is a conflict, and nothing of the operation is applied.
 */
export function applyChanges(current: ValuesMap, changes: RecordOperation['changes']): ValuesMap {
  const next: ValuesMap = {};
  const conflicts: { attributeAlias: string; scope: Record<string, string>; expected: unknown; actual: unknown }[] = [];
  for (const change of changes) {
    const scope = normalizeScope(change.scope ?? {});
    const list: ScopedValue[] = next[change.attributeAlias] ?? [...(current[change.attributeAlias] ?? [])];
    const actual = setScopedValue(list, scope, change.newValue);
    if (isStale(change.oldValue, actual)) {
      conflicts.push({ attributeAlias: change.attributeAlias, scope, expected: change.oldValue, actual });
    }
    next[change.attributeAlias] = list;
  }
  if (conflicts.length > 0) {
    const names = conflicts.map((c) => `${c.attributeAlias}${Object.keys(c.scope).length ? ` ${JSON.stringify(c.scope)}` : ''}`);
    throw new DomainError(ErrorCodes.conflict, `Current value changed since the proposal: ${names.join(', ')}`, conflicts);
  }
  return next;
}

/** The values map of a create operation. */
export function valuesOfCreate(changes: RecordOperation['changes']): ValuesMap {
  const values: ValuesMap = {};
  for (const change of changes) {
    if (change.newValue === null) continue;
    (values[change.attributeAlias] ??= []).push({ scope: change.scope ?? {}, value: change.newValue });
  }
  return values;
}
