import type { EntityManager } from 'typeorm';
import type { RecordEntity } from '../../database/entities';
import { SELECT_RECORD } from '../record-list-queries';

/** The rows of `record` as the writer reads and writes them (plain SQL, one statement each). */

/** Locks the existing ones of these records for writing, in id order (the lock order of every record write). */
export async function lockRecords(manager: EntityManager, ids: readonly string[]): Promise<RecordEntity[]> {
  if (ids.length === 0) return [];
  return (await manager.query(`SELECT ${SELECT_RECORD} FROM record r WHERE r.id = ANY($1::text[]) ORDER BY r.id FOR UPDATE`, [
    [...new Set(ids)],
  ])) as RecordEntity[];
}

/**
 * Locks a variant's parent FOR SHARE: a concurrent delete of the parent waits for this create (and
 * then deletes the new variant too); returns the parent's schema, or undefined when it does not exist.
 */
export async function shareLockParent(manager: EntityManager, id: string): Promise<{ schemaId: string } | undefined> {
  const [row] = (await manager.query('SELECT schema_id AS "schemaId" FROM record WHERE id = $1 FOR SHARE', [id])) as { schemaId: string }[];
  return row;
}

/** The record and all its variants (any depth), locked, deepest first. Call with the root already locked. */
export async function lockTree(manager: EntityManager, rootId: string): Promise<RecordEntity[]> {
  return (await manager.query(
    `WITH RECURSIVE tree AS (
       SELECT id, 0 AS depth FROM record WHERE id = $1
       UNION ALL SELECT c.id, t.depth + 1 FROM record c JOIN tree t ON c.parent_id = t.id
     )
     SELECT ${SELECT_RECORD} FROM tree JOIN record r ON r.id = tree.id ORDER BY tree.depth DESC, r.id FOR UPDATE OF r`,
    [rootId],
  )) as RecordEntity[];
}

export async function insertRecord(manager: EntityManager, record: RecordEntity): Promise<void> {
  await manager.query(
    `INSERT INTO record (id, schema_id, lifecycle_state_id, parent_id, version, "values", created_at, updated_at, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      record.id,
      record.schemaId,
      record.lifecycleStateId,
      record.parentId,
      record.version,
      JSON.stringify(record.values),
      record.createdAt,
      record.updatedAt,
      record.createdBy,
      record.updatedBy,
    ],
  );
}

/** Writes the mutable columns of locked rows: one statement for any number of rows. */
export async function updateRecords(manager: EntityManager, records: readonly RecordEntity[]): Promise<void> {
  if (records.length === 0) return;
  if (records.length === 1) {
    const [r] = records;
    await manager.query(
      `UPDATE record SET "values" = $2, lifecycle_state_id = $3, version = $4, updated_at = $5, updated_by = $6 WHERE id = $1`,
      [r.id, JSON.stringify(r.values), r.lifecycleStateId, r.version, r.updatedAt, r.updatedBy],
    );
    return;
  }
  await manager.query(
    `UPDATE record r SET "values" = x.values, lifecycle_state_id = x.state, version = x.version, updated_at = x.updated_at, updated_by = x.updated_by
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, values jsonb, state text, version integer, updated_at timestamptz, updated_by text)
     WHERE r.id = x.id`,
    [
      JSON.stringify(
        records.map((r) => ({ id: r.id, values: r.values, state: r.lifecycleStateId, version: r.version, updated_at: r.updatedAt, updated_by: r.updatedBy })),
      ),
    ],
  );
}

/** Deletes the rows in one statement (the parent key is checked at its end, so a tree goes together). */
export async function deleteRecords(manager: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await manager.query('DELETE FROM record WHERE id = ANY($1::text[])', [[...ids]]);
}
