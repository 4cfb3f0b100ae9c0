import type { ValidationIssue } from '../errors';
import type { ChangeSetStatus, OperationFilter, OperationInput, OperationStatus, OperationStatusCounts } from './change-sets';

/** Every operation status (the type in change-sets.ts), for validation and documentation. */
export const OPERATION_STATUSES = ['pending', 'approved', 'rejected', 'applied', 'failed'] as const satisfies readonly OperationStatus[];

/** Filters answered by the records service, not by SQL alone. */
export const COMPUTED_OPERATION_FILTERS = ['stale', 'invalid'] as const;

/**
 * With a `stale` or `invalid` filter a page examines at most this many operations (those matching
 * the other filters); a page may then hold fewer matches than `limit`, and `nextCursor` goes on.
 */
export const COMPUTED_FILTER_SCAN_LIMIT = 1000;

/** Operations a set may hold (NDJSON appends let a set reach it). */
export const MAX_OPERATIONS_PER_CHANGE_SET = 100_000;

/**
 * Review calls answer the whole set (the seed's shape) up to this many operations; past it they
 * answer `operations: []`, `operationsOmitted: true` and `operationSummary` (counts by status).
 */
export const REVIEW_ANSWER_MAX_OPERATIONS = 200;

/**
 * GET /change-sets/:id answers the whole set up to this many operations (what a review screen reads
 * at once); past it, the summary shape of the review calls, so reading a set's status and apply
 * progress stays bounded work whatever its size.
 */
export const READ_ANSWER_MAX_OPERATIONS = 1000;

/** Lines one POST /change-sets/:id/operations (NDJSON) may carry. */
export const APPEND_MAX_LINES = 5000;
/** Lines of an append go to the change-sets service in requests of at most this many. */
export const APPEND_CHUNK_LINES = 1000;

export interface AppendOperationsRequest {
  id: string;
  /** Each with its 1-based line number in the request body. */
  lines: (OperationInput & { line: number })[];
}

/** The outcome of one NDJSON line of an append, in input order. */
export interface AppendLineResult {
  line: number;
  status: 'added' | 'failed';
  operationId?: string;
  error?: { code: string; message: string; details?: ValidationIssue[] | Record<string, unknown> };
}

export interface DecideOperationsRequest {
  id: string;
  decision: 'approve' | 'reject';
  filter: OperationFilter;
  reviewNote?: string;
  /** Approve even operations with stale changes (409 stale-change otherwise). */
  allowStale?: boolean;
}

/**
 * What one bulk decision did: pending operations it approved or rejected, and operations matching
 * the filter that it left as they were (already decided). `status` is the set's status after it.
 */
export interface DecideOperationsResult {
  approved: number;
  rejected: number;
  unchanged: number;
  status: ChangeSetStatus;
  operationSummary: OperationStatusCounts;
}
