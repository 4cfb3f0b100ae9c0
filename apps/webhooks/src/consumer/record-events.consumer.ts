import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, type Consumer, DeliverPolicy, type JsMsg, type NatsConnection, nanos } from 'nats';
import { Consumers, type RecordEvent, Streams, WEBHOOK_EVENT_TYPES } from '@sigma/contracts';
import { ensureStream, MESSAGING_OPTIONS, type MessagingOptions, NATS_CONNECTION } from '@sigma/messaging';
import { DeliveryStore } from '../delivery/delivery-store';
import { DeliveryWorker } from '../delivery/delivery-worker';
import { SubscriptionStore } from '../subscriptions/subscription-store';

const BATCH_SIZE = 500;
/**
 * How long the server waits for an ack before it redelivers: short, so the events a crashed
 * consumer held come again soon after its restart; messages still queued or being written are
 * kept alive with `working()` every PROGRESS_EVERY_MS, so a slow batch is not redelivered.
 */
export const ACK_WAIT_MS = 2000;
const PROGRESS_EVERY_MS = 700;
const RETRY_DELAY_MS = 1000;
/** One pull: up to this many messages, each handed over as it arrives. */
const FETCH_MAX_MESSAGES = 1000;
/**
 * How long one pull stays open; a shutdown waits for the open pull to end (at most this long).
 * The client gives up 5% after it, so a process stalled longer than that at the end of a pull
 * could drop what the server sent last (redelivered after the ack wait): 2 s leaves 100 ms.
 */
const FETCH_EXPIRES_MS = 2000;

/**
 * Durable JetStream consumer `webhooks` of record events. Each batch marks its events processed
 * and writes one delivery per matching subscription in one transaction, acknowledged only after
 * it committed. A redelivery (crash before ack, relay re-publish) hits the processed event id and
 * writes nothing.
 *
 * Messages are pulled with short fetches that are always run to their end: a pull abandoned on
 * shutdown would leave the server delivering into a closed inbox, and those messages would wait
 * out the ack wait before a restarted service saw them.
 */
@Injectable()
export class RecordEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RecordEventsConsumer');
  private running = false;
  private pulling?: Promise<void>;
  private readonly queue: JsMsg[] = [];
  /** Delivered and not yet acked, nak'ed or terminated: queued or in the batch being written. */
  private readonly held = new Set<JsMsg>();
  private progress?: NodeJS.Timeout;
  private draining?: Promise<void>;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly deliveries: DeliveryStore,
    private readonly subscriptions: SubscriptionStore,
    private readonly worker: DeliveryWorker,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stream = await ensureStream(this.nats, this.options.subjectPrefix, Streams.recordEvents, this.options.eventRetentionMs);
    const jsm = await this.nats.jetstreamManager();
    const ackWait = nanos(ACK_WAIT_MS);
    await jsm.consumers
      .add(stream, {
        durable_name: Consumers.webhooks,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        max_deliver: -1,
        ack_wait: ackWait,
        max_ack_pending: 5000,
      })
      .catch(async (error: Error) => {
        // Already there from an earlier start (or a replica): use it, with today's ack wait.
        const existing = await jsm.consumers.info(stream, Consumers.webhooks).catch(() => {
          throw error;
        });
        if (existing.config.ack_wait !== ackWait) await jsm.consumers.update(stream, Consumers.webhooks, { ack_wait: ackWait });
      });
    const consumer = await this.nats.jetstream().consumers.get(stream, Consumers.webhooks);
    this.running = true;
    this.progress = setInterval(() => {
      for (const message of this.held) message.working();
    }, PROGRESS_EVERY_MS);
    this.progress.unref();
    this.pulling = this.pull(consumer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.pulling;
    await this.draining;
    clearInterval(this.progress);
  }

  private async pull(consumer: Consumer): Promise<void> {
    while (this.running) {
      try {
        const messages = await consumer.fetch({ max_messages: FETCH_MAX_MESSAGES, expires: FETCH_EXPIRES_MS });
        for await (const message of messages) this.enqueue(message);
      } catch (error) {
        this.logger.warn(`Pulling record events failed, retrying in ${RETRY_DELAY_MS} ms: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }

  private enqueue(message: JsMsg): void {
    this.held.add(message);
    this.queue.push(message);
    if (!this.draining) this.draining = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.process(this.queue.splice(0, BATCH_SIZE));
    } finally {
      this.draining = undefined;
      if (this.queue.length > 0) this.draining = this.drain();
    }
  }

  private async process(batch: JsMsg[]): Promise<void> {
    try {
      await this.write(batch);
    } finally {
      for (const message of batch) this.held.delete(message);
    }
  }

  private async write(batch: JsMsg[]): Promise<void> {
    const events: RecordEvent[] = [];
    const accepted: JsMsg[] = [];
    for (const message of batch) {
      const event = parse(message);
      if (event) {
        events.push(event);
        accepted.push(message);
      } else {
        this.logger.error(`Dropping unreadable event on ${message.subject} (stream seq ${message.seq})`);
        message.term();
      }
    }
    try {
      const queued = await this.deliveries.fanOut(events, await this.subscriptions.all());
      for (const message of accepted) message.ack();
      if (queued > 0) this.worker.nudge();
    } catch (error) {
      this.logger.warn(`Queuing webhook deliveries for ${events.length} events failed, redelivering: ${(error as Error).message}`);
      for (const message of accepted) message.nak(RETRY_DELAY_MS);
    }
  }
}

function parse(message: JsMsg): RecordEvent | undefined {
  try {
    const event = message.json<RecordEvent>();
    return typeof event.id === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(event.type) ? event : undefined;
  } catch {
    return undefined;
  }
}
