import { type ChangeDecision, DomainError, type OperationStatus } from '@sigma/contracts';
import { operationDecision } from './change-decisions';

/** What a rule over the operation's changes reads: their decisions (after the action). */
type Changes = readonly { decision?: ChangeDecision }[];

interface Transition {
  /** How the action reads in "Cannot <verb> operation '…' in status …". */
  verb: string;
  from: readonly OperationStatus[];
  /** A status, or a rule over the operation's changes. */
  to: OperationStatus | ((changes: Changes) => OperationStatus);
}

/**
 * The operation status machine, in one table: review decides pending operations, submitting puts
 * them all back in review, and apply moves approved ones to applied or failed. Bulk writes use a
 * row's `from` as their guard and its `to` as the value, so SQL never spells a status itself.
 */
export const OPERATION_TRANSITIONS = {
  approve: { verb: 'approve', from: ['pending'], to: 'approved' },
  reject: { verb: 'reject', from: ['pending'], to: 'rejected' },
  /** Per-change decisions, also changed while the set is in review: the operation follows its changes. */
  decideChanges: { verb: 'decide changes of', from: ['pending', 'approved', 'rejected'], to: operationDecision },
  /** Submit and resubmit: every operation is reviewed (again). */
  reopen: { verb: 'reopen', from: ['pending', 'approved', 'rejected'], to: 'pending' },
  /** Records applied it and the audit trail recorded its events. */
  markApplied: { verb: 'mark as applied', from: ['approved'], to: 'applied' },
  /** Records refused it (conflict, invalid value, missing record). */
  markFailed: { verb: 'mark as failed', from: ['approved'], to: 'failed' },
} as const satisfies Record<string, Transition>;

export type OperationAction = keyof typeof OPERATION_TRANSITIONS;

/** Actions that give every operation they move the same status, so SQL can write them in bulk. */
export type BulkOperationAction = { [A in OperationAction]: (typeof OPERATION_TRANSITIONS)[A]['to'] extends OperationStatus ? A : never }[OperationAction];

export const INITIAL_OPERATION_STATUS: OperationStatus = 'pending';

/** Statuses of operations that may still be written to their record (if their set goes on to apply). */
export const OPEN_OPERATION_STATUSES = ['pending', 'approved'] as const satisfies readonly OperationStatus[];

/**
 * The status `action` gives an operation now in `status`, whose changes (as the action leaves them)
 * are `changes`; 409 naming both when the action is not allowed in it.
 */
export function nextOperationStatus(action: OperationAction, operation: { id: string; status: OperationStatus; changes?: Changes }): OperationStatus {
  const { verb, from, to } = OPERATION_TRANSITIONS[action] as Transition;
  if (from.includes(operation.status)) return typeof to === 'function' ? to(operation.changes ?? []) : to;
  throw DomainError.conflict(`Cannot ${verb} operation '${operation.id}' in status '${operation.status}' (allowed: ${from.join(', ')})`, {
    operationId: operation.id,
    operationStatus: operation.status,
    allowed: from,
  });
}

/** The statuses after applying `action` to every operation it is allowed for (the others keep theirs). */
export function afterBulk(action: BulkOperationAction, statuses: readonly OperationStatus[]): OperationStatus[] {
  const { from, to } = OPERATION_TRANSITIONS[action] as { from: readonly OperationStatus[]; to: OperationStatus };
  return statuses.map((status) => (from.includes(status) ? to : status));
}
