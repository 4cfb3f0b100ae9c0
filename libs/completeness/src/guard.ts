import type { AttributeGuard, ScopedValue, ValuesMap } from '@sigma/contracts';

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Whether a guarded attribute is visible for a record's values. */
export type VisibilityTest = (values: ValuesMap) => boolean;

/**
 * Whether a guarded attribute is visible for a record: the guard is tested on the global value
 * of the attribute it names (e.g. sleeve-length shows only when garment-type is shirt or jacket).
 */
export function guardHolds(guard: AttributeGuard | undefined, values: ValuesMap): boolean {
  const test = compileGuard(guard);
  return test === undefined || test(values);
}

/**
 * The guard as a test compiled once (its expected values serialised ahead), for scoring many
 * records against one plan; undefined when there is no guard (always visible).
 */
export function compileGuard(guard: AttributeGuard | undefined): VisibilityTest | undefined {
  if (!guard) return undefined;
  const alias = guard.attributeAlias;
  switch (guard.operator) {
    case 'exists':
      return (values) => !isEmpty(globalValue(values[alias]));
    case 'equals': {
      const same = sameAs(guard.value);
      return (values) => {
        const subject = globalValue(values[alias]);
        return !isEmpty(subject) && same(subject);
      };
    }
    case 'notEquals': {
      const same = sameAs(guard.value);
      return (values) => !same(globalValue(values[alias]));
    }
    case 'in': {
      const allowed = (Array.isArray(guard.value) ? guard.value : [guard.value]).map(sameAs);
      // A multiselect subject is visible when any of its options is allowed.
      const allows = (item: unknown) => !isEmpty(item) && allowed.some((same) => same(item));
      return (values) => {
        const subject = globalValue(values[alias]);
        return Array.isArray(subject) ? subject.some(allows) : allows(subject);
      };
    }
    default:
      return () => false;
  }
}

/** The value of the entry with the global scope (the first one), if any. */
function globalValue(entries: ScopedValue[] | undefined): unknown {
  if (!entries) return undefined;
  for (let i = 0; i < entries.length; i++) if (isGlobal(entries[i].scope)) return entries[i].value;
  return undefined;
}

function isGlobal(scope: object): boolean {
  for (const key in scope) if (Object.hasOwn(scope, key)) return false;
  return true;
}

/** Equality as JSON (so arrays and objects compare by content), with the expected side serialised once. */
function sameAs(expected: unknown): (value: unknown) => boolean {
  const expectedJson = JSON.stringify(expected);
  return (value) => value === expected || JSON.stringify(value) === expectedJson;
}

export { isEmpty as isEmptyValue };
