import { RecordEvents } from './records/events';

/**
 * JetStream streams: events that must not be lost. Names and subjects get the deployment's
 * NATS_SUBJECT_PREFIX (`<prefix>_RECORD_EVENTS`, `<prefix>.records.record.created`, …).
 */
export interface StreamDefinition {
  name: string;
  /** Exact event subjects: a wildcard like `records.record.>` would also capture request/reply subjects. */
  subjects: readonly string[];
}

export const Streams = {
  recordEvents: { name: 'RECORD_EVENTS', subjects: Object.values(RecordEvents) },
} satisfies Record<string, StreamDefinition>;

/** Durable consumers, one per reading service. */
export const Consumers = {
  audit: 'audit',
  webhooks: 'webhooks',
} as const;
