import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { AUDIT_RECORDED_SUBJECT, type AuditEntriesRecorded, Consumers, Streams } from '@sigma/contracts';
import { DurableConsumer, MESSAGING_OPTIONS, type MessagingOptions, NATS_CONNECTION, prefixSubject } from '@sigma/messaging';
import { AuditWriter } from '../entries/audit-writer';
import { type AuditRow, toAuditRow } from '../entries/to-audit-row';

/**
 * The durable consumer `audit` of record events. Each batch is written in one statement, then
 * confirmed on `audit.entry.recorded`, and acknowledged only after that. A redelivery (crash
 * before ack, relay re-publish) hits the unique event id and writes nothing.
 */
@Injectable()
export class RecordEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: DurableConsumer<AuditRow>;

  constructor(
    @Inject(NATS_CONNECTION) nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    writer: AuditWriter,
  ) {
    this.consumer = new DurableConsumer<AuditRow>(nats, {
      stream: Streams.recordEvents,
      subjectPrefix: options.subjectPrefix,
      retentionMs: options.eventRetentionMs,
      replicas: options.streamReplicas,
      durableName: Consumers.audit,
      label: 'audit entries',
      parse: (message) => toAuditRow(message.json()),
      handle: async (rows) => {
        const entries = await writer.write(rows);
        if (entries.length === 0) return;
        const confirmation: AuditEntriesRecorded = { entries };
        nats.publish(prefixSubject(options.subjectPrefix, AUDIT_RECORDED_SUBJECT), JSON.stringify(confirmation));
      },
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
