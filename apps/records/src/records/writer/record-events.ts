import {
  type EventEnvelope,
  generateId,
  IdPrefixes,
  type RecordEventMap,
  type RecordEventType,
  type RpcContext,
} from '@sigma/contracts';
import type { RecordEntity } from '../../database/entities';
import { actorId } from './versioning';

/** Builds the outbox envelope of a record event, attributed to the caller in `context`. */
export function recordEvent<T extends RecordEventType>(
  type: T,
  record: RecordEntity,
  payload: RecordEventMap[T],
  context: RpcContext,
  occurredAt: Date,
): EventEnvelope<T, RecordEventMap[T]> {
  return {
    id: generateId(IdPrefixes.event, 16),
    type,
    occurredAt: occurredAt.toISOString(),
    aggregateId: record.id,
    sequence: record.version,
    userId: actorId(context),
    ...(context.requestId && { requestId: context.requestId }),
    ...(context.changeSetId && { changeSetId: context.changeSetId }),
    ...(context.operationId && { operationId: context.operationId }),
    payload,
  };
}
