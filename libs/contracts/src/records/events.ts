import type { RecordDto, ValueChange } from './records';

/**
 * Record events, written to the records outbox in the same transaction as the change and
 * published to JetStream. `id` is unique and is the dedupe key for every consumer.
 */
export interface EventEnvelope<TType extends string, TPayload> {
  id: string;
  type: TType;
  occurredAt: string;
  aggregateId: string;
  /** Position of this event in the aggregate's history (the record version after the change). */
  sequence: number;
  userId: string;
  requestId?: string;
  changeSetId?: string;
  operationId?: string;
  payload: TPayload;
}

export interface RecordChangedPayload {
  schemaId: string;
  changes: ValueChange[];
}

export interface RecordCreatedPayload extends RecordChangedPayload {
  record: RecordDto;
}

export interface RecordTransitionedPayload extends RecordChangedPayload {
  transitionId: string;
  fromStateId: string;
  toStateId: string;
}

export const RecordEvents = {
  created: 'records.record.created',
  updated: 'records.record.updated',
  deleted: 'records.record.deleted',
  transitioned: 'records.record.transitioned',
} as const;

export interface RecordEventMap {
  [RecordEvents.created]: RecordCreatedPayload;
  [RecordEvents.updated]: RecordChangedPayload;
  [RecordEvents.deleted]: RecordChangedPayload;
  [RecordEvents.transitioned]: RecordTransitionedPayload;
}

export type RecordEventType = keyof RecordEventMap;
export type RecordEvent<T extends RecordEventType = RecordEventType> = {
  [K in T]: EventEnvelope<K, RecordEventMap[K]>;
}[T];
