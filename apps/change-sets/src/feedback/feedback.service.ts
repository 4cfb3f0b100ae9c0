import { Injectable } from '@nestjs/common';
import {
  type AnnotateRequest,
  type AnnotationDto,
  type ChangeSetDto,
  DomainError,
  generateId,
  IdPrefixes,
  type MessageDto,
  type PostMessageRequest,
  type RateRequest,
  type RpcContext,
  Roles,
  type Scope,
  normalizeScope,
} from '@sigma/contracts';
import { toAnnotationDto } from '../change-sets/change-set.mapper';
import { ChangeSetStore } from '../change-sets/change-set.store';
import { AnnotationEntity, ChangeSetEntity, MessageEntity, type OperationEntity } from '../database/entities';
import { allowChangeSetAction } from '../domain/change-set-status';
import { requireMayAct } from '../domain/ownership';
import { requireSelf } from '../domain/review-rules';
import { anchorSnippet } from './anchor-snippet';
import { findChange } from './find-change';

/** Reviewer feedback: ratings, snippet annotations and the message thread. */
@Injectable()
export class FeedbackService {
  constructor(private readonly store: ChangeSetStore) {}

  async rate(request: RateRequest): Promise<ChangeSetDto> {
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, request.id, true);
      allowChangeSetAction('rate', loaded.set.status);
      const operation = this.store.requireOperation(loaded, request.operationId);
      const index = changeIndex(operation, request.attributeAlias, request.scope);
      const changes = operation.changes.map((change, i) => (i === index ? { ...change, rating: request.rating } : change));
      await manager.query('UPDATE operation SET changes = $2::jsonb WHERE id = $1', [operation.id, JSON.stringify(changes)]);
      await manager.update(ChangeSetEntity, { id: request.id }, { updatedAt: new Date() });
      return this.store.reviewAnswer(manager, request.id);
    });
  }

  async annotate(request: AnnotateRequest, context: RpcContext): Promise<AnnotationDto> {
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, request.id, true);
      allowChangeSetAction('annotate', loaded.set.status);
      const operation = this.store.requireOperation(loaded, request.operationId);
      const change = operation.changes[changeIndex(operation, request.attributeAlias, request.scope)];
      const anchored = anchorSnippet(change.newValue, request.text, request.startOffset, request.endOffset);
      if ('issues' in anchored) throw DomainError.validation(anchored.issues);
      const annotation = manager.create(AnnotationEntity, {
        id: generateId(IdPrefixes.snippet, 10),
        changeSetId: request.id,
        operationId: request.operationId,
        attributeAlias: request.attributeAlias,
        scope: normalizeScope(change.scope ?? {}),
        text: request.text,
        ...anchored,
        sentiment: request.sentiment,
        note: request.note ?? null,
        createdBy: context.actor?.userId ?? 'system',
        createdAt: new Date(),
      });
      await manager.insert(AnnotationEntity, annotation);
      return toAnnotationDto(annotation);
    });
  }

  async deleteAnnotation(id: string, annotationId: string): Promise<{ deleted: true }> {
    return this.store.transaction(async (manager) => {
      await this.store.load(manager, id, true);
      const result = await manager.delete(AnnotationEntity, { id: annotationId, changeSetId: id });
      if (!result.affected) throw DomainError.notFound('Annotation', annotationId);
      return { deleted: true };
    });
  }

  async messages(id: string): Promise<MessageDto[]> {
    await this.store.load(this.store.manager, id);
    const messages = await this.store.manager.find(MessageEntity, { where: { changeSetId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return messages.map(toMessageDto);
  }

  /** Authors speak for themselves: authorId is the caller, and an agent's token posts as an agent. */
  async postMessage(request: PostMessageRequest, context: RpcContext): Promise<MessageDto> {
    requireSelf(request.authorId, context, 'authorId');
    const isAgent = context.actor?.roles.includes(Roles.agent) ?? false;
    if (context.actor && isAgent !== (request.authorType === 'agent')) {
      throw DomainError.validation([
        { field: 'authorType', rule: 'matches-token', message: `authorType must be '${isAgent ? 'agent' : 'user'}' for your role` },
      ]);
    }
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, request.id, true);
      requireMayAct(loaded.set, context, 'message');
      allowChangeSetAction('postMessage', loaded.set.status);
      if (request.operationId) this.store.requireOperation(loaded, request.operationId);
      const message = manager.create(MessageEntity, {
        id: generateId(IdPrefixes.message, 10),
        changeSetId: request.id,
        operationId: request.operationId ?? null,
        authorId: request.authorId,
        authorName: request.authorName,
        authorType: request.authorType,
        body: request.body,
        createdAt: new Date(),
      });
      await manager.insert(MessageEntity, message);
      return toMessageDto(message);
    });
  }
}

/** The index of the change a rating or annotation is about; 400 naming attributeAlias or scope when there is none or it is ambiguous. */
function changeIndex(operation: OperationEntity, attributeAlias: string, scope?: Scope): number {
  const found = findChange(operation, attributeAlias, scope);
  if ('issues' in found) throw DomainError.validation(found.issues);
  return found.index;
}

function toMessageDto(message: MessageEntity): MessageDto {
  return {
    id: message.id,
    changeSetId: message.changeSetId,
    ...(message.operationId !== null && { operationId: message.operationId }),
    authorId: message.authorId,
    authorName: message.authorName,
    authorType: message.authorType,
    timestamp: message.createdAt.toISOString(),
    body: message.body,
  };
}
