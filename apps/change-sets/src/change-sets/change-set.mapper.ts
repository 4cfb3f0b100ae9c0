import type { AnnotationDto, ChangeSetDto, OperationDto } from '@sigma/contracts';
import type { AnnotationEntity, ChangeSetEntity, OperationEntity } from '../database/entities';

export function toAnnotationDto(annotation: AnnotationEntity): AnnotationDto {
  return {
    id: annotation.id,
    operationId: annotation.operationId,
    attributeAlias: annotation.attributeAlias,
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
      const own = annotations.filter((a) => a.operationId === operation.id && a.attributeAlias === change.attributeAlias);
      return own.length ? { ...change, annotations: own.map(toAnnotationDto) } : change;
    }),
    ...(operation.error !== null && { error: operation.error }),
  };
}

/** What a set's summary counts over all its operations, also when only some of them are embedded. */
export interface OperationCounts {
  total: number;
  /** Operations the apply takes part in, and those it has finished. */
  inApply: number;
  done: number;
}

export function countOperations(operations: OperationEntity[]): OperationCounts {
  const inApply = operations.filter((operation) => operation.applyState !== null && operation.applyState !== 'skipped');
  const done = inApply.filter((operation) => operation.applyState === 'confirmed' || operation.applyState === 'failed').length;
  return { total: operations.length, inApply: inApply.length, done };
}

export function toChangeSetDto(
  set: ChangeSetEntity,
  operations: OperationEntity[],
  annotations: AnnotationEntity[] = [],
  counts: OperationCounts = countOperations(operations),
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
    ...(set.reviewNote !== null && { reviewNote: set.reviewNote }),
    ...(set.feedbackSummary && { feedbackSummary: set.feedbackSummary }),
    ...(counts.inApply > 0 && { applyProgress: { done: counts.done, total: counts.inApply } }),
    ...(set.applyResult && { applyResult: set.applyResult }),
    operationCount: counts.total,
    operations: operations.map((operation) => toOperationDto(operation, annotations)),
  };
}
