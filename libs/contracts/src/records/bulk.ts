import type { ValidationIssue } from '../errors';
import type { ValuesMap } from './records';

/** Lines one POST /records/bulk may carry. */
export const BULK_MAX_LINES = 5000;
/** An NDJSON body of POST /records/bulk may be this large (the JSON body limit stays as configured). */
export const BULK_MAX_BODY_BYTES = 16 * 1024 * 1024;
/** One line of the body may be this large. */
export const BULK_MAX_LINE_BYTES = 256 * 1024;
/** An atomic batch is one transaction in one request to records, so it must fit in one bus message. */
export const BULK_ATOMIC_MAX_BYTES = 900 * 1024;

/**
 * One line of a trusted bulk upsert. The key is `id` or `sku` (the record's global `sku` value):
 * a record found by it is updated (each attribute named in `values` replaced, as PUT does); none
 * found creates one in `schemaId` (with `sku` among its values, and `id` as its id when given).
 */
export interface BulkUpsertLine {
  id?: string;
  sku?: string;
  schemaId?: string;
  values: ValuesMap;
  /** Update only if the record is still at this version (412 on the line otherwise). */
  expectedVersion?: number;
}

export interface BulkUpsertRequest {
  /** Each with its 1-based line number in the request body. */
  lines: (BulkUpsertLine & { line: number })[];
  /** All lines in one transaction (any failure writes nothing), or each line on its own. */
  atomic: boolean;
}

export type BulkLineStatus = 'created' | 'updated' | 'unchanged' | 'failed' | 'rolled-back';

/** The outcome of one input line, in input order. */
export interface BulkLineResult {
  line: number;
  status: BulkLineStatus;
  id?: string;
  version?: number;
  /** Why a line failed (same code, message and details as the single-record endpoints). */
  error?: { code: string; message: string; details?: ValidationIssue[] | Record<string, unknown> };
}
