import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { type CategoryAssignmentDto, DomainError, RecordEvents, type RpcContext } from '@sigma/contracts';
import { appendToOutbox } from '@sigma/db';
import { RecordEntity } from '../database/entities';
import { actorId, recordEvent } from '../records/record-events';
import { categoriesChange } from './assignment-rules';

/*
 * Lock order of every catalog write, so two never wait on each other in a circle:
 * catalog row -> category rows (by id) -> record rows (by id).
 * Assignment writers take category rows FOR KEY SHARE (a category cannot vanish under them);
 * category deletes take them FOR UPDATE (no assignment can appear under them).
 */

/** Locks the existing ones of these categories; returns id -> catalog id. */
export async function lockCategories(manager: EntityManager, ids: readonly string[], mode: 'KEY SHARE' | 'UPDATE'): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows: { id: string; catalog_id: string }[] = await manager.query(
    `SELECT id, catalog_id FROM category WHERE id = ANY($1::text[]) ORDER BY id FOR ${mode === 'UPDATE' ? 'UPDATE' : 'KEY SHARE'}`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((row) => [row.id, row.catalog_id]));
}

/** Locks the records for writing, in id order. */
export async function lockRecords(manager: EntityManager, ids: readonly string[]): Promise<RecordEntity[]> {
  if (ids.length === 0) return [];
  return manager
    .createQueryBuilder(RecordEntity, 'r')
    .setLock('pessimistic_write')
    .where('r.id IN (:...ids)', { ids: [...new Set(ids)] })
    .orderBy('r.id', 'ASC')
    .getMany();
}

export async function lockRecord(manager: EntityManager, id: string): Promise<RecordEntity> {
  const [record] = await lockRecords(manager, [id]);
  if (!record) throw DomainError.notFound('Record', id);
  return record;
}

/** Assignments of the records, across catalogs: by catalog id, then category id. */
export async function assignmentsOf(manager: EntityManager, recordIds: readonly string[]): Promise<CategoryAssignmentDto[]> {
  if (recordIds.length === 0) return [];
  const rows: { record_id: string; category_id: string; sort_order: number }[] = await manager.query(
    `SELECT a.record_id, a.category_id, a.sort_order
       FROM category_assignment a JOIN category c ON c.id = a.category_id
      WHERE a.record_id = ANY($1::text[])
      ORDER BY a.record_id, c.catalog_id, a.category_id`,
    [[...new Set(recordIds)]],
  );
  return rows.map((row) => ({ entityId: row.record_id, categoryId: row.category_id, sortOrder: row.sort_order }));
}

/** Category id -> the sort order after its last record. */
export async function nextSortOrders(manager: EntityManager, categoryIds: readonly string[]): Promise<Map<string, number>> {
  if (categoryIds.length === 0) return new Map();
  const rows: { category_id: string; next: number }[] = await manager.query(
    `SELECT category_id, max(sort_order)::int + 1 AS next FROM category_assignment WHERE category_id = ANY($1::text[]) GROUP BY category_id`,
    [[...new Set(categoryIds)]],
  );
  const next = new Map(rows.map((row) => [row.category_id, row.next]));
  return new Map(categoryIds.map((id) => [id, next.get(id) ?? 0]));
}

export function categoryIdsByRecord(assignments: readonly CategoryAssignmentDto[]): Map<string, string[]> {
  const byRecord = new Map<string, string[]>();
  for (const assignment of assignments) byRecord.set(assignment.entityId, [...(byRecord.get(assignment.entityId) ?? []), assignment.categoryId]);
  return byRecord;
}

/**
 * For each locked record whose category set changed: bumps its version and writes the audited
 * `records.record.updated` event (attributeAlias `categories`) in the caller's transaction.
 */
export async function recordCategoryChanges(
  manager: EntityManager,
  records: readonly RecordEntity[],
  before: ReadonlyMap<string, readonly string[]>,
  after: ReadonlyMap<string, readonly string[]>,
  context: RpcContext,
): Promise<string[]> {
  const now = new Date();
  const events = [];
  const changed: string[] = [];
  for (const record of records) {
    const change = categoriesChange(before.get(record.id) ?? [], after.get(record.id) ?? []);
    if (!change) continue;
    record.version += 1;
    record.updatedAt = now;
    record.updatedBy = actorId(context);
    await manager.update(
      RecordEntity,
      { id: record.id },
      { version: record.version, updatedAt: now, updatedBy: record.updatedBy } as QueryDeepPartialEntity<RecordEntity>,
    );
    events.push(recordEvent(RecordEvents.updated, record, { schemaId: record.schemaId, changes: [change] }, context, now));
    changed.push(record.id);
  }
  await appendToOutbox(manager, events);
  return changed;
}

/**
 * Deletes the categories (any tree shape, one statement, so parents and children go together),
 * removing their assignments with an audited update of every record that loses one.
 */
export async function deleteCategories(manager: EntityManager, ids: readonly string[], context: RpcContext): Promise<string[]> {
  await lockCategories(manager, ids, 'UPDATE');
  const assigned: { record_id: string }[] = await manager.query(
    'SELECT DISTINCT record_id FROM category_assignment WHERE category_id = ANY($1::text[])',
    [[...ids]],
  );
  const records = await lockRecords(manager, assigned.map((row) => row.record_id));
  const recordIds = records.map((record) => record.id);
  const before = categoryIdsByRecord(await assignmentsOf(manager, recordIds));
  await manager.query('DELETE FROM category WHERE id = ANY($1::text[])', [[...ids]]);
  const after = categoryIdsByRecord(await assignmentsOf(manager, recordIds));
  return recordCategoryChanges(manager, records, before, after, context);
}
