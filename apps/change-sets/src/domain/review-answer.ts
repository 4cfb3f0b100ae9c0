import { type ChangeSetDto, type OperationStatus, type OperationStatusCounts, REVIEW_ANSWER_MAX_OPERATIONS } from '@sigma/contracts';

const NO_OPERATIONS: OperationStatusCounts = { pending: 0, approved: 0, rejected: 0, applied: 0, failed: 0 };

/** A review call answers the whole set (the seed's shape) while it is this small. */
export function answersInFull(operationCount: number, threshold = REVIEW_ANSWER_MAX_OPERATIONS): boolean {
  return operationCount <= threshold;
}

/** Counts by status, every status present (0 when none). */
export function statusCounts(rows: readonly { status: OperationStatus; count: number }[]): OperationStatusCounts {
  const counts = { ...NO_OPERATIONS };
  for (const row of rows) counts[row.status] += row.count;
  return counts;
}

/** The statuses present in the counts (what the set's decision rule reads). */
export function presentStatuses(counts: OperationStatusCounts): OperationStatus[] {
  return (Object.keys(counts) as OperationStatus[]).filter((status) => counts[status] > 0);
}

/** The answer for a large set: its fields without operations, and the counts instead. */
export function summaryAnswer(set: ChangeSetDto, counts: OperationStatusCounts): ChangeSetDto {
  const operationCount = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return { ...set, operationCount, operations: [], operationsOmitted: true, operationSummary: counts };
}
