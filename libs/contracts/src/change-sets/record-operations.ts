import type { Scope } from '../records/records';
import type { OperationType } from './change-sets';

/** One approved change-set operation, as the records service applies it (all its changes or none). */
export interface RecordOperation {
  operationId: string;
  type: OperationType;
  entityId?: string;
  schemaId: string;
  changes: { attributeAlias: string; scope?: Scope; oldValue?: unknown; newValue: unknown }[];
}

export interface ApplyOperationsRequest {
  changeSetId: string;
  operations: RecordOperation[];
}

export type RecordOperationResult =
  | { operationId: string; status: 'applied'; entityId: string; eventIds: string[] }
  | { operationId: string; status: 'failed'; code: string; message: string };

/** Ids one `records.record.summarize` request may name (callers ask in chunks). */
export const RECORD_SUMMARIZE_MAX_IDS = 1000;

export interface RecordSummary {
  id: string;
  schemaId: string;
  name?: string;
  sku?: string;
}
