/**
 * Record search: conditions on attribute values per scope, combined with AND. Equality (`eq`, `in`)
 * is answered from an index on the values; the other operators narrow what the other filters
 * (schema, state, sku, updatedSince, equality) select, so give at least one of those on large catalogs.
 */
export const ATTRIBUTE_OPERATORS = ['eq', 'in', 'contains', 'empty', 'notEmpty', 'gt', 'gte', 'lt', 'lte'] as const;
export type AttributeOperator = (typeof ATTRIBUTE_OPERATORS)[number];

export interface AttributeCondition {
  attribute: string;
  /** The scope of the value compared; `{}` or absent is global. Only that exact scope matches. */
  scope?: Record<string, string>;
  operator: AttributeOperator;
  /** eq/contains/gt/gte/lt/lte: one value; in: a non-empty array; empty/notEmpty: none. */
  value?: unknown;
}

export const RECORD_SORTS = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
export type RecordSort = (typeof RECORD_SORTS)[number];

export const MAX_ATTRIBUTE_CONDITIONS = 10;
export const MAX_IN_VALUES = 100;
/** Filtered totals are counted up to this many; beyond it `total` is this number and `totalIsLowerBound` is true. */
export const FILTERED_TOTAL_CAP = 10_000;
