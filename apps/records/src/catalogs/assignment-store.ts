import type { EntityManager } from 'typeorm';
import { type CategoryAssignmentDto, DomainError, type RpcContext } from '@sigma/contracts';
import type { RecordEntity } from '../database/entities';
import type { RecordMutation } from '../records/writer/record-mutations';
import { lockRecords } from '../records/writer/record-rows';
import type { RecordWriter } from '../records/writer/record-writer';
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
 * The writes that version and audit each record whose category set changed (attributeAlias
 * `categories`, sorted ids before and after); the caller runs them through the RecordWriter.
 */
export function categoryMutations(
  recordIds: readonly string[],
  before: ReadonlyMap<string, readonly string[]>,
  after: ReadonlyMap<string, readonly string[]>,
): Extract<RecordMutation, { kind: 'categories' }>[] {
  return recordIds.flatMap((id) => {
    const change = categoriesChange(before.get(id) ?? [], after.get(id) ?? []);
    return change ? [{ kind: 'categories', id, change } as const] : [];
  });
}

/**
 * Deletes the categories (any tree shape, one statement, so parents and children go together),
 * removing their assignments with an audited update of every record that loses one.
 */
export async function deleteCategories(manager: EntityManager, writer: RecordWriter, ids: readonly string[], context: RpcContext): Promise<string[]> {
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
  const mutations = categoryMutations(recordIds, before, after);
  await writer.writeAll(manager, mutations, context);
  return mutations.map((mutation) => mutation.id);
}
