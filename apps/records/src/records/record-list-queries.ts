import type { EntityManager } from 'typeorm';
import type { RecordDto, RecordListQuery } from '@sigma/contracts';
import type { RecordEntity } from '../database/entities';

/** A parameterised statement ($1, $2, … in `sql`). */
export interface SqlQuery {
  sql: string;
  params: unknown[];
}

export type RecordFilter = Pick<RecordListQuery, 'schemaId' | 'lifecycleStateId' | 'categoryId'>;

/** Column of each RecordEntity property; `satisfies` makes a new entity column a compile error here. */
const RECORD_COLUMNS = {
  id: 'id',
  schemaId: 'schema_id',
  lifecycleStateId: 'lifecycle_state_id',
  parentId: 'parent_id',
  version: 'version',
  values: 'values',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  createdBy: 'created_by',
  updatedBy: 'updated_by',
} satisfies Record<keyof RecordEntity, string>;

export const SELECT_RECORD = Object.entries(RECORD_COLUMNS)
  .map(([property, column]) => `r."${column}" AS "${property}"`)
  .join(', ');

/**
 * A record row as its RecordDto's fields (timestamps already ISO 8601 text) and its values as
 * jsonb text: what a page passes on without parsing (toRecordJson).
 */
export type RecordTextRow = Omit<RecordDto, 'values'> & { valuesJson: string };

/** The fields of a RecordTextRow that are the RecordDto's (all but the values), in the DTO's order. */
export const RECORD_TEXT_FIELDS = Object.keys(RECORD_COLUMNS).filter((property) => property !== 'values');

/** toISOString's form (UTC, milliseconds truncated), made by PostgreSQL instead of parsed into a Date and printed again. */
const isoText = (column: string) => `to_char(r."${column}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** SELECT_RECORD as a RecordTextRow, in the same column order (the RecordDto's). */
export const SELECT_RECORD_TEXT = Object.entries(RECORD_COLUMNS)
  .map(([property, column]) => {
    if (property === 'values') return `r."${column}"::text AS "valuesJson"`;
    return `${property === 'createdAt' || property === 'updatedAt' ? isoText(column) : `r."${column}"`} AS "${property}"`;
  })
  .join(', ');

/** `alias.schema_id = $n` and `alias.lifecycle_state_id = $n` for the filters that are set; pushes their values. */
function recordConditions(filter: RecordFilter, alias: string, params: unknown[]): string[] {
  const conditions: string[] = [];
  if (filter.schemaId) conditions.push(`${alias}.schema_id = $${params.push(filter.schemaId)}`);
  if (filter.lifecycleStateId) conditions.push(`${alias}.lifecycle_state_id = $${params.push(filter.lifecycleStateId)}`);
  return conditions;
}

const where = (conditions: string[]) => (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '');

/**
 * One page of records. The inner query picks the page's ids from an index alone (index-only scan
 * on the composite index matching filter + order), so a deep offset skips index entries, not
 * heap rows; only the page's own rows are then read by primary key.
 * Order: creation (then id), or with `categoryId` the category's sort order (then id).
 */
export function recordPageQuery(query: RecordFilter & Pick<RecordListQuery, 'offset' | 'limit'>): SqlQuery {
  const params: unknown[] = [];
  let ids: string;
  let order: string;
  if (query.categoryId) {
    const inCategory = `a.category_id = $${params.push(query.categoryId)}`;
    const filters = recordConditions(query, 'f', params);
    const join = filters.length ? ' JOIN record f ON f.id = a.record_id' : '';
    ids = `SELECT a.record_id AS id, a.sort_order FROM category_assignment a${join}${where([inCategory, ...filters])} ORDER BY a.sort_order, a.record_id`;
    order = 'page.sort_order, page.id';
  } else {
    ids = `SELECT f.id, f.created_at FROM record f${where(recordConditions(query, 'f', params))} ORDER BY f.created_at, f.id`;
    order = 'page.created_at, page.id';
  }
  const limit = `LIMIT $${params.push(query.limit)} OFFSET $${params.push(query.offset)}`;
  // LATERAL … LIMIT 1 rather than a plain join: the same nested loop by primary key, but planned in
  // ~0.25 ms instead of ~1.2 ms (a join on id makes the planner probe record_pkey's ends for estimates).
  const row = 'CROSS JOIN LATERAL (SELECT * FROM record WHERE record.id = page.id LIMIT 1) r';
  return { sql: `SELECT ${SELECT_RECORD_TEXT} FROM (${ids} ${limit}) page ${row} ORDER BY ${order}`, params };
}

/**
 * The exact number of records matching the filter. Schema and state filters read the trigger
 * maintained `record_count` (a sum over a few rows, whatever the table size); a category has no
 * counter, so its assignments are counted (index-only on category_assignment_category_idx, joined
 * to record only when a schema or state filter needs the record's columns).
 */
export function recordTotalQuery(filter: RecordFilter): SqlQuery {
  const params: unknown[] = [];
  if (filter.categoryId) {
    const inCategory = `a.category_id = $${params.push(filter.categoryId)}`;
    const filters = recordConditions(filter, 'r', params);
    const join = filters.length ? ' JOIN record r ON r.id = a.record_id' : '';
    return { sql: `SELECT count(*) AS total FROM category_assignment a${join}${where([inCategory, ...filters])}`, params };
  }
  return { sql: `SELECT coalesce(sum(c.n), 0)::bigint AS total FROM record_count c${where(recordConditions(filter, 'c', params))}`, params };
}

/** One record by id, as plain SQL: TypeORM's findOneBy cost ~15% of the records CPU of a read. */
export async function readRecordById(manager: EntityManager, id: string): Promise<RecordEntity | undefined> {
  const [row] = (await manager.query(`SELECT ${SELECT_RECORD} FROM record r WHERE r.id = $1`, [id])) as RecordEntity[];
  return row;
}

export async function readRecordPage(manager: EntityManager, query: RecordFilter & Pick<RecordListQuery, 'offset' | 'limit'>): Promise<RecordTextRow[]> {
  const { sql, params } = recordPageQuery(query);
  return (await manager.query(sql, params)) as RecordTextRow[];
}

export async function readRecordTotal(manager: EntityManager, filter: RecordFilter): Promise<number> {
  const { sql, params } = recordTotalQuery(filter);
  const [{ total }] = (await manager.query(sql, params)) as { total: string }[];
  return Number(total);
}
