import type { EntityManager } from 'typeorm';
import { DomainError, type ScopedValue, type WorkspaceConflict } from '@sigma/contracts';
import { scopeKey } from '../../values/scope';
import { type AttributeChangePlan, type AttributeUsage, usageKey } from './schema-changes';

const MAX_REPORTED_CLASHES = 20;

/** Counts the records of a schema holding values the plan would strand or break. */
export async function countAttributeUsage(manager: EntityManager, schemaId: string, plan: AttributeChangePlan): Promise<AttributeUsage> {
  const aliases = [...new Set([...plan.removed, ...plan.retyped.map((change) => change.alias)])];
  const valuesByAlias = new Map<string, number>();
  if (aliases.length) {
    const rows: { alias: string; record_count: number }[] = await manager.query(
      `SELECT attribute.alias, count(*)::int AS record_count
         FROM record r, jsonb_each(r."values") AS attribute(alias, scoped)
        WHERE r.schema_id = $1 AND attribute.alias = ANY($2::text[])
          AND jsonb_typeof(attribute.scoped) = 'array' AND jsonb_array_length(attribute.scoped) > 0
        GROUP BY attribute.alias`,
      [schemaId, aliases],
    );
    for (const row of rows) valuesByAlias.set(row.alias, row.record_count);
  }
  const scopedValues = new Map<string, number>();
  if (plan.droppedDimensions.length) {
    const rows: { alias: string; dimension_id: string; record_count: number }[] = await manager.query(
      `SELECT pair.alias, pair.dimension_id, count(DISTINCT r.id)::int AS record_count
         FROM unnest($2::text[], $3::text[]) AS pair(alias, dimension_id)
         JOIN record r ON r.schema_id = $1 AND jsonb_typeof(r."values" -> pair.alias) = 'array'
         CROSS JOIN LATERAL jsonb_array_elements(r."values" -> pair.alias) AS entry
        WHERE jsonb_typeof(entry -> 'scope') = 'object' AND (entry -> 'scope') ? pair.dimension_id
        GROUP BY pair.alias, pair.dimension_id`,
      [schemaId, plan.droppedDimensions.map((drop) => drop.alias), plan.droppedDimensions.map((drop) => drop.dimensionId)],
    );
    for (const row of rows) scopedValues.set(usageKey(row.alias, row.dimension_id), row.record_count);
  }
  return { valuesByAlias, scopedValues };
}

/**
 * Keeps the workspace-wide unique index in step with the `unique` rule: rows of attributes that
 * stop being unique go; values of attributes that become unique are indexed now, and values
 * already held twice make the change a 409 naming them.
 */
export async function syncUniqueIndex(
  manager: EntityManager,
  schemaId: string,
  plan: Pick<AttributeChangePlan, 'uniqueAdded' | 'uniqueRemoved'>,
  fieldOf: (alias: string) => string,
): Promise<void> {
  if (plan.uniqueRemoved.length) {
    await manager.query(
      `DELETE FROM unique_value u USING record r WHERE u.record_id = r.id AND r.schema_id = $1 AND u.attribute_alias = ANY($2::text[])`,
      [schemaId, plan.uniqueRemoved],
    );
  }
  const conflicts: WorkspaceConflict[] = [];
  for (const alias of plan.uniqueAdded) conflicts.push(...(await indexValues(manager, schemaId, alias, fieldOf(alias))));
  if (conflicts.length) {
    throw DomainError.conflict(
      `Records already hold the same value for attributes that would become unique: ${[...new Set(conflicts.map((c) => c.attributeAlias))].join(', ')}`,
      conflicts.slice(0, MAX_REPORTED_CLASHES),
    );
  }
}

async function indexValues(manager: EntityManager, schemaId: string, alias: string, field: string): Promise<WorkspaceConflict[]> {
  const records: { id: string; scoped: ScopedValue[] }[] = await manager.query(
    `SELECT id, "values" -> $2 AS scoped FROM record WHERE schema_id = $1 AND jsonb_typeof("values" -> $2) = 'array' ORDER BY id`,
    [schemaId, alias],
  );
  const rows = records.flatMap((record) =>
    record.scoped.map((entry) => ({ recordId: record.id, scopeKey: scopeKey(entry.scope ?? {}), valueKey: JSON.stringify(entry.value) })),
  );
  if (rows.length === 0) return [];
  const inserted: { scope_key: string; value_key: string; record_id: string }[] = await manager.query(
    `INSERT INTO unique_value (attribute_alias, scope_key, value_key, record_id)
     SELECT $1, s, v, r FROM unnest($2::text[], $3::text[], $4::text[]) AS t(s, v, r)
     ON CONFLICT DO NOTHING
     RETURNING scope_key, value_key, record_id`,
    [alias, rows.map((row) => row.scopeKey), rows.map((row) => row.valueKey), rows.map((row) => row.recordId)],
  );
  if (inserted.length === rows.length) return [];
  const key = (scope: string, value: string) => `${scope}\u0000${value}`;
  const holders = new Map<string, string>();
  const held: { scope_key: string; value_key: string; record_id: string }[] = await manager.query(
    `SELECT scope_key, value_key, record_id FROM unique_value WHERE attribute_alias = $1 AND value_key = ANY($2::text[])`,
    [alias, [...new Set(rows.map((row) => row.valueKey))]],
  );
  for (const row of held) holders.set(key(row.scope_key, row.value_key), row.record_id);
  const indexed = new Set(inserted.map((row) => `${row.record_id}\u0000${key(row.scope_key, row.value_key)}`));
  return rows
    .filter((row) => !indexed.has(`${row.recordId}\u0000${key(row.scopeKey, row.valueKey)}`))
    .map((row) => ({
      field,
      rule: 'unique-violated' as const,
      message: `value ${row.valueKey}${row.scopeKey ? ` (scope ${row.scopeKey})` : ''} of '${alias}' is held by ${row.recordId} and ${holders.get(key(row.scopeKey, row.valueKey)) ?? 'another record'}`,
      attributeAlias: alias,
    }));
}
