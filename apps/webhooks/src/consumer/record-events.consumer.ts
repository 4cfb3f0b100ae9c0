import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { Consumers, type RecordEvent, Streams, WEBHOOK_EVENT_TYPES } from '@sigma/contracts';
import { DurableConsumer, MESSAGING_OPTIONS, type MessagingOptions, NATS_CONNECTION } from '@sigma/messaging';
import { DeliveryStore } from '../delivery/delivery-store';
import { DeliveryWorker } from '../delivery/delivery-worker';
import { SubscriptionStore } from '../subscriptions/subscription-store';

/**
 * The durable consumer `webhooks` of record events. Each batch marks its events processed and
 * writes one delivery per matching subscription in one transaction, acknowledged only after it
 * committed. A redelivery (crash before ack, relay re-publish) hits the processed event id and
 * writes nothing.
 */
@Injectable()
export class RecordEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: DurableConsumer<RecordEvent>;

  constructor(
    @Inject(NATS_CONNECTION) nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    deliveries: DeliveryStore,
    subscriptions: SubscriptionStore,
    worker: DeliveryWorker,
  ) {
    this.consumer = new DurableConsumer<RecordEvent>(nats, {
      stream: Streams.recordEvents,
      subjectPrefix: options.subjectPrefix,
      retentionMs: options.eventRetentionMs,
      replicas: options.streamReplicas,
      durableName: Consumers.webhooks,
      label: 'webhook deliveries',
      parse: (message) => {
        const event = message.json<RecordEvent>();
        return typeof event.id === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(event.type) ? event : undefined;
      },
      handle: async (events) => {
        const queued = await deliveries.fanOut(events, await subscriptions.all());
        if (queued > 0) worker.nudge();
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
