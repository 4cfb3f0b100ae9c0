import type { AttributeGuard, ValuesMap } from '@sigma/contracts';

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Whether a guarded attribute is visible for a record: the guard is tested on the global value
 * of the attribute it names (e.g. sleeve-length shows only when garment-type is shirt or jacket).
 */
export function guardHolds(guard: AttributeGuard | undefined, values: ValuesMap): boolean {
  if (!guard) return true;
  const subject = values[guard.attributeAlias]?.find((entry) => Object.keys(entry.scope).length === 0)?.value;
  switch (guard.operator) {
    case 'exists':
      return !isEmpty(subject);
    case 'equals':
      return !isEmpty(subject) && sameValue(subject, guard.value);
    case 'notEquals':
      return !sameValue(subject, guard.value);
    case 'in': {
      const allowed = Array.isArray(guard.value) ? guard.value : [guard.value];
      // A multiselect subject is visible when any of its options is allowed.
      const held = Array.isArray(subject) ? subject : [subject];
      return held.some((item) => !isEmpty(item) && allowed.some((option) => sameValue(item, option)));
    }
    default:
      return false;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export { isEmpty as isEmptyValue };
