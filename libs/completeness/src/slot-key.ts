import { type MissingSlot, normalizeScope, type Scope } from '@sigma/contracts';

/**
 * A slot (attribute alias and scope) as one text, what the stored projection lists per score and
 * counts per slot: equal slots give equal keys whatever order the scope's dimensions come in, and
 * the key reads back into the slot.
 */
export function slotKey(slot: MissingSlot): string {
  return JSON.stringify([slot.attributeAlias, normalizeScope(slot.scope)]);
}

/** The slot of a key made by `slotKey`. */
export function parseSlotKey(key: string): MissingSlot {
  const [attributeAlias, scope] = JSON.parse(key) as [string, Scope];
  return { attributeAlias, scope };
}

/** Plans share one frozen entry per slot across results (see CompletenessPlan), so each key is built once. */
const keys = new WeakMap<MissingSlot, string>();

export function cachedSlotKey(slot: MissingSlot): string {
  let key = keys.get(slot);
  if (key === undefined) {
    key = slotKey(slot);
    keys.set(slot, key);
  }
  return key;
}
