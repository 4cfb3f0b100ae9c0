import { Logger } from '@nestjs/common';
import { AckPolicy, type Consumer, DeliverPolicy, type JsMsg, type NatsConnection, nanos } from 'nats';
import type { StreamDefinition } from '@sigma/contracts';
import { ensureStream } from './streams';

const BATCH_SIZE = 500;
/**
 * How long the server waits for an ack before it redelivers. Short, so the events a crashed
 * consumer held come again within about 2 s of its restart (30 s left the audit trail of
 * acknowledged writes empty for that long); messages still queued or being written here are
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

export interface DurableConsumerOptions<T> {
  stream: StreamDefinition;
  subjectPrefix?: string;
  retentionMs?: number;
  /** The stream's num_replicas (default 1). */
  replicas?: number;
  durableName: string;
  /** What a batch holds, for log lines ("audit entries"). */
  label: string;
  /** One message as the handler wants it; undefined: unreadable, terminated (never redelivered). */
  parse(message: JsMsg): T | undefined;
  /** Writes a batch. Its messages are acked once it resolves and redelivered when it throws, so it must be idempotent. */
  handle(items: T[]): Promise<void>;
}

/**
 * A durable JetStream pull consumer that hands batches to a handler and acks them only after it
 * committed. Messages are pulled with short fetches that are always run to their end: a pull
 * abandoned on shutdown would leave the server delivering into a closed inbox, and those messages
 * would wait out the ack wait before a restarted service saw them.
 */
export class DurableConsumer<T> {
  private readonly logger: Logger;
  private running = false;
  private pulling?: Promise<void>;
  private readonly queue: JsMsg[] = [];
  /** Delivered and not yet acked, nak'ed or terminated: queued or in the batch being written. */
  private readonly held = new Set<JsMsg>();
  private progress?: NodeJS.Timeout;
  private draining?: Promise<void>;

  constructor(
    private readonly nats: NatsConnection,
    private readonly options: DurableConsumerOptions<T>,
  ) {
    this.logger = new Logger(`DurableConsumer:${options.durableName}`);
  }

  async start(): Promise<void> {
    const { durableName } = this.options;
    const stream = await ensureStream(this.nats, this.options.subjectPrefix, this.options.stream, this.options.retentionMs, this.options.replicas);
    const jsm = await this.nats.jetstreamManager();
    const ackWait = nanos(ACK_WAIT_MS);
    await jsm.consumers
      .add(stream, {
        durable_name: durableName,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        max_deliver: -1,
        ack_wait: ackWait,
        max_ack_pending: 5000,
      })
      .catch(async (error: Error) => {
        // Already there from an earlier start (or a replica): use it, with today's ack wait.
        const existing = await jsm.consumers.info(stream, durableName).catch(() => {
          throw error;
        });
        if (existing.config.ack_wait !== ackWait) await jsm.consumers.update(stream, durableName, { ack_wait: ackWait });
      });
    const consumer = await this.nats.jetstream().consumers.get(stream, durableName);
    this.running = true;
    this.progress = setInterval(() => {
      for (const message of this.held) message.working();
    }, PROGRESS_EVERY_MS);
    this.progress.unref();
    this.pulling = this.pull(consumer);
  }

  async stop(): Promise<void> {
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
        this.logger.warn(`Pulling failed, retrying in ${RETRY_DELAY_MS} ms: ${(error as Error).message}`);
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
    const items: T[] = [];
    const accepted: JsMsg[] = [];
    for (const message of batch) {
      const item = this.read(message);
      if (item !== undefined) {
        items.push(item);
        accepted.push(message);
      } else {
        this.logger.error(`Dropping unreadable event on ${message.subject} (stream seq ${message.seq})`);
        message.term();
      }
    }
    try {
      await this.options.handle(items);
      for (const message of accepted) message.ack();
    } catch (error) {
      this.logger.warn(`Writing ${items.length} ${this.options.label} failed, redelivering: ${(error as Error).message}`);
      for (const message of accepted) message.nak(RETRY_DELAY_MS);
    }
  }

  private read(message: JsMsg): T | undefined {
    try {
      return this.options.parse(message);
    } catch {
      return undefined;
    }
  }
}
