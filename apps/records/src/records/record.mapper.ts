import type { RecordDto, RecordPage } from '@sigma/contracts';
import { JsonText, jsonWithRaw } from '@sigma/messaging';
import type { RecordEntity } from '../database/entities';
import { RECORD_TEXT_FIELDS, type RecordTextRow } from './record-list-queries';

export function toRecordDto(record: RecordEntity): RecordDto {
  return {
    id: record.id,
    schemaId: record.schemaId,
    lifecycleStateId: record.lifecycleStateId,
    parentId: record.parentId,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
    values: record.values,
  };
}

/**
 * The RecordDto's JSON with the values spliced in as PostgreSQL gave them: a page's values and
 * timestamps are never parsed in this service. Of the row's other columns, only the DTO's go out, in its order.
 */
export function toRecordJson(row: RecordTextRow): string {
  return jsonWithRaw(JSON.stringify(row, RECORD_TEXT_FIELDS), 'values', row.valuesJson, 'last');
}

/** A page of records as JSON text: `items` (first, as in the contract's examples) then the page's other fields. */
export function toRecordPageJson(rows: RecordTextRow[], page: Omit<RecordPage, 'items'>): JsonText<RecordPage> {
  return new JsonText(jsonWithRaw(JSON.stringify(page), 'items', `[${rows.map(toRecordJson).join(',')}]`, 'first'));
}
