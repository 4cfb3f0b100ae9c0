import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebhooksConfig } from '../webhooks.settings';

const CLEANUP_EVERY_MS = 10 * 60_000;
/** Rows deleted per statement, so one cleanup never holds a long lock. */
const BATCH = 5000;

/**
 * Forgets processed event ids older than the stream's retention: JetStream no longer holds those
 * events, so none of them can come again and the dedupe rows only cost space.
 */
@Injectable()
export class ProcessedEventJanitor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ProcessedEventJanitor');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: WebhooksConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.cleanUp().catch((error) => this.logger.warn(`cleanup failed: ${String(error)}`)), CLEANUP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async cleanUp(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      const [, deleted] = (await this.dataSource.query(
        `DELETE FROM processed_event WHERE event_id IN (
           SELECT event_id FROM processed_event WHERE processed_at < now() - make_interval(secs => $1::double precision / 1000) LIMIT $2
         )`,
        [this.config.eventRetentionMs, BATCH],
      )) as [unknown, number];
      if (deleted < BATCH) return;
    }
  }
}
