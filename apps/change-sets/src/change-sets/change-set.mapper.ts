import { type AnnotationDto, type ChangeSetDto, type OperationDto, scopeKey } from '@sigma/contracts';
import type { ApplyProgress } from '../apply/apply-log';
import type { AnnotationEntity, ChangeSetEntity, OperationEntity } from '../database/entities';
import { changeDecision } from '../domain/change-decisions';

export function toAnnotationDto(annotation: AnnotationEntity): AnnotationDto {
  return {
    id: annotation.id,
    operationId: annotation.operationId,
    attributeAlias: annotation.attributeAlias,
    scope: annotation.scope,
    text: annotation.text,
    startOffset: annotation.startOffset,
    endOffset: annotation.endOffset,
    sentiment: annotation.sentiment,
    ...(annotation.note !== null && { note: annotation.note }),
    createdBy: annotation.createdBy,
    createdAt: annotation.createdAt.toISOString(),
  };
}

export function toOperationDto(operation: OperationEntity, annotations: AnnotationEntity[] = []): OperationDto {
  return {
    id: operation.id,
    type: operation.type,
    ...(operation.entityId !== null && { entityId: operation.entityId }),
    ...(operation.entityName !== null && { entityName: operation.entityName }),
    ...(operation.entitySku !== null && { entitySku: operation.entitySku }),
    schemaId: operation.schemaId,
    status: operation.status,
    ...(operation.reviewNote !== null && { reviewNote: operation.reviewNote }),
    changes: operation.changes.map((change) => {
      const scope = scopeKey(change.scope ?? {});
      const own = annotations.filter((a) => a.operationId === operation.id && a.attributeAlias === change.attributeAlias && scopeKey(a.scope) === scope);
      const decided = { ...change, decision: changeDecision(change, operation.status) };
      return own.length ? { ...decided, annotations: own.map(toAnnotationDto) } : decided;
    }),
    ...(operation.error !== null && { error: operation.error }),
  };
}

/**
 * `applyProgress`: from the apply log, for a set with a run. `operationCount`: all of the set's
 * operations, also when only some of them are embedded (lists).
 */
export function toChangeSetDto(
  set: ChangeSetEntity,
  operations: OperationEntity[],
  annotations: AnnotationEntity[] = [],
  applyProgress?: ApplyProgress,
  operationCount = operations.length,
): ChangeSetDto {
  return {
    id: set.id,
    title: set.title,
    ...(set.description !== null && { description: set.description }),
    source: set.source,
    status: set.status,
    createdBy: set.createdBy,
    createdAt: set.createdAt.toISOString(),
    updatedAt: set.updatedAt.toISOString(),
    ...(set.submittedAt && { submittedAt: set.submittedAt.toISOString() }),
    ...(set.approvedAt && { approvedAt: set.approvedAt.toISOString() }),
    ...(set.appliedAt && { appliedAt: set.appliedAt.toISOString() }),
    revisionCount: set.revisionCount,
    revision: set.revision,
    ...(set.reviewNote !== null && { reviewNote: set.reviewNote }),
    ...(set.feedbackSummary && { feedbackSummary: set.feedbackSummary }),
    ...(applyProgress && { applyProgress }),
    ...(set.applyResult && { applyResult: set.applyResult }),
    operationCount,
    operations: operations.map((operation) => toOperationDto(operation, annotations)),
  };
}
