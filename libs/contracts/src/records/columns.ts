import type { AttributeDto, DimensionDto } from '../workspace/workspace';
import type { Scope } from './records';

/**
 * The column convention of record files (export, and the imports that read them back): one column
 * per attribute and scope, named `<alias>` for the global scope and `<alias>@<dimensionId>=<segmentId>`
 * (several pairs joined by `+`, in the attribute's dimension order) for a scoped one, after an `id` column.
 */
export const ID_COLUMN = 'id';
const SCOPE_MARK = '@';
const PAIR_JOIN = '+';

export interface RecordColumn {
  name: string;
  attributeAlias: string;
  scope: Scope;
}

export function columnName(attributeAlias: string, scope: Scope, dimensionOrder: readonly string[] = Object.keys(scope)): string {
  const pairs = dimensionOrder.filter((dimensionId) => scope[dimensionId] !== undefined).map((dimensionId) => `${dimensionId}=${scope[dimensionId]}`);
  return pairs.length === 0 ? attributeAlias : `${attributeAlias}${SCOPE_MARK}${pairs.join(PAIR_JOIN)}`;
}

/** The attribute and scope a column names, or undefined when the name does not follow the convention. */
export function parseColumnName(name: string): { attributeAlias: string; scope: Scope } | undefined {
  const [attributeAlias, pairs, extra] = name.trim().split(SCOPE_MARK);
  if (!attributeAlias || extra !== undefined) return undefined;
  if (pairs === undefined) return { attributeAlias, scope: {} };
  const scope: Scope = {};
  for (const pair of pairs.split(PAIR_JOIN)) {
    const [dimensionId, segmentId, rest] = pair.split('=');
    if (!dimensionId || !segmentId || rest !== undefined || scope[dimensionId] !== undefined) return undefined;
    scope[dimensionId] = segmentId;
  }
  return { attributeAlias, scope };
}

/** Every column of a schema's records: each attribute over every scope its dimensions allow (their segments' product). */
export function recordColumns(attributes: readonly AttributeDto[], dimensions: readonly DimensionDto[]): RecordColumn[] {
  const segmentsOf = new Map(dimensions.map((dimension) => [dimension.id, dimension.segments.map((segment) => segment.id)]));
  return attributes.flatMap((attribute) => {
    let scopes: Scope[] = [{}];
    for (const dimensionId of attribute.dimensionIds) {
      const segments = segmentsOf.get(dimensionId) ?? [];
      scopes = scopes.flatMap((scope) => segments.map((segmentId) => ({ ...scope, [dimensionId]: segmentId })));
    }
    return scopes.map((scope) => ({ name: columnName(attribute.alias, scope, attribute.dimensionIds), attributeAlias: attribute.alias, scope }));
  });
}

/** A value as a cell: text as it is, numbers and booleans as written, lists and objects as JSON, nothing as empty. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
