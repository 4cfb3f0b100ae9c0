import { Injectable } from '@nestjs/common';
import { AUDIT_BY_CHANGE_SET_MAX_LIMIT, type ChangeSetDto, DomainError, Roles, type RpcContext } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { ChangeSetsService } from '../change-sets/change-sets.service';
import { ChangeSetStore } from '../change-sets/change-set.store';
import { ChangeSetEntity } from '../database/entities';
import { allowChangeSetAction } from '../domain/change-set-status';
import { type AppliedEntry, type AppliedOperation, inverseOperations, revertTitle } from '../domain/revert';

/**
 * Proposes undoing an applied set: a new draft set, from the reverting user, with the inverse of
 * what the apply wrote, read from the audit entries it wrote (the values before and after).
 */
@Injectable()
export class RevertService {
  constructor(
    private readonly store: ChangeSetStore,
    private readonly changeSets: ChangeSetsService,
    private readonly rpc: RpcClient,
  ) {}

  async revert(id: string, context: RpcContext): Promise<ChangeSetDto> {
    const set = await this.store.manager.findOne(ChangeSetEntity, { where: { id }, select: { id: true, title: true, status: true } });
    if (!set) throw DomainError.notFound('Change set', id);
    allowChangeSetAction('revert', set.status);
    const applied = (await this.store.manager.query(
      `SELECT id, type, entity_id AS "entityId", schema_id AS "schemaId" FROM operation
       WHERE change_set_id = $1 AND status = 'applied' ORDER BY position`,
      [id],
    )) as AppliedOperation[];
    const userId = context.actor?.userId ?? 'system';
    // An agent's token proposes as an agent (it cannot present a set as a person's).
    const sourceType = context.actor?.roles.includes(Roles.agent) ? 'agent' : 'user';
    const { result } = await this.changeSets.create(
      {
        title: revertTitle(set.title),
        description: `Reverts change set ${id}`,
        source: { type: sourceType, id: userId, name: userId, context: `revert of ${id}` },
        operations: inverseOperations(applied, await this.entries(id)),
      },
      // Not the revert request's Idempotency-Key (there is none): the new set is its own write.
      { ...context, idempotency: undefined },
    );
    return result;
  }

  /** Every audit entry the apply of `id` wrote (the set's size bounds them: one or a few per operation). */
  private async entries(id: string): Promise<AppliedEntry[]> {
    const entries: AppliedEntry[] = [];
    let after: string | undefined;
    do {
      const page = await this.rpc.request('audit.entry.by-change-set', { changeSetId: id, limit: AUDIT_BY_CHANGE_SET_MAX_LIMIT, ...(after && { after }) });
      entries.push(...page.items);
      after = page.nextCursor;
    } while (after);
    return entries;
  }
}
