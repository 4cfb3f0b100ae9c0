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

/**
 * The audit row of a record event; undefined for an event that is not an auditable record change
 * or that lacks what an entry needs (the consumer terminates those: they could never be written,
 * and redelivering them forever would fail every batch they land in).
 */
export function toAuditRow(event: EventEnvelope<string, Partial<RecordChangedPayload>>): AuditRow | undefined {
  const action = typeof event?.type === 'string' && Object.hasOwn(ACTIONS, event.type) ? ACTIONS[event.type] : undefined;
  if (!action || !isWritable(event)) return undefined;
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

const MAX_SEQUENCE = 2 ** 31 - 1;

function isWritable(event: EventEnvelope<string, Partial<RecordChangedPayload>>): boolean {
  const changes = event.payload?.changes;
  return (
    isNonEmptyString(event.id) &&
    isNonEmptyString(event.aggregateId) &&
    isNonEmptyString(event.userId) &&
    Number.isInteger(event.sequence) &&
    event.sequence >= 0 &&
    event.sequence <= MAX_SEQUENCE &&
    typeof event.occurredAt === 'string' &&
    !Number.isNaN(Date.parse(event.occurredAt)) &&
    (changes === undefined || Array.isArray(changes))
  );
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
