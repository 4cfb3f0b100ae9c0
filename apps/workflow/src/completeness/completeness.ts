import type { AttributeDto, CompletenessDto, MissingSlot, Scope, ValuesMap } from '@sigma/contracts';
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

/**
 * The slots of one set of dimensions: the cartesian product of their segments, first dimension
 * outermost, so a scope's slot index is the mixed-radix number of its segment positions.
 */
export interface SlotGrid {
  dimensionIds: readonly string[];
  segmentIndex: ReadonlyMap<string, number>[];
  strides: number[];
  scopes: Scope[];
}

/**
 * Scores a record against a state's required attributes (PRODUCT.md "Completeness"):
 * an attribute without dimensions has one global slot; one with dimensions has a slot per
 * combination of its dimensions' segments, and the global value fills none of those.
 * A slot is filled by a non-empty value of exactly that scope. Attributes hidden by their
 * guard count neither as filled nor as missing. Unknown aliases are ignored.
 */
export function computeCompleteness(input: CompletenessInput): CompletenessDto {
  const grids = new Map<string, SlotGrid>();
  const missing: MissingSlot[] = [];
  let filled = 0;
  let total = 0;
  for (const alias of new Set(input.requiredAliases)) {
    const attribute = input.attributes.get(alias);
    if (!attribute || !guardHolds(attribute.guard, input.values)) continue;
    const gridKey = attribute.dimensionIds.join('\u0000');
    let grid = grids.get(gridKey);
    if (!grid) {
      grid = slotGrid(attribute.dimensionIds, input.segmentsByDimension);
      grids.set(gridKey, grid);
    }
    const held = filledSlots(input.values[alias], grid);
    for (let index = 0; index < grid.scopes.length; index++) {
      total++;
      if (held[index]) filled++;
      else missing.push({ attributeAlias: alias, scope: grid.scopes[index] });
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

export function slotGrid(dimensionIds: readonly string[], segmentsByDimension: ReadonlyMap<string, readonly string[]>): SlotGrid {
  const segmentLists = dimensionIds.map((dimensionId) => segmentsByDimension.get(dimensionId) ?? []);
  const strides = segmentLists.map((_, i) => segmentLists.slice(i + 1).reduce((product, list) => product * list.length, 1));
  let scopes: Scope[] = [{}];
  dimensionIds.forEach((dimensionId, i) => {
    scopes = scopes.flatMap((scope) => segmentLists[i].map((segment) => ({ ...scope, [dimensionId]: segment })));
  });
  return {
    dimensionIds,
    segmentIndex: segmentLists.map((list) => new Map(list.map((segment, position) => [segment, position]))),
    strides,
    scopes,
  };
}

/** Marks the slots that hold a non-empty value of exactly their scope. */
function filledSlots(values: ValuesMap[string] | undefined, grid: SlotGrid): Uint8Array {
  const held = new Uint8Array(grid.scopes.length);
  for (const entry of values ?? []) {
    if (isEmptyValue(entry.value)) continue;
    const index = slotIndex(entry.scope, grid);
    if (index !== undefined) held[index] = 1;
  }
  return held;
}

function slotIndex(scope: Scope, grid: SlotGrid): number | undefined {
  let keys = 0;
  for (const _ in scope) keys++;
  if (keys !== grid.dimensionIds.length) return undefined;
  let index = 0;
  for (let i = 0; i < grid.dimensionIds.length; i++) {
    const position = grid.segmentIndex[i].get(scope[grid.dimensionIds[i]]);
    if (position === undefined) return undefined;
    index += position * grid.strides[i];
  }
  return index;
}
