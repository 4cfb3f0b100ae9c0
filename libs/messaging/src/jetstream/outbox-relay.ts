import { Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { Client, escapeIdentifier, escapeLiteral, type QueryResult } from 'pg';
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
  /** The stream's max_age (default 30 days). */
  eventRetentionMs?: number;
  /** The stream's num_replicas (default 1). */
  streamReplicas?: number;
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
 *
 * Batches run on a connection of their own, not the service's pool: under write load the pool is
 * busy with the very requests whose events are waiting, and queueing behind them would add their
 * latency to every event's.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  /** A commit was signalled since the current batch started: run again instead of sleeping. */
  private notified = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private listener?: Client;
  /** The relay's own connection (batches), opened on first use and replaced when lost. */
  private client?: Client;
  /** Batches share one connection, so they run one after another. */
  private batches: Promise<unknown> = Promise.resolve();
  private streamName?: string;
  private readonly batchSize: number;

  constructor(
    private readonly nats: NatsConnection,
    private readonly options: OutboxRelayOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
  }

  async start(): Promise<void> {
    this.streamName = await ensureStream(this.nats, this.options.subjectPrefix, this.options.stream, this.options.eventRetentionMs, this.options.streamReplicas);
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.batches;
    await this.listener?.end().catch(() => undefined);
    await this.closeConnection();
  }

  /** Publishes one batch; returns how many rows it relayed (0 when idle or another replica holds the lock). */
  relayBatch(): Promise<number> {
    const batch = this.batches.then(() => this.publishBatch());
    this.batches = batch.catch(() => undefined);
    return batch;
  }

  private async publishBatch(): Promise<number> {
    const js = this.nats.jetstream();
    const outbox = `${escapeIdentifier(this.options.schema)}.outbox`;
    const client = await this.connect();
    try {
      // Statements that need nothing from each other go in one round trip (simple query protocol).
      const [, lock] = (await client.query(
        `BEGIN; SELECT pg_try_advisory_xact_lock(hashtext(${escapeLiteral(`outbox-relay:${this.options.schema}`)})) AS locked`,
      )) as unknown as [QueryResult, QueryResult<{ locked: boolean }>];
      const rows = lock.rows[0].locked
        ? (
            await client.query<{ position: string; id: string; type: string; envelope: unknown }>(
              `SELECT position, id, type, envelope FROM ${outbox} WHERE published_at IS NULL ORDER BY position LIMIT $1`,
              [this.batchSize],
            )
          ).rows
        : [];
      if (rows.length > 0) {
        // One connection sends in call order, so the stream keeps outbox order while acks arrive concurrently.
        await Promise.all(
          rows.map((row) =>
            js.publish(prefixSubject(this.options.subjectPrefix, row.type), JSON.stringify(row.envelope), {
              msgID: row.id,
              expect: { streamName: this.streamName },
            }),
          ),
        );
        // Positions are bigints from the table itself (digits only): safe to inline.
        await client.query(`UPDATE ${outbox} SET published_at = now() WHERE position = ANY('{${rows.map((row) => row.position).join(',')}}'::bigint[]); COMMIT`);
      } else {
        await client.query('COMMIT');
      }
      return rows.length;
    } catch (error) {
      // Rolled back (the lock goes with it); a connection in doubt is replaced on the next batch.
      await client.query('ROLLBACK').catch(() => this.closeConnection());
      throw error;
    }
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: `${this.options.schema}-outbox-relay` });
    client.on('error', (error) => {
      this.logger.warn(`Outbox relay connection lost: ${error.message}`);
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async closeConnection(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      try {
        this.notified = false;
        const relayed = await this.relayBatch();
        backoff = 100;
        // Again at once only if rows may remain: a full batch, or a commit signalled meanwhile. A
        // partial batch took every row committed before it began, and a later commit notifies, so
        // an immediate re-check would only cost an empty batch (3 statements) per event under load.
        if (relayed >= this.batchSize || this.notified) continue;
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
