import { Injectable } from '@nestjs/common';
import {
  type ChangeSetDto,
  DomainError,
  ErrorCodes,
  type OperationRefRequest,
  type ReplaceOperationChangesRequest,
  type RevisionDiffDto,
  type RevisionDiffRequest,
  type RevisionSummaryDto,
  type RpcContext,
} from '@sigma/contracts';
import { ChangeSetStore } from '../change-sets/change-set.store';
import { AnnotationEntity, ChangeSetEntity, OperationEntity, RevisionEntity, RevisionOperationEntity } from '../database/entities';
import { allowChangeSetAction } from '../domain/change-set-status';
import { requireMayAct } from '../domain/ownership';
import { carryOverFeedback, diffRevisions, isOnAny } from '../domain/revisions';

/** The source edits its proposal (draft, or when a revision is requested); anyone who reads sets reads its revisions. */
@Injectable()
export class RevisionsService {
  constructor(private readonly store: ChangeSetStore) {}

  /** Ratings stay on changes whose proposed value is unchanged; annotations on the others are dropped (see carryOverFeedback). */
  replaceChanges(request: ReplaceOperationChangesRequest, context: RpcContext): Promise<ChangeSetDto> {
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, request.id, true);
      requireMayAct(loaded.set, context, 'propose');
      allowChangeSetAction('replaceOperationChanges', loaded.set.status);
      const operation = this.store.requireOperation(loaded, request.operationId);
      const { changes, outdated } = carryOverFeedback(operation.changes, request.changes);
      await manager.query('UPDATE operation SET changes = $2::jsonb WHERE id = $1', [operation.id, JSON.stringify(changes)]);
      if (outdated.length) {
        const annotations = await manager.find(AnnotationEntity, { where: { operationId: operation.id } });
        const stale = annotations.filter((annotation) => isOnAny(annotation, outdated)).map((annotation) => annotation.id);
        if (stale.length) await manager.delete(AnnotationEntity, stale);
      }
      await manager.update(ChangeSetEntity, { id: request.id }, { updatedAt: new Date() });
      return this.store.reviewAnswer(manager, request.id);
    });
  }

  /** The operation goes with its ratings and annotations; earlier revisions keep what it proposed. */
  removeOperation(request: OperationRefRequest, context: RpcContext): Promise<{ deleted: true }> {
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, request.id, true);
      requireMayAct(loaded.set, context, 'propose');
      allowChangeSetAction('removeOperation', loaded.set.status);
      this.store.requireOperation(loaded, request.operationId);
      await manager.delete(OperationEntity, { id: request.operationId, changeSetId: request.id });
      await this.store.refreshSchemaIds(manager, request.id);
      return { deleted: true };
    });
  }

  /** Oldest first; a set has one revision per submission, so the list is short. */
  async list(id: string): Promise<RevisionSummaryDto[]> {
    await this.requireSet(id);
    const revisions = await this.store.manager.find(RevisionEntity, { where: { changeSetId: id }, order: { revision: 'ASC' } });
    return revisions.map((revision) => ({
      revision: revision.revision,
      submittedAt: revision.submittedAt.toISOString(),
      submittedBy: revision.submittedBy,
      operationCount: revision.operationCount,
    }));
  }

  /** From revision `n` to the operations as they are now; bounded by the set's operation cap and the diff's entry cap. */
  async diff(request: RevisionDiffRequest): Promise<RevisionDiffDto> {
    const { set, operations } = await this.store.load(this.store.manager, request.id);
    const header = await this.store.manager.findOne(RevisionEntity, { where: { changeSetId: request.id, revision: request.revision } });
    if (!header) {
      const message = `Change set '${request.id}' has no revision ${request.revision} (it has ${set.revision === 0 ? 'none yet' : `1 to ${set.revision}`})`;
      throw new DomainError(ErrorCodes.notFound, message, { changeSetId: request.id, revisionId: String(request.revision) });
    }
    const earlier = await this.store.manager.find(RevisionOperationEntity, {
      where: { changeSetId: request.id, revision: request.revision },
      order: { position: 'ASC' },
    });
    const before = earlier.map((operation) => ({ ...operation, id: operation.operationId }));
    return { changeSetId: set.id, from: request.revision, to: set.revision, ...diffRevisions(before, operations) };
  }

  private async requireSet(id: string): Promise<void> {
    if (!(await this.store.manager.exists(ChangeSetEntity, { where: { id } }))) throw DomainError.notFound('Change set', id);
  }
}
