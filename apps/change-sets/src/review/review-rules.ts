import { type ChangeSetStatus, DomainError, type FeedbackSummary, type OperationStatus, type ProposedChangeDto } from '@sigma/contracts';

/** 409 with the current status in the message when an action is not allowed in it. */
export function requireStatus(current: ChangeSetStatus, allowed: readonly ChangeSetStatus[], action: string): void {
  if (allowed.includes(current)) return;
  throw DomainError.conflict(`Cannot ${action} a change set in status '${current}' (allowed: ${allowed.join(', ')})`, {
    status: current,
    allowed,
  });
}

/**
 * Deciding the last pending operation decides the set (docs/product-decisions.md): approved if at least one
 * operation is approved, else rejected. Undefined while any operation is still pending.
 */
export function decideSet(statuses: readonly OperationStatus[]): 'approved' | 'rejected' | undefined {
  if (statuses.some((status) => status === 'pending')) return undefined;
  return statuses.some((status) => status === 'approved') ? 'approved' : 'rejected';
}

/** Counted over the set's proposed changes (ratings) and annotations, plus the reviewer's message. */
export function feedbackSummary(changes: readonly ProposedChangeDto[], snippets: number, message?: string): FeedbackSummary {
  const good = changes.filter((change) => change.rating === 'good').length;
  const bad = changes.filter((change) => change.rating === 'bad').length;
  return { good, bad, unrated: changes.length - good - bad, snippets, ...(message !== undefined && { message }) };
}
