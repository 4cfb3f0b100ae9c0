import type { EntityManager } from 'typeorm';
import { type AttributeDto, DomainError, uniqueValueKey, type ValidationIssue, type ValuesMap } from '@sigma/contracts';
import { scopeKey } from '../values/scope';

/** The message of a value already held by another record, the same at submit and at write. */
export function uniqueClashMessage(value: unknown, holder: string | undefined): string {
  return `value ${uniqueValueKey(value)} is already used by record ${holder ?? '(another record)'}`;
}

/**
 * For each (attribute, scope, value), the record other than `exceptRecordId` that holds it, if any:
 * the same index the write claims, read without claiming.
 */
export async function findUniqueHolders(
  manager: EntityManager,
  candidates: readonly { attributeAlias: string; scope: Record<string, string>; value: unknown; exceptRecordId?: string }[],
): Promise<(string | undefined)[]> {
  if (candidates.length === 0) return [];
  const rows: { i: number; record_id: string }[] = await manager.query(
    `SELECT t.i, u.record_id
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(a, s, v, x, i)
     JOIN unique_value u ON u.attribute_alias = t.a AND u.scope_key = t.s AND u.value_key = t.v AND u.record_id IS DISTINCT FROM t.x`,
    [
      candidates.map((c) => c.attributeAlias),
      candidates.map((c) => scopeKey(c.scope)),
      candidates.map((c) => uniqueValueKey(c.value)),
      candidates.map((c) => c.exceptRecordId ?? null),
    ],
  );
  const holders: (string | undefined)[] = candidates.map(() => undefined);
  for (const row of rows) holders[Number(row.i) - 1] = row.record_id;
  return holders;
}

interface UniqueRow {
  attributeAlias: string;
  scopeKey: string;
  valueKey: string;
  scope: Record<string, string>;
  value: unknown;
}

/**
 * Replaces the unique-index rows of `aliases` for a record. The table's primary key makes
 * uniqueness hold under concurrency: a clash becomes a 400 naming the attribute and holder.
 */
export async function replaceUniqueValues(
  manager: EntityManager,
  recordId: string,
  attributes: ReadonlyMap<string, AttributeDto>,
  values: ValuesMap,
  aliases: Iterable<string>,
): Promise<void> {
  const uniqueAliases = [...aliases].filter((alias) => attributes.get(alias)?.rules.unique);
  if (uniqueAliases.length === 0) return;
  await manager.query('DELETE FROM unique_value WHERE record_id = $1 AND attribute_alias = ANY($2)', [recordId, uniqueAliases]);
  const rows: UniqueRow[] = uniqueAliases.flatMap((alias) =>
    (values[alias] ?? []).map((entry) => ({
      attributeAlias: alias,
      scopeKey: scopeKey(entry.scope),
      valueKey: uniqueValueKey(entry.value),
      scope: entry.scope,
      value: entry.value,
    })),
  );
  if (rows.length === 0) return;
  const inserted: { attribute_alias: string; scope_key: string; value_key: string }[] = await manager.query(
    `INSERT INTO unique_value (attribute_alias, scope_key, value_key, record_id)
     SELECT a, s, v, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(a, s, v)
     ON CONFLICT DO NOTHING
     RETURNING attribute_alias, scope_key, value_key`,
    [rows.map((r) => r.attributeAlias), rows.map((r) => r.scopeKey), rows.map((r) => r.valueKey), recordId],
  );
  if (inserted.length === rows.length) return;
  const key = (a: string, s: string, v: string) => `${a}\u0000${s}\u0000${v}`;
  const ok = new Set(inserted.map((row) => key(row.attribute_alias, row.scope_key, row.value_key)));
  const clashes = rows.filter((row) => !ok.has(key(row.attributeAlias, row.scopeKey, row.valueKey)));
  const issues: ValidationIssue[] = [];
  for (const clash of clashes) {
    const [holder] = (await manager.query(
      'SELECT record_id FROM unique_value WHERE attribute_alias = $1 AND scope_key = $2 AND value_key = $3',
      [clash.attributeAlias, clash.scopeKey, clash.valueKey],
    )) as { record_id: string }[];
    issues.push({
      field: `values.${clash.attributeAlias}`,
      rule: 'unique',
      message: uniqueClashMessage(clash.value, holder?.record_id),
      attributeAlias: clash.attributeAlias,
      scope: clash.scope,
    });
  }
  throw DomainError.validation(issues);
}
