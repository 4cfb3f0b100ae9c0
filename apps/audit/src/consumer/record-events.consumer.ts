import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, type Consumer, DeliverPolicy, type JsMsg, type NatsConnection, nanos } from 'nats';
import { AUDIT_RECORDED_SUBJECT, type AuditEntriesRecorded, Consumers, Streams } from '@sigma/contracts';
import { ensureStream, MESSAGING_OPTIONS, type MessagingOptions, NATS_CONNECTION, prefixSubject } from '@sigma/messaging';
import { AuditWriter } from '../entries/audit-writer';
import { type AuditRow, toAuditRow } from '../entries/to-audit-row';

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

/**
 * Durable JetStream consumer of record events. Messages are written in batches (one statement),
 * acknowledged only after the write committed, then confirmed on `audit.entry.recorded`.
 * A redelivery (crash before ack, relay re-publish) hits the unique event id and writes nothing.
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
    private readonly writer: AuditWriter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stream = await ensureStream(this.nats, this.options.subjectPrefix, Streams.recordEvents, this.options.eventRetentionMs);
    const jsm = await this.nats.jetstreamManager();
    const ackWait = nanos(ACK_WAIT_MS);
    await jsm.consumers
      .add(stream, {
        durable_name: Consumers.audit,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        max_deliver: -1,
        ack_wait: ackWait,
        max_ack_pending: 5000,
      })
      .catch(async (error: Error) => {
        // Already there from an earlier start (or a replica): use it, with today's ack wait.
        const existing = await jsm.consumers.info(stream, Consumers.audit).catch(() => {
          throw error;
        });
        if (existing.config.ack_wait !== ackWait) await jsm.consumers.update(stream, Consumers.audit, { ack_wait: ackWait });
      });
    const consumer = await this.nats.jetstream().consumers.get(stream, Consumers.audit);
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
    const rows: AuditRow[] = [];
    const accepted: JsMsg[] = [];
    for (const message of batch) {
      const row = parse(message);
      if (row) {
        rows.push(row);
        accepted.push(message);
      } else {
        this.logger.error(`Dropping unreadable event on ${message.subject} (stream seq ${message.seq})`);
        message.term();
      }
    }
    try {
      const entries = await this.writer.write(rows);
      for (const message of accepted) message.ack();
      if (entries.length > 0) {
        const confirmation: AuditEntriesRecorded = { entries };
        this.nats.publish(prefixSubject(this.options.subjectPrefix, AUDIT_RECORDED_SUBJECT), JSON.stringify(confirmation));
      }
    } catch (error) {
      this.logger.warn(`Writing ${rows.length} audit entries failed, redelivering: ${(error as Error).message}`);
      for (const message of accepted) message.nak(RETRY_DELAY_MS);
    }
  }
}

function parse(message: JsMsg): AuditRow | undefined {
  try {
    return toAuditRow(message.json());
  } catch {
    return undefined;
  }
}
