import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { Consumers, Streams } from '@sigma/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions, NATS_CONNECTION, registerConsumerLag, streamName } from '@sigma/messaging';

/** Reports how far the audit consumer is behind the record-event stream (sigma_jetstream_consumer_pending), read on each scrape. */
@Injectable()
export class ConsumerLagMetric implements OnApplicationBootstrap, OnApplicationShutdown {
  private unregister?: () => void;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  onApplicationBootstrap(): void {
    const stream = streamName(this.options.subjectPrefix, Streams.recordEvents);
    this.unregister = registerConsumerLag(`${stream}/${Consumers.audit}`, async () => {
      const jsm = await this.nats.jetstreamManager();
      const info = await jsm.consumers.info(stream, Consumers.audit);
      return info.num_pending + info.num_ack_pending;
    });
  }

  onApplicationShutdown(): void {
    this.unregister?.();
  }
}
