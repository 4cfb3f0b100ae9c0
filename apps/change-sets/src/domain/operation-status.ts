import { DomainError, type OperationStatus } from '@sigma/contracts';

interface Transition {
  /** How the action reads in "Cannot <verb> operation '…' in status …". */
  verb: string;
  from: readonly OperationStatus[];
  to: OperationStatus;
}

/**
 * The operation status machine, in one table: review decides pending operations, submitting puts
 * them all back in review, and apply moves approved ones to applied or failed. Bulk writes use a
 * row's `from` as their guard and its `to` as the value, so SQL never spells a status itself.
 */
export const OPERATION_TRANSITIONS = {
  approve: { verb: 'approve', from: ['pending'], to: 'approved' },
  reject: { verb: 'reject', from: ['pending'], to: 'rejected' },
  /** Submit and resubmit: every operation is reviewed (again). */
  reopen: { verb: 'reopen', from: ['pending', 'approved', 'rejected'], to: 'pending' },
  /** Records applied it and the audit trail recorded its events. */
  markApplied: { verb: 'mark as applied', from: ['approved'], to: 'applied' },
  /** Records refused it (conflict, invalid value, missing record). */
  markFailed: { verb: 'mark as failed', from: ['approved'], to: 'failed' },
} as const satisfies Record<string, Transition>;

export type OperationAction = keyof typeof OPERATION_TRANSITIONS;

export const INITIAL_OPERATION_STATUS: OperationStatus = 'pending';

/** Statuses of operations that may still be written to their record (if their set goes on to apply). */
export const OPEN_OPERATION_STATUSES = ['pending', 'approved'] as const satisfies readonly OperationStatus[];

/** The status `action` gives an operation now in `current`; 409 naming both when the action is not allowed in it. */
export function nextOperationStatus(action: OperationAction, operation: { id: string; status: OperationStatus }): OperationStatus {
  const { verb, from, to } = OPERATION_TRANSITIONS[action] as Transition;
  if (from.includes(operation.status)) return to;
  throw DomainError.conflict(`Cannot ${verb} operation '${operation.id}' in status '${operation.status}' (allowed: ${from.join(', ')})`, {
    operationId: operation.id,
    operationStatus: operation.status,
    allowed: from,
  });
}

/** The statuses after applying `action` to every operation it is allowed for (the others keep theirs). */
export function afterBulk(action: OperationAction, statuses: readonly OperationStatus[]): OperationStatus[] {
  const { from, to } = OPERATION_TRANSITIONS[action] as Transition;
  return statuses.map((status) => (from.includes(status) ? to : status));
}
