import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DomainError,
  RECORD_VALUES_PAGE_DEFAULT_LIMIT,
  RECORD_VALUES_PAGE_MAX_JSON_CHARS,
  RECORD_VALUES_PAGE_MAX_LIMIT,
  type RecordValues,
  type RecordValuesPage,
  type RecordValuesPageRequest,
  type ValidationIssue,
  type ValuesMap,
} from '@sigma/contracts';
import { SchemaEntity } from '../database/entities';

export interface PageRow {
  id: string;
  lifecycle_state_id: string;
  /** created_at in UTC with microseconds: the cursor must name the exact position. */
  created: string;
  /** As text, so the page can stop at a size before anything is parsed. */
  values_json: string;
}

const COLUMNS = `id, lifecycle_state_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created, "values"::text AS values_json`;
// Both walk record_schema_created_idx (schema_id, created_at, id) as a range: no row of another schema is read.
const FIRST_PAGE = `SELECT ${COLUMNS} FROM record WHERE schema_id = $1 ORDER BY created_at, id LIMIT $2`;
const NEXT_PAGE = `SELECT ${COLUMNS} FROM record WHERE schema_id = $1 AND (created_at, id) > ($3::timestamptz, $4::text) ORDER BY created_at, id LIMIT $2`;
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(.+)$/s;

/**
 * One schema's records in creation order, a keyset page at a time (`records.record.list-values`):
 * only id, state and values, for callers that read every record of a schema (re-scoring
 * completeness). A record keeps its place whatever is written to it, so a walk to the end sees each
 * record once. A page ends at `limit` records or once its values reach RECORD_VALUES_PAGE_MAX_JSON_CHARS
 * of JSON (never empty while records remain), so a reply stays bounded however large records are.
 */
@Injectable()
export class RecordPagesService {
  constructor(private readonly dataSource: DataSource) {}

  async listValues(request: RecordValuesPageRequest): Promise<RecordValuesPage> {
    const { schemaId, after, limit } = validPageRequest(request);
    if (!(await this.dataSource.manager.existsBy(SchemaEntity, { id: schemaId }))) throw DomainError.notFound('Schema', schemaId);
    const rows: PageRow[] = after
      ? await this.dataSource.query(NEXT_PAGE, [schemaId, limit, after.created, after.id])
      : await this.dataSource.query(FIRST_PAGE, [schemaId, limit]);
    return pageOf(rows, limit, RECORD_VALUES_PAGE_MAX_JSON_CHARS);
  }
}

/** Cuts the rows at the size budget (keeping at least one) and parses the values of those kept. */
export function pageOf(rows: PageRow[], limit: number, maxJsonChars: number): RecordValuesPage {
  const items: RecordValues[] = [];
  let chars = 0;
  for (const row of rows) {
    if (items.length > 0 && chars + row.values_json.length > maxJsonChars) return { items, next: cursorOf(rows[items.length - 1]) };
    chars += row.values_json.length;
    items.push({ id: row.id, lifecycleStateId: row.lifecycle_state_id, values: JSON.parse(row.values_json) as ValuesMap });
  }
  return { items, next: rows.length === limit && rows.length > 0 ? cursorOf(rows[rows.length - 1]) : null };
}

const cursorOf = (row: PageRow) => `${row.created}|${row.id}`;

interface ValidPageRequest {
  schemaId: string;
  after?: { created: string; id: string };
  limit: number;
}

function validPageRequest(request: RecordValuesPageRequest): ValidPageRequest {
  const issues: ValidationIssue[] = [];
  const { schemaId, after, limit = RECORD_VALUES_PAGE_DEFAULT_LIMIT } = request ?? ({} as RecordValuesPageRequest);
  if (typeof schemaId !== 'string' || schemaId.length === 0) issues.push({ field: 'schemaId', rule: 'required', message: 'schemaId must be a non-empty string' });
  const cursor = typeof after === 'string' ? CURSOR.exec(after) : null;
  if (after !== undefined && !cursor) issues.push({ field: 'after', rule: 'cursor', message: "after must be a page's `next` cursor" });
  if (!Number.isInteger(limit) || limit < 1 || limit > RECORD_VALUES_PAGE_MAX_LIMIT) {
    issues.push({ field: 'limit', rule: 'range', message: `limit must be a whole number from 1 to ${RECORD_VALUES_PAGE_MAX_LIMIT}` });
  }
  if (issues.length > 0) throw DomainError.validation(issues);
  return { schemaId, limit, ...(cursor && { after: { created: cursor[1], id: cursor[2] } }) };
}
