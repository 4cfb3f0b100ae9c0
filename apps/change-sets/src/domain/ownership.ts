import { DomainError, ErrorCodes, Permissions, rolesGrant, type RpcContext } from '@sigma/contracts';

/**
 * What a caller does to a set: `propose` is the source's side (fill, submit, resubmit, delete),
 * `review` and `message` the reviewer's side of the conversation.
 */
export type ChangeSetAction = 'propose' | 'review' | 'message';

const VERBS: Record<ChangeSetAction, string> = { propose: 'change, submit or delete', review: 'review', message: 'post messages on' };

/**
 * Who may act on a set beyond what their role allows: the source's side belongs to the set's
 * creator alone (an admin or editor acts as a source on their own sets only); reviewing and
 * messaging on any set needs a role that reviews, so an agent acts only on sets it created.
 * Internal calls (no actor) are the service itself.
 */
export function requireMayAct(set: { id: string; createdBy: string }, context: RpcContext, action: ChangeSetAction): void {
  const actor = context.actor;
  if (!actor || actor.userId === set.createdBy) return;
  if (action !== 'propose' && rolesGrant(actor.roles, Permissions.changeSetsReview)) return;
  const who = action === 'propose' ? 'only its creator' : 'only its creator or a reviewer';
  throw new DomainError(ErrorCodes.forbidden, `Change set '${set.id}' was created by ${set.createdBy}: ${who} may ${VERBS[action]} it`, {
    changeSetId: set.id,
    createdBy: set.createdBy,
  });
}
