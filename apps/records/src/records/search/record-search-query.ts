import { DomainError, FILTERED_TOTAL_CAP, type RecordListQuery, type RecordSort } from '@sigma/contracts';
import { SELECT_RECORD_TEXT, type SqlQuery } from '../record-list-queries';
import type { ResolvedCondition } from './attribute-conditions';
import { conditionSql } from './condition-sql';

/** A list query with its conditions checked: what the generic search statement is built from. */
export interface SearchPlan
  extends Pick<
    RecordListQuery,
    'schemaId' | 'lifecycleStateId' | 'categoryId' | 'updatedSince' | 'completeFor' | 'completenessGte' | 'completenessState' | 'offset' | 'limit'
  > {
  conditions: ResolvedCondition[];
  sort?: RecordSort;
  cursor?: string;
}

type Order = { column: string; cast: string; descending: boolean; name: string };

function orderOf(plan: SearchPlan): Order {
  if (!plan.sort && plan.categoryId) return { column: 'a.sort_order', cast: 'integer', descending: false, name: 'category' };
  const sort = plan.sort ?? 'createdAt';
  const descending = sort.startsWith('-');
  const column = sort.endsWith('updatedAt') ? 'r.updated_at' : 'r.created_at';
  return { column, cast: 'timestamptz', descending, name: sort };
}

function fromAndWhere(plan: SearchPlan, params: unknown[]): string {
  const conditions: string[] = [];
  let join = plan.categoryId ? ` JOIN category_assignment a ON a.record_id = r.id AND a.category_id = $${params.push(plan.categoryId)}` : '';
  join += completenessJoins(plan, params);
  if (plan.schemaId) conditions.push(`r.schema_id = $${params.push(plan.schemaId)}`);
  if (plan.lifecycleStateId) conditions.push(`r.lifecycle_state_id = $${params.push(plan.lifecycleStateId)}`);
  if (plan.updatedSince) conditions.push(`r.updated_at >= $${params.push(plan.updatedSince)}::timestamptz`);
  for (const condition of plan.conditions) conditions.push(conditionSql(condition, params));
  return `FROM record r${join}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
}

/**
 * The completeness filters join the stored per-state scores (record_completeness): one row per
 * record and state, indexed for `complete` and for `percent >=` within a state.
 */
function completenessJoins(plan: SearchPlan, params: unknown[]): string {
  let sql = '';
  if (plan.completeFor !== undefined)
    sql += ` JOIN record_completeness cf ON cf.record_id = r.id AND cf.state_id = $${params.push(plan.completeFor)} AND cf.complete`;
  if (plan.completenessGte !== undefined) {
    const state = plan.completenessState === undefined ? 'r.lifecycle_state_id' : `$${params.push(plan.completenessState)}`;
    sql += ` JOIN record_completeness cg ON cg.record_id = r.id AND cg.state_id = ${state} AND cg.percent >= $${params.push(plan.completenessGte)}`;
  }
  return sql;
}

/**
 * One page: offset paging, or keyset paging after `cursor` (same filters and sort). Rows carry
 * their sort key for the next cursor. `narrow`: the filter is known to match at most
 * FILTERED_TOTAL_CAP records (its total was counted below the cap), so the page sorts the matches
 * instead of walking the sort order. PostgreSQL cannot estimate how few records a value condition
 * matches and, for a LIMIT, walks the creation-time index testing each record's values: 2 s a
 * page at 1,000,000 records of 53 values, where the matches themselves are a few hundred.
 */
export function searchPageQuery(plan: SearchPlan, narrow = false): SqlQuery {
  return narrow ? matchesFirstPageQuery(plan) : sortOrderPageQuery(plan);
}

function keysetOf(plan: SearchPlan, order: Order, columns: { key: string; id: string }, params: unknown[]): string | undefined {
  if (!plan.cursor) return undefined;
  const { key, id } = decodeCursor(plan.cursor, order.name);
  return `(${columns.key}, ${columns.id}) ${order.descending ? '<' : '>'} ($${params.push(key)}::${order.cast}, $${params.push(id)})`;
}

function matchesFirstPageQuery(plan: SearchPlan): SqlQuery {
  const params: unknown[] = [];
  const order = orderOf(plan);
  const matched = `WITH matched AS MATERIALIZED (SELECT r.id, ${order.column} AS k ${fromAndWhere(plan, params)})`;
  const keyset = keysetOf(plan, order, { key: 'k', id: 'id' }, params);
  const direction = order.descending ? ' DESC' : '';
  // The page's keys first, so only its rows are read again for their columns.
  const page =
    `SELECT id, k FROM matched${keyset ? ` WHERE ${keyset}` : ''} ORDER BY k${direction}, id${direction} ` +
    `LIMIT $${params.push(plan.limit)} OFFSET $${params.push(plan.offset)}`;
  const sql = `${matched} SELECT ${SELECT_RECORD_TEXT}, (m.k)::text AS "sortKey" FROM (${page}) m JOIN record r ON r.id = m.id ORDER BY m.k${direction}, m.id${direction}`;
  return { sql, params };
}

function sortOrderPageQuery(plan: SearchPlan): SqlQuery {
  const params: unknown[] = [];
  const order = orderOf(plan);
  let sql = fromAndWhere(plan, params);
  const keyset = keysetOf(plan, order, { key: order.column, id: 'r.id' }, params);
  if (keyset) sql += sql.includes(' WHERE ') ? ` AND ${keyset}` : ` WHERE ${keyset}`;
  const direction = order.descending ? ' DESC' : '';
  sql = `SELECT ${SELECT_RECORD_TEXT}, (${order.column})::text AS "sortKey" ${sql} ORDER BY ${order.column}${direction}, r.id${direction}`;
  sql += ` LIMIT $${params.push(plan.limit)} OFFSET $${params.push(plan.offset)}`;
  return { sql, params };
}

/** How many records match, counted up to one past the cap (the cap bounds the work of a broad filter). */
export function searchTotalQuery(plan: SearchPlan): SqlQuery {
  const params: unknown[] = [];
  const sql = `SELECT count(*) AS total FROM (SELECT 1 ${fromAndWhere(plan, params)} LIMIT ${FILTERED_TOTAL_CAP + 1}) matched`;
  return { sql, params };
}

/** Opaque to clients: the sort it belongs to, the last row's sort key and id. */
export function encodeCursor(plan: SearchPlan, last: { sortKey: string; id: string }): string {
  return Buffer.from(JSON.stringify([orderOf(plan).name, last.sortKey, last.id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: string): { key: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string')) {
    throw DomainError.validation([{ field: 'cursor', rule: 'format', message: 'not a cursor this API returned' }]);
  }
  if (parsed[0] !== sort) {
    throw DomainError.validation([{ field: 'cursor', rule: 'same-sort', message: `the cursor belongs to sort '${parsed[0]}', not '${sort}'` }]);
  }
  return { key: parsed[1], id: parsed[2] };
}
