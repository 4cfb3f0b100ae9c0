import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type ChangeSetDto,
  DomainError,
  ErrorCodes,
  generateId,
  IdPrefixes,
  type RecordSummary,
  type RequestRevisionRequest,
  type RpcContext,
  type SchemaDto,
} from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { ChangeSetStore, type LoadedChangeSet } from '../change-sets/change-set.store';
import { AnnotationEntity, ChangeSetEntity, MessageEntity, OperationEntity } from '../database/entities';
import { requireMayAct } from './ownership';
import { decideSet, feedbackSummary, requireStatus } from './review-rules';
import { validateSubmission } from './validate-submission';

/** The review lifecycle: submit, decide (whole set or per operation), request a revision, resubmit. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly store: ChangeSetStore,
    private readonly rpc: RpcClient,
  ) {}

  submit(id: string, context: RpcContext): Promise<ChangeSetDto> {
    return this.enterReview(id, 'draft', 'submit', context);
  }

  /** After a revision request: back to review with every operation pending again. */
  resubmit(id: string, context: RpcContext): Promise<ChangeSetDto> {
    return this.enterReview(id, 'revision_requested', 'resubmit', context);
  }

  approve(id: string, reviewNote?: string): Promise<ChangeSetDto> {
    return this.decideAll(id, 'approved', reviewNote);
  }

  reject(id: string, reviewNote?: string): Promise<ChangeSetDto> {
    return this.decideAll(id, 'rejected', reviewNote);
  }

  decideOperation(id: string, operationId: string, decision: 'approved' | 'rejected', reviewNote?: string): Promise<ChangeSetDto> {
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, id, true);
      requireStatus(loaded.set.status, ['pending_approval'], decision === 'approved' ? 'approve an operation of' : 'reject an operation of');
      const operation = this.store.requireOperation(loaded, operationId);
      if (operation.status !== 'pending') {
        throw DomainError.conflict(`Operation '${operationId}' is already ${operation.status}`, { operationStatus: operation.status });
      }
      operation.status = decision;
      await manager.update(OperationEntity, { id: operationId }, { status: decision, reviewNote: reviewNote ?? null });
      const outcome = decideSet(loaded.operations.map((candidate) => candidate.status));
      if (outcome) await this.setStatus(manager, loaded.set, outcome);
      else await manager.update(ChangeSetEntity, { id }, { updatedAt: new Date() });
      return this.store.dto(manager, id);
    });
  }

  async requestRevision(request: RequestRevisionRequest, context: RpcContext): Promise<ChangeSetDto> {
    requireSelf(request.requestedBy, context, 'requestedBy');
    // The thread shows people by name, as messages posted directly carry one.
    const authorName = request.message ? await this.displayName(request.requestedBy) : undefined;
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, request.id, true);
      requireStatus(loaded.set.status, ['pending_approval'], 'request a revision of');
      const snippets = await manager.count(AnnotationEntity, { where: { changeSetId: request.id } });
      const summary = feedbackSummary(loaded.operations.flatMap((operation) => operation.changes), snippets, request.message);
      const now = new Date();
      await manager.update(
        ChangeSetEntity,
        { id: request.id },
        { status: 'revision_requested', revisionCount: loaded.set.revisionCount + 1, feedbackSummary: summary, updatedAt: now },
      );
      if (request.message) {
        // The request belongs in the conversation with the source too.
        await manager.insert(MessageEntity, {
          id: generateId(IdPrefixes.message, 10),
          changeSetId: request.id,
          operationId: null,
          authorId: request.requestedBy,
          authorName: authorName ?? request.requestedBy,
          authorType: 'user',
          body: request.message,
          createdAt: now,
        });
      }
      return this.store.dto(manager, request.id);
    });
  }

  /** The user's display name; a user deleted since their token was issued keeps their id. */
  private async displayName(userId: string): Promise<string> {
    try {
      return (await this.rpc.request('records.user.get', { id: userId })).displayName;
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCodes.notFound) return userId;
      throw error;
    }
  }

  private async decideAll(id: string, decision: 'approved' | 'rejected', reviewNote?: string): Promise<ChangeSetDto> {
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, id, true);
      requireStatus(loaded.set.status, ['pending_approval'], decision === 'approved' ? 'approve' : 'reject');
      await manager.query(`UPDATE operation SET status = $2, review_note = coalesce($3, review_note) WHERE change_set_id = $1 AND status = 'pending'`, [
        id,
        decision,
        reviewNote ?? null,
      ]);
      // Approving all of a set whose operations were all rejected one by one still leaves nothing to apply.
      const outcome = decision === 'approved' ? (decideSet(loaded.operations.map((o) => (o.status === 'pending' ? 'approved' : o.status))) ?? 'approved') : 'rejected';
      await this.setStatus(manager, loaded.set, outcome, reviewNote);
      return this.store.dto(manager, id);
    });
  }

  private async setStatus(manager: EntityManager, set: ChangeSetEntity, status: 'approved' | 'rejected', reviewNote?: string): Promise<void> {
    const now = new Date();
    await manager.update(
      ChangeSetEntity,
      { id: set.id },
      {
        status,
        updatedAt: now,
        ...(status === 'approved' && { approvedAt: now }),
        ...(reviewNote !== undefined && { reviewNote }),
      },
    );
  }

  /** Submit and resubmit: the set must (still) be valid against the workspace and the records it names. */
  private async enterReview(id: string, from: 'draft' | 'revision_requested', action: string, context: RpcContext): Promise<ChangeSetDto> {
    const snapshot = await this.store.load(this.store.manager, id);
    requireMayAct(snapshot.set, context, 'propose');
    requireStatus(snapshot.set.status, [from], action);
    const records = await this.checkSubmission(snapshot);
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, id, true);
      requireStatus(loaded.set.status, [from], action);
      const now = new Date();
      const names = loaded.operations
        .map((operation) => ({ id: operation.id, summary: operation.entityId ? records.get(operation.entityId) : undefined }))
        .filter((entry) => entry.summary)
        .map(({ id: operationId, summary }) => ({ id: operationId, name: summary?.name ?? null, sku: summary?.sku ?? null }));
      await manager.query(`UPDATE operation SET status = 'pending' WHERE change_set_id = $1`, [id]);
      await manager.query(
        `UPDATE operation o SET entity_name = coalesce(x.name, o.entity_name), entity_sku = coalesce(x.sku, o.entity_sku)
         FROM jsonb_to_recordset($2::jsonb) AS x(id text, name text, sku text) WHERE o.change_set_id = $1 AND o.id = x.id`,
        [id, JSON.stringify(names)],
      );
      await manager.update(ChangeSetEntity, { id }, { status: 'pending_approval', submittedAt: now, updatedAt: now });
      return this.store.dto(manager, id);
    });
  }

  private async checkSubmission(loaded: LoadedChangeSet): Promise<Map<string, RecordSummary>> {
    const schemaIds = [...new Set(loaded.operations.map((operation) => operation.schemaId))];
    const entityIds = [...new Set(loaded.operations.map((operation) => operation.entityId).filter((id): id is string => !!id))];
    const [schemas, dimensions, summaries] = await Promise.all([
      Promise.all(schemaIds.map((schemaId) => this.rpc.request('records.schema.get', { id: schemaId }).catch(notFoundAsUndefined))),
      this.rpc.request('records.dimension.list', {}),
      entityIds.length ? this.rpc.request('records.record.summarize', { ids: entityIds }) : Promise.resolve([]),
    ]);
    const records = new Map(summaries.map((summary) => [summary.id, summary]));
    const issues = validateSubmission(loaded.operations, {
      schemas: new Map(schemas.filter((schema): schema is SchemaDto => !!schema).map((schema) => [schema.id, schema])),
      dimensions,
      records,
    });
    if (issues.length) {
      throw new DomainError(ErrorCodes.gateFailed, `The change set cannot go to review: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
    }
    return records;
  }
}

function notFoundAsUndefined(error: unknown): undefined {
  if (error instanceof DomainError && error.code === ErrorCodes.notFound) return undefined;
  throw error;
}

/** Identity comes from the token: a body naming someone else is refused, not trusted. */
export function requireSelf(claimed: string, context: RpcContext, field: string): void {
  if (context.actor && claimed !== context.actor.userId) {
    throw new DomainError(ErrorCodes.forbidden, `${field} must be your own user id (${context.actor.userId})`, { field });
  }
}
