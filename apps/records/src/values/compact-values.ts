import type { ValuesMap } from '@sigma/contracts';

/** Attributes left with no scoped value are dropped from the map. */
export function compact(values: ValuesMap): ValuesMap {
  return Object.fromEntries(Object.entries(values).filter(([, scoped]) => scoped.length > 0));
}
