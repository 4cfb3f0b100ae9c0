import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Events, type Msg, type NatsConnection, type Subscription } from 'nats';
import { type RecordDto, RecordEvents, type RecordEvent } from '@sigma/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions, metricsRegistry, NATS_CONNECTION, prefixSubject, RpcClient } from '@sigma/messaging';
import { Counter } from 'prom-client';
import { GATEWAY_CONFIG, type GatewayConfig } from '../../gateway.config';
import { RecordCache } from './record-cache';

const recordCacheReads = new Counter({
  name: 'sigma_record_cache_reads_total',
  help: 'GET /records/:id answers by where they came from: hit (the gateway cache), miss (records), bypass (Cache-Control: no-cache)',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

/**
 * Single-record reads through the gateway's record cache. The cache listens to the record events
 * (every write to a record emits one, from the records outbox) and drops the versions they
 * supersede; it serves only while this gateway's NATS connection is up, since events published
 * while it is down never reach it. Writes made through this gateway drop the record at once
 * (`wrote`), before their answer leaves, so a client reads its own writes; other writes show
 * once their event arrives (the outbox relay's delay), and `Cache-Control: no-cache` reads through.
 */
@Injectable()
export class RecordReads implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RecordReads.name);
  private readonly cache: RecordCache<RecordDto>;
  private readonly subscriptions: Subscription[] = [];
  private closed = false;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.cache = new RecordCache(config.RECORD_CACHE_ENTRIES, config.RECORD_CACHE_MAX_AGE_MS);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.cache.isEnabled) return;
    for (const subject of Object.values(RecordEvents)) {
      const callback = (error: Error | null, message: Msg) => (error ? this.lostFeed(subject, error) : this.noteEvent(message.data));
      this.subscriptions.push(this.nats.subscribe(prefixSubject(this.messaging.subjectPrefix, subject), { callback }));
    }
    // The server has our subscriptions once the flush returns: from then on no record event is missed.
    await this.nats.flush();
    // A refused subscription has already said so by now (the server answers SUB before PONG).
    if (this.closed) return;
    this.cache.resume();
    void this.followConnection();
  }

  onModuleDestroy(): void {
    this.closed = true;
    this.cache.suspend();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  /** The record, from the cache unless `fresh` (or not there), else asked of records and cached. */
  async get(id: string, fresh = false): Promise<RecordDto> {
    if (!fresh) {
      const cached = this.cache.get(id);
      recordCacheReads.inc({ result: cached ? 'hit' : 'miss' });
      if (cached) return cached;
    } else {
      recordCacheReads.inc({ result: 'bypass' });
    }
    const ticket = this.cache.ticket();
    const record = await this.rpc.request('records.record.get', { id });
    this.cache.admit(record, ticket);
    return record;
  }

  /** A write through this gateway changed the record (or, without an id, some records). */
  wrote(id?: string): void {
    if (id === undefined) this.cache.clear();
    else this.cache.changed(id);
  }

  private noteEvent(data: Uint8Array): void {
    try {
      const event = JSON.parse(Buffer.from(data).toString('utf8')) as RecordEvent;
      this.cache.changed(event.aggregateId, event.type === RecordEvents.deleted ? undefined : event.sequence);
    } catch {
      // An unreadable event names no record we could drop: drop them all.
      this.cache.clear();
    }
  }

  /** A subscription that failed (e.g. refused by the server's permissions) delivers no more events: stop serving for good. */
  private lostFeed(subject: string, error: Error): void {
    this.closed = true;
    this.cache.suspend();
    this.logger.warn(`Record cache off: the subscription to ${subject} failed (${error.message}); GET /records/:id asks records every time`);
  }

  /** Events published while disconnected are lost to a plain subscription: serve nothing until reconnected. */
  private async followConnection(): Promise<void> {
    for await (const status of this.nats.status()) {
      if (this.closed) return;
      if (status.type === Events.Disconnect) this.cache.suspend();
      else if (status.type === Events.Reconnect) this.cache.resume();
    }
  }
}
