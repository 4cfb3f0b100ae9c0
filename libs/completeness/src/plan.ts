import type { AttributeDto, MissingSlot, Scope, ValuesMap } from '@sigma/contracts';
import { compileGuard, isEmptyValue, type VisibilityTest } from './guard';

/** What a plan is built from: one state's required aliases against one schema and the workspace's dimensions. */
export interface PlanInput {
  lifecycleStateId: string;
  /** The schema's attributes, by alias. */
  attributes: ReadonlyMap<string, AttributeDto>;
  /** Dimension id -> its segment ids, in display order. */
  segmentsByDimension: ReadonlyMap<string, readonly string[]>;
  requiredAliases: readonly string[];
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

/** One required attribute of a plan, in the state's order. */
export interface PlannedAttribute {
  readonly alias: string;
  readonly grid: SlotGrid;
  /** undefined: always visible. */
  readonly visible: VisibilityTest | undefined;
  /** The attribute's first slot in the plan's numbering (slots of all attributes, in order). */
  readonly offset: number;
  readonly slots: number;
}

export interface SlotScore {
  filled: number;
  total: number;
}

/**
 * A state's completeness rule compiled once against a schema and the dimensions (docs/product-decisions.md
 * "Completeness"): required aliases deduplicated and resolved, each attribute's slot grid and
 * compiled guard, and every slot numbered. Scoring a record only probes its values: no scope,
 * string or array is built per slot, and the missing-slot objects are made once per plan.
 *
 * `score` leaves which slots the record filled in the plan's scratch buffers, read by
 * `missingOfLast` / `countMissingOfLast` until the next `score`; a plan serves one caller at a
 * time, which scoring synchronously guarantees.
 */
export class CompletenessPlan {
  readonly attributes: readonly PlannedAttribute[];
  /** Slots of every required attribute (visible or not). */
  readonly slotCount: number;
  private readonly held: Uint8Array;
  private readonly shown: Uint8Array;
  /** Slot number -> its missing-slot entry, made on first use and shared by every result. */
  private readonly slotEntries: (MissingSlot | undefined)[];

  constructor(readonly lifecycleStateId: string, attributes: PlannedAttribute[]) {
    this.attributes = attributes;
    this.slotCount = attributes.reduce((sum, attribute) => sum + attribute.slots, 0);
    this.held = new Uint8Array(this.slotCount);
    this.shown = new Uint8Array(attributes.length);
    this.slotEntries = new Array<MissingSlot | undefined>(this.slotCount).fill(undefined);
  }

  /** Filled and total slots of a record; hidden guarded attributes count for neither. */
  score(values: ValuesMap): SlotScore {
    const held = this.held;
    held.fill(0);
    let filled = 0;
    let total = 0;
    const attributes = this.attributes;
    for (let a = 0; a < attributes.length; a++) {
      const attribute = attributes[a];
      if (attribute.visible !== undefined && !attribute.visible(values)) {
        this.shown[a] = 0;
        continue;
      }
      this.shown[a] = 1;
      total += attribute.slots;
      const entries = values[attribute.alias];
      if (entries === undefined || entries === null) continue;
      for (let e = 0; e < entries.length; e++) {
        const entry = entries[e];
        if (isEmptyValue(entry.value)) continue;
        const index = slotIndex(entry.scope, attribute.grid);
        if (index < 0) continue;
        const slot = attribute.offset + index;
        if (held[slot] === 0) {
          held[slot] = 1;
          filled++;
        }
      }
    }
    return { filled, total };
  }

  /** The missing slots of the record scored last, attribute by attribute in the state's order, slots in grid order. */
  missingOfLast(count: number): MissingSlot[] {
    const missing = new Array<MissingSlot>(count);
    let next = 0;
    const attributes = this.attributes;
    for (let a = 0; a < attributes.length && next < count; a++) {
      if (this.shown[a] === 0) continue;
      const end = attributes[a].offset + attributes[a].slots;
      for (let slot = attributes[a].offset; slot < end; slot++) {
        if (this.held[slot] === 0) missing[next++] = this.slotEntries[slot] ?? this.slotEntry(a, slot);
      }
    }
    return missing;
  }

  /** Adds one to `counts[slot]` for every slot the record scored last misses (slot numbering of this plan). */
  countMissingOfLast(counts: Uint32Array): void {
    const attributes = this.attributes;
    for (let a = 0; a < attributes.length; a++) {
      if (this.shown[a] === 0) continue;
      const end = attributes[a].offset + attributes[a].slots;
      for (let slot = attributes[a].offset; slot < end; slot++) if (this.held[slot] === 0) counts[slot]++;
    }
  }

  /** The attribute and scope of a slot number. */
  slotAt(slot: number): MissingSlot {
    let low = 0;
    let high = this.attributes.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.attributes[middle].offset <= slot) low = middle;
      else high = middle - 1;
    }
    return this.slotEntries[slot] ?? this.slotEntry(low, slot);
  }

  /** Frozen: the entry is shared by every result that misses this slot, so no caller may change another's. */
  private slotEntry(a: number, slot: number): MissingSlot {
    const { alias, grid, offset } = this.attributes[a];
    const entry = Object.freeze({ attributeAlias: alias, scope: grid.scopes[slot - offset] });
    this.slotEntries[slot] = entry;
    return entry;
  }
}

/** Compiles a state's rule; unknown aliases are ignored and repeated ones count once. */
export function buildPlan(input: PlanInput): CompletenessPlan {
  const grids = new Map<string, SlotGrid>();
  const planned: PlannedAttribute[] = [];
  let offset = 0;
  for (const alias of new Set(input.requiredAliases)) {
    const attribute = input.attributes.get(alias);
    if (!attribute) continue;
    const gridKey = attribute.dimensionIds.join('\u0000');
    let grid = grids.get(gridKey);
    if (!grid) {
      grid = slotGrid(attribute.dimensionIds, input.segmentsByDimension);
      grids.set(gridKey, grid);
    }
    planned.push({ alias, grid, visible: compileGuard(attribute.guard), offset, slots: grid.scopes.length });
    offset += grid.scopes.length;
  }
  return new CompletenessPlan(input.lifecycleStateId, planned);
}

/**
 * Everything a plan depends on, as text: equal keys give equal plans. Cheaper than building the
 * plan (no scopes), so a cache can tell whether the schema, dimensions or state changed.
 */
export function planKey(input: PlanInput): string {
  const parts = [input.lifecycleStateId];
  const dimensions = new Set<string>();
  for (const alias of input.requiredAliases) {
    const attribute = input.attributes.get(alias);
    if (!attribute) {
      parts.push(`${alias}?`);
      continue;
    }
    for (const dimensionId of attribute.dimensionIds) dimensions.add(dimensionId);
    parts.push(`${alias}:${attribute.dimensionIds.join(',')}:${attribute.guard ? JSON.stringify(attribute.guard) : ''}`);
  }
  for (const dimensionId of dimensions) parts.push(`${dimensionId}=${input.segmentsByDimension.get(dimensionId)?.join(',') ?? '?'}`);
  return parts.join('\u0001');
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
    scopes: scopes.map((scope) => Object.freeze(scope)),
  };
}

/** The slot a scope fills, or -1 when it names other dimensions or an unknown segment. */
function slotIndex(scope: Scope, grid: SlotGrid): number {
  const dimensionIds = grid.dimensionIds;
  let index = 0;
  for (let i = 0; i < dimensionIds.length; i++) {
    const position = grid.segmentIndex[i].get(scope[dimensionIds[i]]);
    if (position === undefined) return -1;
    index += position * grid.strides[i];
  }
  let keys = 0;
  for (const _ in scope) keys++;
  return keys === dimensionIds.length ? index : -1;
}
