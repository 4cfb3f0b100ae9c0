import { CHANGE_SET_STATUSES, type ChangeSetStatus, DomainError, type OperationStatus } from '@sigma/contracts';

/**
 * The change-set status machine, in one table: each action, the statuses it is allowed in, and
 * the status it leaves the set in (a status, or a rule over what the action decided). Every
 * service checks its action here before writing; a new status or a newly allowed action is a row.
 */
interface Transition<Facts = never> {
  /** How the action reads in "Cannot <verb> a change set in status …". */
  verb: string;
  from: readonly ChangeSetStatus[];
  to: ChangeSetStatus | ((current: ChangeSetStatus, facts: Facts) => ChangeSetStatus);
}

/** Actions that leave the status as it is. */
const unchanged = (current: ChangeSetStatus): ChangeSetStatus => current;

/**
 * Deciding the last pending operation decides the set: approved if at least one operation is
 * approved, else rejected. Undefined while any operation is still pending.
 */
export function decideSet(statuses: readonly OperationStatus[]): 'approved' | 'rejected' | undefined {
  if (statuses.some((status) => status === 'pending')) return undefined;
  return statuses.some((status) => status === 'approved') ? 'approved' : 'rejected';
}

/** After a decision: the operations' statuses once it is taken. */
const decidedBy = (current: ChangeSetStatus, facts: { operationStatuses: readonly OperationStatus[] }): ChangeSetStatus =>
  decideSet(facts.operationStatuses) ?? current;

const byApplyOutcome = (_current: ChangeSetStatus, facts: { failed: number }): ChangeSetStatus => (facts.failed === 0 ? 'applied' : 'partially_applied');

/** The source may edit its proposal until it is in review, and again when a revision is requested. */
const EDITABLE = ['draft', 'revision_requested'] as const satisfies readonly ChangeSetStatus[];

export const CHANGE_SET_TRANSITIONS = {
  addOperations: { verb: 'add operations to', from: EDITABLE, to: unchanged },
  replaceOperationChanges: { verb: "replace an operation's changes in", from: EDITABLE, to: unchanged },
  removeOperation: { verb: 'remove an operation from', from: EDITABLE, to: unchanged },
  /** The set is removed with its operations. */
  delete: { verb: 'delete', from: ['draft'], to: unchanged },
  submit: { verb: 'submit', from: ['draft'], to: 'pending_approval' },
  approve: { verb: 'approve', from: ['pending_approval'], to: decidedBy },
  reject: { verb: 'reject', from: ['pending_approval'], to: 'rejected' },
  approveOperation: { verb: 'approve an operation of', from: ['pending_approval'], to: decidedBy },
  rejectOperation: { verb: 'reject an operation of', from: ['pending_approval'], to: decidedBy },
  decideChanges: { verb: 'decide changes of', from: ['pending_approval'], to: decidedBy },
  /** A bulk decision on the operations matching a filter. */
  decideOperations: { verb: 'decide operations of', from: ['pending_approval'], to: decidedBy },
  rate: { verb: 'rate', from: ['pending_approval'], to: unchanged },
  annotate: { verb: 'annotate', from: ['pending_approval'], to: unchanged },
  requestRevision: { verb: 'request a revision of', from: ['pending_approval'], to: 'revision_requested' },
  resubmit: { verb: 'resubmit', from: ['revision_requested'], to: 'pending_approval' },
  postMessage: { verb: 'post a message on', from: CHANGE_SET_STATUSES.filter((status) => status !== 'draft'), to: unchanged },
  /** Starting moves the set to applying; a repeated POST joins the running apply. */
  startApply: { verb: 'apply', from: ['approved', 'applying'], to: 'applying' },
  /** From approved too: a run started before the applying status existed finishes from there. */
  finishApply: { verb: 'finish applying', from: ['applying', 'approved'], to: byApplyOutcome },
  /** Revert proposes the inverse of what an apply wrote, as a new draft set. */
  revert: { verb: 'revert', from: ['applied', 'partially_applied'], to: unchanged },
} as const satisfies Record<string, Transition<any>>;

export type ChangeSetAction = keyof typeof CHANGE_SET_TRANSITIONS;

/** What an action's rule needs to know to name the next status (nothing for most). */
type FactsOf<A extends ChangeSetAction> = (typeof CHANGE_SET_TRANSITIONS)[A]['to'] extends (current: ChangeSetStatus, facts: infer F) => ChangeSetStatus
  ? unknown extends F
    ? []
    : [facts: F]
  : [];

export const INITIAL_CHANGE_SET_STATUS: ChangeSetStatus = 'draft';

/** Groups of statuses the queries filter by, named for what they mean. */
export const ChangeSetStatusGroups = {
  /** Waiting for a review decision. */
  inReview: ['pending_approval'],
  /** Apply has finished. */
  applied: ['applied', 'partially_applied'],
  /** Nothing more happens to them but messages. */
  closed: ['applied', 'partially_applied', 'rejected'],
  /** Proposed and not closed: their operations may still reach the records. */
  open: ['pending_approval', 'revision_requested', 'approved', 'applying'],
} as const satisfies Record<string, readonly ChangeSetStatus[]>;

/** Entering these statuses stamps when the set reached them. */
const STAMPS = { pending_approval: 'submittedAt', approved: 'approvedAt', applied: 'appliedAt', partially_applied: 'appliedAt' } as const;
/** Leaving review for one of these is a reviewer's decision on the submission (review insights time it). */
const DECISIONS: readonly ChangeSetStatus[] = ['approved', 'rejected', 'revision_requested'];

export type ChangeSetStamp = 'submittedAt' | 'approvedAt' | 'appliedAt' | 'decidedAt';

/** The timestamps a move from `current` to `next` sets (none when the status stays). */
export function stampsOnEntering(current: ChangeSetStatus, next: ChangeSetStatus): ChangeSetStamp[] {
  if (next === current) return [];
  const own = STAMPS[next as keyof typeof STAMPS];
  const decided = current === 'pending_approval' && DECISIONS.includes(next);
  return [...(own ? [own] : []), ...(decided ? (['decidedAt'] as const) : [])];
}

/** 409 naming the action, the current status and the allowed ones, unless `action` is allowed in `current`. */
export function allowChangeSetAction(action: ChangeSetAction, current: ChangeSetStatus): void {
  const { verb, from } = CHANGE_SET_TRANSITIONS[action] as Transition<unknown>;
  if (from.includes(current)) return;
  throw DomainError.conflict(`Cannot ${verb} a change set in status '${current}' (allowed: ${from.join(', ')})`, { status: current, allowed: from });
}

/** The status `action` leaves a set in that is now in `current` (409 when the action is not allowed in it). */
export function nextChangeSetStatus<A extends ChangeSetAction>(action: A, current: ChangeSetStatus, ...facts: FactsOf<A>): ChangeSetStatus {
  allowChangeSetAction(action, current);
  const { to } = CHANGE_SET_TRANSITIONS[action] as Transition<unknown>;
  return typeof to === 'function' ? to(current, (facts as unknown[])[0]) : to;
}
