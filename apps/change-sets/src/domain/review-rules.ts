import { DomainError, ErrorCodes, type FeedbackSummary, type ProposedChangeDto, type RpcContext } from '@sigma/contracts';

/** Counted over the set's proposed changes (ratings) and annotations, plus the reviewer's message. */
export function feedbackSummary(changes: readonly ProposedChangeDto[], snippets: number, message?: string): FeedbackSummary {
  const good = changes.filter((change) => change.rating === 'good').length;
  const bad = changes.filter((change) => change.rating === 'bad').length;
  return { good, bad, unrated: changes.length - good - bad, snippets, ...(message !== undefined && { message }) };
}

/** Identity comes from the token: a body naming someone else is refused, not trusted. */
export function requireSelf(claimed: string, context: RpcContext, field: string): void {
  if (context.actor && claimed !== context.actor.userId) {
    throw new DomainError(ErrorCodes.forbidden, `${field} must be your own user id (${context.actor.userId})`, { field });
  }
}
