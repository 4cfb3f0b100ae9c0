import { Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { StreamDefinition } from '@sigma/contracts';
import { prefixSubject } from '../subjects';
import { ensureStream } from './streams';

/** pg_notify channel the outbox writer signals on commit; the payload is the writer's schema. */
export const OUTBOX_CHANNEL = 'sigma_outbox';

export interface OutboxRelayOptions {
  /** The service schema whose `outbox` table is relayed. */
  schema: string;
  databaseUrl: string;
  subjectPrefix?: string;
  stream: StreamDefinition;
  batchSize?: number;
  /** Fallback poll when no notification arrives (e.g. one was missed during a reconnect). */
  idlePollMs?: number;
}

const MAX_BACKOFF_MS = 5000;

/**
 * Publishes committed outbox rows to JetStream in outbox order, with `Nats-Msg-Id` = event id,
 * and marks them sent only after the stream acknowledged them. A crash between publish and
 * mark re-publishes on restart; the stream's duplicate window and every consumer's dedupe by
 * event id make that harmless. A transaction-scoped advisory lock keeps one relay per schema
 * active at a time, so replicas never publish out of order.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  /** A commit was signalled since the current batch started: run again instead of sleeping. */
  private notified = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private listener?: Client;
  private streamName?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnection,
    private readonly options: OutboxRelayOptions,
  ) {}

  async start(): Promise<void> {
    this.streamName = await ensureStream(this.nats, this.options.subjectPrefix, this.options.stream);
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  /** Publishes one batch; returns how many rows it relayed (0 when idle or another replica holds the lock). */
  async relayBatch(): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    const js = this.nats.jetstream();
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        `outbox-relay:${this.options.schema}`,
      ])) as { locked: boolean }[];
      if (!locked) return 0;
      const rows = (await manager.query(
        'SELECT position, id, type, envelope FROM outbox WHERE published_at IS NULL ORDER BY position LIMIT $1',
        [batchSize],
      )) as { position: string; id: string; type: string; envelope: unknown }[];
      if (rows.length === 0) return 0;
      // One connection sends in call order, so the stream keeps outbox order while acks arrive concurrently.
      await Promise.all(
        rows.map((row) =>
          js.publish(prefixSubject(this.options.subjectPrefix, row.type), JSON.stringify(row.envelope), {
            msgID: row.id,
            expect: { streamName: this.streamName },
          }),
        ),
      );
      await manager.query('UPDATE outbox SET published_at = now() WHERE position = ANY($1::bigint[])', [rows.map((row) => row.position)]);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      try {
        this.notified = false;
        const relayed = await this.relayBatch();
        backoff = 100;
        if (relayed > 0 || this.notified) continue;
      } catch (error) {
        this.logger.warn(`Relay of ${this.options.schema} outbox failed, retrying in ${backoff} ms: ${(error as Error).message}`);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        continue;
      }
      await this.sleep(this.options.idlePollMs ?? 1000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async listen(): Promise<void> {
    const listener = new Client({ connectionString: this.options.databaseUrl, application_name: `${this.options.schema}-outbox-relay` });
    listener.on('notification', (message) => {
      if (message.payload !== this.options.schema) return;
      this.notified = true;
      this.wake?.();
    });
    listener.on('error', (error) => {
      // The poll keeps relaying; try to listen again shortly.
      this.logger.warn(`Outbox listener lost: ${error.message}`);
      this.listener = undefined;
      if (this.running) setTimeout(() => void this.listen().catch(() => undefined), 1000);
    });
    await listener.connect();
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.listener = listener;
  }
}
