import { type AuditAction, type EventEnvelope, generateId, IdPrefixes, type RecordChangedPayload, RecordEvents } from '@sigma/contracts';

export interface AuditRow {
  id: string;
  event_id: string;
  event_type: string;
  entity_id: string;
  sequence: number;
  user_id: string;
  occurred_at: string;
  action: AuditAction;
  changes: RecordChangedPayload['changes'];
  change_set_id: string | null;
  operation_id: string | null;
  request_id: string | null;
}

const ACTIONS: Record<string, AuditAction> = {
  [RecordEvents.created]: 'create',
  [RecordEvents.updated]: 'update',
  [RecordEvents.deleted]: 'delete',
  [RecordEvents.transitioned]: 'transition',
};

/** The audit row of a record event; undefined for an event that is not an auditable record change. */
export function toAuditRow(event: EventEnvelope<string, Partial<RecordChangedPayload>>): AuditRow | undefined {
  const action = ACTIONS[event.type];
  if (!action || typeof event.id !== 'string' || typeof event.aggregateId !== 'string') return undefined;
  return {
    id: generateId(IdPrefixes.audit, 10),
    event_id: event.id,
    event_type: event.type,
    entity_id: event.aggregateId,
    sequence: event.sequence,
    user_id: event.userId,
    occurred_at: event.occurredAt,
    action,
    changes: event.payload?.changes ?? [],
    change_set_id: event.changeSetId ?? null,
    operation_id: event.operationId ?? null,
    request_id: event.requestId ?? null,
  };
}
