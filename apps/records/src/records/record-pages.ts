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
  /** As text, so the page can stop at a size before anything is parsed. */
  values_json: string;
}

const FIRST_PAGE = 'SELECT id, lifecycle_state_id, "values"::text AS values_json FROM record WHERE schema_id = $1 ORDER BY id LIMIT $2';
const NEXT_PAGE = 'SELECT id, lifecycle_state_id, "values"::text AS values_json FROM record WHERE schema_id = $1 AND id > $3 ORDER BY id LIMIT $2';

/**
 * One schema's records by id, a keyset page at a time (`records.record.list-values`): only id,
 * state and values, for callers that read every record of a schema (re-scoring completeness).
 * A page ends at `limit` records or once its values reach RECORD_VALUES_PAGE_MAX_JSON_CHARS of
 * JSON (never empty while records remain), so a reply stays bounded however large records are.
 */
@Injectable()
export class RecordPagesService {
  constructor(private readonly dataSource: DataSource) {}

  async listValues(request: RecordValuesPageRequest): Promise<RecordValuesPage> {
    const { schemaId, afterId, limit } = validPageRequest(request);
    if (!(await this.dataSource.manager.existsBy(SchemaEntity, { id: schemaId }))) throw DomainError.notFound('Schema', schemaId);
    const rows: PageRow[] = afterId === undefined
      ? await this.dataSource.query(FIRST_PAGE, [schemaId, limit])
      : await this.dataSource.query(NEXT_PAGE, [schemaId, limit, afterId]);
    return pageOf(rows, limit, RECORD_VALUES_PAGE_MAX_JSON_CHARS);
  }
}

/** Cuts the rows at the size budget (keeping at least one) and parses the values of those kept. */
export function pageOf(rows: PageRow[], limit: number, maxJsonChars: number): RecordValuesPage {
  const items: RecordValues[] = [];
  let chars = 0;
  for (const row of rows) {
    if (items.length > 0 && chars + row.values_json.length > maxJsonChars) {
      return { items, nextAfterId: items[items.length - 1].id };
    }
    chars += row.values_json.length;
    items.push({ id: row.id, lifecycleStateId: row.lifecycle_state_id, values: JSON.parse(row.values_json) as ValuesMap });
  }
  return { items, nextAfterId: rows.length === limit && items.length > 0 ? items[items.length - 1].id : null };
}

function validPageRequest(request: RecordValuesPageRequest): Required<Pick<RecordValuesPageRequest, 'schemaId' | 'limit'>> & { afterId?: string } {
  const issues: ValidationIssue[] = [];
  const { schemaId, afterId, limit = RECORD_VALUES_PAGE_DEFAULT_LIMIT } = request ?? ({} as RecordValuesPageRequest);
  if (typeof schemaId !== 'string' || schemaId.length === 0) issues.push({ field: 'schemaId', rule: 'required', message: 'schemaId must be a non-empty string' });
  if (afterId !== undefined && typeof afterId !== 'string') issues.push({ field: 'afterId', rule: 'type', message: 'afterId must be a string' });
  if (!Number.isInteger(limit) || limit < 1 || limit > RECORD_VALUES_PAGE_MAX_LIMIT) {
    issues.push({ field: 'limit', rule: 'range', message: `limit must be a whole number from 1 to ${RECORD_VALUES_PAGE_MAX_LIMIT}` });
  }
  if (issues.length > 0) throw DomainError.validation(issues);
  return { schemaId, afterId, limit };
}
