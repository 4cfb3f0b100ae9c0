import type { RecordDto } from '@sigma/contracts';
import type { RecordEntity } from '../database/entities';

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
