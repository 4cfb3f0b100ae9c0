import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import type { RpcContext, RpcRequest as Req, RpcResponse as Res } from '@sigma/contracts';
import { checkHealth } from '@sigma/db';
import { NATS_CONNECTION, ReplyMeta, RpcHandler } from '@sigma/messaging';
import { ApplyService } from './apply/apply.service';
import { ChangeSetsService } from './change-sets/change-sets.service';
import { FeedbackService } from './feedback/feedback.service';
import { BulkDecisionsService } from './review/bulk-decisions.service';
import { ReviewService } from './review/review.service';
import { RevisionsService } from './revisions/revisions.service';

/** NATS face of the change-set service: unwraps requests for the domain services. */
@Injectable()
export class ChangeSetsHandler {
  constructor(
    private readonly changeSets: ChangeSetsService,
    private readonly review: ReviewService,
    private readonly bulkDecisions: BulkDecisionsService,
    private readonly feedback: FeedbackService,
    private readonly revisions: RevisionsService,
    private readonly applier: ApplyService,
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  @RpcHandler('change-sets.health.check')
  health(): Promise<Res<'change-sets.health.check'>> {
    return checkHealth('change-sets', this.dataSource, this.nats);
  }

  @RpcHandler('change-sets.change-set.list')
  list(query: Req<'change-sets.change-set.list'>): Promise<Res<'change-sets.change-set.list'>> {
    return this.changeSets.list(query);
  }

  @RpcHandler('change-sets.change-set.stats')
  stats(): Promise<Res<'change-sets.change-set.stats'>> {
    return this.changeSets.stats();
  }

  @RpcHandler('change-sets.change-set.get')
  get({ id }: Req<'change-sets.change-set.get'>): Promise<Res<'change-sets.change-set.get'>> {
    return this.changeSets.get(id);
  }

  @RpcHandler('change-sets.operation.list')
  operations(request: Req<'change-sets.operation.list'>): Promise<Res<'change-sets.operation.list'>> {
    return this.changeSets.operations(request);
  }

  @RpcHandler('change-sets.change-set.create')
  async create(request: Req<'change-sets.change-set.create'>, context: RpcContext): Promise<Res<'change-sets.change-set.create'>> {
    const { result, replayed } = await this.changeSets.create(request, context);
    if (replayed) ReplyMeta.markReplayed();
    return result;
  }

  @RpcHandler('change-sets.operation.append')
  append(request: Req<'change-sets.operation.append'>, context: RpcContext): Promise<Res<'change-sets.operation.append'>> {
    return this.changeSets.appendOperations(request, context);
  }

  @RpcHandler('change-sets.operation.decide')
  decideOperations(request: Req<'change-sets.operation.decide'>): Promise<Res<'change-sets.operation.decide'>> {
    return this.bulkDecisions.decide(request);
  }

  @RpcHandler('change-sets.change-set.add-operations')
  addOperations({ id, operations }: Req<'change-sets.change-set.add-operations'>, context: RpcContext): Promise<Res<'change-sets.change-set.add-operations'>> {
    return this.changeSets.addOperations(id, operations, context);
  }

  @RpcHandler('change-sets.change-set.delete')
  delete({ id }: Req<'change-sets.change-set.delete'>, context: RpcContext): Promise<Res<'change-sets.change-set.delete'>> {
    return this.changeSets.delete(id, context);
  }

  @RpcHandler('change-sets.operation.replace-changes')
  replaceChanges(request: Req<'change-sets.operation.replace-changes'>, context: RpcContext): Promise<Res<'change-sets.operation.replace-changes'>> {
    return this.revisions.replaceChanges(request, context);
  }

  @RpcHandler('change-sets.operation.remove')
  removeOperation(request: Req<'change-sets.operation.remove'>, context: RpcContext): Promise<Res<'change-sets.operation.remove'>> {
    return this.revisions.removeOperation(request, context);
  }

  @RpcHandler('change-sets.revision.list')
  revisionList({ id }: Req<'change-sets.revision.list'>): Promise<Res<'change-sets.revision.list'>> {
    return this.revisions.list(id);
  }

  @RpcHandler('change-sets.revision.diff')
  revisionDiff(request: Req<'change-sets.revision.diff'>): Promise<Res<'change-sets.revision.diff'>> {
    return this.revisions.diff(request);
  }

  @RpcHandler('change-sets.change-set.submit')
  submit({ id }: Req<'change-sets.change-set.submit'>, context: RpcContext): Promise<Res<'change-sets.change-set.submit'>> {
    return this.review.submit(id, context);
  }

  @RpcHandler('change-sets.change-set.resubmit')
  resubmit({ id }: Req<'change-sets.change-set.resubmit'>, context: RpcContext): Promise<Res<'change-sets.change-set.resubmit'>> {
    return this.review.resubmit(id, context);
  }

  @RpcHandler('change-sets.change-set.approve')
  approve({ id, reviewNote, allowStale }: Req<'change-sets.change-set.approve'>): Promise<Res<'change-sets.change-set.approve'>> {
    return this.review.approve(id, reviewNote, allowStale);
  }

  @RpcHandler('change-sets.change-set.reject')
  reject({ id, reviewNote }: Req<'change-sets.change-set.reject'>): Promise<Res<'change-sets.change-set.reject'>> {
    return this.review.reject(id, reviewNote);
  }

  @RpcHandler('change-sets.operation.approve')
  approveOperation({ id, operationId, reviewNote, allowStale }: Req<'change-sets.operation.approve'>): Promise<Res<'change-sets.operation.approve'>> {
    return this.review.decideOperation(id, operationId, 'approve', reviewNote, allowStale);
  }

  @RpcHandler('change-sets.operation.reject')
  rejectOperation({ id, operationId, reviewNote }: Req<'change-sets.operation.reject'>): Promise<Res<'change-sets.operation.reject'>> {
    return this.review.decideOperation(id, operationId, 'reject', reviewNote);
  }

  @RpcHandler('change-sets.operation.decide-changes')
  decideChanges(request: Req<'change-sets.operation.decide-changes'>): Promise<Res<'change-sets.operation.decide-changes'>> {
    return this.review.decideChanges(request);
  }

  @RpcHandler('change-sets.change-set.request-revision')
  requestRevision(request: Req<'change-sets.change-set.request-revision'>, context: RpcContext): Promise<Res<'change-sets.change-set.request-revision'>> {
    return this.review.requestRevision(request, context);
  }

  @RpcHandler('change-sets.operation.rate')
  rate(request: Req<'change-sets.operation.rate'>): Promise<Res<'change-sets.operation.rate'>> {
    return this.feedback.rate(request);
  }

  @RpcHandler('change-sets.operation.annotate')
  annotate(request: Req<'change-sets.operation.annotate'>, context: RpcContext): Promise<Res<'change-sets.operation.annotate'>> {
    return this.feedback.annotate(request, context);
  }

  @RpcHandler('change-sets.annotation.delete')
  deleteAnnotation({ id, annotationId }: Req<'change-sets.annotation.delete'>): Promise<Res<'change-sets.annotation.delete'>> {
    return this.feedback.deleteAnnotation(id, annotationId);
  }

  @RpcHandler('change-sets.message.list')
  messages({ id }: Req<'change-sets.message.list'>): Promise<Res<'change-sets.message.list'>> {
    return this.feedback.messages(id);
  }

  @RpcHandler('change-sets.message.post')
  postMessage(request: Req<'change-sets.message.post'>, context: RpcContext): Promise<Res<'change-sets.message.post'>> {
    return this.feedback.postMessage(request, context);
  }

  @RpcHandler('change-sets.change-set.apply')
  async apply({ id }: Req<'change-sets.change-set.apply'>, context: RpcContext): Promise<Res<'change-sets.change-set.apply'>> {
    const { result, replayed } = await this.applier.apply(id, context);
    if (replayed) ReplyMeta.markReplayed();
    return result;
  }

  @RpcHandler('change-sets.record.pending-changes')
  pendingChanges({ entityId }: Req<'change-sets.record.pending-changes'>): Promise<Res<'change-sets.record.pending-changes'>> {
    return this.changeSets.pendingChanges(entityId);
  }
}
