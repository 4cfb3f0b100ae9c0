import { type AttributeDto, type CompletenessDto, type MissingSlot, type Scope, scopeKey, type ValuesMap } from '@sigma/contracts';
import { guardHolds, isEmptyValue } from './guard';

export interface CompletenessInput {
  entityId: string;
  lifecycleStateId: string;
  /** The schema's attributes, by alias. */
  attributes: ReadonlyMap<string, AttributeDto>;
  /** Dimension id -> its segment ids, in display order. */
  segmentsByDimension: ReadonlyMap<string, readonly string[]>;
  requiredAliases: readonly string[];
  values: ValuesMap;
}

interface Slot {
  scope: Scope;
  key: string;
}

/**
 * Scores a record against a state's required attributes (PRODUCT.md "Completeness"):
 * an attribute without dimensions has one global slot; one with dimensions has a slot per
 * combination of its dimensions' segments, and the global value fills none of those.
 * A slot is filled by a non-empty value of exactly that scope. Attributes hidden by their
 * guard count neither as filled nor as missing. Unknown aliases are ignored.
 */
export function computeCompleteness(input: CompletenessInput): CompletenessDto {
  const slotCache = new Map<string, Slot[]>();
  const missing: MissingSlot[] = [];
  let filled = 0;
  let total = 0;
  for (const alias of new Set(input.requiredAliases)) {
    const attribute = input.attributes.get(alias);
    if (!attribute || !guardHolds(attribute.guard, input.values)) continue;
    const dimensionsKey = attribute.dimensionIds.join('\u0000');
    let slots = slotCache.get(dimensionsKey);
    if (!slots) {
      slots = slotsOf(attribute.dimensionIds, input.segmentsByDimension);
      slotCache.set(dimensionsKey, slots);
    }
    const held = filledScopeKeys(input.values[alias]);
    for (const slot of slots) {
      total++;
      if (held.has(slot.key)) filled++;
      else missing.push({ attributeAlias: alias, scope: slot.scope });
    }
  }
  return {
    entityId: input.entityId,
    lifecycleStateId: input.lifecycleStateId,
    filled,
    total,
    percentage: total === 0 ? 100 : Math.round((100 * filled) / total),
    missing,
  };
}

/** The cartesian product of the dimensions' segments; `[{}]` for a global attribute. */
export function slotsOf(dimensionIds: readonly string[], segmentsByDimension: ReadonlyMap<string, readonly string[]>): Slot[] {
  let scopes: Scope[] = [{}];
  for (const dimensionId of dimensionIds) {
    const segments = segmentsByDimension.get(dimensionId) ?? [];
    scopes = scopes.flatMap((scope) => segments.map((segment) => ({ ...scope, [dimensionId]: segment })));
  }
  return scopes.map((scope) => ({ scope, key: scopeKey(scope) }));
}

function filledScopeKeys(values: ValuesMap[string] | undefined): Set<string> {
  const keys = new Set<string>();
  for (const entry of values ?? []) if (!isEmptyValue(entry.value)) keys.add(scopeKey(entry.scope));
  return keys;
}
