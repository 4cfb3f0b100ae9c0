import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DomainError,
  RECORD_VALUES_BY_ID_MAX,
  RECORD_VALUES_PAGE_MAX_JSON_CHARS,
  type RecordValuesById,
  type RecordValuesByIdRequest,
  type ValuesMap,
} from '@sigma/contracts';

interface ValuesRow {
  id: string;
  schema_id: string;
  lifecycle_state_id: string;
  /** As text, so the reply can stop at a size before anything is parsed. */
  values_json: string;
}

const BY_ID = `SELECT id, schema_id, lifecycle_state_id, "values"::text AS values_json FROM record WHERE id = ANY($1::text[]) ORDER BY id`;

/**
 * Values of a few records by id (`records.record.get-values`), for callers that score proposed
 * changes against them. The reply stops once its values reach RECORD_VALUES_PAGE_MAX_JSON_CHARS
 * (at least one record) and names the ids it left unread, so it stays bounded however large records are.
 */
@Injectable()
export class RecordValuesByIdService {
  constructor(private readonly dataSource: DataSource) {}

  async read({ ids }: RecordValuesByIdRequest): Promise<RecordValuesById> {
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string') || ids.length > RECORD_VALUES_BY_ID_MAX) {
      throw DomainError.validation([{ field: 'ids', rule: 'maxSize', message: `ids must be at most ${RECORD_VALUES_BY_ID_MAX} strings` }]);
    }
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return { items: [], unread: [] };
    const rows: ValuesRow[] = await this.dataSource.query(BY_ID, [wanted]);
    return valuesOf(rows, RECORD_VALUES_PAGE_MAX_JSON_CHARS);
  }
}

/** Parses rows until the size budget (keeping at least one); the ids of the rest are `unread`. */
export function valuesOf(rows: ValuesRow[], maxJsonChars: number): RecordValuesById {
  const result: RecordValuesById = { items: [], unread: [] };
  let chars = 0;
  for (const row of rows) {
    if (result.items.length > 0 && (result.unread.length > 0 || chars + row.values_json.length > maxJsonChars)) {
      result.unread.push(row.id);
      continue;
    }
    chars += row.values_json.length;
    result.items.push({ id: row.id, schemaId: row.schema_id, lifecycleStateId: row.lifecycle_state_id, values: JSON.parse(row.values_json) as ValuesMap });
  }
  return result;
}
