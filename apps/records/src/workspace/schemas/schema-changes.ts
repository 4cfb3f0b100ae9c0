import type { AttributeDto, DataType, WorkspaceConflict } from '@sigma/contracts';

/** What replacing a schema's attribute list changes that existing record values may depend on. */
export interface AttributeChangePlan {
  removed: string[];
  retyped: { alias: string; index: number; from: DataType; to: DataType }[];
  /** Dimensions an attribute no longer has: values scoped by them would be orphaned. */
  droppedDimensions: { alias: string; index: number; dimensionId: string }[];
  uniqueAdded: string[];
  uniqueRemoved: string[];
}

/** Records holding values, as counted in the database for a plan. */
export interface AttributeUsage {
  /** alias -> records of the schema holding at least one value. */
  valuesByAlias: ReadonlyMap<string, number>;
  /** `${alias}\u0000${dimensionId}` -> records holding a value of the alias scoped by the dimension. */
  scopedValues: ReadonlyMap<string, number>;
}

export const usageKey = (alias: string, dimensionId: string): string => `${alias}\u0000${dimensionId}`;

export function planAttributeChanges(current: readonly AttributeDto[], next: readonly AttributeDto[]): AttributeChangePlan {
  const before = new Map(current.map((attribute) => [attribute.alias, attribute]));
  const kept = new Set(next.map((attribute) => attribute.alias));
  const plan: AttributeChangePlan = {
    removed: current.filter((attribute) => !kept.has(attribute.alias)).map((attribute) => attribute.alias),
    retyped: [],
    droppedDimensions: [],
    uniqueAdded: [],
    uniqueRemoved: current.filter((attribute) => attribute.rules.unique && !kept.has(attribute.alias)).map((a) => a.alias),
  };
  next.forEach((attribute, index) => {
    const old = before.get(attribute.alias);
    if (attribute.rules.unique && !old?.rules.unique) plan.uniqueAdded.push(attribute.alias);
    if (!old) return;
    if (old.rules.unique && !attribute.rules.unique) plan.uniqueRemoved.push(attribute.alias);
    if (old.dataType !== attribute.dataType) plan.retyped.push({ alias: attribute.alias, index, from: old.dataType, to: attribute.dataType });
    for (const dimensionId of old.dimensionIds.filter((id) => !attribute.dimensionIds.includes(id)))
      plan.droppedDimensions.push({ alias: attribute.alias, index, dimensionId });
  });
  return plan;
}

/** True when the plan touches something record values may depend on, so usage must be counted. */
export function needsUsageCheck(plan: AttributeChangePlan): boolean {
  return plan.removed.length + plan.retyped.length + plan.droppedDimensions.length > 0;
}

/** Changes refused because records of the schema still hold values they would strand or break. */
export function findAttributeConflicts(plan: AttributeChangePlan, usage: AttributeUsage): WorkspaceConflict[] {
  const conflicts: WorkspaceConflict[] = [];
  for (const alias of plan.removed) {
    const recordCount = usage.valuesByAlias.get(alias) ?? 0;
    if (recordCount > 0)
      conflicts.push({
        field: 'attributes',
        rule: 'attribute-in-use',
        message: `attribute '${alias}' cannot be removed: ${recordCount} record(s) hold values for it`,
        attributeAlias: alias,
        recordCount,
      });
  }
  for (const { alias, index, from, to } of plan.retyped) {
    const recordCount = usage.valuesByAlias.get(alias) ?? 0;
    if (recordCount > 0)
      conflicts.push({
        field: `attributes[${index}].dataType`,
        rule: 'data-type-in-use',
        message: `dataType of '${alias}' cannot change from ${from} to ${to}: ${recordCount} record(s) hold values for it`,
        attributeAlias: alias,
        recordCount,
      });
  }
  for (const { alias, index, dimensionId } of plan.droppedDimensions) {
    const recordCount = usage.scopedValues.get(usageKey(alias, dimensionId)) ?? 0;
    if (recordCount > 0)
      conflicts.push({
        field: `attributes[${index}].dimensionIds`,
        rule: 'dimension-in-use',
        message: `'${alias}' cannot drop dimension '${dimensionId}': ${recordCount} record(s) hold values scoped by it`,
        attributeAlias: alias,
        dimensionId,
        recordCount,
      });
  }
  return conflicts;
}
